// The controller: calls Rust's commands, listens to the view event (named by `app_info`), keeps
// the window's transient state (what is being typed, copy feedback, countdowns, open panel),
// re-renders through the renderer, moves focus to the heading when the step changes and feeds the
// live region.
//
// It knows nothing about the DOM: `renderer` is dom.js in the window and a recorder in tests.
// `invoke` and `listen` are Tauri's functions (or test doubles); `clock` gives time and timers.
// The parts live under controller/: countdown.js (rate-limit countdown), clipboard-feedback.js
// (copy feedback, clearing the clipboard), summary.js (Done's summary), paste-inspection.js
// (debounced inspection), panels.js (panels and the checks) and actions.js (action type ->
// handler). This module holds the flow between the steps and composes the parts.

import { loadAppInfo } from './app-info.js';
import { normaliseView } from './normalise.js';
import { CLIPBOARD_STEPS, initialUiState, presentChrome, presentScreen } from './presenter.js';
import { codeSatisfied } from './screens/welcome.js';
import { shouldAutoStart } from './screens/verify.js';
import { createActionHandlers, handlerFor } from './controller/actions.js';
import { COPIED_FEEDBACK_MS, createClipboardFeedback } from './controller/clipboard-feedback.js';
import { createCountdown } from './controller/countdown.js';
import { errorText } from './controller/error-text.js';
import { createPanels } from './controller/panels.js';
import { INSPECT_DEBOUNCE_MS, createPasteInspection } from './controller/paste-inspection.js';
import { createSummaryCopy } from './controller/summary.js';

export { COPIED_FEEDBACK_MS, INSPECT_DEBOUNCE_MS, errorText };

/** Timers and time from the platform. */
export const systemClock = Object.freeze({
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (id) => clearInterval(id),
});

/**
 * Creates the controller.
 * - `invoke(cmd, args)`, `listen(event, handler)`: Tauri IPC.
 * - `renderer`: `{ render, renderChrome, renderPanel, focusHeading, focusField, announce, reveal,
 *   readValue, clearValue, takeSecret }`.
 * - `copy(text)`: resolves true when copied (clipboard.js's copyText, bound to the window).
 * - `clearClipboard()`: resolves true when the clipboard was emptied (clipboard.js's
 *   clearClipboard); called synchronously inside the click that asked for it.
 * - `clock`: `{ now, setTimeout, clearTimeout, setInterval, clearInterval }`.
 * - `env`: `{ locale, timeZone }` for dates.
 */
