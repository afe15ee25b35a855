// The whole wizard in node: controller + DOM renderer over a fake document, against the fake
// Rust side, driven only through data-testids as the end-to-end suite drives the real window.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createController } from '../lib/controller.js';
import { createDomRenderer } from '../lib/dom.js';
import { buildChrome, byTestid } from './support/fake-dom.js';
import { createFakeRust, createManualClock, flush } from './support/fakes.js';
import { IDENTITY, failure } from './support/views.js';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.SECRET-signature';

async function boot(overrides) {
  const doc = buildChrome();
  const rust = createFakeRust(overrides);
  const clock = createManualClock();
  const copies = [];
  let controller = null;
  const renderer = createDomRenderer(doc, {
    onAction: (a) => controller.dispatch(a),
    onInput: (f, v) => controller.input(f, v),
  });
  controller = createController({
    invoke: rust.invoke,
    listen: rust.listen,
    renderer,
    copy: async (text) => (copies.push(text), true),
    clock,
    env: { locale: 'en-GB', timeZone: 'UTC' },
  });
  await controller.start();
  // Like a keyboard user: focus the control, then activate it.
  const click = async (testid) => {
    const node = byTestid(doc, testid);
    assert.ok(node, `${testid} is on screen (step ${doc.getElementById('content').getAttribute('data-step')})`);
    assert.equal(node.disabled, false, `${testid} is enabled`);
    node.focus();
    node.click();
    await flush();
  };
  const text = (testid) => {
    const node = byTestid(doc, testid);
    assert.ok(node, `${testid} is on screen`);
    return node.textContent;
  };
  const step = () => doc.getElementById('content').getAttribute('data-step');
  return { doc, rust, clock, controller, copies, click, text, step };
}

test('success path: welcome → console → restrict → paste → verify → send → done', async () => {
  const { doc, rust, clock, copies, click, text, step } = await boot({ code: { present: false, prefilled: false } });
  assert.equal(text('step-title'), 'Connect your RingCentral account to Acme Analytics (demo)');

  const code = byTestid(doc, 'code-input');
  code.value = 'CODE-1';
  code.dispatch('input');
  await click('next');
  assert.equal(step(), 'console');
  assert.equal(code.value, '', 'code field cleared');
  assert.equal(doc.activeElement, doc.getElementById('step-title'), 'focus on the new heading');

  await click('open-console');
  assert.ok(byTestid(doc, 'console-opened'));
  await click('copy-console-url');
  assert.equal(copies.at(-1), rust.view.console_url);
  await click('next');
  assert.equal(step(), 'restrict');

  assert.equal(byTestid(doc, 'next').disabled, true);
  for (const item of ['only_specific_apps', 'client_id_added', 'expiry_considered', 'copied_credential']) {
    const box = byTestid(doc, `check-${item}`);
    box.checked = true;
    box.dispatch('change');
    await flush();
  }
  await click('copy-client-id');
  assert.equal(copies.at(-1), 'rc-demo-provider-app');
  await click('next');
  assert.equal(step(), 'paste');

  const paste = byTestid(doc, 'paste-input');
  assert.equal(paste.getAttribute('type'), 'password');
  paste.value = JWT;
  paste.dispatch('input');
  clock.advance(250);
  await flush();
  assert.equal(text('paste-message'), 'Looks right. This credential never expires.');
  await click('paste-toggle');
  assert.equal(byTestid(doc, 'paste-input').getAttribute('type'), 'text');
  await click('submit-credential');
  assert.equal(paste.value, '', 'secret cleared from the field');
  assert.equal(step(), 'verify');
  assert.equal(rust.callsOf('verify_start').length, 1, 'check started on arrival');
  assert.equal(byTestid(doc, 'verify-status').getAttribute('data-tone'), 'progress');

  rust.emit((v) => (v.verification = { ...v.verification, status: 'running', stage: 'exchanging' }));
  assert.equal(doc.getElementById('live-status').textContent, 'Signing in to RingCentral with it…');
  rust.emit(
    (v) =>
      (v.verification = {
        ...v.verification,
        status: 'ok',
        stage: 'done',
        identity: IDENTITY,
        permissions: ['ReadAccounts'],
      }),
  );
  assert.equal(text('identity'), 'Connected as Jane Cooper (ext. 101), Cooper Dental LLC, account 809646016');
  await click('confirm-account');
  assert.equal(step(), 'send');

  await click('send-start');
  assert.equal(byTestid(doc, 'send-status').getAttribute('data-tone'), 'progress');
  rust.emit(
    (v) =>
      (v.delivery = { ...v.delivery, status: 'delivered', receipt_id: 'rcpt-42', received_at: '2025-11-28T14:03:00Z' }),
  );
  assert.equal(text('receipt-id'), 'rcpt-42');
  await click('next');
  assert.equal(step(), 'done');
  assert.equal(text('receipt-id'), 'rcpt-42');
  assert.ok(doc.getElementById('steps').children.every((li) => li.classList.contains('done')));
  await click('copy-summary');
  assert.match(copies.at(-1), /Receipt rcpt-42/);
  assert.equal(text('copy-summary'), 'Summary copied');

  // The secret was typed but is nowhere in the page any more.
  assert.ok(!doc.documentElement.textContent.includes('SECRET'));
  for (const input of doc.querySelectorAll('input')) assert.ok(!String(input.value).includes('SECRET'));
});

