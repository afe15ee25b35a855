// Tests for the controller with a fake Rust side, a recording renderer and a manual clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COPIED_FEEDBACK_MS, INSPECT_DEBOUNCE_MS, VIEW_EVENT, createController, errorText } from '../lib/controller.js';
import { allText, findBlock, findButton } from './support/model.js';
import { createFakeRust, createManualClock, createRecordingRenderer, flush } from './support/fakes.js';
import { IDENTITY, failure } from './support/views.js';

const ALL_TICKED = {
  only_specific_apps: true,
  client_id_added: true,
  expiry_considered: true,
  copied_credential: true,
};
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl-SECRET';

async function setup(overrides = {}, { copyResult = true } = {}) {
  const rust = createFakeRust(overrides);
  const renderer = createRecordingRenderer();
  const clock = createManualClock();
  const copies = [];
  const copy = (text) => {
    copies.push(text);
    return Promise.resolve(copyResult);
  };
  const controller = createController({
    invoke: rust.invoke,
    listen: rust.listen,
    renderer,
    copy,
    clock,
    env: { locale: 'en-GB', timeZone: 'UTC' },
  });
  await controller.start();
  return { rust, renderer, clock, controller, copies };
}

test('start loads app_info, subscribes before reading the view, renders and focuses the heading', async () => {
  const { rust, renderer } = await setup();
  assert.deepEqual(
    rust.calls.map(([c]) => c),
    ['app_info', 'wizard_view'],
  );
  assert.ok(rust.handlers.has(VIEW_EVENT));
  assert.equal(renderer.last.step, 'welcome');
  assert.equal(renderer.chromes.at(-1).providerName, 'Acme Analytics (demo)');
  assert.equal(renderer.chromes.at(-1).version, '0.3.0');
  assert.deepEqual(renderer.focus, ['heading']);
});

test('start fails when the view cannot be read', async () => {
  const rust = createFakeRust();
  rust.override.wizard_view = () => {
    throw { kind: 'internal', message: 'no state' };
  };
  const controller = createController({
    invoke: rust.invoke,
    listen: rust.listen,
    renderer: createRecordingRenderer(),
    copy: async () => true,
    clock: createManualClock(),
  });
  await assert.rejects(controller.start(), (e) => e.message === 'no state');
});

test('views from the event re-render; focus moves only when the step changes; stale revisions are dropped', async () => {
  const { rust, renderer } = await setup({ revision: 5 });
  rust.emit({ revision: 6, step: 'console' });
  assert.equal(renderer.last.step, 'console');
  assert.deepEqual(renderer.focus, ['heading', 'heading']);
  rust.emit({ revision: 7 });
  assert.deepEqual(renderer.focus, ['heading', 'heading']);
  rust.emit({ revision: 4, step: 'welcome' });
  assert.equal(renderer.last.step, 'console', 'older view ignored');
});

test('Start with a prefilled code goes to the console', async () => {
  const { rust, controller, renderer } = await setup();
  await controller.dispatch({ type: 'submit_code' });
  assert.deepEqual(rust.callsOf('wizard_go'), [{ step: 'console' }]);
  assert.equal(rust.callsOf('set_code').length, 0);
  assert.equal(renderer.last.step, 'console');
});

test('Start without a code asks for it, without calling Rust', async () => {
  const { rust, controller, renderer } = await setup({ code: { present: false, prefilled: false } });
  await controller.dispatch({ type: 'submit_code' });
  assert.equal(rust.callsOf('wizard_go').length, 0);
  assert.match(findBlock(renderer.last, 'code-input').error, /Enter the onboarding code from Acme Analytics/);
  assert.equal(renderer.focus.at(-1), 'field:code');
  controller.input('code', 'A');
  assert.equal(findBlock(renderer.last, 'code-input').error, null, 'typing clears the error');
});