export function createController({
  invoke,
  listen,
  renderer,
  copy,
  clearClipboard = () => Promise.resolve(false),
  clock = systemClock,
  env = {},
  debounceMs = INSPECT_DEBOUNCE_MS,
}) {
  let view = null;
  let appInfo = {};
  const ui = initialUiState();
  let lastAnnounced = null;
  let headingFocusPending = false;
  let autoVerifyDone = false;
  let unlisten = null;

  const getView = () => view;
  const getUi = () => ui;
  const countdown = createCountdown({
    clock,
    getView,
    getUi,
    render,
    retry,
    defaultWaitS: () => appInfo.default_retry_after_s,
  });
  const clipboard = createClipboardFeedback({
    copy,
    clearClipboard,
    clock,
    getUi,
    render,
    announce: (text) => renderer.announce(text),
    announcedByHand: () => {
      lastAnnounced = null;
    },
  });
  const summary = createSummaryCopy({ invoke, copyWithFeedback: clipboard.copyWithFeedback, showError });
  const paste = createPasteInspection({ invoke, clock, getUi, render, debounceMs });
  const panels = createPanels({
    invoke,
    listen,
    renderer,
    env,
    getView,
    getAppInfo: () => appInfo,
    getUi,
    copyWithFeedback: clipboard.copyWithFeedback,
    afterClose: focusHeadingIfPending,
  });
  const handlers = createActionHandlers({
    go,
    submitCode,
    openConsole,
    togglePaste,
    submitCredential,
    startVerify,
    confirmAccount,
    send,
    setCheck: (item, checked) => run(null, () => invoke('set_check', { item, checked })),
    copyWithFeedback: clipboard.copyWithFeedback,
    clearClipboard: clipboard.clearClipboardNow,
    copySummary: summary.copy,
    panels,
    isDemo: () => view.demo,
    applyScenario,
  });

  // ---- rendering ---------------------------------------------------------------------------

  function render() {
    if (!view) return;
    const model = presentScreen(view, ui, env);
    renderer.renderChrome(presentChrome(view, appInfo));
    renderer.render(model);
    if (!panels.id()) focusHeadingIfPending();
    if (model.announce && model.announce !== lastAnnounced) renderer.announce(model.announce);
    lastAnnounced = model.announce;
    panels.render();
  }

  /** Focuses the heading once after a step change (deferred while a panel is open). */
  function focusHeadingIfPending() {
    if (!headingFocusPending) return;
    headingFocusPending = false;
    renderer.focusHeading();
  }

  /** Shows why Rust refused a command, as a notice on the screen. */
  function showError(error) {
    ui.commandError = errorText(error);
    render();
  }

  // ---- views from Rust ---------------------------------------------------------------------

  function resetStepState(nextStep) {
    ui.commandError = null;
    ui.codeError = null;
    ui.demoHint = null;
    ui.countdown = null;
    ui.autoVerifying = false;
    ui.consoleOpened = false;
    ui.consoleError = null;
    ui.codeHasText = false;
    if (!CLIPBOARD_STEPS.includes(nextStep)) ui.clipboard = null;
    paste.clear();
    if (nextStep !== 'verify') autoVerifyDone = false;
    headingFocusPending = true;
  }

  /** Takes a view (from a command or the event), drops stale ones, and re-renders. */
  function acceptView(raw) {
    if (!raw || typeof raw !== 'object') return false;
    const next = normaliseView(raw);
    if (view && next.revision !== null && view.revision !== null && next.revision < view.revision) return false;
    const previous = view;
    if (!previous || previous.step !== next.step) resetStepState(next.step);
    view = next;
    if (view.step !== 'done') summary.forget();
    countdown.sync();
    const autoStart = maybeAutoVerify();
    render();
    if (previous && panels.id() === 'provider' && deliveryChanged(previous, next)) panels.loadProviderRows();
    if (view.step === 'done') summary.prefetch();
    if (autoStart) startVerify();
    return true;
  }

  function deliveryChanged(a, b) {
    return a.delivery.status !== b.delivery.status || a.delivery.receipt_id !== b.delivery.receipt_id;
  }

  // ---- commands ----------------------------------------------------------------------------

  /** Runs a command that resolves with a view; shows a refusal as a notice. Returns success. */
  async function run(busyKey, call) {
    ui.busy = busyKey;
    ui.commandError = null;
    render();
    try {
      const result = await call();
      ui.busy = null;
      if (!acceptView(result)) render();
      return true;
    } catch (error) {
      ui.busy = null;
      showError(error);
      return false;
    }
  }

  /** Back/Next. A view that comes back unchanged (instead of a rejection) is a refusal too. */
  async function go(step) {
    const before = view.step;
    const ok = await run('go', () => invoke('wizard_go', { step }));
    if (ok && view.step === before && before !== step) {
      ui.commandError = 'That step is not available yet. Finish this one first.';
      render();
      return false;
    }
    return ok;
  }

  async function submitCode() {
    const typed = renderer.readValue('code').trim();
    if (typed) {
      const ok = await run('code', () => invoke('set_code', { code: typed }));
      if (!ok) return;
      renderer.clearValue('code');
      ui.codeHasText = false;
      if (view.code.status && view.code.status.valid === false) {
        renderer.focusField('code');
        return;
      }
      if (view.step === 'welcome') await go('console');
      return;
    }
    if (codeSatisfied(view)) {
      await go('console');
      return;
    }
    ui.codeError = `Enter the onboarding code from ${view.provider.name} to continue.`;
    render();
    renderer.focusField('code');
  }

  /**
   * Asks Rust to open the console link. A failure (no browser) is shown on the screen the button
   * was on, with the link and a Copy button right under it.
   */
  async function openConsole() {
    ui.busy = 'open_console';
    ui.commandError = null;
    ui.consoleError = null;
    ui.consoleOpened = false;
    render();
    try {
      const result = await invoke('open_console');
      ui.busy = null;
      if (view.step === 'console') ui.consoleOpened = true;
      if (!acceptView(result)) render();
    } catch (error) {
      ui.busy = null;
      ui.consoleError = errorText(error);
      render();
      // The message and the link under it may be below the fold (step 3): bring them into view.
      renderer.reveal('console-url');
    }
  }

  function togglePaste() {
    ui.paste = { ...ui.paste, visible: !ui.paste.visible };
    render();
  }

  async function submitCredential() {
    if (!ui.paste.hasText) {
      if (view.credential_held) await go('verify');
      return;
    }
    // Read and clear the field before anything else: the value lives only in this call now.
    const text = renderer.takeSecret('paste');
    paste.clear();
    const ok = await run('submit', () => invoke('submit_credential', { text }));
    if (ok) {
      // Rust has the credential now; it may still be on the clipboard.
      ui.clipboard = 'offered';
      render();
    }
    if (!ok) {
      ui.paste.error = 'Paste the credential again.';
      render();
      renderer.focusField('paste');
      return;
    }
    if (view.step === 'paste' && view.credential_held && (!view.inspection || view.inspection.ok)) await go('verify');
  }

  function maybeAutoVerify() {
    if (!shouldAutoStart(view) || autoVerifyDone) return false;
    autoVerifyDone = true;
    ui.autoVerifying = true;
    return true;
  }

  async function startVerify() {
    ui.autoVerifying = true;
    countdown.stop();
    await run('verify', () => invoke('verify_start'));
    ui.autoVerifying = false;
    render();
  }

  async function confirmAccount() {
    const ok = await run('confirm', () => invoke('confirm_account'));
    if (ok && view.step === 'verify' && view.verification.confirmed) await go('send');
  }

  function send() {
    return run('send', () => invoke('send_start'));
  }

  /** The countdown ran out and the failure is still shown: try that phase again. */
  function retry(phase) {
    if (phase === 'verify') startVerify();
    else send();
  }

  async function applyScenario(id) {
    const scenario = panels.scenario(id);
    try {
      const result = await invoke('demo_apply', { id });
      panels.close();
      countdown.stop();
      paste.clear();
      autoVerifyDone = false;
      // `{ view, credential_hint }` per the contract; a bare view is accepted too.
      const applied = result && typeof result === 'object' ? (result.view ? result : { view: result }) : {};
      acceptView(applied.view);
      // The preset's outcome may have arrived as an event before this answer (whose view is then
      // older and dropped): count down for whatever the current view is waiting out.
      countdown.sync();
      const hint = typeof applied.credential_hint === 'string' ? applied.credential_hint.trim() : '';
      const title = scenario ? scenario.title : id;
      ui.demoHint = `Demo scenario "${title}" applied.${hint ? ` ${hint}` : ''}`;
      render();
    } catch (error) {
      if (!panels.showError('demo', errorText(error))) showError(error);
    }
  }

  // ---- what the renderer calls -------------------------------------------------------------

  /** Handles an action descriptor from a button, checkbox or Enter in a field. */
  function dispatch(action) {
    if (!action || !view) return Promise.resolve();
    const handler = handlerFor(handlers, action);
    return handler ? handler(action) : Promise.resolve();
  }

  /** Handles typing in a field (`code` or `paste`). */
  function input(field, value) {
    if (!view) return;
    if (field === 'code') {
      const hasText = typeof value === 'string' && value.trim().length > 0;
      if (ui.codeError || ui.codeHasText !== hasText) {
        ui.codeError = null;
        ui.codeHasText = hasText;
        render();
      }
      return;
    }
    if (field === 'paste') paste.input(value);
  }

  /** Loads who we are and the first view, and subscribes to view changes. */
  async function start() {
    appInfo = await loadAppInfo(invoke);
    renderer.renderChrome(presentChrome(null, appInfo));
    unlisten = await listen(appInfo.view_event, (event) => {
      acceptView(event && event.payload);
    });
    const first = await invoke('wizard_view');
    if (!acceptView(first)) throw new Error('wizard_view returned an unexpected shape');
  }

  /** Stops listening and clears timers (tests, and window teardown). */
  function stop() {
    if (typeof unlisten === 'function') unlisten();
    unlisten = null;
    countdown.stop();
    paste.stop();
    clipboard.stop();
  }

  return {
    start,
    stop,
    dispatch,
    input,
    /** The current normalised view (tests and diagnostics). */
    get view() {
      return view;
    },
    /** The transient UI state (tests). */
    get ui() {
      return ui;
    },
    /** The open panel's id, or null. */
    get panelId() {
      return panels.id();
    },
  };
}
