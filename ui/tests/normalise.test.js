// Tests for the defensive reading of views, inspections and failures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseFailure, normaliseInspection, normaliseLogo, normaliseView } from '../lib/normalise.js';
import { sampleView } from './support/views.js';

test('a complete view passes through unchanged in substance', () => {
  const raw = sampleView();
  const view = normaliseView(raw);
  assert.equal(view.step, raw.step);
  assert.equal(view.provider.name, 'Acme Analytics (demo)');
  assert.equal(view.client_id, raw.client_id);
  assert.equal(view.code.present, true);
  assert.equal(view.checklist.only_specific_apps, false);
  assert.equal(view.verification.status, 'idle');
  assert.equal(view.delivery.attempts, 0);
});

test('an empty or hostile view gets safe defaults', () => {
  for (const raw of [
    null,
    undefined,
    'x',
    [],
    {},
    { step: '__proto__', provider: 5, verification: [], delivery: 'x' },
  ]) {
    const view = normaliseView(raw);
    assert.equal(view.step, 'welcome');
    assert.equal(view.provider.name, 'the provider');
    assert.equal(view.verification.status, 'idle');
    assert.deepEqual(view.verification.permissions, []);
    assert.equal(view.delivery.error, null);
    assert.equal(view.inspection, null);
  }
});

test('wrong types are dropped', () => {
  const view = normaliseView({
    step: 'verify',
    demo: 'yes',
    provider: { name: 42, accent_color: {} },
    verification: { permissions: ['ReadAccounts', 3, null], identity: { name: 'A', account_id: 12 } },
    delivery: { attempts: 'many' },
  });
  assert.equal(view.demo, false);
  assert.equal(view.provider.name, 'the provider');
  assert.equal(view.provider.accent_color, null);
  assert.deepEqual(view.verification.permissions, ['ReadAccounts']);
  assert.equal(view.verification.identity.account_id, '12');
  assert.equal(view.delivery.attempts, 0);
});

test('failures and inspections are read field by field', () => {
  assert.equal(normaliseFailure(null), null);
  const failure = normaliseFailure({
    kind: 'rate_limited',
    message: 'Slow down',
    fix_step: 'wait_retry',
    retry_after_s: 12,
    ringcentral: { status: 429, request_id: 'r-1', extra: '<b>' },
  });
  assert.deepEqual(failure, {
    kind: 'rate_limited',
    message: 'Slow down',
    fix_step: 'wait_retry',
    retry_after_s: 12,
    retries_automatically: null,
    ringcentral: { status: 429, error: null, code: null, request_id: 'r-1', message: null },
  });
  assert.equal(normaliseFailure({ kind: 'rate_limited', retries_automatically: false }).retries_automatically, false);
  assert.equal(
    normaliseFailure({ kind: 'rejected', ringcentral: { status: 401, message: 'Invalid resource owner credentials.' } })
      .ringcentral.message,
    'Invalid resource owner credentials.',
  );
  assert.equal(normaliseFailure({}).kind, 'unexpected');
  const inspection = normaliseInspection({
    kind: 'plausible',
    ok: true,
    message: 'Looks right.',
    fingerprint: 'abc',
    jwt: 'eyJ.secret',
  });
  assert.equal(inspection.ok, true);
  assert.equal('jwt' in inspection, false);
});

test('the code status distinguishes invalid from unknown', () => {
  assert.equal(normaliseView({ code: { status: null } }).code.status, null);
  assert.deepEqual(normaliseView({ code: { status: { valid: false, message: 'Expired' } } }).code.status, {
    valid: false,
    message: 'Expired',
  });
});

test('the provider logo is kept only as a base64 data: URL of an allowed image type', () => {
  const svg = 'data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=';
  assert.equal(normaliseLogo(svg), svg);
  assert.equal(normaliseLogo('data:image/png;base64,iVBORw0KGgo='), 'data:image/png;base64,iVBORw0KGgo=');
  for (const bad of [
    'https://acme.example/logo.png',
    'file:///etc/passwd',
    'data:text/html;base64,PHNjcmlwdD4=',
    'data:image/svg+xml,<svg onload=alert(1)>',
    'data:image/png;base64,AAA" onerror="x',
    'javascript:alert(1)',
    null,
    42,
  ]) {
    assert.equal(normaliseLogo(bad), null, String(bad));
  }
  assert.equal(normaliseView(sampleView({ provider: { logo: svg } })).provider.logo, svg);
  assert.equal(normaliseView(sampleView()).provider.logo, null);
});
