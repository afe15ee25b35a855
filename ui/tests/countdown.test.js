// Tests for the rate-limit countdown (lib/controller/countdown.js) on its own: a manual clock, a
// plain view object and recorders for render and retry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCountdown, waitingFailure } from '../lib/controller/countdown.js';
import { createManualClock } from './support/fakes.js';
import { CONSTANTS, failure } from './support/views.js';

const rateLimited = (retryAfter) => failure('rate_limited', 'wait_retry', { retry_after_s: retryAfter });

function verifyFailed(error) {
  return { step: 'verify', verification: { status: 'failed', error }, delivery: { status: 'idle', error: null } };
}

function sendRefused(error) {
  return { step: 'send', verification: { status: 'ok', error: null }, delivery: { status: 'refused', error } };
}

function setup(view) {
  const clock = createManualClock();
  const state = { view, ui: { countdown: null } };
  const renders = [];
  const retries = [];
  const countdown = createCountdown({
    clock,
    getView: () => state.view,
    getUi: () => state.ui,
    render: () => renders.push(state.ui.countdown),
    retry: (phase) => retries.push(phase),
    defaultWaitS: () => CONSTANTS.default_retry_after_s,
  });
  return { clock, state, renders, retries, countdown };
}

test('waitingFailure names the failure Verify or Send shows, and nothing otherwise', () => {
  const error = rateLimited(5);
  assert.deepEqual(waitingFailure(verifyFailed(error)), { failure: error, phase: 'verify' });
  assert.deepEqual(waitingFailure(sendRefused(error)), { failure: error, phase: 'send' });
  assert.equal(waitingFailure({ ...verifyFailed(error), step: 'paste' }), null);
  assert.equal(waitingFailure(verifyFailed(null)), null);
  assert.equal(waitingFailure({ ...sendRefused(error), delivery: { status: 'queued', error } }), null);
});

test('counts the Retry-After down once a second, then retries the phase', () => {
  const { clock, state, renders, retries, countdown } = setup(verifyFailed(rateLimited(3)));
  countdown.sync();
  assert.equal(state.ui.countdown, 3);
  assert.equal(clock.pending(), 1);
  clock.advance(1000);
  clock.advance(1000);
  assert.deepEqual(renders, [2, 1]);
  assert.deepEqual(retries, []);
  clock.advance(1000);
  assert.deepEqual(retries, ['verify']);
  assert.equal(state.ui.countdown, null);
  assert.equal(clock.pending(), 0, 'the interval is cleared');
});

test('a rate limit without Retry-After waits the default', () => {
  const { state, countdown } = setup(sendRefused(rateLimited(null)));
  countdown.sync();
  assert.equal(state.ui.countdown, CONSTANTS.default_retry_after_s);
});

test('a Retry-After of zero retries on the next turn of the clock', () => {
  const { clock, retries, countdown } = setup(sendRefused(rateLimited(0)));
  countdown.sync();
  clock.advance(0);
  assert.deepEqual(retries, ['send']);
});

test('syncing again for the same failure keeps counting; a different failure restarts', () => {
  const { clock, state, countdown } = setup(verifyFailed(rateLimited(10)));
  countdown.sync();
  clock.advance(4000);
  countdown.sync();
  assert.equal(state.ui.countdown, 6, 'not restarted');
  state.view = verifyFailed(rateLimited(20));
  countdown.sync();
  assert.equal(state.ui.countdown, 20);
  assert.equal(clock.pending(), 1, 'one timer at a time');
});

test('stops when the view no longer waits, and does not retry a failure that went away', () => {
  const { clock, state, renders, retries, countdown } = setup(verifyFailed(rateLimited(2)));
  countdown.sync();
  state.view = verifyFailed(failure('rejected', 'restrict'));
  countdown.sync();
  assert.equal(state.ui.countdown, null);
  assert.equal(clock.pending(), 0);

  countdown.sync(); // nothing to wait for
  state.view = verifyFailed(rateLimited(1));
  countdown.sync();
  state.view = { ...state.view, step: 'send' }; // moved on while counting
  clock.advance(1000);
  assert.deepEqual(retries, []);
  assert.deepEqual(renders, [null], 'rendered without the countdown instead');
});

test('stop clears the timer and the seconds shown', () => {
  const { clock, state, countdown } = setup(verifyFailed(rateLimited(5)));
  countdown.sync();
  countdown.stop();
  assert.equal(state.ui.countdown, null);
  assert.equal(clock.pending(), 0);
  countdown.stop(); // twice is fine
});

test('when Rust says who retries, the countdown only counts', () => {
  for (const automatic of [true, false]) {
    const error = failure('rate_limited', 'wait_retry', { retry_after_s: 2, retries_automatically: automatic });
    const { clock, state, retries, countdown } = setup(verifyFailed(error));
    countdown.sync();
    clock.advance(1000);
    clock.advance(1000);
    assert.deepEqual(retries, [], `retries_automatically ${automatic}`);
    assert.equal(state.ui.countdown, null, 'the countdown has ended');
  }
});
