// Tests for the DOM layer over a fake document: text only, stable test ids, field persistence,
// focus, the live region and the modal panel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDomRenderer } from '../lib/dom.js';
import { normaliseView } from '../lib/normalise.js';
import { initialUiState, presentChrome, presentScreen } from '../lib/presenter.js';
import { supportPanel } from '../lib/panels.js';
import { buildChrome, byTestid } from './support/fake-dom.js';
import { IDENTITY, failure, sampleView } from './support/views.js';

function setup() {
  const doc = buildChrome();
  const actions = [];
  const inputs = [];
  const renderer = createDomRenderer(doc, { onAction: (a) => actions.push(a), onInput: (f, v) => inputs.push([f, v]) });
  const show = (overrides, ui = {}) => {
    const view = normaliseView(sampleView(overrides));
    renderer.renderChrome(presentChrome(view, { version: '0.3.0' }));
    renderer.render(presentScreen(view, { ...initialUiState(), ...ui }, { locale: 'en-GB', timeZone: 'UTC' }));
    return view;
  };
  return { doc, renderer, actions, inputs, show };
}

const type = (input, value) => {
  input.value = value;
  input.dispatch('input');
};

test('renders title, step label, rail state and the nav buttons', () => {
  const { doc, show } = setup();
  show({ step: 'console' });
  assert.equal(doc.getElementById('step-title').textContent, 'Open the RingCentral Developer Console');
  assert.equal(doc.getElementById('step-label').textContent, 'Step 2 of 6');
  assert.equal(doc.getElementById('content').getAttribute('data-step'), 'console');
  const items = doc.getElementById('steps').children;
  assert.equal(items[0].classList.contains('done'), true);
  assert.equal(items[1].getAttribute('aria-current'), 'step');
  assert.equal(items[2].getAttribute('aria-current'), null);
  assert.deepEqual(
    items.map((li) => li.textContent),
    ['Welcome', 'Open the console', 'Restrict to this app', 'Paste', 'Verify', 'Send'],
    'rail text untouched',
  );
  assert.equal(byTestid(doc, 'back').textContent, 'Back');
  assert.equal(byTestid(doc, 'next').textContent, 'I see the form');
  assert.equal(byTestid(doc, 'next').getAttribute('type'), 'button');
});

test('provider and RingCentral text is rendered as text (the fake DOM throws on innerHTML)', () => {
  const { doc, show } = setup();
  const name = '<img src=x onerror=alert(1)>';
  show({
    step: 'verify',
    provider: { name },
    verification: { status: 'ok', identity: { ...IDENTITY, name: '<b>Jane</b>', company: '<script>x</script>' } },
  });
  assert.equal(byTestid(doc, 'provider-name').textContent, name);
  assert.equal(
    byTestid(doc, 'identity').textContent,
    'Connected as <b>Jane</b> (ext. 101), <script>x</script>, account 809646016',
  );
  assert.deepEqual(
    doc.querySelectorAll('img').map((img) => img.getAttribute('id')),
    ['provider-logo'],
    'no image but the (empty) logo slot of the chrome',
  );
  assert.equal(byTestid(doc, 'provider-logo').hidden, true);
  assert.equal(doc.querySelectorAll('script').length, 0);
  assert.equal(doc.querySelectorAll('b').length, 0);
});

test('buttons dispatch their action; disabled ones do not', () => {
  const { doc, show, actions } = setup();
  show({ step: 'restrict' });
  byTestid(doc, 'next').click();
  assert.deepEqual(actions, []);
  byTestid(doc, 'copy-client-id').click();
  byTestid(doc, 'back').click();
  assert.deepEqual(actions, [
    { type: 'copy', key: 'client-id', text: 'rc-demo-provider-app' },
    { type: 'go', step: 'console' },
  ]);
});