test('a typed code is sent with set_code, cleared from the field, then Start moves on', async () => {
  const { rust, controller, renderer } = await setup({ code: { present: false, prefilled: false } });
  renderer.values.code = '  ABC-123 ';
  await controller.dispatch({ type: 'submit_code' });
  assert.deepEqual(rust.callsOf('set_code'), [{ code: 'ABC-123' }]);
  assert.equal(renderer.values.code, '');
  assert.deepEqual(rust.callsOf('wizard_go'), [{ step: 'console' }]);
});

test('an invalid code keeps the person at Welcome with the message', async () => {
  const { rust, controller, renderer } = await setup({ code: { present: false, prefilled: false } });
  renderer.values.code = 'BAD';
  await controller.dispatch({ type: 'submit_code' });
  assert.equal(rust.callsOf('wizard_go').length, 0);
  assert.equal(renderer.last.step, 'welcome');
  assert.equal(findBlock(renderer.last, 'code-status').text, 'This onboarding code has expired.');
  assert.equal(renderer.focus.at(-1), 'field:code');
});

test('a refused step shows the refusal and re-enables the buttons', async () => {
  const { controller, renderer } = await setup({ step: 'restrict' });
  const pending = controller.dispatch({ type: 'go', step: 'paste' });
  assert.equal(renderer.last.nav.next.enabled, false, 'busy while the command runs');
  await pending;
  assert.equal(findBlock(renderer.last, 'command-error').text, 'Tick all four items on step 3 first.');
  assert.equal(renderer.last.nav.back.enabled, true);
  assert.equal(renderer.last.step, 'restrict');
});

test('a step Rust silently refuses (same view back) is reported too', async () => {
  const { rust, controller, renderer } = await setup({ step: 'console' });
  rust.override.wizard_go = () => JSON.parse(JSON.stringify(rust.view));
  await controller.dispatch({ type: 'go', step: 'restrict' });
  assert.equal(renderer.last.step, 'console');
  assert.match(findBlock(renderer.last, 'command-error').text, /not available yet/);
});

test('demo_apply answering with a bare view still works', async () => {
  const { rust, controller, renderer } = await setup();
  rust.override.demo_apply = () => ({ ...JSON.parse(JSON.stringify(rust.view)), step: 'paste', credential_held: true });
  await controller.dispatch({ type: 'demo_open' });
  await flush();
  await controller.dispatch({ type: 'demo_apply', id: 'happy' });
  assert.equal(renderer.last.step, 'paste');
  assert.match(findBlock(renderer.last, 'demo-hint').text, /Happy path/);
});

test('errorText reads {kind,message}, strings and anything else', () => {
  assert.equal(errorText({ kind: 'x', message: 'Nope' }), 'Nope');
  assert.equal(errorText('plain'), 'plain');
  assert.match(errorText(undefined), /Something went wrong/);
});

test('Open the console calls Rust and confirms', async () => {
  const { rust, controller, renderer } = await setup({ step: 'console' });
  await controller.dispatch({ type: 'open_console' });
  assert.equal(rust.callsOf('open_console').length, 1);
  assert.ok(findBlock(renderer.last, 'console-opened'));
});

test('ticking a checklist item calls set_check and Next becomes possible after the fourth', async () => {
  const { rust, controller, renderer } = await setup({ step: 'restrict' });
  for (const item of Object.keys(ALL_TICKED)) {
    assert.equal(renderer.last.nav.next.enabled, false);
    await controller.dispatch({ type: 'check', item, checked: true });
  }
  assert.deepEqual(
    rust.callsOf('set_check').map((a) => a.item),
    Object.keys(ALL_TICKED),
  );
  assert.equal(renderer.last.nav.next.enabled, true);
});

