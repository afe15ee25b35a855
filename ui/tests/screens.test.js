// Tests for the screen presenters: view JSON (+ window state) → screen model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseView } from '../lib/normalise.js';
import { initialUiState, presentChrome, presentScreen } from '../lib/presenter.js';
import { canContinue, inspectionTone } from '../lib/screens/paste.js';
import { CHECKLIST_ITEMS, checklistProgress } from '../lib/screens/restrict.js';
import { shouldAutoStart, stageModel } from '../lib/screens/verify.js';
import { codeSatisfied, startEnabled } from '../lib/screens/welcome.js';
import { allButtons, allText, findBlock, findButton } from './support/model.js';
import { IDENTITY, PLAUSIBLE, failure, fixture, sampleView } from './support/views.js';

const env = { locale: 'en-GB', timeZone: 'UTC' };
const screen = (overrides, ui = {}) =>
  presentScreen(normaliseView(sampleView(overrides)), { ...initialUiState(), ...ui }, env);
const primaries = (model) => allButtons(model).filter((b) => b.variant === 'primary');

// ---- common ----

test('every screen has a rail, a step label and a title naming the step', () => {
  const titles = {
    welcome: 'Connect your RingCentral account to Acme Analytics (demo)',
    console: 'Open the RingCentral Developer Console',
    restrict: 'Restrict the credential to Acme Analytics (demo)',
    paste: 'Paste the credential',
    verify: 'Check the credential',
    send: 'Send the credential to Acme Analytics (demo)',
    done: 'Acme Analytics (demo) is connected',
  };
  for (const [step, title] of Object.entries(titles)) {
    const model = screen({ step });
    assert.equal(model.step, step);
    assert.equal(model.title, title);
    assert.equal(model.rail.length, 6);
    assert.ok(model.stepLabel.length > 0);
  }
});

test('a refused command shows first, as an alert', () => {
  const model = screen({ step: 'console' }, { commandError: 'Tick all four items first.' });
  assert.deepEqual(model.blocks[0], {
    type: 'notice',
    key: 'command-error',
    testid: 'command-error',
    tone: 'error',
    role: 'alert',
    text: 'Tick all four items first.',
  });
});

test('while a command runs, navigation buttons are disabled', () => {
  const model = screen({ step: 'console' }, { busy: 'go' });
  assert.equal(model.nav.back.enabled, false);
  assert.equal(model.nav.next.enabled, false);
  assert.equal(findButton(model, 'open-console').enabled, false);
});

test('provider text is passed through as plain strings, never interpreted', () => {
  const model = screen({ provider: { name: '<img src=x onerror=alert(1)>' } });
  assert.ok(model.title.includes('<img src=x onerror=alert(1)>'));
});

test('presentChrome carries name, demo flag, version and accent variables', () => {
  const chrome = presentChrome(normaliseView(sampleView()), { version: '1.2.3' });
  assert.equal(chrome.providerName, 'Acme Analytics (demo)');
  assert.equal(chrome.demo, true);
  assert.equal(chrome.version, '1.2.3');
  assert.equal(chrome.documentTitle, 'Connect RingCentral to Acme Analytics (demo) — rc-onboard');
  assert.equal(chrome.accentVars['--brand-light-accent'], '#0b5cad');
  assert.equal(presentChrome(normaliseView(sampleView({ provider: { accent_color: null } })), {}).accentVars, null);
  assert.equal(presentChrome(null, { provider_name: 'X', demo: true }).providerName, 'X');
});

// ---- welcome ----

test('welcome explains what happens, what is needed and how long', () => {
  const model = screen({ step: 'welcome' });
  const text = allText(model);
  assert.match(text, /What will happen/);
  assert.match(text, /allowed to create credentials/);
  assert.match(text, /About 5 minutes/);
  assert.deepEqual(model.nav.next.action, { type: 'submit_code' });
  assert.equal(model.nav.next.testid, 'next');
  assert.equal(model.nav.back, null);
});

