// Tests for the debounced paste inspection (lib/controller/paste-inspection.js) on its own: a
// manual clock, a fake `inspect_paste` and a plain window state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { INSPECT_DEBOUNCE_MS, createPasteInspection } from '../lib/controller/paste-inspection.js';
import { createManualClock, flush } from './support/fakes.js';

function setup() {
  const clock = createManualClock();
  const ui = { paste: { hasText: false, visible: true, inspection: null, pending: false, error: null } };
  const sent = [];
  const answers = [];
  const invoke = (cmd, args) => {
    sent.push([cmd, args.text]);
    return new Promise((resolve, reject) => answers.push({ resolve, reject }));
  };
  let renders = 0;
  const paste = createPasteInspection({ invoke, clock, getUi: () => ui, render: () => (renders += 1) });
  return { clock, ui, sent, answers, paste, renders: () => renders };
}

test('typing marks the field pending at once and inspects once typing pauses', async () => {
  const { clock, ui, sent, answers, paste, renders } = setup();
  paste.input('ey');
  paste.input('eyJ');
  assert.deepEqual(ui.paste, { hasText: true, visible: true, inspection: null, pending: true, error: null });
  assert.equal(renders(), 2);
  clock.advance(INSPECT_DEBOUNCE_MS - 1);
  assert.deepEqual(sent, []);
  clock.advance(1);
  assert.deepEqual(sent, [['inspect_paste', 'eyJ']], 'only the latest text, once');
  answers[0].resolve({ ok: false, tone: 'warning', message: 'Looks short.' });
  await flush();
  assert.equal(ui.paste.pending, false);
  assert.equal(ui.paste.inspection.message, 'Looks short.');
  assert.equal(renders(), 3);
});

test('an answer for an older text is dropped; a refusal becomes an error sentence', async () => {
  const { clock, ui, answers, paste } = setup();
  paste.input('first');
  clock.advance(INSPECT_DEBOUNCE_MS);
  paste.input('second');
  clock.advance(INSPECT_DEBOUNCE_MS);
  answers[0].resolve({ ok: true });
  await flush();
  assert.equal(ui.paste.pending, true, 'the first answer is stale');
  answers[1].reject({ kind: 'internal', message: 'Could not inspect.' });
  await flush();
  assert.equal(ui.paste.error, 'Could not inspect.');
  assert.equal(ui.paste.pending, false);
});

test('emptying the field cancels the inspection; clear resets the state and drops answers', async () => {
  const { clock, ui, sent, answers, paste } = setup();
  paste.input('abc');
  paste.input('');
  clock.advance(INSPECT_DEBOUNCE_MS);
  assert.deepEqual(sent, []);
  assert.equal(ui.paste.hasText, false);
  paste.input('abc');
  clock.advance(INSPECT_DEBOUNCE_MS);
  paste.clear();
  assert.deepEqual(ui.paste, { hasText: false, visible: false, inspection: null, pending: false, error: null });
  answers[0].resolve({ ok: true });
  await flush();
  assert.equal(ui.paste.inspection, null);
  paste.input('x');
  paste.stop();
  assert.equal(clock.pending(), 0);
});
