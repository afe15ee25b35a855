// Tests for the controller with a fake Rust side, a recording renderer and a manual clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COPIED_FEEDBACK_MS, INSPECT_DEBOUNCE_MS, createController, errorText } from '../lib/controller.js';
import { allText, findBlock, findButton } from './support/model.js';
import { createFakeRust, createManualClock, createRecordingRenderer, flush } from './support/fakes.js';
import { CONSTANTS, IDENTITY, failure } from './support/views.js';

const ALL_TICKED = {
  only_specific_apps: true,
  client_id_added: true,
  expiry_considered: true,
  copied_credential: true,
};
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl-SECRET';

async function setup(overrides = {}, { copyResult = true, clearResult = Promise.resolve(true) } = {}) {
  const rust = createFakeRust(overrides);
  const renderer = createRecordingRenderer();
  const clock = createManualClock();
  const copies = [];
  const copy = (text) => {
    copies.push(text);
    return Promise.resolve(copyResult);
  };
  const clears = [];
  const clearClipboard = () => {
    clears.push('clear');
    return typeof clearResult === 'function' ? clearResult() : clearResult;
  };
  const controller = createController({
    invoke: rust.invoke,
    listen: rust.listen,
    renderer,
    copy,
    clearClipboard,
    clock,
    env: { locale: 'en-GB', timeZone: 'UTC' },
  });
  await controller.start();
  return { rust, renderer, clock, controller, copies, clears };
}

