// Colour math for branding and accessibility: parse hex colours, WCAG 2 relative luminance and
// contrast ratio, and derive from any provider accent the colours that keep text AA-readable in
// the light and the dark theme. Pure functions; no DOM.

/** Parses `#rgb` or `#rrggbb` (leading `#` optional). Returns `{ r, g, b }` (0–255) or null. */
export function parseHex(input) {
  if (typeof input !== 'string') return null;
  const match = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(input.trim());
  if (!match) return null;
  let hex = match[1];
  if (hex.length === 3)
    hex = hex
      .split('')
      .map((c) => c + c)
      .join('');
  return {
    r: parseInt(hex.slice(0, 2), 16),
    g: parseInt(hex.slice(2, 4), 16),
    b: parseInt(hex.slice(4, 6), 16),
  };
}

/** `{ r, g, b }` → `#rrggbb` (channels rounded and clamped). */
export function toHex({ r, g, b }) {
  const part = (value) =>
    Math.max(0, Math.min(255, Math.round(value)))
      .toString(16)
      .padStart(2, '0');
  return `#${part(r)}${part(g)}${part(b)}`;
}

function toRgb(colour) {
  const rgb = typeof colour === 'string' ? parseHex(colour) : colour;
  if (!rgb) throw new TypeError(`not a colour: ${String(colour)}`);
  return rgb;
}

function linear(channel) {
  const c = channel / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG 2 relative luminance, 0 (black) … 1 (white). Accepts a hex string or `{ r, g, b }`. */
export function relativeLuminance(colour) {
  const { r, g, b } = toRgb(colour);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG 2 contrast ratio between two colours, 1 … 21. */
export function contrastRatio(a, b) {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  const [hi, lo] = la >= lb ? [la, lb] : [lb, la];
  return (hi + 0.05) / (lo + 0.05);
}

/** Linear mix in sRGB: t = 0 gives `a`, t = 1 gives `b`. Returns a hex string. */
export function mix(a, b, t) {
  const ca = toRgb(a);
  const cb = toRgb(b);
  return toHex({
    r: ca.r + (cb.r - ca.r) * t,
    g: ca.g + (cb.g - ca.g) * t,
    b: ca.b + (cb.b - ca.b) * t,
  });
}

/** Black or white, whichever contrasts more with `background` (always at least 4.58:1). */
export function readableTextOn(background) {
  return contrastRatio('#ffffff', background) >= contrastRatio('#000000', background) ? '#ffffff' : '#000000';
}

function worstContrast(colour, backgrounds) {
  return Math.min(...backgrounds.map((bg) => contrastRatio(colour, bg)));
}

/**
 * The colour closest to `colour` that reaches `minRatio` against every one of `backgrounds`:
 * darkened towards black when the backgrounds are light, lightened towards white when they are
 * dark. Returns `colour` itself (as `#rrggbb`) when it already passes.
 */
export function ensureContrast(colour, backgrounds, minRatio) {
  const start = toHex(toRgb(colour));
  if (worstContrast(start, backgrounds) >= minRatio) return start;
  const average = backgrounds.reduce((sum, bg) => sum + relativeLuminance(bg), 0) / backgrounds.length;
  const target = average > 0.18 ? '#000000' : '#ffffff';
  for (let step = 1; step <= 100; step += 1) {
    const candidate = mix(start, target, step / 100);
    if (worstContrast(candidate, backgrounds) >= minRatio) return candidate;
  }
  return target;
}

/** The theme surfaces the accent is checked against; they match styles.css. */
export const THEME_SURFACES = Object.freeze({
  light: Object.freeze(['#ffffff', '#f6f7f9']),
  dark: Object.freeze(['#1b1f24', '#121417']),
});

/** AA for normal text. */
export const AA_TEXT = 4.5;
/** AA for user-interface components and large text. */
export const AA_UI = 3;

/**
 * Derives the accent colours for one theme from a provider's accent:
 * - `accent`: button fill, at least 3:1 against the page so the button is visible;
 * - `onAccent`: text on that fill, at least 4.5:1;
 * - `ink`: the accent used as text, links, focus rings and the current-step marker, at least
 *   4.5:1 against the page.
 */
export function accentForTheme(accent, surfaces) {
  const fill = ensureContrast(accent, surfaces, AA_UI);
  const ink = ensureContrast(accent, surfaces, AA_TEXT);
  return { accent: fill, onAccent: readableTextOn(fill), ink };
}

/**
 * CSS custom properties for a provider accent, for both themes, or null when `accent` is not a
 * colour (the stylesheet's defaults then apply). styles.css reads `--brand-<theme>-<name>`.
 */
export function accentCssVariables(accent) {
  if (!parseHex(accent)) return null;
  const vars = {};
  for (const theme of ['light', 'dark']) {
    const colours = accentForTheme(accent, THEME_SURFACES[theme]);
    vars[`--brand-${theme}-accent`] = colours.accent;
    vars[`--brand-${theme}-on-accent`] = colours.onAccent;
    vars[`--brand-${theme}-ink`] = colours.ink;
  }
  return vars;
}
