// Static checks over the UI sources (lib/ and its subfolders, main.js): no HTML sinks, no inline
// script or style (the CSP forbids them), the chrome ids the DOM layer needs exist in index.html,
// and every data-testid the screens use is documented at the top of lib/dom/testids.js and
// exported there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROME_IDS } from '../lib/dom.js';
import { TESTIDS, TESTID_PREFIXES } from '../lib/dom/testids.js';

const uiDir = fileURLToPath(new URL('..', import.meta.url));

function sources(dir = uiDir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'tests' && name !== 'node_modules') out.push(...sources(path));
    } else if (name.endsWith('.js')) {
      out.push(path);
    }
  }
  return out;
}

test('no UI module writes HTML or evaluates strings', () => {
  const sinks =
    /\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write|\beval\s*\(|new Function\s*\(|setAttribute\(\s*['"]on|\.srcdoc\b/;
  const files = sources();
  assert.ok(files.length >= 10);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    assert.ok(!sinks.test(text), `${relative(uiDir, file)} uses an HTML or code sink`);
  }
});

test('index.html has no inline script, inline style or event handler attributes', () => {
  const html = readFileSync(join(uiDir, 'index.html'), 'utf8');
  assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>/i.test(html), 'inline <script>');
  assert.ok(!/<style\b/i.test(html), 'inline <style>');
  assert.ok(!/\sstyle\s*=/i.test(html), 'style attribute');
  assert.ok(!/\son[a-z]+\s*=/i.test(html), 'event handler attribute');
  assert.ok(!/https?:\/\//i.test(html.replace(/<!doctype[^>]*>/i, '')), 'no remote resources');
});

test('index.html provides every element the DOM layer looks up, and the rail names', () => {
  const html = readFileSync(join(uiDir, 'index.html'), 'utf8');
  for (const id of Object.values(CHROME_IDS)) assert.ok(html.includes(`id="${id}"`), `index.html lacks #${id}`);
  for (const name of ['Welcome', 'Open the console', 'Restrict to this app', 'Paste', 'Verify', 'Send']) {
    assert.ok(html.includes(`>${name}</li>`), `rail step ${name}`);
  }
  for (const testid of [
    'app-version',
    'provider-name',
    'support-open',
    'demo-open',
    'provider-view-open',
    'panel-close',
    'live-status',
    'demo-ribbon',
    'step-title',
    'step-label',
    'content',
  ]) {
    assert.ok(html.includes(`data-testid="${testid}"`), `index.html lacks data-testid ${testid}`);
  }
  assert.ok(/id="live-status"[^>]*aria-live="polite"/.test(html), 'polite live region');
  assert.ok(/id="panel"[^>]*role="dialog"[^>]*aria-modal="true"/.test(html), 'modal dialog');
  assert.ok(/id="step-title"[^>]*tabindex="-1"/.test(html), 'focusable heading');
});

/** The comment table at the top of lib/dom/testids.js. */
function testidTable() {
  const doc = readFileSync(join(uiDir, 'lib', 'dom', 'testids.js'), 'utf8');
  return doc.slice(0, doc.indexOf('export const TESTIDS'));
}

const documented = (header, testid) => new RegExp(`(^|[\\s,/();:])${testid}($|[\\s,/();:])`, 'm').test(header);

/** data-testid literals in the UI modules (`testid: 'x'`, `button('x'`, `copyTestid: 'x'`). */
function testidLiterals() {
  const used = new Set();
  for (const file of sources()) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/testid:\s*'([a-z0-9_-]+)'/g)) used.add(match[1]);
    for (const match of text.matchAll(/(?:button|copyTestid:|testid:)\(?\s*'([a-z0-9_-]+)'/g)) used.add(match[1]);
  }
  return used;
}

test('the UI sources scanned include the modules under lib/dom/ and lib/controller/', () => {
  const files = sources().map((file) => relative(uiDir, file).split('\\').join('/'));
  const expected = ['main.js', 'lib/dom.js', 'lib/dom/blocks.js', 'lib/dom/panel.js', 'lib/controller/actions.js'];
  for (const name of expected) {
    assert.ok(files.includes(name), `${name} is scanned`);
  }
});

test('every data-testid used by the UI modules is documented in lib/dom/testids.js', () => {
  const header = testidTable();
  const used = testidLiterals();
  assert.ok(used.size > 30, `found ${used.size} test ids`);
  const missing = [...used].filter((testid) => !documented(header, testid));
  assert.deepEqual(missing, [], 'data-testids missing from the list at the top of lib/dom/testids.js');
});

test('every data-testid literal has its constant in TESTIDS, and every constant is documented', () => {
  const values = new Set(Object.values(TESTIDS));
  assert.equal(values.size, Object.keys(TESTIDS).length, 'no two constants share a value');
  const withoutConstant = [...testidLiterals()].filter((testid) => !values.has(testid));
  assert.deepEqual(withoutConstant, [], 'data-testids used without a constant in lib/dom/testids.js');
  const header = testidTable();
  const undocumented = [...values].filter((testid) => !documented(header, testid));
  assert.deepEqual(undocumented, [], 'constants missing from the table');
  const prefixes = Object.values(TESTID_PREFIXES).filter((prefix) => !header.includes(`${prefix}<`));
  assert.deepEqual(prefixes, [], 'prefixes missing from the table');
});

test('the DOM modules name data-testids by their constants, not by string literals', () => {
  const domDir = join(uiDir, 'lib', 'dom');
  for (const file of [join(uiDir, 'lib', 'dom.js'), ...sources(domDir)]) {
    if (file.endsWith('testids.js')) continue;
    const text = readFileSync(file, 'utf8');
    assert.ok(!/testid:\s*'/.test(text), `${relative(uiDir, file)} uses a data-testid literal`);
  }
});