test('welcome with a prefilled code shows no field', () => {
  const model = screen({ step: 'welcome', code: { present: true, prefilled: true, status: null } });
  assert.equal(findBlock(model, 'code-input'), null);
  assert.equal(findBlock(model, 'code-status').tone, 'ok');
  assert.equal(codeSatisfied(normaliseView(sampleView())), true);
});

test('welcome without a code shows the field, and the error after an empty Start', () => {
  const overrides = { step: 'welcome', code: { present: false, prefilled: false, status: null } };
  const field = findBlock(screen(overrides), 'code-input');
  assert.equal(field.type, 'input');
  assert.equal(field.label, 'Onboarding code');
  assert.equal(field.error, null);
  assert.deepEqual(field.submitAction, { type: 'submit_code' });
  assert.equal(findBlock(screen(overrides, { codeError: 'Enter the code' }), 'code-input').error, 'Enter the code');
  assert.equal(codeSatisfied(normaliseView(sampleView(overrides))), false);
});

test('welcome with an invalid code shows its message as an alert and a field for a new one', () => {
  const model = screen({
    step: 'welcome',
    code: { present: true, prefilled: true, status: { valid: false, message: 'This onboarding code has expired.' } },
  });
  const status = findBlock(model, 'code-status');
  assert.equal(status.tone, 'error');
  assert.equal(status.role, 'alert');
  assert.equal(status.text, 'This onboarding code has expired.');
  assert.equal(findBlock(model, 'code-input').label, 'New onboarding code');
  assert.equal(model.blocks[0].testid, 'code-status', 'the problem comes first');
  assert.equal(model.blocks[1].testid, 'code-input', 'with the field right under it');
  assert.equal(codeSatisfied(normaliseView(sampleView({ code: { status: { valid: false } } }))), false);
});

test('welcome with a code typed earlier offers to replace it', () => {
  const model = screen({
    step: 'welcome',
    code: { present: true, prefilled: false, status: { valid: true, message: '' } },
  });
  assert.match(findBlock(model, 'code-input').hint, /^Saved\./);
});

// ---- console ----

test('console has the open button, the link as text with Copy, and Back/Next', () => {
  const model = screen({ step: 'console' });
  assert.deepEqual(findButton(model, 'open-console').action, { type: 'open_console' });
  const copy = findBlock(model, (b) => b.testid === 'console-url');
  assert.equal(copy.value, sampleView().console_url);
  assert.deepEqual(copy.button.action, { type: 'copy', key: 'console-url', text: sampleView().console_url });
  assert.equal(copy.button.label, 'Copy');
  assert.deepEqual(model.nav.back.action, { type: 'go', step: 'welcome' });
  assert.deepEqual(model.nav.next.action, { type: 'go', step: 'restrict' });
  assert.ok(findBlock(model, 'demo'), 'demo note in demo mode');
  assert.equal(findBlock(screen({ step: 'console', demo: false }), 'demo'), null);
});

test('console confirms the opening and the copy', () => {
  const model = screen({ step: 'console' }, { consoleOpened: true, copied: { 'console-url': true } });
  assert.ok(findBlock(model, 'console-opened'));
  assert.equal(findButton(model, 'copy-console-url').label, 'Copied');
  const failed = screen({ step: 'console' }, { copyFailed: { 'console-url': true } });
  assert.match(findBlock(failed, (b) => b.testid === 'console-url').note, /select the text/);
});

// ---- restrict ----

test('restrict draws the form, shows the client ID large with Copy, and advises on expiry', () => {
  const model = screen({ step: 'restrict' });
  const illustration = findBlock(model, 'console-illustration');
  assert.equal(illustration.clientId, 'rc-demo-provider-app');
  const copy = findBlock(model, (b) => b.testid === 'client-id');
  assert.equal(copy.large, true);
  assert.equal(copy.button.testid, 'copy-client-id');
  assert.match(allText(model), /never expires/);
});

