// The controller: calls Rust's commands, listens to `wizard://view`, keeps the window's transient
// state (what is being typed, copy feedback, countdowns, open panel), re-renders through the
// renderer, moves focus to the heading when the step changes and feeds the live region.
//
// It knows nothing about the DOM: `renderer` is dom.js in the window and a recorder in tests.
// `invoke` and `listen` are Tauri's functions (or test doubles); `clock` gives time and timers.

import { loadAppInfo } from './app-info.js';
import { fixStepOf } from './fixes.js';
import { normaliseInspection, normaliseView } from './normalise.js';
import { demoPanel, providerPanel, supportPanel } from './panels.js';
import { initialUiState, presentChrome, presentScreen } from './presenter.js';
import { codeSatisfied } from './screens/welcome.js';
import { shouldAutoStart } from './screens/verify.js';

/** The event Rust emits whenever the view changes on its own. */
export const VIEW_EVENT = 'wizard://view';
/** Delay between the last keystroke in the paste field and the local inspection. */
export const INSPECT_DEBOUNCE_MS = 250;
/** How long a Copy button says "Copied". */
export const COPIED_FEEDBACK_MS = 2000;
/** Wait used for a rate limit that came without a Retry-After. */
export const DEFAULT_RETRY_AFTER_S = 30;

/** Timers and time from the platform. */
export const systemClock = Object.freeze({
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (id) => clearInterval(id),
});

/** A person-readable sentence from a rejected command (`{ kind, message }`, a string, an Error). */
export function errorText(error) {
  if (typeof error === 'string' && error.trim()) return error;
  if (error && typeof error.message === 'string' && error.message.trim()) return error.message;
  return 'Something went wrong. Try again, or open Help.';
}

/**
 * Creates the controller.
 * - `invoke(cmd, args)`, `listen(event, handler)`: Tauri IPC.
 * - `renderer`: `{ render, renderChrome, renderPanel, focusHeading, focusField, announce,
 *   readValue, clearValue, takeSecret, saveFile }`.
 * - `copy(text)`: resolves true when copied (clipboard.js's copyText, bound to the window).
 * - `clock`: `{ now, setTimeout, clearTimeout, setInterval, clearInterval }`.
 * - `env`: `{ locale, timeZone }` for dates.
 */
