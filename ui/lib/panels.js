// Presenters for the panels over the wizard: Support (reachable from every screen and every
// error: connection checks, the support report, the provider's contact), Demo scenarios and
// Provider view (demo mode only). Pure: state in, panel model out.

import { button, contactBlocks } from './screens/common.js';
import { doctorRows, doctorSummary, initialDoctorState, progressText } from './doctor.js';
import { formatDateTime } from './format.js';
import { RAIL_STEPS } from './steps.js';

function stepName(step) {
  const entry = RAIL_STEPS.find((s) => s.id === step);
  return entry ? entry.name : step === 'done' ? 'Finished' : step;
}

/** The most recent failure in the view, if any (verification first, then delivery). */
export function currentFailure(view) {
  if (view.delivery.error && (view.delivery.status === 'refused' || view.delivery.status === 'queued'))
    return view.delivery.error;
  if (view.verification.status === 'failed' && view.verification.error) return view.verification.error;
  return null;
}

/** The "Run checks" section of the Support panel, from the doctor state in `ui.doctor`. */
export function doctorBlocks(view, ui) {
  const state = ui.doctor || initialDoctorState();
  const running = state.status === 'running';
  const ran = state.status === 'done' || state.status === 'failed';
  const blocks = [
    { type: 'heading', key: 'doctor-heading', text: 'Check the connection' },
    {
      type: 'text',
      key: 'doctor-intro',
      style: 'muted',
      text: `Checks ${view.provider.name}'s profile, the connections to RingCentral and to ${view.provider.name}, this computer's clock and its secure storage. Nothing secret is sent.`,
    },
    {
      type: 'buttons',
      key: 'doctor-run',
      buttons: [
        button(
          'doctor-run',
          running ? 'Checking…' : ran ? 'Run checks again' : 'Run checks',
          { type: 'doctor_run' },
          { waiting: running },
        ),
      ],
    },
  ];
  if (running) {
    blocks.push({
      type: 'status',
      key: 'doctor-summary',
      testid: 'doctor-summary',
      tone: 'progress',
      text: progressText(state),
    });
  } else {
    const summary = doctorSummary(state);
    if (summary) {
      blocks.push({
        type: 'status',
        key: 'doctor-summary',
        testid: 'doctor-summary',
        tone: summary.tone,
        text: summary.text,
      });
    }
  }
  if (running || state.status === 'done' || Object.keys(state.checks).length > 0) {
    blocks.push({
      type: 'checks',
      key: 'doctor-checks',
      testid: 'doctor-checks',
      caption: 'Connection checks',
      items: doctorRows(state, view.provider.name),
    });
  }
  return blocks;
}

/** The provider's support contact: a button that makes Rust open it, and what came of that. */
function contactOpenBlocks(view, panel) {
  const { provider } = view;
  if (!provider.support_url && !provider.support_email) return [];
  const contact = panel.contact || { status: 'idle', message: null };
  const label = provider.support_url ? `Open ${provider.name}'s support page` : `Email ${provider.name} support`;
  const blocks = [
    {
      type: 'buttons',
      key: 'contact-open',
      buttons: [
        button('support-contact-open', label, { type: 'support_contact' }, { waiting: contact.status === 'opening' }),
      ],
    },
  ];
  if (contact.status === 'opened') {
    blocks.push({
      type: 'notice',
      key: 'contact-opened',
      testid: 'support-contact-opened',
      tone: 'ok',
      role: 'status',
      text: provider.support_url
        ? 'Opened in your browser. If nothing appeared, copy the address below.'
        : 'Opened in your mail app. If nothing appeared, copy the address below.',
    });
  } else if (contact.status === 'failed') {
    blocks.push({
      type: 'notice',
      key: 'contact-error',
      testid: 'support-contact-error',
      tone: 'error',
      role: 'alert',
      text: `${contact.message} Copy the address below instead.`,
    });
  }
  return blocks;
}

/**
 * The Support panel. `panel` holds what the panel loaded and did:
 * `{ report, reportError, saving, saved, contact }`; `ui.doctor` holds the checks.
 */