test('the paste is inspected once, 250 ms after the last keystroke, and stale answers are ignored', async () => {
  const { rust, controller, renderer, clock } = await setup({ step: 'paste', checklist: ALL_TICKED });
  controller.input('paste', 'e');
  controller.input('paste', 'ey');
  controller.input('paste', 'eyJ');
  assert.equal(findBlock(renderer.last, 'paste-input').message.text, 'Checking…');
  clock.advance(INSPECT_DEBOUNCE_MS - 1);
  assert.equal(rust.callsOf('inspect_paste').length, 0);
  clock.advance(1);
  await flush();
  assert.deepEqual(rust.callsOf('inspect_paste'), [{ text: 'eyJ' }]);
  assert.equal(findBlock(renderer.last, 'paste-input').message.tone, 'ok');
  assert.equal(renderer.announcements.at(-1), 'Looks right. This credential never expires.');

  // An answer that arrives after newer typing is dropped.
  let release;
  rust.override.inspect_paste = () => new Promise((resolve) => (release = resolve));
  controller.input('paste', 'x');
  clock.advance(INSPECT_DEBOUNCE_MS);
  controller.input('paste', '');
  release({ kind: 'plausible', ok: true, message: 'late' });
  await flush();
  assert.equal(findBlock(renderer.last, 'paste-input').message, null);
  assert.equal(renderer.last.nav.next.enabled, false);
});

test('Show/Hide toggles the field', async () => {
  const { controller, renderer } = await setup({ step: 'paste', checklist: ALL_TICKED });
  await controller.dispatch({ type: 'toggle_paste' });
  assert.equal(findBlock(renderer.last, 'paste-input').visible, true);
  await controller.dispatch({ type: 'toggle_paste' });
  assert.equal(findBlock(renderer.last, 'paste-input').visible, false);
});

test('Continue takes the secret out of the field, submits it, moves to Verify and starts the check once', async () => {
  const { rust, controller, renderer } = await setup({ step: 'paste', checklist: ALL_TICKED });
  renderer.values.paste = JWT;
  controller.input('paste', JWT);
  await controller.dispatch({ type: 'submit_credential' });
  await flush();
  assert.deepEqual(renderer.takes, ['paste']);
  assert.equal(renderer.values.paste, '', 'field cleared');
  assert.deepEqual(rust.callsOf('submit_credential'), [{ text: JWT }]);
  assert.deepEqual(rust.callsOf('wizard_go'), [{ step: 'verify' }]);
  assert.equal(rust.callsOf('verify_start').length, 1);
  assert.equal(findBlock(renderer.last, 'verify-status').tone, 'progress');
  // The secret never appears in anything rendered or announced.
  for (const model of [...renderer.models, ...renderer.chromes]) assert.ok(!allText(model).includes('SECRET'));
  assert.ok(!renderer.announcements.join('\n').includes('SECRET'));
  // Later views of the same visit do not start it again.
  rust.emit((v) => (v.verification = { ...v.verification, status: 'idle' }));
  await flush();
  assert.equal(rust.callsOf('verify_start').length, 1);
});

test('a refused submission clears the field anyway and asks for the paste again', async () => {
  const { rust, controller, renderer } = await setup({ step: 'paste', checklist: ALL_TICKED });
  renderer.values.paste = 'not-a-jwt';
  controller.input('paste', 'not-a-jwt');
  await controller.dispatch({ type: 'submit_credential' });
  assert.equal(renderer.values.paste, '');
  assert.equal(rust.callsOf('wizard_go').length, 0);
  assert.equal(findBlock(renderer.last, 'command-error').text, 'That is not a JWT credential.');
  assert.equal(findBlock(renderer.last, 'paste-input').message.text, 'Paste the credential again.');
  assert.equal(renderer.focus.at(-1), 'field:paste');
});

test('Continue with nothing typed but a held credential goes straight to Verify', async () => {
  const { rust, controller } = await setup({ step: 'paste', checklist: ALL_TICKED, credential_held: true });
  await controller.dispatch({ type: 'submit_credential' });
  assert.equal(rust.callsOf('submit_credential').length, 0);
  assert.deepEqual(rust.callsOf('wizard_go'), [{ step: 'verify' }]);
});