test('failure at verify: the fix button leads to the step that fixes it', async () => {
  const { rust, click, text, step } = await boot({
    step: 'verify',
    credential_held: true,
    checklist: { only_specific_apps: true, client_id_added: true, expiry_considered: true, copied_credential: true },
  });
  rust.emit((v) => (v.verification = { ...v.verification, status: 'failed', error: failure('expired', 'console') }));
  assert.equal(
    text('error-message'),
    'That credential has expired. Create a new one in the RingCentral developer console and choose a later expiration date, or none.',
  );
  assert.equal(text('fix-button'), 'Create a new credential');
  await click('fix-button');
  assert.equal(step(), 'console');
});

test('rate limit: visible countdown, then the check runs again by itself', async () => {
  const { rust, clock, text, doc } = await boot({ step: 'verify', credential_held: true });
  const before = rust.callsOf('verify_start').length;
  rust.emit(
    (v) =>
      (v.verification = {
        ...v.verification,
        status: 'failed',
        error: failure('rate_limited', 'wait_retry', { retry_after_s: 2 }),
      }),
  );
  assert.equal(text('countdown'), 'Trying again automatically in 2 s');
  assert.equal(byTestid(doc, 'fix-button').disabled, true);
  clock.advance(2000);
  await flush();
  assert.equal(rust.callsOf('verify_start').length, before + 1);
});

test('contact_provider: the fix opens Support; Escape closes it', async () => {
  const { doc, rust, click, text, controller } = await boot({ step: 'verify', credential_held: true });
  rust.emit(
    (v) =>
      (v.verification = {
        ...v.verification,
        status: 'failed',
        error: failure('client_auth_failed', 'contact_provider'),
      }),
  );
  await click('fix-button');
  assert.equal(controller.panelId, 'support');
  assert.equal(text('support-session-id'), 'f3b1c2d4');
  assert.equal(text('support-email'), 'help@acme.example');
  await click('support-report-copy');
  doc.dispatch('keydown', { key: 'Escape' });
  await flush();
  assert.equal(controller.panelId, null);
  assert.equal(doc.getElementById('panel-host').hidden, true);
  assert.equal(doc.activeElement, byTestid(doc, 'fix-button'), 'focus back on the button that opened it');
});

test('demo: the header opens scenarios; applying one lands on a usable screen with the ribbon shown', async () => {
  const { doc, click, step, controller } = await boot();
  assert.equal(byTestid(doc, 'demo-ribbon').hidden, false);
  await click('demo-open');
  assert.equal(controller.panelId, 'demo');
  await click('demo-scenario-happy');
  assert.equal(controller.panelId, null);
  assert.equal(step(), 'paste');
  assert.match(byTestid(doc, 'demo-hint').textContent, /Happy path/);
  assert.equal(byTestid(doc, 'submit-credential').disabled, false);
  await click('provider-view-open');
  assert.match(byTestid(doc, 'provider-view-rows').textContent, /Nothing received yet/);
});
