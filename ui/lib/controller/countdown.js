// The rate-limit countdown: while Verify or Send shows a failure that is waited out (fix step
// `wait_retry`), counts the seconds down in `ui.countdown` once a second and, when the time is up
// and the same failure is still shown, retries that phase. When Rust says whether it retries by
// itself (`retries_automatically`), the countdown only counts: Rust retries (at most twice in a
// row), or the customer does once it has ended.

import { fixStepOf } from '../fixes.js';

/** The failure the current view waits on (`{ failure, phase: 'verify' | 'send' }`), or null. */
export function waitingFailure(view) {
  if (view.step === 'verify' && view.verification.status === 'failed' && view.verification.error) {
    return { failure: view.verification.error, phase: 'verify' };
  }
  if (view.step === 'send' && view.delivery.status === 'refused' && view.delivery.error) {
    return { failure: view.delivery.error, phase: 'send' };
  }
  return null;
}

/**
 * Creates the countdown. `clock` gives time and timers, `getView()` / `getUi()` the controller's
 * view and window state, `render()` re-renders, `retry(phase)` tries the phase again, and
 * `defaultWaitS()` the seconds to wait for a rate limit that came without a Retry-After (Rust's
 * `default_retry_after_s`, from `app_info`).
 */
export function createCountdown({ clock, getView, getUi, render, retry, defaultWaitS }) {
  let countdown = null; // { key, phase, deadline, timer }

  /** Starts, keeps or stops the countdown to match the current view. */
  function sync() {
    const waiting = waitingFailure(getView());
    if (!waiting || fixStepOf(waiting.failure) !== 'wait_retry') {
      stop();
      return;
    }
    const { failure, phase } = waiting;
    const key = JSON.stringify([phase, failure.kind, failure.retry_after_s, failure.ringcentral]);
    if (countdown && countdown.key === key) return;
    stop();
    const seconds =
      failure.retry_after_s !== null && failure.retry_after_s >= 0 ? failure.retry_after_s : defaultWaitS();
    countdown = { key, phase, deadline: clock.now() + seconds * 1000, timer: null };
    getUi().countdown = seconds;
    if (seconds <= 0) {
      countdown.timer = clock.setTimeout(tick, 0);
    } else {
      countdown.timer = clock.setInterval(tick, 1000);
    }
  }

  /** Stops counting and forgets the failure it counted for. */
  function stop() {
    if (countdown && countdown.timer !== null) {
      clock.clearInterval(countdown.timer);
      clock.clearTimeout(countdown.timer);
      countdown.timer = null;
    }
    getUi().countdown = null;
    countdown = null;
  }

  function tick() {
    if (!countdown) return;
    const remaining = Math.ceil((countdown.deadline - clock.now()) / 1000);
    if (remaining > 0) {
      getUi().countdown = remaining;
      render();
      return;
    }
    const { phase } = countdown;
    stop();
    const still = waitingFailure(getView());
    const rustDecides = still && typeof still.failure.retries_automatically === 'boolean';
    if (still && !rustDecides && still.phase === phase && fixStepOf(still.failure) === 'wait_retry') {
      retry(phase);
    } else {
      render();
    }
  }

  return { sync, stop };
}
