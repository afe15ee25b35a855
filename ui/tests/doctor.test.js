// Tests for the connection checks' pure logic: planned checks, titles, reading events and the
// report, rows, counts and the sentences.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PLANNED_CHECKS,
  checkTitle,
  doctorCounts,
  doctorRows,
  doctorSummary,
  failedDoctorState,
  finishedDoctorState,
  initialDoctorState,
  normaliseCheck,
  normaliseReport,
  progressAnnouncement,
  progressText,
  startedDoctorState,
  withCheck,
} from '../lib/doctor.js';

const check = (id, status, extra = {}) => ({ id, title: id.replace('.', ' '), status, detail: `${id} detail`, fix: null, duration_ms: 5, ...extra });

test('the 16 planned checks, in Rust\'s report order', () => {
  assert.deepEqual(PLANNED_CHECKS, [
    'profile',
    'ringcentral.dns',
    'ringcentral.tcp',
    'ringcentral.tls',
    'ringcentral.http',
    'console.dns',
    'console.tcp',
    'console.tls',
    'console.http',
    'intake.dns',
    'intake.tcp',
    'intake.tls',
    'intake.http',
    'clock',
    'keyring',
    'outbox',
  ]);
});

test('titles for people, naming the provider; unknown ids fall back to Rust\'s title', () => {
  assert.equal(checkTitle('intake.tls', 'Acme'), "Acme's intake server: secure connection (TLS)");
  assert.equal(checkTitle('ringcentral.dns', 'Acme'), 'RingCentral sign-in server: name lookup (DNS)');
  assert.equal(checkTitle('console.http', 'Acme'), 'RingCentral Developer Console: answers (HTTP)');
  assert.equal(checkTitle('profile', 'Acme'), "Acme's profile");
  assert.equal(checkTitle('keyring', 'Acme'), 'Secure storage on this computer (keyring)');
  assert.equal(checkTitle('proxy', 'Acme', 'proxy settings'), 'proxy settings');
  assert.equal(checkTitle('intake.smtp', 'Acme'), 'intake.smtp');
});

test('normaliseCheck keeps the known shape and drops anything else', () => {
  assert.deepEqual(normaliseCheck(check('clock', 'warn', { fix: '  Set the clock.  ' })), {
    id: 'clock',
    title: 'clock',
    status: 'warn',
    detail: 'clock detail',
    fix: 'Set the clock.',
    duration_ms: 5,
  });
  assert.equal(normaliseCheck({ id: 'clock', status: 'great' }), null);
  assert.equal(normaliseCheck({ status: 'pass' }), null);
  assert.equal(normaliseCheck('pass'), null);
  assert.deepEqual(normaliseCheck({ id: 'x', status: 'skip', detail: 7, fix: '', duration_ms: 'slow' }), {
    id: 'x',
    title: '',
    status: 'skip',
    detail: '',
    fix: null,
    duration_ms: null,
  });
});

test('normaliseReport reads { ok, checks } and derives ok when missing', () => {
  assert.deepEqual(normaliseReport({ ok: true, checks: [check('profile', 'pass'), null] }).checks.length, 1);
  assert.equal(normaliseReport({ checks: [check('profile', 'fail')] }).ok, false);
  assert.equal(normaliseReport({ checks: [check('profile', 'warn')] }).ok, true);
  assert.equal(normaliseReport({ ok: true }), null);
  assert.equal(normaliseReport(null), null);
});

test('events fill rows in only while running; the report is authoritative', () => {
  let state = initialDoctorState();
  assert.equal(withCheck(state, check('profile', 'pass')), state, 'ignored before a run');
  state = startedDoctorState();
  assert.ok(doctorRows(state, 'Acme').every((r) => r.status === 'pending' && r.statusLabel === 'Waiting'));
  state = withCheck(state, check('outbox', 'pass'));
  state = withCheck(state, { id: 'junk' });
  state = withCheck(state, check('profile', 'warn'));
  assert.equal(progressText(state), 'Checking… 2 of 16 done');
  const rows = doctorRows(state, 'Acme');
  assert.equal(rows[0].id, 'profile', 'report order, not arrival order');
  assert.equal(rows[0].testid, 'doctor-check-profile');
  assert.equal(rows[15].status, 'pass');
  state = finishedDoctorState(state, { ok: true, checks: [check('profile', 'pass'), check('proxy', 'skip')] });
  assert.equal(state.status, 'done');
  assert.equal(state.checks.profile.status, 'pass');
  assert.equal(withCheck(state, check('clock', 'fail')), state, 'ignored after the run');
  const all = doctorRows(state, 'Acme');
  assert.equal(all.length, 17, 'an extra check Rust sent is listed after the planned ones');
  assert.equal(all[16].id, 'proxy');
  assert.deepEqual(doctorCounts(state), { pass: 2, warn: 0, fail: 0, skip: 1, done: 3, total: 17 });
});

test('summaries: all passed, warnings, failures, and a run that could not happen', () => {
  const done = (checks) => finishedDoctorState(startedDoctorState(), { checks });
  const allPass = done(PLANNED_CHECKS.map((id) => check(id, 'pass')));
  assert.deepEqual(doctorSummary(allPass), { tone: 'ok', text: 'All 16 checks passed.' });
  const warned = done([check('profile', 'pass'), check('clock', 'warn'), check('keyring', 'warn')]);
  assert.equal(doctorSummary(warned).tone, 'warning');
  assert.match(doctorSummary(warned).text, /^1 passed, 2 warnings, 13 without a result\. Onboarding can go ahead/);
  const failed = done([check('profile', 'fail'), check('intake.dns', 'skip'), check('clock', 'warn')]);
  assert.equal(doctorSummary(failed).tone, 'error');
  assert.match(doctorSummary(failed).text, /^0 passed, 1 warning, 1 failed, 1 skipped, 13 without a result\. See the failed checks/);
  assert.equal(doctorSummary(startedDoctorState()), null);
  assert.equal(doctorSummary(initialDoctorState()), null);
  assert.deepEqual(doctorSummary(failedDoctorState(startedDoctorState(), 'No state.')), {
    tone: 'error',
    text: 'The checks could not run: No state.',
  });
  assert.equal(finishedDoctorState(startedDoctorState(), 'nonsense').status, 'failed');
});

test('the announcement names the check and its status', () => {
  const state = withCheck(startedDoctorState(), check('intake.dns', 'fail'));
  assert.equal(
    progressAnnouncement(state, state.checks['intake.dns'], 'Acme'),
    "Check 1 of 16: Acme's intake server: name lookup (DNS), failed.",
  );
});