test('verification progress and success arrive as events and are announced', async () => {
  const { rust, controller, renderer } = await setup({ step: 'verify', checklist: ALL_TICKED, credential_held: true });
  await flush();
  rust.emit((v) => (v.verification = { ...v.verification, status: 'running', stage: 'fetching_identity' }));
  assert.equal(renderer.announcements.at(-1), 'Reading the account and extension…');
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
  assert.equal(renderer.announcements.at(-1), 'Connected as Jane Smith (ext. 101), Example Inc., account 37439510');
  await controller.dispatch({ type: 'confirm' });
  assert.equal(rust.callsOf('confirm_account').length, 1);
  assert.deepEqual(rust.callsOf('wizard_go').at(-1), { step: 'send' });
  assert.equal(renderer.last.step, 'send');
});

test('a rate limit counts down from retry_after_s, then retries automatically', async () => {
  const { rust, renderer, clock } = await setup({ step: 'verify', checklist: ALL_TICKED, credential_held: true });
  await flush();
  const startsBefore = rust.callsOf('verify_start').length;
  rust.emit(
    (v) =>
      (v.verification = {
        ...v.verification,
        status: 'failed',
        error: failure('rate_limited', 'wait_retry', { retry_after_s: 3 }),
      }),
  );
  assert.equal(findBlock(renderer.last, 'countdown').seconds, 3);
  assert.equal(findButton(renderer.last, 'fix-button').enabled, false);
  clock.advance(1000);
  assert.equal(findBlock(renderer.last, 'countdown').text, 'Trying again automatically in 2 s');
  // A repeated view of the same failure does not restart the countdown.
  rust.emit({});
  assert.equal(findBlock(renderer.last, 'countdown').seconds, 2);
  clock.advance(1000);
  assert.equal(rust.callsOf('verify_start').length, startsBefore);
  clock.advance(1000);
  await flush();
  assert.equal(rust.callsOf('verify_start').length, startsBefore + 1);
  assert.equal(findBlock(renderer.last, 'countdown'), null);
  assert.equal(clock.pending(), 0, 'no timer left running');
});

test('leaving the failure stops the countdown without retrying', async () => {
  const { rust, clock, controller } = await setup({ step: 'verify', checklist: ALL_TICKED, credential_held: true });
  await flush();
  rust.emit(
    (v) =>
      (v.verification = {
        ...v.verification,
        status: 'failed',
        error: failure('rate_limited', 'wait_retry', { retry_after_s: 5 }),
      }),
  );
  const starts = rust.callsOf('verify_start').length;
  await controller.dispatch({ type: 'go', step: 'paste' });
  clock.advance(10000);
  await flush();
  assert.equal(rust.callsOf('verify_start').length, starts);
});

test('fix buttons dispatch to the right place', async () => {
  const { rust, controller, renderer } = await setup({ step: 'verify', checklist: ALL_TICKED, credential_held: true });
  await flush();
  rust.emit((v) => (v.verification = { ...v.verification, status: 'failed', error: failure('rejected', 'restrict') }));
  await controller.dispatch(findButton(renderer.last, 'fix-button').action);
  assert.equal(renderer.last.step, 'restrict');
});

test('contact_provider opens the Support panel with the report and the contact', async () => {
  const { rust, controller, renderer } = await setup({ step: 'verify', checklist: ALL_TICKED, credential_held: true });
  await flush();
  rust.emit(
    (v) =>
      (v.verification = { ...v.verification, status: 'failed', error: failure('app_not_enabled', 'contact_provider') }),
  );
  await controller.dispatch(findButton(renderer.last, 'fix-button').action);
  await flush();
  assert.equal(controller.panelId, 'support');
  const panel = renderer.lastPanel;
  assert.equal(panel.id, 'support');
  assert.equal(findBlock(panel, 'support-report-text').text, 'rc-onboard support report\nsession f3b1c2d4');
  assert.equal(
    findBlock(panel, 'support-facts').items.find((i) => i.testid === 'support-error-kind').value,
    'app_not_enabled',
  );
});

