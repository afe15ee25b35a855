// Tests for the step list and the rail's state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RAIL_STEPS, STEP_IDS, isKnownStep, railModel, stepIndex, stepLabel } from '../lib/steps.js';

test('the rail has the six steps with their exact names', () => {
  assert.deepEqual(
    RAIL_STEPS.map((s) => s.name),
    ['Welcome', 'Open the console', 'Restrict to this app', 'Paste', 'Verify', 'Send'],
  );
  assert.deepEqual(STEP_IDS, ['welcome', 'console', 'restrict', 'paste', 'verify', 'send', 'done']);
});

test('railModel marks earlier steps done and the current one current', () => {
  const rail = railModel('paste');
  assert.deepEqual(
    rail.map((r) => r.state),
    ['done', 'done', 'done', 'current', 'todo', 'todo'],
  );
});

test('on the final screen every step is done and none is current', () => {
  assert.ok(railModel('done').every((r) => r.state === 'done'));
});

test('step labels and indexes', () => {
  assert.equal(stepLabel('welcome'), 'Step 1 of 6');
  assert.equal(stepLabel('send'), 'Step 6 of 6');
  assert.equal(stepLabel('done'), 'Finished');
  assert.equal(stepLabel('nonsense'), '');
  assert.equal(stepIndex('verify'), 4);
  assert.equal(isKnownStep('verify'), true);
  assert.equal(isKnownStep('__proto__'), false);
});