test('checkboxes report their new state', () => {
  const { doc, show, actions } = setup();
  show({ step: 'restrict', checklist: { client_id_added: true } });
  assert.equal(byTestid(doc, 'check-client_id_added').checked, true);
  const box = byTestid(doc, 'check-only_specific_apps');
  assert.equal(box.getAttribute('type'), 'checkbox');
  box.checked = true;
  box.dispatch('change');
  assert.deepEqual(actions, [{ type: 'check', item: 'only_specific_apps', checked: true }]);
  const label = doc.querySelectorAll('label').find((l) => l.getAttribute('for') === box.getAttribute('id'));
  assert.ok(label, 'every checkbox is labelled');
});

test('the code field is labelled, reports typing, submits on Enter and survives re-renders', () => {
  const { doc, show, inputs, actions, renderer } = setup();
  show({ step: 'welcome', code: { present: false, prefilled: false } });
  const input = byTestid(doc, 'code-input');
  assert.equal(input.getAttribute('autocomplete'), 'off');
  assert.equal(input.getAttribute('spellcheck'), 'false');
  const label = doc.querySelectorAll('label').find((l) => l.getAttribute('for') === input.getAttribute('id'));
  assert.equal(label.textContent, 'Onboarding code');
  input.focus();
  type(input, 'ABC');
  assert.deepEqual(inputs, [['code', 'ABC']]);
  input.dispatch('keydown', { key: 'Enter' });
  assert.deepEqual(actions, [{ type: 'submit_code' }]);
  // A re-render with an error rebuilds the block but keeps the same input, its value and focus.
  show({ step: 'welcome', code: { present: false, prefilled: false } }, { codeError: 'Enter the code.' });
  assert.equal(byTestid(doc, 'code-input'), input);
  assert.equal(input.value, 'ABC');
  assert.equal(doc.activeElement, input);
  assert.equal(input.getAttribute('aria-invalid'), 'true');
  assert.equal(byTestid(doc, 'code-error').textContent, 'Enter the code.');
  assert.match(input.getAttribute('aria-describedby'), /field-code-error/);
  assert.equal(renderer.readValue('code'), 'ABC');
  // Another step clears it.
  show({ step: 'console' });
  assert.equal(input.value, '');
  assert.equal(renderer.readValue('code'), '');
});

test('the paste field is masked, toggles, and takeSecret empties it', () => {
  const { doc, show, renderer } = setup();
  show({ step: 'paste' });
  const input = byTestid(doc, 'paste-input');
  assert.equal(input.getAttribute('type'), 'password');
  assert.equal(input.getAttribute('autocomplete'), 'off');
  assert.equal(input.getAttribute('spellcheck'), 'false');
  const toggle = byTestid(doc, 'paste-toggle');
  assert.equal(toggle.getAttribute('aria-pressed'), 'false');
  assert.equal(toggle.getAttribute('aria-controls'), input.getAttribute('id'));
  type(input, 'eyJsecret');
  show(
    { step: 'paste' },
    { paste: { hasText: true, visible: true, inspection: { ok: true, warning: false, message: 'Looks right.' } } },
  );
  assert.equal(input.getAttribute('type'), 'text');
  assert.equal(byTestid(doc, 'paste-toggle').getAttribute('aria-pressed'), 'true');
  assert.equal(byTestid(doc, 'paste-message').textContent, 'Looks right.');
  assert.equal(byTestid(doc, 'paste-message').getAttribute('data-tone'), 'ok');
  assert.equal(input.value, 'eyJsecret');
  assert.equal(renderer.takeSecret('paste'), 'eyJsecret');
  assert.equal(input.value, '');
  assert.equal(input.getAttribute('type'), 'password');
});

test('unchanged blocks keep their elements; changed ones are rebuilt in place', () => {
  const { doc, show } = setup();
  show({ step: 'restrict' });
  const illustration = byTestid(doc, 'console-illustration');
  const box = byTestid(doc, 'check-only_specific_apps');
  box.focus();
  show({ step: 'restrict', checklist: { only_specific_apps: true } });
  assert.equal(byTestid(doc, 'console-illustration'), illustration, 'same element');
  assert.notEqual(byTestid(doc, 'check-only_specific_apps'), box, 'checklist rebuilt');
  assert.equal(doc.activeElement, byTestid(doc, 'check-only_specific_apps'), 'focus follows the rebuilt checkbox');
  const view = normaliseView(sampleView({ step: 'restrict' }));
  const model = presentScreen(view, initialUiState(), {});
  assert.equal(
    doc.getElementById('step-blocks').children.length,
    model.blocks.length,
    'one element per block, none left over',
  );
});

