// Tests for the colour math: WCAG luminance and contrast, and accents that stay AA in both themes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AA_TEXT,
  AA_UI,
  THEME_SURFACES,
  accentCssVariables,
  accentForTheme,
  contrastRatio,
  ensureContrast,
  mix,
  parseHex,
  readableTextOn,
  relativeLuminance,
  toHex,
} from '../lib/colour.js';

test('parseHex reads #rgb and #rrggbb and refuses anything else', () => {
  assert.deepEqual(parseHex('#0B5CAD'), { r: 11, g: 92, b: 173 });
  assert.deepEqual(parseHex('fff'), { r: 255, g: 255, b: 255 });
  assert.equal(parseHex('#12345'), null);
  assert.equal(parseHex('red'), null);
  assert.equal(parseHex('url(javascript:alert(1))'), null);
  assert.equal(parseHex(null), null);
  assert.equal(toHex({ r: 300, g: -4, b: 15.6 }), '#ff0010');
});

test('luminance and contrast match the WCAG reference values', () => {
  assert.equal(relativeLuminance('#000000'), 0);
  assert.equal(relativeLuminance('#ffffff'), 1);
  assert.equal(contrastRatio('#000', '#fff'), 21);
  assert.equal(contrastRatio('#fff', '#000'), 21);
  assert.equal(contrastRatio('#777', '#777'), 1);
  // #767676 on white is the classic "just passes AA" grey (4.54:1).
  assert.ok(Math.abs(contrastRatio('#767676', '#ffffff') - 4.54) < 0.01);
  assert.ok(contrastRatio('#777777', '#ffffff') < AA_TEXT);
});

test('mix goes from one colour to the other', () => {
  assert.equal(mix('#000000', '#ffffff', 0), '#000000');
  assert.equal(mix('#000000', '#ffffff', 1), '#ffffff');
  assert.equal(mix('#000000', '#ffffff', 0.5), '#808080');
});

test('readableTextOn always reaches AA', () => {
  for (let r = 0; r <= 255; r += 17) {
    for (let g = 0; g <= 255; g += 17) {
      for (let b = 0; b <= 255; b += 17) {
        const bg = toHex({ r, g, b });
        assert.ok(contrastRatio(readableTextOn(bg), bg) >= AA_TEXT, bg);
      }
    }
  }
});

test('ensureContrast keeps a passing colour and fixes a failing one in the right direction', () => {
  assert.equal(ensureContrast('#0b5cad', ['#ffffff'], AA_TEXT), '#0b5cad');
  const yellow = ensureContrast('#ffdd00', ['#ffffff', '#f6f7f9'], AA_TEXT);
  assert.ok(contrastRatio(yellow, '#ffffff') >= AA_TEXT);
  assert.ok(contrastRatio(yellow, '#f6f7f9') >= AA_TEXT);
  assert.ok(relativeLuminance(yellow) < relativeLuminance('#ffdd00'), 'darkened on light surfaces');
  const navy = ensureContrast('#001f5c', ['#1b1f24', '#121417'], AA_TEXT);
  assert.ok(contrastRatio(navy, '#1b1f24') >= AA_TEXT);
  assert.ok(relativeLuminance(navy) > relativeLuminance('#001f5c'), 'lightened on dark surfaces');
});

test('any accent yields AA button text, visible fills and AA ink in both themes', () => {
  const accents = [];
  for (let r = 0; r <= 255; r += 51)
    for (let g = 0; g <= 255; g += 51) for (let b = 0; b <= 255; b += 51) accents.push(toHex({ r, g, b }));
  accents.push('#0B5CAD', '#FF8A00', '#ffff00', '#00ff00', '#777777');
  for (const accent of accents) {
    for (const theme of ['light', 'dark']) {
      const surfaces = THEME_SURFACES[theme];
      const c = accentForTheme(accent, surfaces);
      assert.ok(contrastRatio(c.onAccent, c.accent) >= AA_TEXT, `${accent} ${theme} button text`);
      for (const surface of surfaces) {
        assert.ok(contrastRatio(c.accent, surface) >= AA_UI, `${accent} ${theme} fill on ${surface}`);
        assert.ok(contrastRatio(c.ink, surface) >= AA_TEXT, `${accent} ${theme} ink on ${surface}`);
      }
    }
  }
});

test('accentCssVariables gives the six brand variables, or null for a non-colour', () => {
  const vars = accentCssVariables('#0B5CAD');
  assert.deepEqual(Object.keys(vars).sort(), [
    '--brand-dark-accent',
    '--brand-dark-ink',
    '--brand-dark-on-accent',
    '--brand-light-accent',
    '--brand-light-ink',
    '--brand-light-on-accent',
  ]);
  assert.equal(vars['--brand-light-accent'], '#0b5cad');
  assert.equal(vars['--brand-light-on-accent'], '#ffffff');
  assert.equal(accentCssVariables(null), null);
  assert.equal(accentCssVariables('expression(alert(1))'), null);
});
