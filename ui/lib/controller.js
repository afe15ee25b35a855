// The controller: calls Rust's commands, listens to `wizard://view`, keeps the window's transient
// state (what is being typed, copy feedback, countdowns, open panel), re-renders through the
// renderer, moves focus to the heading when the step changes and feeds the live region.
//
// It knows nothing about the DOM: `renderer` is dom.js in the window and a recorder in tests.
// `invoke` and `listen` are Tauri's functions (or test doubles); `clock` gives time and timers.

import { loadAppInfo } from './app-info.js';
import {
  DOCTOR_EVENT,
  doctorSummary,
  failedDoctorState,
  finishedDoctorState,
  normaliseCheck,
  progressAnnouncement,
  startedDoctorState,
  withCheck,
} from './doctor.js';
import { fixStepOf } from './fixes.js';
import { normaliseInspection, normaliseView } from './normalise.js';
import { demoPanel, providerPanel, supportPanel } from './panels.js';
import { CLIPBOARD_STEPS, initialUiState, presentChrome, presentScreen } from './presenter.js';
import { CLIPBOARD_TEXT } from './screens/common.js';
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
    ui.consoleError = null;
    ui.codeHasText = false;
    if (!CLIPBOARD_STEPS.includes(nextStep)) ui.clipboard = null;
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

  async function submitCredential() {
    if (!ui.paste.hasText) {
      if (view.credential_held) await go('verify');
      return;
    }
    // Read and clear the field before anything else: the value lives only in this call now.
    const text = renderer.takeSecret('paste');
    clearPasteState();
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

  /** Empties the clipboard; `clearClipboard` runs before anything else, inside the click. */
  function clearClipboardNow() {
    if (ui.clipboard === 'clearing') return Promise.resolve(false);
    let pending;
    try {
      pending = Promise.resolve(clearClipboard());
    } catch {
      pending = Promise.resolve(false);
    }
    ui.clipboard = 'clearing';
    render();
    return pending
      .then(
        (ok) => ok === true,
        () => false,
      )
      .then((ok) => {
        if (ui.clipboard !== 'clearing') return ok;
        ui.clipboard = ok ? 'cleared' : 'failed';
        render();
        renderer.announce(ok ? CLIPBOARD_TEXT.cleared : CLIPBOARD_TEXT.failed);
        return ok;
      });
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

  /** Rust writes the report (Downloads, else home) and says where; the window shows the path. */
  async function saveSupportReport() {
    if (!panel || panel.id !== 'support' || panel.data.saving) return;
    const data = panel.data;
    data.saving = true;
    data.saved = null;
    data.reportError = null;
    renderPanel();
    try {
      const path = await invoke('save_support_report');
      data.saved = typeof path === 'string' && path ? path : 'the Downloads folder';
      renderer.announce(`Saved to ${data.saved}`);
    } catch (error) {
      data.reportError = errorText(error);
    }
    data.saving = false;
    renderPanel();
  }

  /** Rust opens the provider's support page or a mail to it; a refusal is shown with its reason. */
  async function openSupportContact() {
    if (!panel || panel.id !== 'support') return;
    const data = panel.data;
    data.contact = { status: 'opening', message: null };
    renderPanel();
    try {
      await invoke('open_support');
      data.contact = { status: 'opened', message: null };
    } catch (error) {
      data.contact = { status: 'failed', message: errorText(error) };
    }
    renderPanel();
  }

  // ---- connection checks (doctor) ----------------------------------------------------------

  /**
   * Runs Rust's checks. Each `doctor://check` event fills in its row and is announced; the
   * resolved report is authoritative. The report text is reloaded afterwards (it includes the
   * checks).
   */
  async function runDoctor() {
    if (ui.doctor.status === 'running') return;
    ui.doctor = startedDoctorState();
    renderer.announce('Running the checks…');
    renderPanel();
    let stopListening = null;
    try {
      stopListening = await listen(DOCTOR_EVENT, (event) => onDoctorCheck(event && event.payload));
    } catch {
      // Without the events the rows fill in when the report arrives.
    }
    try {
      const report = await invoke('run_doctor');
      ui.doctor = finishedDoctorState(ui.doctor, report);
    } catch (error) {
      ui.doctor = failedDoctorState(ui.doctor, errorText(error));
    } finally {
      if (typeof stopListening === 'function') stopListening();
    }
    const summary = doctorSummary(ui.doctor);
    if (summary) renderer.announce(summary.text);
    renderPanel();
    if (panel && panel.id === 'support') loadSupportReport();
  }

  function onDoctorCheck(raw) {
    const next = withCheck(ui.doctor, raw);
    if (next === ui.doctor) return;
    ui.doctor = next;
    const check = normaliseCheck(raw);
    renderer.announce(progressAnnouncement(ui.doctor, check, view ? view.provider.name : undefined));
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
      case 'support_contact':
        return openSupportContact();
      case 'doctor_run':
        return runDoctor();
      case 'clear_clipboard':
        return clearClipboardNow();
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
      const hasText = typeof value === 'string' && value.trim().length > 0;
      if (ui.codeError || ui.codeHasText !== hasText) {
        ui.codeError = null;
        ui.codeHasText = hasText;
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