export function supportPanel(view, appInfo, ui, panel = {}) {
  const name = view.provider.name;
  const copied = Boolean(ui.copied && ui.copied['support-report']);
  const failed = Boolean(ui.copyFailed && ui.copyFailed['support-report']);
  const facts = [
    { label: 'Session ID', value: view.session_id || '—', testid: 'support-session-id', mono: true },
    { label: 'Current step', value: stepName(view.step) },
  ];
  if (appInfo && appInfo.version) facts.push({ label: 'App version', value: appInfo.version });
  const failure = currentFailure(view);
  if (failure) {
    facts.push({ label: 'Last error', value: failure.kind, testid: 'support-error-kind', mono: true });
    if (failure.ringcentral && failure.ringcentral.request_id) {
      facts.push({ label: 'RingCentral request ID', value: failure.ringcentral.request_id, mono: true });
    }
  }
  const blocks = [
    {
      type: 'text',
      key: 'intro',
      text: `If something does not work, send the support report to ${name}. It lists each step, error kinds, RingCentral request IDs and the results of the checks. It never contains your credential or onboarding code.`,
    },
    { type: 'facts', key: 'facts', testid: 'support-facts', items: facts },
    ...doctorBlocks(view, ui),
    { type: 'heading', key: 'report-heading', text: 'Support report' },
    {
      type: 'buttons',
      key: 'report',
      buttons: [
        button(
          'support-report-copy',
          copied ? 'Report copied' : 'Copy support report',
          { type: 'support_copy' },
          { variant: 'primary' },
        ),
        button(
          'support-report-save',
          panel.saving ? 'Saving…' : 'Save support report',
          { type: 'support_save' },
          { waiting: Boolean(panel.saving) },
        ),
      ],
    },
  ];
  if (failed)
    blocks.push({
      type: 'notice',
      key: 'copy-failed',
      tone: 'warning',
      text: 'Could not use the clipboard. Open "Show the report" below and copy it by hand.',
    });
  if (panel.saved)
    blocks.push({
      type: 'notice',
      key: 'saved',
      testid: 'support-report-saved',
      tone: 'ok',
      role: 'status',
      text: `Saved to ${panel.saved}`,
    });
  if (panel.reportError)
    blocks.push({ type: 'notice', key: 'report-error', tone: 'error', role: 'alert', text: panel.reportError });
  blocks.push({
    type: 'details',
    key: 'report-text',
    testid: 'support-report-text',
    summary: 'Show the report',
    text: panel.report || 'Loading…',
  });
  blocks.push(
    { type: 'heading', key: 'contact-heading', text: `Contact ${name}` },
    ...contactOpenBlocks(view, panel),
    ...contactBlocks(view.provider, ui, 'support'),
  );
  return { id: 'support', testid: 'support-panel', title: 'Help and support', blocks };
}

/** The Demo scenarios panel. `panel` = `{ scenarios, error }`. */
export function demoPanel(view, panel = {}) {
  const blocks = [
    {
      type: 'text',
      key: 'intro',
      text: 'Each scenario drives the real flow against the built-in RingCentral simulator and intake server. Choosing one resets the wizard and puts a ready-made credential in place, so no browser is needed.',
    },
  ];
  if (panel.error) blocks.push({ type: 'notice', key: 'error', tone: 'error', role: 'alert', text: panel.error });
  if (!panel.scenarios) {
    blocks.push({ type: 'text', key: 'loading', style: 'muted', text: 'Loading scenarios…' });
  } else if (panel.scenarios.length === 0) {
    blocks.push({ type: 'text', key: 'none', style: 'muted', text: 'No scenarios are available.' });
  } else {
    blocks.push({
      type: 'choices',
      key: 'scenarios',
      testid: 'demo-scenarios',
      items: panel.scenarios.map((scenario) => ({
        title: scenario.title,
        description: scenario.description,
        button: button(`demo-scenario-${scenario.id}`, scenario.title, { type: 'demo_apply', id: scenario.id }),
      })),
    });
  }
  return { id: 'demo', testid: 'demo-panel', title: 'Demo scenarios', blocks };
}

/** The facts shown for each submission in the Provider view, in order. */
export const PROVIDER_VIEW_FIELDS = Object.freeze([
  Object.freeze({ key: 'receipt_id', label: 'Receipt', testid: 'provider-receipt-id' }),
  Object.freeze({ key: 'submission_id', label: 'Submission' }),
  Object.freeze({ key: 'received_at', label: 'Received' }),
  Object.freeze({ key: 'key_id', label: 'Sealed with key' }),
  Object.freeze({ key: 'account', label: 'Account / extension' }),
  Object.freeze({ key: 'fingerprint', label: 'Credential fingerprint', testid: 'provider-fingerprint' }),
]);

/** One record per submission; only the listed facts are read, so a JWT could never show. */
export function providerRows(rows, env = {}) {
  if (!Array.isArray(rows)) return [];
  const text = (value) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');
  return rows
    .filter((row) => row && typeof row === 'object')
    .map((row) => ({
      receipt_id: text(row.receipt_id),
      submission_id: text(row.submission_id),
      received_at: formatDateTime(row.received_at, env) || text(row.received_at),
      key_id: text(row.key_id),
      account: [text(row.account_id), text(row.extension_id)].filter(Boolean).join(' / '),
      fingerprint: text(row.fingerprint),
    }));
}

/** The Provider view panel. `panel` = `{ rows, error }`. */
export function providerPanel(view, panel = {}, env = {}) {
  const name = view.provider.name;
  const blocks = [
    {
      type: 'text',
      key: 'intro',
      text: `What ${name}'s intake server received and stored: metadata and the credential's fingerprint. The credential itself stays sealed and is never shown here.`,
    },
  ];
  if (panel.error) blocks.push({ type: 'notice', key: 'error', tone: 'error', role: 'alert', text: panel.error });
  const rows = panel.rows ? providerRows(panel.rows, env) : [];
  blocks.push({
    type: 'records',
    key: 'rows',
    testid: 'provider-view-rows',
    caption: 'Submissions received',
    items: rows.map((row, index) => ({
      title: `Submission ${index + 1}`,
      facts: PROVIDER_VIEW_FIELDS.map((field) => ({
        label: field.label,
        value: row[field.key] || '—',
        testid: field.testid,
        mono: field.key !== 'received_at',
      })),
    })),
    empty: panel.rows ? `Nothing received yet. Finish the wizard to see what ${name} stores.` : 'Loading…',
  });
  blocks.push({
    type: 'buttons',
    key: 'refresh',
    buttons: [button('provider-view-refresh', 'Refresh', { type: 'provider_view_refresh' })],
  });
  return { id: 'provider', testid: 'provider-view', title: 'Provider view', blocks };
}
