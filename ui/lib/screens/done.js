// The final screen: summary, receipt, the provider's support contact, and "Copy summary".

import { button, contactBlocks } from './common.js';
import { connectedAsLine, formatDate, formatDateTime } from '../format.js';

/** The summary rows (no secrets: identity, fingerprint, expiry, receipt). */
export function summaryRows(view, env = {}) {
  const rows = [];
  const identity = view.verification.identity;
  if (identity)
    rows.push({
      label: 'Account',
      value: connectedAsLine(identity).replace(/^Connected as /, ''),
      testid: 'summary-account',
    });
  const inspection = view.inspection;
  if (inspection && inspection.fingerprint)
    rows.push({ label: 'Credential fingerprint', value: inspection.fingerprint, mono: true });
  if (inspection) {
    rows.push({
      label: 'Expires',
      value: inspection.expires_at ? formatDate(inspection.expires_at, env) || inspection.expires_at : 'Never',
    });
  }
  rows.push({ label: 'Receipt', value: view.delivery.receipt_id || '—', testid: 'receipt-id', mono: true });
  const received = formatDateTime(view.delivery.received_at, env);
  if (received) rows.push({ label: 'Received', value: received });
  if (view.session_id) rows.push({ label: 'Session ID', value: view.session_id, mono: true });
  return rows;
}

export function doneScreen(view, ui, env = {}) {
  const name = view.provider.name;
  const copied = Boolean(ui.copied && ui.copied.summary);
  const failed = Boolean(ui.copyFailed && ui.copyFailed.summary);
  const blocks = [
    {
      type: 'status',
      key: 'status',
      testid: 'done-status',
      tone: 'ok',
      text: `Your RingCentral account is connected to ${name}.`,
    },
    { type: 'facts', key: 'summary', testid: 'summary', items: summaryRows(view, env) },
    {
      type: 'buttons',
      key: 'copy',
      buttons: [button('copy-summary', copied ? 'Summary copied' : 'Copy summary', { type: 'copy_summary' })],
    },
  ];
  if (failed)
    blocks.push({
      type: 'notice',
      key: 'copy-failed',
      tone: 'warning',
      text: 'Could not use the clipboard. Select the summary above and copy it by hand.',
    });
  blocks.push(
    {
      type: 'text',
      key: 'keep',
      style: 'muted',
      text: 'Keep the receipt: it is how you and the provider refer to this connection. The summary contains no secrets.',
    },
    { type: 'heading', key: 'contact-heading', text: `Questions? Contact ${name}` },
    ...contactBlocks(view.provider, ui, 'done-contact'),
    { type: 'text', key: 'close', text: 'You can close this window now.' },
  );
  return { title: `${name} is connected`, blocks, nav: { back: null, next: null }, announce: `${name} is connected.` };
}