test('restrict lists the four checklist items and enables Next only when all are ticked', () => {
  const model = screen({ step: 'restrict' });
  const list = findBlock(model, 'checklist');
  assert.deepEqual(
    list.items.map((i) => i.testid),
    ['check-only_specific_apps', 'check-client_id_added', 'check-expiry_considered', 'check-copied_credential'],
  );
  assert.ok(list.items[1].label.includes('rc-demo-provider-app'));
  assert.equal(model.nav.next.enabled, false);
  assert.equal(list.summary, '0 of 4 ticked.');
  const partly = screen({ step: 'restrict', checklist: { only_specific_apps: true, client_id_added: true } });
  assert.equal(partly.nav.next.enabled, false);
  assert.equal(findBlock(partly, 'checklist').items[0].checked, true);
  const all = Object.fromEntries(CHECKLIST_ITEMS.map((i) => [i, true]));
  const done = screen({ step: 'restrict', checklist: all });
  assert.equal(done.nav.next.enabled, true);
  assert.deepEqual(done.nav.next.action, { type: 'go', step: 'paste' });
  assert.deepEqual(checklistProgress(all), { done: 4, total: 4, complete: true });
});

// ---- paste ----

test('paste shows a masked field with Show and no message while empty', () => {
  const model = screen({ step: 'paste' });
  const field = findBlock(model, 'paste-input');
  assert.equal(field.visible, false);
  assert.equal(field.toggle.label, 'Show');
  assert.equal(field.message, null);
  assert.equal(model.nav.next.testid, 'submit-credential');
  assert.equal(model.nav.next.enabled, false);
});

test('paste shows the inspection message with its tone', () => {
  const ok = screen(
    { step: 'paste' },
    { paste: { hasText: true, visible: true, inspection: PLAUSIBLE, pending: false } },
  );
  const field = findBlock(ok, 'paste-input');
  assert.deepEqual(field.message, { tone: 'ok', text: PLAUSIBLE.message, testid: 'paste-message' });
  assert.equal(field.toggle.label, 'Hide');
  assert.equal(ok.nav.next.enabled, true);
  assert.equal(ok.announce, PLAUSIBLE.message);

  const secret = { kind: 'client_secret', ok: false, warning: false, message: 'That is the client secret…' };
  const bad = screen({ step: 'paste' }, { paste: { hasText: true, inspection: secret, pending: false } });
  assert.equal(findBlock(bad, 'paste-input').message.tone, 'error');
  assert.equal(bad.nav.next.enabled, false);

  const soon = { ...PLAUSIBLE, warning: true, message: 'Looks right. Expires on 2025-12-01. That is soon…' };
  assert.equal(
    findBlock(screen({ step: 'paste' }, { paste: { hasText: true, inspection: soon } }), 'paste-input').message.tone,
    'warning',
  );

  const pending = screen({ step: 'paste' }, { paste: { hasText: true, pending: true } });
  assert.equal(findBlock(pending, 'paste-input').message.text, 'Checking…');
  assert.equal(pending.announce, null);
});

