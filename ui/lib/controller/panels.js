// The open panel (Support, Demo scenarios, Provider view) and what runs inside it: loading the
// support report, the scenarios and the provider's records, copying and saving the report,
// opening the provider's contact, and the connection checks (doctor) with their progress events.

import { demoPanel, providerPanel, supportPanel } from '../panels.js';
import {
  doctorSummary,
  failedDoctorState,
  finishedDoctorState,
  normaliseCheck,
  progressAnnouncement,
  startedDoctorState,
  withCheck,
} from '../doctor.js';
import { errorText } from './error-text.js';

/** The scenarios from `demo_scenarios`, with a title and description for each. */
function readScenarios(list) {
  return Array.isArray(list)
    ? list
        .filter((s) => s && typeof s.id === 'string')
        .map((s) => ({
          id: s.id,
          title: typeof s.title === 'string' ? s.title : s.id,
          description: typeof s.description === 'string' ? s.description : '',
        }))
    : [];
}

/**
 * Creates the panels. `invoke` / `listen` are Tauri IPC, `renderer` the DOM layer, `env` the
 * locale for dates; `getView()`, `getAppInfo()`, `getUi()` read the controller's state;
 * `copyWithFeedback(key, text)` copies with feedback (clipboard-feedback.js); `afterClose()` runs
 * once a panel closed (the controller moves focus to a new step's heading then).
 */
export function createPanels({
  invoke,
  listen,
  renderer,
  env,
  getView,
  getAppInfo,
  getUi,
  copyWithFeedback,
  afterClose,
}) {
  let panel = null; // { id, data }

  /** Re-renders the open panel (nothing when none is open). */
  function render() {
    const view = getView();
    if (!panel || !view) return;
    let model;
    if (panel.id === 'support') model = supportPanel(view, getAppInfo(), getUi(), panel.data);
    else if (panel.id === 'demo') model = demoPanel(view, panel.data);
    else model = providerPanel(view, panel.data, env);
    renderer.renderPanel(model);
  }

  function open(id) {
    panel = { id, data: {} };
    render();
    if (id === 'support') loadSupportReport();
    if (id === 'demo') loadScenarios();
    if (id === 'provider') loadProviderRows();
  }

  function close() {
    if (!panel) return;
    panel = null;
    renderer.renderPanel(null);
    afterClose();
  }

  const isOpen = (id) => Boolean(panel && panel.id === id);

  async function loadInto(id, command, onValue) {
    try {
      const value = await invoke(command);
      if (isOpen(id)) {
        onValue(value);
        panel.data.error = null;
        panel.data.reportError = null;
      }
    } catch (error) {
      if (isOpen(id)) {
        if (id === 'support') panel.data.reportError = errorText(error);
        else panel.data.error = errorText(error);
      }
    }
    render();
  }

  function loadSupportReport() {
    return loadInto('support', 'support_report', (text) => {
      panel.data.report = typeof text === 'string' ? text : '';
    });
  }

  function loadScenarios() {
    return loadInto('demo', 'demo_scenarios', (list) => {
      panel.data.scenarios = readScenarios(list);
    });
  }

  function loadProviderRows() {
    return loadInto('provider', 'provider_view', (rows) => {
      panel.data.rows = Array.isArray(rows) ? rows : [];
    });
  }

  async function copySupportReport() {
    if (!isOpen('support')) return false;
    const cached = panel.data.report;
    if (cached) {
      const ok = await copyWithFeedback('support-report', cached);
      loadSupportReport();
      return ok;
    }
    try {
      const text = await invoke('support_report');
      if (isOpen('support')) panel.data.report = typeof text === 'string' ? text : '';
      return copyWithFeedback('support-report', typeof text === 'string' ? text : '');
    } catch (error) {
      if (panel) panel.data.reportError = errorText(error);
      render();
      return false;
    }
  }

  /** Rust writes the report (Downloads, else home) and says where; the window shows the path. */
  async function saveSupportReport() {
    if (!isOpen('support') || panel.data.saving) return;
    const data = panel.data;
    data.saving = true;
    data.saved = null;
    data.reportError = null;
    render();
    try {
      const path = await invoke('save_support_report');
      data.saved = typeof path === 'string' && path ? path : 'the Downloads folder';
      renderer.announce(`Saved to ${data.saved}`);
    } catch (error) {
      data.reportError = errorText(error);
    }
    data.saving = false;
    render();
  }

  /** Rust opens the provider's support page or a mail to it; a refusal is shown with its reason. */
  async function openSupportContact() {
    if (!isOpen('support')) return;
    const data = panel.data;
    data.contact = { status: 'opening', message: null };
    render();
    try {
      await invoke('open_support');
      data.contact = { status: 'opened', message: null };
    } catch (error) {
      data.contact = { status: 'failed', message: errorText(error) };
    }
    render();
  }

  /**
   * Runs Rust's checks. Each `doctor://check` event fills in its row and is announced; the
   * resolved report is authoritative. The report text is reloaded afterwards (it includes the
   * checks).
   */
  async function runDoctor() {
    const ui = getUi();
    if (ui.doctor.status === 'running') return;
    ui.doctor = startedDoctorState();
    renderer.announce('Running the checks…');
    render();
    let stopListening = null;
    try {
      stopListening = await listen(getAppInfo().doctor_event, (event) => onDoctorCheck(event && event.payload));
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
    render();
    if (isOpen('support')) loadSupportReport();
  }

  function onDoctorCheck(raw) {
    const ui = getUi();
    const next = withCheck(ui.doctor, raw);
    if (next === ui.doctor) return;
    ui.doctor = next;
    const check = normaliseCheck(raw);
    const view = getView();
    renderer.announce(progressAnnouncement(ui.doctor, check, view ? view.provider.name : undefined));
    render();
  }

  return {
    render,
    open,
    close,
    /** The open panel's id, or null. */
    id: () => (panel ? panel.id : null),
    loadProviderRows,
    copySupportReport,
    saveSupportReport,
    openSupportContact,
    runDoctor,
    /** The loaded demo scenario with this id, or null. */
    scenario(id) {
      return panel && panel.data.scenarios ? panel.data.scenarios.find((s) => s.id === id) : null;
    },
    /** Shows `message` in the panel `id` when that one is open; false when it is not. */
    showError(id, message) {
      if (!isOpen(id)) return false;
      panel.data.error = message;
      render();
      return true;
    },
  };
}