export function createController({
  invoke,
  listen,
  renderer,
  copy,
  clock = systemClock,
  env = {},
  debounceMs = INSPECT_DEBOUNCE_MS,
}) {
  let view = null;
  let appInfo = {};
  let ui = initialUiState();
  let lastAnnounced = null;
  let headingFocusPending = false;
  let panel = null; // { id, data }
  let inspectTimer = null;
  let inspectSeq = 0;
  let countdown = null; // { key, deadline, timer, phase }
  let autoVerifyDone = false;
  let summaryCache = null;
  let unlisten = null;
  const feedbackTimers = new Map();

  // ---- rendering ---------------------------------------------------------------------------

  function render() {
    if (!view) return;
    const model = presentScreen(view, ui, env);
    renderer.renderChrome(presentChrome(view, appInfo));
    renderer.render(model);
    if (headingFocusPending && !panel) {
      headingFocusPending = false;
      renderer.focusHeading();
    }
    if (model.announce && model.announce !== lastAnnounced) renderer.announce(model.announce);
    lastAnnounced = model.announce;
    renderPanel();
  }

  function renderPanel() {
    if (!panel || !view) return;
    let model;
    if (panel.id === 'support') model = supportPanel(view, appInfo, ui, panel.data);
    else if (panel.id === 'demo') model = demoPanel(view, panel.data);
    else model = providerPanel(view, panel.data, env);
    renderer.renderPanel(model);
  }

  // ---- views from Rust ---------------------------------------------------------------------

  function resetStepState(nextStep) {
    ui.commandError = null;
    ui.codeError = null;
    ui.demoHint = null;
    ui.countdown = null;
    ui.autoVerifying = false;
    ui.consoleOpened = false;
    clearPasteState();
    if (nextStep !== 'verify') autoVerifyDone = false;
    headingFocusPending = true;
  }

  function clearPasteState() {
    inspectSeq += 1;
    if (inspectTimer !== null) clock.clearTimeout(inspectTimer);
    inspectTimer = null;
    ui.paste = { hasText: false, visible: false, inspection: null, pending: false, error: null };
  }

  /** Takes a view (from a command or the event), drops stale ones, and re-renders. */
  function acceptView(raw) {
    if (!raw || typeof raw !== 'object') return false;
    const next = normaliseView(raw);
    if (view && next.revision !== null && view.revision !== null && next.revision < view.revision) return false;
    const previous = view;
    if (!previous || previous.step !== next.step) resetStepState(next.step);
    view = next;
    if (view.step !== 'done') summaryCache = null;
    syncCountdown();
    const autoStart = maybeAutoVerify();
    render();
    if (previous && panel && panel.id === 'provider' && deliveryChanged(previous, next)) loadProviderRows();
    if (view.step === 'done' && summaryCache === null) prefetchSummary();
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
      ui.commandError = errorText(error);
      render();
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

  async function openConsole() {
    const ok = await run('open_console', () => invoke('open_console'));
    if (ok && view.step === 'console') {
      ui.consoleOpened = true;
      render();
    }
  }

  async function submitCredential() {
    if (!ui.paste.hasText) {
      if (view.credential_held) await go('verify');
      return;
    }
    // Read and clear the field before anything else: the value lives only in this call now.
    const text = renderer.takeSecret('paste');
    clearPasteState();
    const ok = await run('submit', () => invoke('submit_credential', { text }));
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
    stopCountdown(true);
    await run('verify', () => invoke('verify_start'));
    ui.autoVerifying = false;
    render();
  }

  async function confirmAccount() {
    const ok = await run('confirm', () => invoke('confirm_account'));
    if (ok && view.step === 'verify' && view.verification.confirmed) await go('send');
  }

  // ---- the rate-limit countdown ----------------------------------------------------------

  function waitingFailure() {
    if (view.step === 'verify' && view.verification.status === 'failed' && view.verification.error) {
      return { failure: view.verification.error, phase: 'verify' };
    }
    if (view.step === 'send' && view.delivery.status === 'refused' && view.delivery.error) {
      return { failure: view.delivery.error, phase: 'send' };
    }
    return null;
  }

  function syncCountdown() {
    const waiting = waitingFailure();
    if (!waiting || fixStepOf(waiting.failure) !== 'wait_retry') {
      stopCountdown(true);
      return;
    }
    const { failure, phase } = waiting;
    const key = JSON.stringify([phase, failure.kind, failure.retry_after_s, failure.ringcentral]);
    if (countdown && countdown.key === key) return;
    stopCountdown(true);
    const seconds =
      failure.retry_after_s !== null && failure.retry_after_s >= 0 ? failure.retry_after_s : DEFAULT_RETRY_AFTER_S;
    countdown = { key, phase, deadline: clock.now() + seconds * 1000, timer: null };
    ui.countdown = seconds;
    if (seconds <= 0) {
      countdown.timer = clock.setTimeout(tick, 0);
    } else {
      countdown.timer = clock.setInterval(tick, 1000);
    }
  }

  function stopCountdown(forget) {
    if (countdown && countdown.timer !== null) {
      clock.clearInterval(countdown.timer);
      clock.clearTimeout(countdown.timer);
      countdown.timer = null;
    }
    ui.countdown = null;
    if (forget) countdown = null;
  }

  function tick() {
    if (!countdown) return;
    const remaining = Math.ceil((countdown.deadline - clock.now()) / 1000);
    if (remaining > 0) {
      ui.countdown = remaining;
      render();
      return;
    }
    const { phase } = countdown;
    stopCountdown(true);
    const still = waitingFailure();
    if (still && still.phase === phase && fixStepOf(still.failure) === 'wait_retry') {
      if (phase === 'verify') startVerify();
      else run('send', () => invoke('send_start'));
      return;
    } else {
      render();
    }
  }

  // ---- copy feedback -----------------------------------------------------------------------

  async function copyWithFeedback(key, text) {
    const ok = await copy(text);
    ui.copied = { ...ui.copied, [key]: ok };
    ui.copyFailed = { ...ui.copyFailed, [key]: !ok };
    render();
    renderer.announce(ok ? 'Copied to the clipboard.' : 'Could not copy. Select the text and copy it by hand.');
    lastAnnounced = null;
    if (feedbackTimers.has(key)) clock.clearTimeout(feedbackTimers.get(key));
    if (ok) {
      feedbackTimers.set(
        key,
        clock.setTimeout(() => {
          feedbackTimers.delete(key);
          ui.copied = { ...ui.copied, [key]: false };
          render();
        }, COPIED_FEEDBACK_MS),
      );
    }
    return ok;
  }

  function prefetchSummary() {
    summaryCache = '';
    invoke('summary_text').then(
      (text) => {
        summaryCache = typeof text === 'string' ? text : '';
      },
      () => {
        summaryCache = ''; // fetched again on the click
      },
    );
  }

  async function copySummary() {
    if (summaryCache) return copyWithFeedback('summary', summaryCache);
    try {
      const text = await invoke('summary_text');
      summaryCache = typeof text === 'string' ? text : '';
      return copyWithFeedback('summary', summaryCache);
    } catch (error) {
      ui.commandError = errorText(error);
      render();
      return false;
    }
  }

  // ---- panels ------------------------------------------------------------------------------

  function openPanel(id) {
    panel = { id, data: {} };
    renderPanel();
    if (id === 'support') loadSupportReport();
    if (id === 'demo') loadScenarios();
    if (id === 'provider') loadProviderRows();
  }

  function closePanel() {
    if (!panel) return;
    panel = null;
    renderer.renderPanel(null);
    if (headingFocusPending) {
      headingFocusPending = false;
      renderer.focusHeading();
    }
  }

  async function loadInto(id, command, onValue) {
    try {
      const value = await invoke(command);
      if (panel && panel.id === id) {
        onValue(value);
        panel.data.error = null;
        panel.data.reportError = null;
      }
    } catch (error) {
      if (panel && panel.id === id) {
        if (id === 'support') panel.data.reportError = errorText(error);
        else panel.data.error = errorText(error);
      }
    }
    renderPanel();
  }

  function loadSupportReport() {
    return loadInto('support', 'support_report', (text) => {
      panel.data.report = typeof text === 'string' ? text : '';
    });
  }

  function loadScenarios() {
    return loadInto('demo', 'demo_scenarios', (list) => {
      panel.data.scenarios = Array.isArray(list)
        ? list
            .filter((s) => s && typeof s.id === 'string')
            .map((s) => ({
              id: s.id,
              title: typeof s.title === 'string' ? s.title : s.id,
              description: typeof s.description === 'string' ? s.description : '',
            }))
        : [];
    });
  }

  function loadProviderRows() {
    return loadInto('provider', 'provider_view', (rows) => {
      panel.data.rows = Array.isArray(rows) ? rows : [];
    });
  }

  async function copySupportReport() {
    if (!panel || panel.id !== 'support') return false;
    const cached = panel.data.report;
    if (cached) {
      const ok = await copyWithFeedback('support-report', cached);
      loadSupportReport();
      return ok;
    }
    try {
      const text = await invoke('support_report');
      if (panel && panel.id === 'support') panel.data.report = typeof text === 'string' ? text : '';
      return copyWithFeedback('support-report', typeof text === 'string' ? text : '');
    } catch (error) {
      if (panel) panel.data.reportError = errorText(error);
      renderPanel();
      return false;
    }
  }

  async function saveSupportReport() {
    if (!panel || panel.id !== 'support') return;
    try {
      const text = await invoke('support_report');
      const name = `rc-onboard-support-${view.session_id || 'report'}.txt`;
      renderer.saveFile(name, typeof text === 'string' ? text : '');
      if (panel && panel.id === 'support') {
        panel.data.report = text;
        panel.data.saved = name;
      }
    } catch (error) {
      if (panel) panel.data.reportError = errorText(error);
    }
    renderPanel();
  }

  async function applyScenario(id) {
    const scenario = panel && panel.data.scenarios ? panel.data.scenarios.find((s) => s.id === id) : null;
    try {
      const result = await invoke('demo_apply', { id });
      closePanel();
      stopCountdown(true);
      clearPasteState();
      autoVerifyDone = false;
      // `{ view, credential_hint }` per the contract; a bare view is accepted too.
      const applied = result && typeof result === 'object' ? (result.view ? result : { view: result }) : {};
      acceptView(applied.view);
      // The preset's outcome may have arrived as an event before this answer (whose view is then
      // older and dropped): count down for whatever the current view is waiting out.
      syncCountdown();
      const hint = typeof applied.credential_hint === 'string' ? applied.credential_hint.trim() : '';
      const title = scenario ? scenario.title : id;
      ui.demoHint = `Demo scenario "${title}" applied.${hint ? ` ${hint}` : ''}`;
      render();
    } catch (error) {
      if (panel && panel.id === 'demo') {
        panel.data.error = errorText(error);
        renderPanel();
      } else {
        ui.commandError = errorText(error);
        render();
      }
    }
  }

  // ---- what the renderer calls -------------------------------------------------------------

  /** Handles an action descriptor from a button, checkbox or Enter in a field. */
  function dispatch(action) {
    if (!action || !view) return Promise.resolve();
    switch (action.type) {
      case 'go':
        return go(action.step);
      case 'submit_code':
        return submitCode();
      case 'open_console':
        return openConsole();
      case 'check':
        return run(null, () => invoke('set_check', { item: action.item, checked: Boolean(action.checked) }));
      case 'toggle_paste':
        ui.paste = { ...ui.paste, visible: !ui.paste.visible };
        render();
        return Promise.resolve();
      case 'submit_credential':
        return submitCredential();
      case 'verify':
        return startVerify();
      case 'confirm':
        return confirmAccount();
      case 'send':
        return run('send', () => invoke('send_start'));
      case 'copy':
        return copyWithFeedback(action.key, action.text);
      case 'copy_summary':
        return copySummary();
      case 'support_open':
        openPanel('support');
        return Promise.resolve();
      case 'support_copy':
        return copySupportReport();
      case 'support_save':
        return saveSupportReport();
      case 'demo_open':
        if (view.demo) openPanel('demo');
        return Promise.resolve();
      case 'demo_apply':
        return applyScenario(action.id);
      case 'provider_view_open':
        if (view.demo) openPanel('provider');
        return Promise.resolve();
      case 'provider_view_refresh':
        return loadProviderRows();
      case 'panel_close':
        closePanel();
        return Promise.resolve();
      default:
        return Promise.resolve();
    }
  }

  /** Handles typing in a field (`code` or `paste`). */
  function input(field, value) {
    if (!view) return;
    if (field === 'code') {
      if (ui.codeError) {
        ui.codeError = null;
        render();
      }
      return;
    }
    if (field !== 'paste') return;
    const text = typeof value === 'string' ? value : '';
    inspectSeq += 1;
    const seq = inspectSeq;
    if (inspectTimer !== null) clock.clearTimeout(inspectTimer);
    inspectTimer = null;
    const hasText = text.length > 0;
    ui.paste = { ...ui.paste, hasText, pending: hasText, inspection: null, error: null };
    render();
    if (!hasText) return;
    inspectTimer = clock.setTimeout(() => {
      inspectTimer = null;
      invoke('inspect_paste', { text }).then(
        (result) => {
          if (seq !== inspectSeq) return;
          ui.paste = { ...ui.paste, pending: false, inspection: normaliseInspection(result) };
          render();
        },
        (error) => {
          if (seq !== inspectSeq) return;
          ui.paste = { ...ui.paste, pending: false, inspection: null, error: errorText(error) };
          render();
        },
      );
    }, debounceMs);
  }

  /** Loads who we are and the first view, and subscribes to view changes. */
  async function start() {
    appInfo = await loadAppInfo(invoke);
    renderer.renderChrome(presentChrome(null, appInfo));
    unlisten = await listen(VIEW_EVENT, (event) => {
      acceptView(event && event.payload);
    });
    const first = await invoke('wizard_view');
    if (!acceptView(first)) throw new Error('wizard_view returned an unexpected shape');
  }

  /** Stops listening and clears timers (tests, and window teardown). */
  function stop() {
    if (typeof unlisten === 'function') unlisten();
    unlisten = null;
    stopCountdown(true);
    if (inspectTimer !== null) clock.clearTimeout(inspectTimer);
    for (const timer of feedbackTimers.values()) clock.clearTimeout(timer);
    feedbackTimers.clear();
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
      return panel ? panel.id : null;
    },
  };
}