test('a refused paste shows its message and exactly one fix button', () => {
  const expired = {
    kind: 'expired',
    ok: false,
    warning: false,
    message: 'This credential expired on 2026-01-31. Create a new one…',
    expires_at: '2026-01-31T00:00:00Z',
    fingerprint: null,
  };
  // Typed and checked: the message under the field and "Create a new credential" → step 2.
  const typed = screen({ step: 'paste' }, { paste: { hasText: true, inspection: expired, pending: false } });
  assert.equal(findBlock(typed, 'paste-input').message.text, expired.message);
  assert.deepEqual(findButton(typed, 'fix-button').action, { type: 'go', step: 'console' });
  assert.equal(findButton(typed, 'fix-button').label, 'Create a new credential');
  assert.equal(allButtons(typed).filter((b) => b.testid === 'fix-button').length, 1);

  // Handed to Rust (a demo preset) and refused there: the same message with nothing typed.
  const held = screen({ step: 'paste', credential_held: false, inspection: expired });
  assert.deepEqual(findBlock(held, 'paste-input').message, {
    tone: 'error',
    text: expired.message,
    testid: 'paste-message',
  });
  assert.equal(findButton(held, 'fix-button').label, 'Create a new credential');
  assert.equal(held.nav.next.enabled, false);
  assert.equal(held.announce, expired.message);

  // The wrong text copied: back to the console (its button and link) to copy the credential.
  const secret = { kind: 'client_secret', ok: false, warning: false, message: 'That is the client secret…' };
  const wrong = screen({ step: 'paste' }, { paste: { hasText: true, inspection: secret, pending: false } });
  assert.deepEqual(findButton(wrong, 'fix-button').action, { type: 'go', step: 'console' });
  assert.equal(findButton(wrong, 'fix-button').label, 'Go back to the console');
  const sandbox = { kind: 'wrong_environment', ok: false, warning: false, message: 'This is a sandbox credential…' };
  const other = screen({ step: 'paste' }, { paste: { hasText: true, inspection: sandbox, pending: false } });
  assert.equal(findButton(other, 'fix-button').label, 'Create it in the production console');

  // A paste that looks right has no fix button.
  const fine = screen({ step: 'paste' }, { paste: { hasText: true, inspection: PLAUSIBLE, pending: false } });
  assert.equal(allButtons(fine).some((b) => b.testid === 'fix-button'), false);
});

test('inspectionTone and canContinue', () => {
  assert.equal(inspectionTone(null), null);
  assert.equal(inspectionTone({ ok: true, warning: false }), 'ok');
  assert.equal(inspectionTone({ ok: true, warning: true }), 'warning');
  assert.equal(inspectionTone({ ok: false, warning: true }), 'error');
  const held = normaliseView(sampleView({ credential_held: true }));
  const none = normaliseView(sampleView());
  assert.equal(canContinue(none, { hasText: false }), false);
  assert.equal(canContinue(held, { hasText: false }), true);
  assert.equal(canContinue(none, { hasText: true, pending: true }), true);
  assert.equal(canContinue(held, { hasText: true, pending: false, inspection: { ok: false } }), false);
});

test('paste says when Rust already holds a credential, with its facts', () => {
  const model = screen({
    step: 'paste',
    credential_held: true,
    inspection: { ...PLAUSIBLE, expires_at: '2026-03-01T00:00:00Z' },
  });
  const notice = findBlock(model, 'credential-held');
  assert.match(notice.text, /fingerprint 3f9a0c1d2e4b5a69/);
  assert.match(notice.text, /expires 1 Mar 2026/);
  assert.equal(model.nav.next.enabled, true);
});

// ---- verify ----

test('verify while running shows the stages and announces the current one', () => {
  const model = screen({
    step: 'verify',
    credential_held: true,
    verification: { status: 'running', stage: 'exchanging' },
  });
  assert.equal(findBlock(model, 'verify-status').text, 'Signing in to RingCentral with it…');
  assert.deepEqual(
    findBlock(model, 'verify-stages').items.map((s) => s.state),
    ['done', 'current', 'todo', 'todo'],
  );
  assert.equal(model.announce, 'Signing in to RingCentral with it…');
  assert.equal(model.nav.back, null);
  assert.deepEqual(
    stageModel('done').map((s) => s.state),
    ['done', 'done', 'done', 'done'],
  );
  assert.deepEqual(
    stageModel(null).map((s) => s.state),
    ['current', 'todo', 'todo', 'todo'],
  );
});

