// Tests for copying: the Clipboard API first, the selection fallback second.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clearClipboard, copyText } from '../lib/clipboard.js';
import { FakeDocument } from './support/fake-dom.js';

test('uses navigator.clipboard when it works', async () => {
  const written = [];
  const doc = new FakeDocument();
  const ok = await copyText('hello', { clipboard: { writeText: async (t) => written.push(t) }, doc });
  assert.equal(ok, true);
  assert.deepEqual(written, ['hello']);
  assert.deepEqual(doc.execCommands, []);
});

test('calls writeText synchronously, inside the user gesture', () => {
  let called = false;
  copyText('x', {
    clipboard: {
      writeText: () => {
        called = true;
        return Promise.resolve();
      },
    },
  });
  assert.equal(called, true);
});

test('falls back to a temporary selection and cleans up', async () => {
  const doc = new FakeDocument();
  const button = doc.createElement('button');
  doc.body.appendChild(button);
  button.focus();
  const ok = await copyText('fallback', {
    clipboard: {
      writeText: async () => {
        throw new Error('denied');
      },
    },
    doc,
  });
  assert.equal(ok, true);
  assert.deepEqual(doc.execCommands, ['copy']);
  assert.equal(doc.body.children.length, 1, 'helper removed');
  assert.equal(doc.activeElement, button, 'focus restored');
});

test('reports failure when nothing can copy', async () => {
  const doc = new FakeDocument();
  doc.execCommandResult = false;
  assert.equal(await copyText('x', { clipboard: undefined, doc }), false);
  assert.equal(await copyText('x', {}), false);
  assert.equal(await copyText(null, { clipboard: { writeText: async () => {} } }), false);
});

test('clearClipboard writes an empty string, synchronously, and reports the outcome', async () => {
  const written = [];
  const pending = clearClipboard({ clipboard: { writeText: async (t) => written.push(t) } });
  assert.deepEqual(written, [''], 'called inside the gesture');
  assert.equal(await pending, true);
  assert.equal(await clearClipboard({ clipboard: { writeText: () => Promise.reject(new Error('denied')) } }), false);
  assert.equal(await clearClipboard({}), false, 'no Clipboard API: nothing to fall back on');
});