test('the illustration draws the console form with the client ID and the choice to make', () => {
  const { doc, show } = setup();
  show({ step: 'restrict' });
  const text = byTestid(doc, 'console-illustration').textContent;
  for (const part of [
    'Label',
    'What apps are permitted to use this credential?',
    'Only specific apps of my choice',
    'Client ID',
    'rc-demo-provider-app',
    'Add app',
    'Expiration Date (optional)',
    'Create JWT',
  ]) {
    assert.ok(text.includes(part), part);
  }
  assert.ok(doc.querySelector('.is-selected').textContent.includes('Only specific apps of my choice'));
});

test('a failure renders an alert, folded details and data attributes; details stay open across updates', () => {
  const { doc, show } = setup();
  const overrides = {
    step: 'verify',
    credential_held: true,
    verification: { status: 'failed', error: failure('rate_limited', 'wait_retry', { retry_after_s: 9 }) },
  };
  show(overrides, { countdown: 9 });
  const block = byTestid(doc, 'error-block');
  assert.equal(block.getAttribute('data-kind'), 'rate_limited');
  assert.equal(block.getAttribute('data-fix-step'), 'wait_retry');
  assert.equal(byTestid(doc, 'error-message').getAttribute('role'), 'alert');
  const details = byTestid(doc, 'error-details');
  assert.equal(details.tagName, 'DETAILS');
  assert.equal(details.children[0].textContent, 'Details');
  assert.ok(details.textContent.includes('req-1'));
  assert.equal(byTestid(doc, 'fix-button').disabled, true);
  assert.equal(byTestid(doc, 'countdown').getAttribute('data-seconds'), '9');
  details.open = true;
  show(overrides, { countdown: 8 });
  assert.equal(byTestid(doc, 'error-block'), block, 'the alert is not re-announced each second');
  assert.equal(byTestid(doc, 'countdown').textContent, 'Trying again automatically in 8 s');
  show(overrides, { countdown: null });
  assert.equal(byTestid(doc, 'error-details').open, true, 'open state carried over the rebuild');
  assert.equal(byTestid(doc, 'countdown'), null);
});