test('verify success shows Connected as … with permissions and the two choices', () => {
  const model = screen({
    step: 'verify',
    credential_held: true,
    verification: { status: 'ok', stage: 'done', identity: IDENTITY, permissions: ['ReadAccounts', 'ReadCallLog'] },
  });
  assert.equal(findBlock(model, 'identity').line, 'Connected as Jane Cooper (ext. 101), Cooper Dental LLC, account 809646016');
  assert.equal(findBlock(model, 'identity').email, 'jane.cooper@cooperdental.example');
  assert.deepEqual(findBlock(model, 'permissions').items, ['Read Accounts', 'Read Call Log']);
  assert.deepEqual(findButton(model, 'confirm-account').action, { type: 'confirm' });
  assert.deepEqual(findButton(model, 'use-another').action, { type: 'go', step: 'console' });
  assert.equal(findButton(model, 'use-another').label, 'No, use another credential');
  assert.equal(primaries(model).length, 1);
  assert.equal(model.announce, 'Connected as Jane Cooper (ext. 101), Cooper Dental LLC, account 809646016');
});

test('verify success after confirming offers Next to Send', () => {
  const model = screen({ step: 'verify', verification: { status: 'ok', identity: IDENTITY, confirmed: true } });
  assert.equal(findButton(model, 'confirm-account'), null);
  assert.deepEqual(model.nav.next.action, { type: 'go', step: 'send' });
});

test('verify success warns about missing permissions', () => {
  const model = screen({
    step: 'verify',
    verification: { status: 'ok', identity: IDENTITY, missing_permissions: ['ReadCallLog'] },
  });
  assert.match(findBlock(model, 'missing-permissions').text, /Read Call Log/);
});

test('every failure kind shows its message, folded details and exactly one primary button', () => {
  const kinds = [
    ['rejected', 'restrict', { type: 'go', step: 'restrict' }],
    ['expired', 'console', { type: 'go', step: 'console' }],
    ['wrong_environment', 'console', { type: 'go', step: 'console' }],
    ['user_disabled', 'console', { type: 'go', step: 'console' }],
    ['malformed', 'paste', { type: 'go', step: 'paste' }],
    ['app_not_enabled', 'contact_provider', { type: 'support_open' }],
    ['client_auth_failed', 'contact_provider', { type: 'support_open' }],
    ['missing_permissions', 'contact_provider', { type: 'support_open' }],
    ['rate_limited', 'wait_retry', { type: 'verify' }],
    ['unavailable', 'retry', { type: 'verify' }],
    ['unexpected', 'retry', { type: 'verify' }],
  ];
  for (const [kind, fixStep, action] of kinds) {
    const model = screen({
      step: 'verify',
      credential_held: true,
      verification: { status: 'failed', error: failure(kind, fixStep) },
    });
    const block = findBlock(model, 'error-message');
    assert.equal(block.type, 'error', kind);
    assert.equal(block.message, fixture('failures')[kind].message, kind);
    assert.equal(block.kind, kind);
    assert.equal(block.tone, fixStep === 'wait_retry' || fixStep === 'retry' ? 'warning' : 'error', kind);
    assert.ok(
      block.details.some((d) => d.value === 'req-1'),
      `${kind} has the request id`,
    );
    const primary = primaries(model);
    assert.equal(primary.length, 1, `${kind}: one primary button`);
    assert.equal(primary[0].testid, 'fix-button');
    assert.deepEqual(primary[0].action, action, kind);
    if (fixStep === 'contact_provider') assert.equal(block.help, null, `${kind}: no second support button`);
    else assert.deepEqual(block.help.action, { type: 'support_open' });
  }
});

test('a rate limit shows the countdown and disables the button until it ends', () => {
  const overrides = {
    step: 'verify',
    credential_held: true,
    verification: { status: 'failed', error: failure('rate_limited', 'wait_retry', { retry_after_s: 20 }) },
  };
  const counting = screen(overrides, { countdown: 12 });
  assert.deepEqual(findBlock(counting, 'countdown'), {
    type: 'countdown',
    key: 'countdown',
    testid: 'countdown',
    seconds: 12,
    text: 'Trying again automatically in 12 s',
  });
  assert.equal(findButton(counting, 'fix-button').enabled, false);
  assert.equal(findBlock(counting, 'error-message').tone, 'warning');
  const over = screen(overrides, { countdown: null });
  assert.equal(findBlock(over, 'countdown'), null);
  assert.equal(findButton(over, 'fix-button').enabled, true);
});

