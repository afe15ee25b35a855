// Reads the colour variables of styles.css (light and dark) and checks every text/background pair
// the window uses for WCAG AA, so a palette edit cannot silently break contrast.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AA_TEXT, AA_UI, THEME_SURFACES, contrastRatio } from '../lib/colour.js';

const css = readFileSync(new URL('../styles.css', import.meta.url), 'utf8');

/** Custom properties with a hex value (or a var() with a hex fallback) in a CSS block. */
function variables(block) {
  const vars = {};
  const re = /(--[a-z0-9-]+)\s*:\s*(?:var\(--[a-z0-9-]+,\s*)?(#[0-9a-fA-F]{3,6})\b/g;
  let match;
  while ((match = re.exec(block))) vars[match[1]] = match[2];
  return vars;
}

function themes() {
  const darkStart = css.indexOf('@media (prefers-color-scheme: dark)');
  assert.ok(darkStart > 0, 'styles.css has a dark block');
  const light = variables(css.slice(css.indexOf(':root'), darkStart));
  const darkBlock = css.slice(darkStart, css.indexOf('}\n}', darkStart) + 3);
  const dark = { ...light, ...variables(darkBlock) };
  return { light, dark };
}

// [foreground, background, minimum]
const PAIRS = [
  ['--text', '--bg', AA_TEXT],
  ['--text', '--surface', AA_TEXT],
  ['--text', '--surface-2', AA_TEXT],
  ['--muted', '--bg', AA_TEXT],
  ['--muted', '--surface', AA_TEXT],
  ['--muted', '--surface-2', AA_TEXT],
  ['--accent-text', '--accent', AA_TEXT],
  ['--accent-ink', '--bg', AA_TEXT],
  ['--accent-ink', '--surface', AA_TEXT],
  ['--accent-ink', '--surface-2', AA_TEXT],
  ['--focus', '--bg', AA_UI],
  ['--focus', '--surface', AA_UI],
  ['--ok', '--surface', AA_TEXT],
  ['--ok', '--bg', AA_TEXT],
  ['--warn', '--bg', AA_TEXT],
  ['--warn', '--surface', AA_TEXT],
  ['--error', '--bg', AA_TEXT],
  ['--error', '--surface', AA_TEXT],
  ['--text', '--ok-bg', AA_TEXT],
  ['--text', '--warn-bg', AA_TEXT],
  ['--text', '--error-bg', AA_TEXT],
  ['--text', '--info-bg', AA_TEXT],
  ['--muted', '--info-bg', AA_TEXT],
  ['--ribbon-text', '--ribbon-bg', AA_TEXT],
  ['--border-strong', '--surface', AA_UI],
  ['--border-strong', '--bg', AA_UI],
];

for (const [name, vars] of Object.entries(themes())) {
  test(`${name} theme: every text pair reaches AA`, () => {
    for (const [fg, bg, min] of PAIRS) {
      assert.ok(vars[fg], `${name}: ${fg} is defined`);
      assert.ok(vars[bg], `${name}: ${bg} is defined`);
      const ratio = contrastRatio(vars[fg], vars[bg]);
      assert.ok(ratio >= min, `${name}: ${fg} ${vars[fg]} on ${bg} ${vars[bg]} is ${ratio.toFixed(2)}, needs ${min}`);
    }
  });

  test(`${name} theme: the surfaces colour.js checks accents against match styles.css`, () => {
    assert.deepEqual(
      THEME_SURFACES[name].map((c) => c.toLowerCase()),
      [vars['--surface'], vars['--bg']].map((c) => c.toLowerCase()),
    );
  });
}

test('styles.css sets no inline-only constructs and reads the brand variables', () => {
  for (const variable of [
    '--brand-light-accent',
    '--brand-light-on-accent',
    '--brand-light-ink',
    '--brand-dark-accent',
    '--brand-dark-on-accent',
    '--brand-dark-ink',
  ]) {
    assert.ok(css.includes(`var(${variable},`), `styles.css reads ${variable}`);
  }
  assert.ok(!/@import\s+url\(\s*['"]?https?:/.test(css), 'no remote stylesheet');
});