test('renderChrome sets name, DEMO ribbon, demo buttons, title and accent variables', () => {
  const { doc, renderer } = setup();
  const view = normaliseView(sampleView({ provider: { accent_color: '#ffdd00' } }));
  renderer.renderChrome(presentChrome(view, { version: '0.3.0' }));
  assert.equal(doc.getElementById('demo-ribbon').hidden, false);
  assert.equal(byTestid(doc, 'demo-open').hidden, false);
  assert.equal(byTestid(doc, 'provider-view-open').hidden, false);
  assert.equal(byTestid(doc, 'app-version').textContent, '0.3.0');
  assert.equal(doc.title, 'Connect RingCentral to Acme Analytics (demo) — rc-onboard');
  const style = doc.documentElement.style;
  assert.match(style.getPropertyValue('--brand-light-ink'), /^#[0-9a-f]{6}$/);
  renderer.renderChrome(
    presentChrome(normaliseView(sampleView({ demo: false, provider: { accent_color: null } })), {}),
  );
  assert.equal(doc.getElementById('demo-ribbon').hidden, true);
  assert.equal(byTestid(doc, 'demo-open').hidden, true);
  assert.equal(style.getPropertyValue('--brand-light-ink'), '');
});

test('announce writes to the polite live region', () => {
  const { doc, renderer } = setup();
  renderer.announce('Checking…');
  assert.equal(doc.getElementById('live-status').textContent, 'Checking…');
});

test('focusHeading focuses the h1', () => {
  const { doc, renderer, show } = setup();
  show({ step: 'paste' });
  renderer.focusHeading();
  assert.equal(doc.activeElement, doc.getElementById('step-title'));
});

test('the panel opens modal, traps the background, closes on Escape and returns focus', () => {
  const { doc, renderer, show, actions } = setup();
  const view = show({ step: 'welcome' });
  const opener = byTestid(doc, 'support-open');
  opener.focus();
  opener.click();
  assert.deepEqual(actions.at(-1), { type: 'support_open' });
  renderer.renderPanel(supportPanel(view, {}, initialUiState(), { report: 'R' }));
  assert.equal(doc.getElementById('panel-host').hidden, false);
  assert.equal(doc.getElementById('panel-title').textContent, 'Help and support');
  assert.equal(doc.getElementById('panel').getAttribute('data-panel'), 'support');
  assert.equal(doc.getElementById('panel-body').getAttribute('data-testid'), 'support-panel');
  assert.equal(doc.activeElement, byTestid(doc, 'panel-close'));
  assert.equal(doc.querySelector('.layout').hasAttribute('inert'), true);
  assert.equal(byTestid(doc, 'support-session-id').textContent, 'f3b1c2d4');
  assert.equal(byTestid(doc, 'support-report-text').textContent, 'R');
  doc.dispatch('keydown', { key: 'Escape' });
  assert.deepEqual(actions.at(-1), { type: 'panel_close' });
  renderer.renderPanel(null);
  assert.equal(doc.getElementById('panel-host').hidden, true);
  assert.equal(doc.querySelector('.layout').hasAttribute('inert'), false);
  assert.equal(doc.activeElement, opener);
  doc.dispatch('keydown', { key: 'Escape' });
  assert.equal(actions.filter((a) => a.type === 'panel_close').length, 1, 'Escape does nothing when closed');
});

test('Tab wraps inside the open panel', () => {
  const { doc, renderer, show } = setup();
  const view = show({ step: 'welcome' });
  renderer.renderPanel(supportPanel(view, {}, initialUiState(), { report: 'R' }));
  const close = byTestid(doc, 'panel-close');
  let prevented = !doc.dispatch('keydown', { key: 'Tab', shiftKey: true });
  assert.equal(prevented, true);
  assert.notEqual(doc.activeElement, close, 'Shift+Tab from the first element goes to the last');
  prevented = !doc.dispatch('keydown', { key: 'Tab', shiftKey: false });
  assert.equal(doc.activeElement, close, 'Tab from the last element goes to the first');
});

test('the provider logo: an <img> with the provider name as its text, hidden without one', () => {
  const { doc, show } = setup();
  const img = byTestid(doc, 'provider-logo');
  img.hidden = true;
  const logo = 'data:image/svg+xml;base64,PHN2Zy8+';
  show({ step: 'welcome', provider: { name: 'Acme <Analytics>', logo } });
  assert.equal(img.getAttribute('src'), logo);
  assert.equal(img.getAttribute('alt'), 'Acme <Analytics>');
  assert.equal(img.hidden, false);
  show({ step: 'welcome', provider: { logo: 'https://evil.example/logo.png' } });
  assert.equal(img.getAttribute('src'), null, 'only data: images');
  assert.equal(img.getAttribute('alt'), '');
  assert.equal(img.hidden, true);
});

test('a waiting button keeps the focus, says aria-disabled and ignores clicks', () => {
  const { doc, renderer, actions, show } = setup();
  const view = show({ step: 'welcome' });
  const ui = { ...initialUiState(), doctor: { status: 'running', checks: {}, ok: null, error: null } };
  renderer.renderPanel(supportPanel(view, {}, ui, {}));
  const run = byTestid(doc, 'doctor-run');
  assert.equal(run.textContent, 'Checking…');
  assert.equal(run.disabled, false);
  assert.equal(run.getAttribute('aria-disabled'), 'true');
  run.focus();
  run.click();
  assert.deepEqual(actions, []);
  renderer.renderPanel(supportPanel(view, {}, initialUiState(), {}));
  const idle = byTestid(doc, 'doctor-run');
  assert.equal(idle.getAttribute('aria-disabled'), null);
  assert.equal(doc.activeElement, idle, 'the rebuilt button got the focus back');
  idle.click();
  assert.deepEqual(actions, [{ type: 'doctor_run' }]);
});

test('check rows: one per planned check with its status, detail and what to do', () => {
  const { doc, renderer, show } = setup();
  const view = show({ step: 'welcome' });
  const checks = {
    'intake.tls': {
      id: 'intake.tls',
      title: 'intake tls',
      status: 'fail',
      detail: '<b>expired</b>',
      fix: 'Ask Acme to renew it.',
      duration_ms: 3,
    },
  };
  const ui = { ...initialUiState(), doctor: { status: 'done', checks, ok: false, error: null } };
  renderer.renderPanel(supportPanel(view, {}, ui, {}));
  const list = byTestid(doc, 'doctor-checks');
  assert.equal(list.children.length, 16);
  const row = byTestid(doc, 'doctor-check-intake.tls');
  assert.equal(row.getAttribute('data-status'), 'fail');
  assert.match(row.textContent, /^Failed/);
  assert.match(row.textContent, /<b>expired<\/b>/, 'detail as text');
  assert.match(row.textContent, /What to do: Ask Acme to renew it\./);
  assert.equal(byTestid(doc, 'doctor-check-clock').getAttribute('data-status'), 'pending');
  assert.match(byTestid(doc, 'doctor-summary').textContent, /1 failed/);
});

test('the clipboard offer renders its text, its button and, after a failure, why', () => {
  const { doc, actions, show } = setup();
  show({ step: 'verify', credential_held: true, verification: { status: 'running', stage: 'exchanging' } }, { clipboard: 'failed' });
  const offer = byTestid(doc, 'clipboard-offer');
  assert.match(offer.textContent, /may still be on the clipboard/);
  assert.equal(byTestid(doc, 'clipboard-status').getAttribute('role'), 'status');
  assert.match(byTestid(doc, 'clipboard-status').textContent, /^Could not clear the clipboard/);
  byTestid(doc, 'clear-clipboard').click();
  assert.deepEqual(actions, [{ type: 'clear_clipboard' }]);
});

test('reveal scrolls an element of the screen to the middle', () => {
  const { doc, renderer, show } = setup();
  show({ step: 'console' });
  const calls = [];
  byTestid(doc, 'console-url').scrollIntoView = (options) => calls.push(options);
  renderer.reveal('console-url');
  renderer.reveal('not-there');
  assert.deepEqual(calls, [{ block: 'center', inline: 'nearest' }]);
});

test('clearing the clipboard keeps the focus on its button', () => {
  const { doc, show } = setup();
  const verify = { step: 'verify', credential_held: true, verification: { status: 'running', stage: 'exchanging' } };
  show(verify, { clipboard: 'offered' });
  byTestid(doc, 'clear-clipboard').focus();
  show(verify, { clipboard: 'clearing' });
  show(verify, { clipboard: 'cleared' });
  const button = byTestid(doc, 'clear-clipboard');
  assert.equal(button.textContent, 'Clear again');
  assert.equal(doc.activeElement, button);
  assert.equal(byTestid(doc, 'clipboard-status').textContent, 'Clipboard cleared.');
});

test('the code hint has its own test id', () => {
  const { doc, show } = setup();
  show({ step: 'welcome', code: { present: true, prefilled: true, status: { valid: false, message: 'Not known.' } } });
  assert.match(byTestid(doc, 'code-hint').textContent, /came with the link or installer/);
  assert.equal(byTestid(doc, 'next').disabled, true);
});

test('showFatal replaces the screen with an alert', () => {
  const { doc, renderer } = setup();
  renderer.showFatal('Could not start: boom');
  assert.equal(byTestid(doc, 'startup-error').textContent, 'Could not start: boom');
  assert.equal(byTestid(doc, 'startup-error').getAttribute('role'), 'alert');
});
