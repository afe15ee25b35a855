// Tests for the app identity module, with a test double for Tauri's invoke.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadAppInfo } from '../lib/app-info.js';
import { CONSTANTS } from './support/views.js';

test('loadAppInfo asks Rust for app_info', async () => {
  const calls = [];
  const invoke = async (cmd) => {
    calls.push(cmd);
    return { version: '1.2.3', provider_name: 'Acme', demo: false, ...CONSTANTS };
  };
  const info = await loadAppInfo(invoke);
  assert.deepEqual(calls, ['app_info']);
  assert.equal(info.provider_name, 'Acme');
  assert.equal(info.view_event, 'wizard://view');
  assert.equal(info.doctor_event, 'doctor://check');
  assert.equal(info.default_retry_after_s, 60);
});

test('loadAppInfo rejects an answer without the contract constants', async () => {
  await assert.rejects(
    loadAppInfo(async () => ({ version: '1.2.3', provider_name: 'Acme', demo: false })),
    /unexpected shape/,
  );
});

test('loadAppInfo rejects a malformed answer', async () => {
  await assert.rejects(
    loadAppInfo(async () => ({ version: 1 })),
    /unexpected shape/,
  );
});