test('verify idle: auto-start flag, Check now, or back to paste without a credential', () => {
  const held = sampleView({ step: 'verify', credential_held: true });
  assert.equal(shouldAutoStart(normaliseView(held)), true);
  assert.equal(findButton(screen(held), 'verify-start').label, 'Check now');
  assert.equal(findBlock(screen(held, { autoVerifying: true }), 'verify-status').tone, 'progress');
  const empty = screen({ step: 'verify', credential_held: false });
  assert.deepEqual(findButton(empty, 'fix-button').action, { type: 'go', step: 'paste' });
  assert.equal(shouldAutoStart(normaliseView(sampleView({ step: 'verify' }))), false);
});

// ---- send ----

test('send idle says what will be sent and offers Send', () => {
  const model = screen({
    step: 'send',
    inspection: PLAUSIBLE,
    verification: { status: 'ok', identity: IDENTITY, confirmed: true },
  });
  assert.deepEqual(findButton(model, 'send-start').action, { type: 'send' });
  assert.equal(findButton(model, 'send-start').label, 'Send to Acme Analytics (demo)');
  assert.match(allText(model), /3f9a0c1d2e4b5a69/);
  assert.match(allText(model), /Jane Cooper/);
});

test('send progress, delivered with receipt, and Finish', () => {
  const sending = screen({ step: 'send', delivery: { status: 'sending' } });
  assert.equal(findBlock(sending, 'send-status').tone, 'progress');
  const delivered = screen({
    step: 'send',
    delivery: { status: 'delivered', receipt_id: 'rcpt-42', received_at: '2025-11-28T14:03:00Z' },
  });
  const facts = findBlock(delivered, 'receipt');
  assert.deepEqual(facts.items[0], { label: 'Receipt', value: 'rcpt-42', testid: 'receipt-id', mono: true });
  assert.deepEqual(facts.items[1], { label: 'Received', value: '28 Nov 2025, 14:03' });
  assert.deepEqual(delivered.nav.next.action, { type: 'go', step: 'done' });
});

test('send queued: saved securely, attempts and next attempt', () => {
  const model = screen({
    step: 'send',
    delivery: {
      status: 'queued',
      attempts: 3,
      next_attempt_at: '2025-11-28T14:10:00Z',
      error: failure('intake_unavailable', 'retry'),
    },
  });
  assert.equal(findBlock(model, 'send-status').text, 'Saved securely; we will keep trying');
  const facts = findBlock(model, 'retry');
  assert.equal(facts.items.find((i) => i.testid === 'send-attempts').value, '3');
  assert.equal(facts.items.find((i) => i.testid === 'send-next-attempt').value, '28 Nov 2025, 14:10');
  assert.deepEqual(findButton(model, 'send-retry').action, { type: 'send' });
  assert.equal(primaries(model).length, 1);
});

test('send refused: message, fix and the provider contact', () => {
  const model = screen({
    step: 'send',
    delivery: { status: 'refused', error: failure('intake_rejected', 'contact_provider') },
  });
  assert.equal(
    findBlock(model, 'error-message').message,
    "The provider refused the submission. Please contact the provider's support.",
  );
  assert.deepEqual(findButton(model, 'fix-button').action, { type: 'support_open' });
  assert.equal(findBlock(model, (b) => b.testid === 'send-contact-email').value, 'help@acme.example');
  assert.equal(primaries(model).length, 1);
});

// ---- done ----

test('done shows the summary, receipt, contact and Copy summary', () => {
  const model = screen({
    step: 'done',
    inspection: PLAUSIBLE,
    verification: { status: 'ok', identity: IDENTITY, confirmed: true },
    delivery: { status: 'delivered', receipt_id: 'rcpt-42', received_at: '2025-11-28T14:03:00Z' },
  });
  const summary = findBlock(model, 'summary');
  const value = (label) => summary.items.find((i) => i.label === label).value;
  assert.equal(value('Account'), 'Jane Cooper (ext. 101), Cooper Dental LLC, account 809646016');
  assert.equal(value('Receipt'), 'rcpt-42');
  assert.equal(value('Expires'), 'Never');
  assert.equal(value('Session ID'), 'f3b1c2d4');
  assert.deepEqual(findButton(model, 'copy-summary').action, { type: 'copy_summary' });
  assert.equal(findBlock(model, (b) => b.testid === 'done-contact-url').value, 'https://acme.example/support');
  assert.equal(
    findButton(screen({ step: 'done' }, { copied: { summary: true } }), 'copy-summary').label,
    'Summary copied',
  );
});

