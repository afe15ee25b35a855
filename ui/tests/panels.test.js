// Tests for the Support, Demo and Provider view panel presenters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseView } from '../lib/normalise.js';
import { initialUiState } from '../lib/presenter.js';
import { currentFailure, demoPanel, doctorBlocks, providerPanel, providerRows, supportPanel } from '../lib/panels.js';
import { allText, findBlock, findButton } from './support/model.js';
import { failure, sampleView } from './support/views.js';

const env = { locale: 'en-GB', timeZone: 'UTC' };
const view = (overrides) => normaliseView(sampleView(overrides));

test('support panel: session id, report buttons, contact and the report text', () => {
  const model = supportPanel(view({ step: 'paste' }), { version: '0.3.0' }, initialUiState(), {
    report: 'REPORT TEXT',
  });
  assert.equal(model.testid, 'support-panel');
  const facts = findBlock(model, 'support-facts');
  assert.equal(facts.items.find((i) => i.testid === 'support-session-id').value, 'f3b1c2d4');
  assert.ok(facts.items.some((i) => i.value === 'Paste'));
  assert.ok(facts.items.some((i) => i.value === '0.3.0'));
  assert.deepEqual(findButton(model, 'support-report-copy').action, { type: 'support_copy' });
  assert.deepEqual(findButton(model, 'support-report-save').action, { type: 'support_save' });
  assert.equal(findBlock(model, (b) => b.testid === 'support-email').value, 'help@acme.example');
  assert.equal(findBlock(model, (b) => b.testid === 'support-url').value, 'https://acme.example/support');
  assert.equal(findBlock(model, 'support-report-text').text, 'REPORT TEXT');
  assert.match(allText(model), /never contains your credential/);
});

test('support panel shows the current error kind and request id', () => {
  const v = view({
    step: 'verify',
    verification: { status: 'failed', error: failure('app_not_enabled', 'contact_provider') },
  });
  const model = supportPanel(v, {}, initialUiState(), {});
  const facts = findBlock(model, 'support-facts').items;
  assert.equal(facts.find((i) => i.testid === 'support-error-kind').value, 'app_not_enabled');
  assert.ok(facts.some((i) => i.value === 'req-1'));
  assert.equal(findBlock(model, 'support-report-text').text, 'Loading…');
});

test('support panel confirms copy and save, and shows a load failure', () => {
  const ui = { ...initialUiState(), copied: { 'support-report': true } };
  const model = supportPanel(view(), {}, ui, {
    saved: '/home/jane/Downloads/rc-onboard-support-f3b1c2d4.txt',
    reportError: 'no report',
  });
  assert.equal(findButton(model, 'support-report-copy').label, 'Report copied');
  assert.equal(findBlock(model, 'support-report-saved').text, 'Saved to /home/jane/Downloads/rc-onboard-support-f3b1c2d4.txt');
  assert.equal(findBlock(model, 'support-report-saved').role, 'status');
  assert.equal(findBlock(model, 'report-error').role, 'alert');
});

test('currentFailure prefers a delivery problem, then a verification failure', () => {
  assert.equal(currentFailure(view()), null);
  assert.equal(
    currentFailure(view({ verification: { status: 'failed', error: failure('rejected', 'restrict') } })).kind,
    'rejected',
  );
  assert.equal(
    currentFailure(
      view({
        verification: { status: 'ok' },
        delivery: { status: 'queued', error: failure('intake_unavailable', 'retry') },
      }),
    ).kind,
    'intake_unavailable',
  );
});

test('demo panel lists scenarios with stable test ids', () => {
  const loading = demoPanel(view(), {});
  assert.ok(findBlock(loading, 'loading'));
  const model = demoPanel(view(), {
    scenarios: [
      { id: 'happy', title: 'Happy path', description: 'Everything works.' },
      { id: 'rate_limited', title: 'Rate limited', description: '429 with Retry-After.' },
    ],
  });
  assert.equal(model.testid, 'demo-panel');
  assert.deepEqual(findButton(model, 'demo-scenario-rate_limited').action, { type: 'demo_apply', id: 'rate_limited' });
  assert.equal(findBlock(model, 'demo-scenarios').items[0].description, 'Everything works.');
  assert.ok(findBlock(demoPanel(view(), { scenarios: [] }), 'none'));
});