test('Support panel copies and saves the report, and closes', async () => {
  const { rust, controller, renderer, copies } = await setup();
  await controller.dispatch({ type: 'support_open' });
  await flush();
  const copying = controller.dispatch({ type: 'support_copy' });
  assert.deepEqual(
    copies,
    ['rc-onboard support report\nsession f3b1c2d4'],
    'copied synchronously from the loaded report',
  );
  await copying;
  await flush();
  assert.equal(findButton(renderer.lastPanel, 'support-report-copy').label, 'Report copied');
  await controller.dispatch({ type: 'support_save' });
  assert.deepEqual(renderer.saved, [
    { name: 'rc-onboard-support-f3b1c2d4.txt', text: 'rc-onboard support report\nsession f3b1c2d4' },
  ]);
  assert.match(findBlock(renderer.lastPanel, 'saved').text, /rc-onboard-support-f3b1c2d4\.txt/);
  await controller.dispatch({ type: 'panel_close' });
  assert.equal(renderer.lastPanel, null);
  assert.equal(controller.panelId, null);
  assert.ok(rust.callsOf('support_report').length >= 2);
});

test('a step change while a panel is open moves focus to the heading only once it closes', async () => {
  const { rust, controller, renderer } = await setup();
  await controller.dispatch({ type: 'support_open' });
  const before = renderer.focus.length;
  rust.emit({ step: 'console' });
  assert.equal(renderer.focus.length, before);
  await controller.dispatch({ type: 'panel_close' });
  assert.equal(renderer.focus.at(-1), 'heading');
});

test('copy buttons copy, confirm, and reset after a while; a failed copy says so', async () => {
  const { controller, renderer, clock, copies } = await setup({ step: 'console' });
  await controller.dispatch({ type: 'copy', key: 'console-url', text: 'https://example' });
  assert.deepEqual(copies, ['https://example']);
  assert.equal(findButton(renderer.last, 'copy-console-url').label, 'Copied');
  assert.equal(renderer.announcements.at(-1), 'Copied to the clipboard.');
  clock.advance(COPIED_FEEDBACK_MS);
  assert.equal(findButton(renderer.last, 'copy-console-url').label, 'Copy');

  const failing = await setup({ step: 'console' }, { copyResult: false });
  await failing.controller.dispatch({ type: 'copy', key: 'console-url', text: 'x' });
  assert.match(findBlock(failing.renderer.last, (b) => b.testid === 'console-url').note, /Ctrl\+C/);
});

test('the summary is fetched on arrival at Done so Copy summary copies within the click', async () => {
  const { rust, controller, copies } = await setup({ step: 'send', checklist: ALL_TICKED, credential_held: true });
  rust.emit({ step: 'done', delivery: { ...rust.view.delivery, status: 'delivered', receipt_id: 'rcpt-42' } });
  await flush();
  assert.equal(rust.callsOf('summary_text').length, 1);
  const copying = controller.dispatch({ type: 'copy_summary' });
  assert.equal(copies.length, 1, 'copy started synchronously');
  await copying;
  assert.match(copies[0], /Receipt rcpt-42/);
});

test('Send calls send_start; a queued delivery shows the retry state from events', async () => {
  const { rust, controller, renderer } = await setup({ step: 'send', checklist: ALL_TICKED, credential_held: true });
  await controller.dispatch({ type: 'send' });
  assert.equal(rust.callsOf('send_start').length, 1);
  assert.equal(findBlock(renderer.last, 'send-status').tone, 'progress');
  rust.emit(
    (v) =>
      (v.delivery = {
        ...v.delivery,
        status: 'queued',
        attempts: 2,
        next_attempt_at: '2025-11-28T14:05:00Z',
        error: failure('intake_unavailable', 'retry'),
      }),
  );
  assert.equal(findBlock(renderer.last, 'send-status').text, 'Saved securely; we will keep trying');
  assert.equal(renderer.announcements.at(-1), 'Saved securely; we will keep trying');
});

