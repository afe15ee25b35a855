// Tests for the fix-step button of each failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_FIX_STEP, failureDetails, failureTitle, fixFor, fixStepOf, pasteFixFor } from '../lib/fixes.js';
import { failure, fixture } from './support/views.js';

const provider = { providerName: 'Acme' };

test('each fix step leads to the right place', () => {
  const cases = [
    ['rejected', 'restrict', { type: 'go', step: 'restrict' }, 'Restrict it to this app'],
    ['expired', 'console', { type: 'go', step: 'console' }, 'Create a new credential'],
    ['wrong_environment', 'console', { type: 'go', step: 'console' }, 'Create it in the production console'],
    ['user_disabled', 'console', { type: 'go', step: 'console' }, 'Create it as an active user'],
    ['user_permission_missing', 'console', { type: 'go', step: 'console' }, 'Create it as a user with the permission'],
    ['malformed', 'paste', { type: 'go', step: 'paste' }, 'Paste the credential again'],
    ['app_not_enabled', 'contact_provider', { type: 'support_open' }, 'Contact Acme support'],
    ['client_auth_failed', 'contact_provider', { type: 'support_open' }, 'Contact Acme support'],
    ['rate_limited', 'wait_retry', { type: 'verify' }, 'Try again'],
    ['unavailable', 'retry', { type: 'verify' }, 'Try again'],
    ['intake_unauthorized', 'welcome', { type: 'go', step: 'welcome' }, 'Enter a new onboarding code'],
  ];
  for (const [kind, step, action, label] of cases) {
    const fix = fixFor(failure(kind, step), provider);
    assert.deepEqual(fix.action, action, kind);
    assert.equal(fix.label, label, kind);
    assert.equal(fix.fixStep, step, kind);
  }
});

test('retry repeats the phase it failed in', () => {
  assert.deepEqual(fixFor(failure('intake_unavailable', 'retry'), { phase: 'send' }).action, { type: 'send' });
  assert.deepEqual(fixFor(failure('rate_limited', 'wait_retry'), { phase: 'send' }).action, { type: 'send' });
});

test('a failure without fix_step falls back to the kind, then to retry', () => {
  assert.equal(fixStepOf({ kind: 'rejected', fix_step: null }), 'restrict');
  assert.equal(fixStepOf({ kind: 'something_new', fix_step: null }), 'retry');
  assert.equal(fixStepOf(null), null);
  assert.equal(fixFor({ kind: 'x', fix_step: 'bogus' }).fixStep, 'retry');
  assert.equal(Object.keys(DEFAULT_FIX_STEP).length, 17);
});

test('the fallback fix step of every kind is the one Rust sends', () => {
  const failures = fixture('failures');
  assert.deepEqual(Object.keys(DEFAULT_FIX_STEP).sort(), Object.keys(failures).sort());
  for (const [kind, real] of Object.entries(failures)) {
    assert.equal(DEFAULT_FIX_STEP[kind], real.fix_step, kind);
  }
});

test('details list only what RingCentral said', () => {
  assert.deepEqual(failureDetails(failure('rejected', 'restrict')), [
    { label: 'Kind', value: 'rejected' },
    { label: 'HTTP status', value: '400' },
    { label: 'Error', value: 'invalid_grant' },
    { label: 'Error code', value: 'OAU-305' },
    { label: 'Request ID', value: 'req-1' },
    {
      label: 'RingCentral said',
      value: 'Client application is not permitted to use this credential: [rc-demo-provider-app]',
    },
  ]);
  assert.deepEqual(
    failureDetails({
      kind: 'rejected',
      ringcentral: { status: 401, error: null, code: 'OAU-140', request_id: null, message: 'Invalid resource owner credentials.' },
    }),
    [
      { label: 'Kind', value: 'rejected' },
      { label: 'HTTP status', value: '401' },
      { label: 'Error code', value: 'OAU-140' },
      { label: 'RingCentral said', value: 'Invalid resource owner credentials.' },
    ],
  );
  assert.deepEqual(failureDetails({ kind: 'unavailable', ringcentral: null }), [
    { label: 'Kind', value: 'unavailable' },
  ]);
  assert.deepEqual(failureDetails(null), []);
});

test('failure titles say what kind of trouble it is', () => {
  const title = (kind, step, phase) => failureTitle(failure(kind, step), { phase, providerName: 'Acme' });
  assert.equal(title('rejected', 'restrict', 'verify'), 'RingCentral did not accept the credential');
  assert.equal(title('rate_limited', 'wait_retry', 'verify'), 'RingCentral asked us to wait');
  assert.equal(title('unavailable', 'retry', 'verify'), 'RingCentral could not check the credential');
  assert.equal(title('app_not_enabled', 'contact_provider', 'verify'), 'This needs Acme');
  assert.equal(title('intake_rejected', 'contact_provider', 'send'), 'Acme did not accept the submission');
  assert.equal(title('intake_unavailable', 'retry', 'send'), 'Acme could not be reached');
});

test('pasteFixFor: a new credential for expired or sandbox, else back to the console, none when fine', () => {
  assert.equal(pasteFixFor(null), null);
  assert.equal(pasteFixFor({ kind: 'plausible', ok: true }), null);
  assert.deepEqual(pasteFixFor({ kind: 'expired', ok: false }), {
    label: 'Create a new credential',
    action: { type: 'go', step: 'console' },
  });
  assert.deepEqual(pasteFixFor({ kind: 'wrong_environment', ok: false }).action, { type: 'go', step: 'console' });
  for (const kind of ['client_secret', 'client_id', 'access_token', 'not_jwt', 'not_ringcentral', 'too_large']) {
    assert.deepEqual(pasteFixFor({ kind, ok: false }), {
      label: 'Go back to the console',
      action: { type: 'go', step: 'console' },
    });
  }
});
