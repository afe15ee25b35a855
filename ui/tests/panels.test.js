// Tests for the Support, Demo and Provider view panel presenters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseView } from '../lib/normalise.js';
import { initialUiState } from '../lib/presenter.js';
import { currentFailure, demoPanel, providerPanel, providerRows, supportPanel } from '../lib/panels.js';
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
  const model = supportPanel(view(), {}, ui, { saved: 'rc-onboard-support-f3b1c2d4.txt', reportError: 'no report' });
  assert.equal(findButton(model, 'support-report-copy').label, 'Report copied');
  assert.match(findBlock(model, 'saved').text, /rc-onboard-support-f3b1c2d4\.txt/);
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