test('demo panel lists scenarios and applying one closes it and shows the hint', async () => {
  const { rust, controller, renderer } = await setup();
  await controller.dispatch({ type: 'demo_open' });
  await flush();
  assert.ok(findButton(renderer.lastPanel, 'demo-scenario-rate_limited'));
  await controller.dispatch({ type: 'demo_apply', id: 'happy' });
  assert.deepEqual(rust.callsOf('demo_apply'), [{ id: 'happy' }]);
  assert.equal(renderer.lastPanel, null);
  assert.equal(renderer.last.step, 'paste');
  assert.match(findBlock(renderer.last, 'demo-hint').text, /Happy path.*ready-made credential/);
  assert.equal(renderer.last.nav.next.enabled, true, 'the held demo credential can be checked');
});

test('a preset whose rate limit arrives before demo_apply answers still counts down', async () => {
  const { rust, controller, renderer } = await setup({ revision: 1 });
  await controller.dispatch({ type: 'demo_open' });
  await flush();
  rust.override.demo_apply = () => {
    // Rust pushes the running check and then its failure as events while the command is still
    // on its way back; the command's own view (taken earlier) is older than both.
    const older = { ...JSON.parse(JSON.stringify(rust.view)), revision: 3, step: 'verify', credential_held: true };
    older.verification = { ...older.verification, status: 'running', stage: 'exchanging' };
    rust.emit((v) => {
      v.revision = 4;
      v.step = 'verify';
      v.credential_held = true;
      v.verification = {
        ...v.verification,
        status: 'failed',
        error: failure('rate_limited', 'wait_retry', { retry_after_s: 15 }),
      };
    });
    return { view: older, credential_hint: '' };
  };
  await controller.dispatch({ type: 'demo_apply', id: 'rate_limited' });
  assert.equal(findBlock(renderer.last, 'countdown').seconds, 15);
  assert.equal(findButton(renderer.last, 'fix-button').enabled, false);
});

test('demo and provider panels stay closed outside demo mode', async () => {
  const { rust, controller } = await setup({ demo: false });
  await controller.dispatch({ type: 'demo_open' });
  await controller.dispatch({ type: 'provider_view_open' });
  assert.equal(controller.panelId, null);
  assert.equal(rust.callsOf('demo_scenarios').length, 0);
});

test('provider view loads rows and refreshes when the delivery changes', async () => {
  const { rust, controller, renderer } = await setup({ step: 'send', checklist: ALL_TICKED, credential_held: true });
  await controller.dispatch({ type: 'provider_view_open' });
  await flush();
  assert.match(findBlock(renderer.lastPanel, 'rows').empty, /Nothing received yet/);
  rust.providerRows = [
    {
      receipt_id: 'rcpt-42',
      submission_id: 's',
      received_at: null,
      key_id: 'k',
      account_id: '1',
      extension_id: '2',
      fingerprint: 'f',
    },
  ];
  rust.emit((v) => (v.delivery = { ...v.delivery, status: 'delivered', receipt_id: 'rcpt-42' }));
  await flush();
  assert.equal(findBlock(renderer.lastPanel, 'rows').items[0].facts[0].value, 'rcpt-42');
  assert.equal(rust.callsOf('provider_view').length, 2);
});

test('stop unsubscribes and leaves no timers', async () => {
  const { rust, controller, clock } = await setup({ step: 'paste', checklist: ALL_TICKED });
  controller.input('paste', 'eyJ');
  controller.stop();
  assert.equal(rust.handlers.size, 0);
  assert.equal(clock.pending(), 0);
});