test('done without a support contact says how to reach the provider', () => {
  const model = screen({ step: 'done', provider: { support_email: null, support_url: null } });
  assert.match(findBlock(model, 'done-contact-none').text, /session ID/);
});

// ---- additions: code validity, console link failure, clipboard offer, logo ----

test('welcome: a typed code the intake accepted shows its validity under the field', () => {
  const model = screen({
    step: 'welcome',
    code: { present: true, prefilled: false, status: { valid: true, message: 'Your onboarding code is valid until 2025-12-05T14:00:00Z.' } },
  });
  const blocks = model.blocks;
  const field = blocks.findIndex((b) => b.testid === 'code-input');
  assert.equal(blocks[field + 1].testid, 'code-status');
  assert.equal(blocks[field + 1].text, 'Your onboarding code is valid until 5 Dec 2025, 14:00.');
  assert.equal(blocks[field + 1].tone, 'ok');
});

test('welcome: Start is disabled only while a refused code has no replacement typed', () => {
  const refused = normaliseView(sampleView({ code: { present: true, prefilled: false, status: { valid: false, message: 'Expired.' } } }));
  assert.equal(startEnabled(refused, { codeHasText: false }), false);
  assert.equal(startEnabled(refused, { codeHasText: true }), true);
  const missing = normaliseView(sampleView({ code: { present: false, prefilled: false, status: null } }));
  assert.equal(startEnabled(missing, {}), true, 'an empty Start explains what is missing instead');
  const typedRefused = screen({ step: 'welcome', code: { present: true, prefilled: false, status: { valid: false, message: 'Expired.' } } });
  assert.equal(findBlock(typedRefused, 'code-input').hint, 'Enter the new code Acme Analytics (demo) gives you.');
  assert.equal(typedRefused.nav.next.enabled, false);
});

test('console and restrict show the no-browser message with the link and Copy under it', () => {
  const ui = { consoleError: 'No browser could be opened. Copy the link below and open it in your browser.' };
  for (const step of ['console', 'restrict']) {
    const model = screen({ step }, ui);
    const at = model.blocks.findIndex((b) => b.testid === 'console-open-error');
    assert.ok(at >= 0, step);
    assert.equal(model.blocks[at].role, 'alert');
    const link = model.blocks.findIndex((b) => b.testid === 'console-url');
    assert.ok(link > at && link <= at + 2, `${step}: the link right under the message`);
    assert.equal(model.blocks[link].button.testid, 'copy-console-url');
  }
  assert.equal(findBlock(screen({ step: 'restrict' }), 'console-open-error'), null);
});

test('the clipboard offer shows on Paste and Verify only', () => {
  for (const step of ['paste', 'verify']) {
    const model = screen({ step, credential_held: true }, { clipboard: 'offered' });
    assert.equal(findBlock(model, 'clipboard-offer').button.testid, 'clear-clipboard', step);
  }
  for (const step of ['welcome', 'send', 'done']) {
    assert.equal(findBlock(screen({ step }, { clipboard: 'offered' }), 'clipboard-offer'), null, step);
  }
  assert.equal(
    findBlock(screen({ step: 'verify' }, { clipboard: 'cleared' }), 'clipboard-offer').status.text,
    'Clipboard cleared.',
  );
  assert.equal(findButton(screen({ step: 'verify' }, { clipboard: 'clearing' }), 'clear-clipboard').waiting, true);
});