test('provider view reads only the listed facts, so nothing else can show', () => {
  const rows = providerRows(
    [
      {
        receipt_id: 'rcpt-1',
        submission_id: 'sub-1',
        received_at: '2025-11-28T14:03:00Z',
        key_id: 'k1',
        account_id: '37439510',
        extension_id: '62264425',
        fingerprint: '3f9a',
        jwt: 'eyJhbGciOi.SECRET.sig',
      },
      null,
      'junk',
    ],
    env,
  );
  assert.deepEqual(rows, [
    {
      receipt_id: 'rcpt-1',
      submission_id: 'sub-1',
      received_at: '28 Nov 2025, 14:03',
      key_id: 'k1',
      account: '37439510 / 62264425',
      fingerprint: '3f9a',
    },
  ]);
  const model = providerPanel(view(), { rows: [{ receipt_id: 'r', jwt: 'eyJ.SECRET.x' }] }, env);
  assert.equal(model.testid, 'provider-view');
  assert.ok(!allText(model).includes('SECRET'));
  assert.deepEqual(findButton(model, 'provider-view-refresh').action, { type: 'provider_view_refresh' });
  assert.match(findBlock(providerPanel(view(), { rows: [] }), 'rows').empty, /Nothing received yet/);
  const records = findBlock(
    providerPanel(view(), { rows: [{ receipt_id: 'rcpt-1', fingerprint: 'fp' }] }, env),
    'rows',
  );
  assert.equal(records.type, 'records');
  assert.equal(records.items[0].title, 'Submission 1');
  assert.deepEqual(records.items[0].facts.find((f) => f.testid === 'provider-receipt-id').value, 'rcpt-1');
  assert.deepEqual(records.items[0].facts.find((f) => f.label === 'Sealed with key').value, '—');
  assert.deepEqual(providerRows('nope'), []);
});

test('support panel: the checks section before the report, and the contact button', () => {
  const model = supportPanel(view(), {}, initialUiState(), {});
  const order = model.blocks.map((b) => b.testid || b.key);
  assert.ok(order.indexOf('doctor-run') < order.indexOf('report'), 'checks first, then the report that includes them');
  assert.deepEqual(findButton(model, 'doctor-run').action, { type: 'doctor_run' });
  assert.equal(findBlock(model, 'doctor-checks'), null);
  assert.deepEqual(findButton(model, 'support-contact-open').action, { type: 'support_contact' });
  assert.match(allText(model), /results of the checks/);
  const saving = supportPanel(view(), {}, initialUiState(), { saving: true });
  assert.equal(findButton(saving, 'support-report-save').label, 'Saving…');
  assert.equal(findButton(saving, 'support-report-save').waiting, true);
});

test('support contact: email only says so; no contact at all, no button', () => {
  const emailOnly = supportPanel(view({ provider: { support_url: null } }), {}, initialUiState(), {});
  assert.equal(findButton(emailOnly, 'support-contact-open').label, 'Email Acme Analytics (demo) support');
  const opened = supportPanel(view({ provider: { support_url: null } }), {}, initialUiState(), {
    contact: { status: 'opened' },
  });
  assert.match(findBlock(opened, 'support-contact-opened').text, /^Opened in your mail app/);
  const none = supportPanel(view({ provider: { support_url: null, support_email: null } }), {}, initialUiState(), {});
  assert.equal(findButton(none, 'support-contact-open'), null);
  assert.match(allText(none), /mention the session ID/);
});

test('doctorBlocks: running shows progress and waiting rows; done shows the summary and results', () => {
  const running = doctorBlocks(view(), { doctor: { status: 'running', checks: {}, ok: null, error: null } });
  assert.equal(running.find((b) => b.testid === 'doctor-summary').tone, 'progress');
  assert.equal(running.find((b) => b.testid === 'doctor-checks').items.length, 16);
  const done = doctorBlocks(view(), {
    doctor: {
      status: 'done',
      ok: true,
      error: null,
      checks: { profile: { id: 'profile', title: 'profile', status: 'pass', detail: 'ok', fix: null, duration_ms: 1 } },
    },
  });
  assert.match(done.find((b) => b.testid === 'doctor-summary').text, /^1 passed/);
  assert.equal(done.find((b) => b.type === 'buttons').buttons[0].label, 'Run checks again');
});
