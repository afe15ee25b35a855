// Tests for the app identity module, with a test double for Tauri's invoke.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadAppInfo } from '../lib/app-info.js';

test('loadAppInfo asks Rust for app_info', async () => {
  const calls = [];
  const invoke = async (cmd) => {
    calls.push(cmd);
    return { version: '1.2.3', provider_name: 'Acme', demo: false };
  };
  const info = await loadAppInfo(invoke);
  assert.deepEqual(calls, ['app_info']);
  assert.equal(info.provider_name, 'Acme');
});

test('loadAppInfo rejects a malformed answer', async () => {
  await assert.rejects(
    loadAppInfo(async () => ({ version: 1 })),
    /unexpected shape/,
  );
});
