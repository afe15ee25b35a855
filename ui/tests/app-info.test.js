// Tests for the app identity module, with a test double for Tauri's invoke.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadAppInfo, renderAppInfo } from '../lib/app-info.js';

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
  await assert.rejects(loadAppInfo(async () => ({ version: 1 })), /unexpected shape/);
});

test('renderAppInfo writes text, never HTML', () => {
  const elements = {
    'app-version': { textContent: '' },
    'provider-name': { textContent: '' },
    'demo-ribbon': { hidden: true },
  };
  const doc = { getElementById: (id) => elements[id], title: '' };
  renderAppInfo(doc, { version: '0.1.0', provider_name: '<b>Acme</b>', demo: true });
  assert.equal(elements['provider-name'].textContent, '<b>Acme</b>');
  assert.equal(elements['demo-ribbon'].hidden, false);
  assert.match(doc.title, /<b>Acme<\/b>/);
});