test('start loads app_info, subscribes before reading the view, renders and focuses the heading', async () => {
  const { rust, renderer } = await setup();
  assert.deepEqual(
    rust.calls.map(([c]) => c),
    ['app_info', 'wizard_view'],
  );
  assert.ok(rust.handlers.has(CONSTANTS.view_event));
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
  assert.equal(renderer.announcements.at(-1), 'Connected as Jane Cooper (ext. 101), Cooper Dental LLC, account 809646016');
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
  assert.equal(rust.callsOf('save_support_report').length, 1, 'Rust writes the file');
  assert.equal(
    findBlock(renderer.lastPanel, 'support-report-saved').text,
    'Saved to /home/jane/Downloads/rc-onboard-support-f3b1c2d4.txt',
  );
  assert.equal(renderer.announcements.at(-1), 'Saved to /home/jane/Downloads/rc-onboard-support-f3b1c2d4.txt');
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

// ---- Welcome: the code check ----------------------------------------------------------------

test('a refused prefilled code disables Start until a new code is typed', async () => {
  const { controller, renderer } = await setup({
    code: { present: true, prefilled: true, status: { valid: false, message: 'Acme does not recognise this onboarding code.' } },
  });
  assert.equal(findBlock(renderer.last, 'code-status').text, 'Acme does not recognise this onboarding code.');
  assert.equal(renderer.last.nav.next.enabled, false);
  assert.match(findBlock(renderer.last, 'code-input').hint, /came with the link or installer/);
  controller.input('code', '  ');
  assert.equal(renderer.last.nav.next.enabled, false, 'blanks are not a code');
  controller.input('code', 'NEW-CODE');
  assert.equal(renderer.last.nav.next.enabled, true);
  controller.input('code', '');
  assert.equal(renderer.last.nav.next.enabled, false);
});

test('a valid prefilled code says until when, in local time', async () => {
  const { renderer } = await setup({
    code: {
      present: true,
      prefilled: true,
      status: { valid: true, message: 'Your onboarding code is valid until 2025-12-05T14:00:00.000Z.' },
    },
  });
  assert.equal(
    findBlock(renderer.last, 'code-status').text,
    'Your onboarding code from Acme Analytics (demo) is already filled in. Your onboarding code is valid until 5 Dec 2025, 14:00.',
  );
  assert.equal(renderer.last.nav.next.enabled, true);
});

// ---- the console link when no browser opens --------------------------------------------------

const NO_BROWSER = {
  kind: 'no_browser',
  message: 'No browser could be opened (xdg-open failed). Copy the link below and open it in your browser.',
};

test('no browser on the console step: the message right above the link and its Copy button', async () => {
  const { rust, controller, renderer } = await setup({ step: 'console' });
  rust.override.open_console = () => {
    throw NO_BROWSER;
  };
  await controller.dispatch({ type: 'open_console' });
  const blocks = renderer.last.blocks;
  const at = blocks.findIndex((b) => b.testid === 'console-open-error');
  assert.ok(at >= 0);
  assert.equal(blocks[at].text, NO_BROWSER.message);
  assert.equal(blocks[at].role, 'alert');
  const link = blocks.findIndex((b) => b.testid === 'console-url');
  assert.ok(link > at && link <= at + 2, 'the link follows the message');
  assert.equal(findButton(renderer.last, 'copy-console-url').label, 'Copy');
  assert.equal(findBlock(renderer.last, 'command-error'), null);
  assert.equal(findBlock(renderer.last, 'console-opened'), null);
  assert.equal(renderer.last.nav.next.enabled, true, 'not left busy');
  // Trying again and succeeding clears the message.
  delete rust.override.open_console;
  await controller.dispatch({ type: 'open_console' });
  assert.equal(findBlock(renderer.last, 'console-open-error'), null);
  assert.ok(findBlock(renderer.last, 'console-opened'));
});

test('no browser after "Open the console again" on Restrict: the link and Copy appear there', async () => {
  const { rust, controller, renderer } = await setup({ step: 'restrict' });
  assert.equal(findBlock(renderer.last, 'console-url'), null, 'no link on Restrict normally');
  rust.override.open_console = () => {
    throw NO_BROWSER;
  };
  await controller.dispatch({ type: 'open_console' });
  assert.equal(findBlock(renderer.last, 'console-open-error').text, NO_BROWSER.message);
  assert.equal(findBlock(renderer.last, 'console-url').value, rust.view.console_url);
  assert.deepEqual(renderer.revealed, ['console-url'], 'scrolled into view: it is below the fold on Restrict');
  assert.deepEqual(findButton(renderer.last, 'copy-console-url').action, {
    type: 'copy',
    key: 'console-url',
    text: rust.view.console_url,
  });
  rust.emit({ step: 'paste' });
  assert.equal(findBlock(renderer.last, 'console-open-error'), null, 'forgotten on the next step');
});

// ---- clipboard hygiene -----------------------------------------------------------------------

async function pastedAndSubmitted(options) {
  const env = await setup({ step: 'paste', checklist: ALL_TICKED }, options);
  env.renderer.values.paste = JWT;
  env.controller.input('paste', JWT);
  env.clock.advance(INSPECT_DEBOUNCE_MS);
  await flush();
  await env.controller.dispatch({ type: 'submit_credential' });
  await flush();
  return env;
}

test('no clipboard offer before the credential went to Rust', async () => {
  const { renderer, controller, clock } = await setup({ step: 'paste', checklist: ALL_TICKED });
  assert.equal(findBlock(renderer.last, 'clipboard-offer'), null);
  renderer.values.paste = JWT;
  controller.input('paste', JWT);
  clock.advance(INSPECT_DEBOUNCE_MS);
  await flush();
  assert.equal(findBlock(renderer.last, 'clipboard-offer'), null, 'typing alone is not handing it over');
});

test('after Continue the clipboard offer follows to Verify; clearing runs inside the click and confirms', async () => {
  const { renderer, controller, clears } = await pastedAndSubmitted();
  assert.equal(renderer.last.step, 'verify');
  const offer = findBlock(renderer.last, 'clipboard-offer');
  assert.ok(offer, 'offered on Verify');
  assert.match(offer.text, /may still be on the clipboard/);
  assert.equal(findButton(renderer.last, 'clear-clipboard').label, 'Clear the clipboard');
  const clicking = controller.dispatch(findButton(renderer.last, 'clear-clipboard').action);
  assert.deepEqual(clears, ['clear'], 'the clipboard write starts synchronously, inside the click');
  assert.equal(findButton(renderer.last, 'clear-clipboard').waiting, true);
  assert.equal(await clicking, true);
  const done = findBlock(renderer.last, 'clipboard-offer');
  assert.equal(done.tone, 'ok');
  assert.equal(done.text, null);
  assert.deepEqual(done.status, { testid: 'clipboard-status', text: 'Clipboard cleared.' });
  assert.equal(findButton(renderer.last, 'clear-clipboard').label, 'Clear again', 'the button keeps the focus');
  assert.equal(renderer.announcements.at(-1), 'Clipboard cleared.');
});

test('a refused clipboard write explains what to do and offers to try again', async () => {
  const { renderer, controller, clears } = await pastedAndSubmitted({
    clearResult: () => Promise.reject(new Error('NotAllowedError')),
  });
  assert.equal(await controller.dispatch({ type: 'clear_clipboard' }), false);
  const offer = findBlock(renderer.last, 'clipboard-offer');
  assert.match(offer.status.text, /^Could not clear the clipboard\./);
  assert.equal(offer.status.testid, 'clipboard-status');
  assert.equal(findButton(renderer.last, 'clear-clipboard').label, 'Try again');
  assert.match(renderer.announcements.at(-1), /^Could not clear the clipboard/);
  await controller.dispatch({ type: 'clear_clipboard' });
  assert.equal(clears.length, 2);
});

test('the clipboard offer ends when the person moves past Verify', async () => {
  const { rust, renderer } = await pastedAndSubmitted();
  assert.ok(findBlock(renderer.last, 'clipboard-offer'));
  rust.emit({ step: 'send' });
  assert.equal(findBlock(renderer.last, 'clipboard-offer'), null);
  rust.emit({ step: 'verify' });
  assert.equal(findBlock(renderer.last, 'clipboard-offer'), null, 'not offered again without a new paste');
});

test('a submit Rust refuses still offers to clear the clipboard only when it was handed over', async () => {
  const { rust, renderer, controller, clock } = await setup({ step: 'paste', checklist: ALL_TICKED });
  rust.override.submit_credential = () => {
    throw { kind: 'internal', message: 'Nope' };
  };
  renderer.values.paste = JWT;
  controller.input('paste', JWT);
  clock.advance(INSPECT_DEBOUNCE_MS);
  await flush();
  await controller.dispatch({ type: 'submit_credential' });
  assert.equal(findBlock(renderer.last, 'clipboard-offer'), null);
});

// ---- Support: checks, saving, contact --------------------------------------------------------

test('Run checks: rows fill in from doctor://check events with progress announced, then the summary', async () => {
  const { rust, controller, renderer } = await setup();
  await controller.dispatch({ type: 'support_open' });
  await flush();
  assert.equal(findBlock(renderer.lastPanel, 'doctor-checks'), null, 'no rows before a run');
  assert.equal(findButton(renderer.lastPanel, 'doctor-run').label, 'Run checks');
  const seen = [];
  const original = renderer.renderPanel;
  renderer.renderPanel = (model) => {
    original(model);
    if (model) {
      const rows = findBlock(model, 'doctor-checks');
      if (rows) seen.push(rows.items.filter((i) => i.status !== 'pending').map((i) => `${i.id}:${i.status}`).join(','));
    }
  };
  await controller.dispatch({ type: 'doctor_run' });
  assert.ok(rust.handlers.has(CONSTANTS.doctor_event) === false, 'stopped listening after the run');
  assert.deepEqual(seen.slice(0, 4), ['', 'profile:pass', 'profile:pass,intake.tls:warn', 'profile:pass,intake.tls:warn,outbox:pass']);
  assert.ok(renderer.announcements.includes('Running the checks…'));
  assert.ok(renderer.announcements.includes("Check 1 of 16: Acme Analytics (demo)'s profile, passed."));
  assert.ok(renderer.announcements.includes("Check 2 of 16: Acme Analytics (demo)'s intake server: secure connection (TLS), warning."));
  const panel = renderer.lastPanel;
  const rows = findBlock(panel, 'doctor-checks').items;
  assert.equal(rows.length, 16);
  const tls = rows.find((r) => r.id === 'intake.tls');
  assert.equal(tls.statusLabel, 'Warning');
  assert.equal(tls.fix, 'Ask Acme to renew it.');
  assert.equal(rows.find((r) => r.id === 'clock').status, 'pending', 'a check the report lacks stays waiting');
  const summary = findBlock(panel, 'doctor-summary');
  assert.equal(summary.tone, 'warning');
  assert.match(summary.text, /^2 passed, 1 warning, 13 without a result\./);
  assert.equal(renderer.announcements.at(-1), summary.text);
  assert.equal(findButton(panel, 'doctor-run').label, 'Run checks again');
  assert.ok(rust.callsOf('support_report').length >= 2, 'the report is reloaded to include the checks');
});

test('Run checks while running is ignored; the button keeps its focus but waits', async () => {
  const { rust, controller, renderer } = await setup();
  let finish;
  rust.override.run_doctor = () => new Promise((resolve) => (finish = resolve));
  await controller.dispatch({ type: 'support_open' });
  const first = controller.dispatch({ type: 'doctor_run' });
  await flush();
  const button = findButton(renderer.lastPanel, 'doctor-run');
  assert.equal(button.label, 'Checking…');
  assert.equal(button.waiting, true);
  assert.equal(button.enabled, true, 'not disabled, so the focus stays on it');
  assert.match(findBlock(renderer.lastPanel, 'doctor-summary').text, /^Checking… 0 of 16 done$/);
  assert.equal(findBlock(renderer.lastPanel, 'doctor-checks').items.every((i) => i.status === 'pending'), true);
  await controller.dispatch({ type: 'doctor_run' });
  assert.equal(rust.callsOf('run_doctor').length, 1);
  rust.emitEvent(CONSTANTS.doctor_event, { id: 'profile', status: 'fail', detail: 'broken', fix: 'Fix it.' });
  assert.match(findBlock(renderer.lastPanel, 'doctor-summary').text, /^Checking… 1 of 16 done$/);
  finish({ ok: false, checks: [{ id: 'profile', title: 'profile', status: 'fail', detail: 'broken', fix: 'Fix it.' }] });
  await first;
  await flush();
  const summary = findBlock(renderer.lastPanel, 'doctor-summary');
  assert.equal(summary.tone, 'error');
  assert.match(summary.text, /0 passed, 1 failed/);
});

test('a rejected run_doctor is shown; the results survive closing and reopening the panel', async () => {
  const { rust, controller, renderer } = await setup();
  rust.override.run_doctor = () => {
    throw { kind: 'internal', message: 'The checks could not start.' };
  };
  await controller.dispatch({ type: 'support_open' });
  await controller.dispatch({ type: 'doctor_run' });
  assert.equal(findBlock(renderer.lastPanel, 'doctor-summary').text, 'The checks could not run: The checks could not start.');
  delete rust.override.run_doctor;
  await controller.dispatch({ type: 'doctor_run' });
  await controller.dispatch({ type: 'panel_close' });
  await controller.dispatch({ type: 'support_open' });
  assert.equal(findBlock(renderer.lastPanel, 'doctor-checks').items.find((i) => i.id === 'profile').status, 'pass');
});

test('doctor events outside a run are ignored', async () => {
  const { rust, controller, renderer } = await setup();
  await controller.dispatch({ type: 'support_open' });
  rust.handlers.set(CONSTANTS.doctor_event, () => {});
  rust.emitEvent(CONSTANTS.doctor_event, { id: 'profile', status: 'pass' });
  assert.equal(findBlock(renderer.lastPanel, 'doctor-checks'), null);
});

test('a failed save shows Rust\'s message', async () => {
  const { rust, controller, renderer } = await setup();
  rust.override.save_support_report = () => {
    throw { kind: 'save_failed', message: 'The report could not be saved to /x: denied' };
  };
  await controller.dispatch({ type: 'support_open' });
  await controller.dispatch({ type: 'support_save' });
  assert.equal(findBlock(renderer.lastPanel, 'report-error').text, 'The report could not be saved to /x: denied');
  assert.equal(findBlock(renderer.lastPanel, 'support-report-saved'), null);
});

test('the support contact opens through Rust; a refusal keeps the address there to copy', async () => {
  const { rust, controller, renderer } = await setup();
  await controller.dispatch({ type: 'support_open' });
  assert.equal(findButton(renderer.lastPanel, 'support-contact-open').label, "Open Acme Analytics (demo)'s support page");
  await controller.dispatch(findButton(renderer.lastPanel, 'support-contact-open').action);
  assert.equal(rust.callsOf('open_support').length, 1);
  assert.match(findBlock(renderer.lastPanel, 'support-contact-opened').text, /^Opened in your browser/);
  rust.override.open_support = () => {
    throw { kind: 'no_browser', message: 'Nothing could open the provider\'s support contact (no handler).' };
  };
  await controller.dispatch({ type: 'support_contact' });
  const error = findBlock(renderer.lastPanel, 'support-contact-error');
  assert.equal(error.role, 'alert');
  assert.equal(
    error.text,
    "Nothing could open the provider's support contact (no handler). Copy the address below instead.",
  );
  assert.equal(findBlock(renderer.lastPanel, 'support-email').value, 'help@acme.example');
  assert.ok(findButton(renderer.lastPanel, 'copy-support-email'));
  assert.equal(findBlock(renderer.lastPanel, 'support-url').value, 'https://acme.example/support');
});