test('the chrome carries the logo with the provider name as its text, or none', () => {
  const logo = 'data:image/png;base64,iVBORw0KGgo=';
  const chrome = presentChrome(normaliseView(sampleView({ provider: { logo } })), {});
  assert.deepEqual(chrome.logo, { src: logo, alt: 'Acme Analytics (demo)' });
  assert.equal(presentChrome(normaliseView(sampleView()), {}).logo, null);
  assert.equal(presentChrome(null, { provider_name: 'Acme' }).logo, null);
});

// ---- the real views Rust writes (tests/fixtures) ----

const real = (name, ui = {}) => presentScreen(normaliseView(fixture(name)), { ...initialUiState(), ...ui }, env);

test('a real verification failure leads to the step Rust names, with its message', () => {
  const cases = [
    ['verify-failed-restrict', 'rejected', { type: 'go', step: 'restrict' }],
    ['verify-failed-console', 'user_disabled', { type: 'go', step: 'console' }],
    ['verify-failed-contact_provider', 'app_not_enabled', { type: 'support_open' }],
    ['verify-failed-wait_retry', 'rate_limited', { type: 'verify' }],
  ];
  for (const [name, kind, action] of cases) {
    const view = fixture(name);
    const model = real(name);
    const block = findBlock(model, 'error-message');
    assert.equal(block.kind, kind, name);
    assert.equal(block.message, view.verification.error.message, name);
    assert.ok(block.details.some((d) => d.value === 'req-1'), `${name} has the request id`);
    const fix = findButton(model, 'fix-button') || primaries(model)[0];
    assert.deepEqual(fix.action, action, name);
    assert.equal(primaries(model).length, 1, name);
  }
});

test('a real code refused at delivery sends the person back to Welcome for a new code', () => {
  const model = real('send-refused-welcome');
  assert.equal(model.step, 'send');
  assert.deepEqual(findButton(model, 'fix-button').action, { type: 'go', step: 'welcome' });
});

test('a real queued delivery, and the same after a restart, say it is saved and offer Try now', () => {
  for (const name of ['queued', 'resumed']) {
    const model = real(name);
    assert.equal(model.step, 'send', name);
    assert.match(allText(model), /Saved securely; we will keep trying/, name);
    assert.deepEqual(findButton(model, 'send-retry').action, { type: 'send' }, name);
  }
});

test('a real delivery shows Done with the receipt and the account', () => {
  const model = real('delivered');
  assert.equal(model.step, 'done');
  assert.match(allText(model), /rcpt-1/);
  assert.match(allText(model), /Jane Cooper \(ext\. 101\), Cooper Dental LLC, account 809646016/);
});

test('a real refused code keeps Start disabled; a real refused paste cannot continue', () => {
  const refused = normaliseView(fixture('welcome-code-refused'));
  assert.equal(codeSatisfied(refused), false);
  assert.equal(startEnabled(refused, initialUiState()), false);
  const paste = normaliseView(fixture('paste-refused'));
  assert.equal(paste.inspection.kind, 'not_jwt');
  assert.equal(paste.credential_held, false);
  assert.equal(canContinue(paste, initialUiState().paste), false);
});

test('every real inspection Rust makes of a paste is read as Rust sent it', () => {
  const inspections = fixture('inspections');
  for (const [kind, inspection] of Object.entries(inspections)) {
    assert.equal(inspection.kind, kind);
    const view = normaliseView(sampleView({ step: 'paste', inspection }));
    assert.equal(view.inspection.kind, kind);
    assert.equal(view.inspection.ok, kind === 'plausible', kind);
    assert.equal(view.inspection.message, inspection.message, kind);
  }
});

test('the countdown says who tries again', async () => {
  const { countdownBlock } = await import('../lib/screens/common.js');
  assert.equal(countdownBlock(5).text, 'Trying again automatically in 5 s');
  assert.equal(countdownBlock(5, true).text, 'Trying again automatically in 5 s');
  assert.equal(countdownBlock(5, false).text, 'You can try again in 5 s');
});
