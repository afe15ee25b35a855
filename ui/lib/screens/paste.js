// Step 4, Paste: the masked field with Show/Hide, the debounced local inspection's message, and
// Continue, which hands the value to Rust (the field is cleared at once and never refilled).

import { backTo, button } from './common.js';
import { pasteFixFor } from '../fixes.js';
import { formatDate } from '../format.js';

/** ok / warning / error for an inspection result. */
export function inspectionTone(inspection) {
  if (!inspection) return null;
  if (!inspection.ok) return 'error';
  return inspection.warning ? 'warning' : 'ok';
}

/**
 * Whether Continue is enabled: something typed whose inspection is ok or still pending, or
 * nothing typed while Rust already holds a credential.
 */
export function canContinue(view, paste) {
  if (paste.hasText) return paste.pending || Boolean(paste.inspection && paste.inspection.ok);
  return view.credential_held;
}

export function pasteScreen(view, ui, env = {}) {
  const name = view.provider.name;
  const paste = ui.paste;
  const blocks = [
    {
      type: 'text',
      key: 'intro',
      style: 'lead',
      text: 'Paste the JWT credential you just copied from the console. It is a long text that starts with "eyJ".',
    },
  ];
  if (view.credential_held && !paste.hasText) {
    const facts = [];
    if (view.inspection && view.inspection.fingerprint) facts.push(`fingerprint ${view.inspection.fingerprint}`);
    if (view.inspection && view.inspection.expires_at) {
      facts.push(`expires ${formatDate(view.inspection.expires_at, env) || view.inspection.expires_at}`);
    }
    blocks.push({
      type: 'notice',
      key: 'held',
      testid: 'credential-held',
      tone: 'info',
      text: `We already have the credential you pasted${facts.length ? ` (${facts.join(', ')})` : ''}. Continue to check it, or paste a different one to replace it.`,
    });
  }
  let message = null;
  // What the message is about: the typed text once checked, else the credential Rust was handed
  // (a demo preset or Continue before the check finished) and refused.
  let judged = null;
  if (paste.hasText && paste.inspection && !paste.pending) {
    judged = paste.inspection;
  } else if (paste.hasText && paste.pending) {
    message = { tone: 'info', text: 'Checking…' };
  } else if (paste.error) {
    message = { tone: 'error', text: paste.error };
  } else if (!paste.hasText && !view.credential_held && view.inspection && !view.inspection.ok) {
    judged = view.inspection;
  }
  if (judged) message = { tone: inspectionTone(judged), text: judged.message };
  blocks.push({
    type: 'paste',
    key: 'paste-field',
    field: 'paste',
    testid: 'paste-input',
    label: 'JWT credential',
    hint: 'It stays hidden unless you choose Show.',
    visible: Boolean(paste.visible),
    toggle: button('paste-toggle', paste.visible ? 'Hide' : 'Show', { type: 'toggle_paste' }),
    message: message ? { ...message, testid: 'paste-message' } : null,
    submitAction: { type: 'submit_credential' },
  });
  const fix = pasteFixFor(judged);
  if (fix) {
    blocks.push({
      type: 'buttons',
      key: 'paste-fix',
      buttons: [button('fix-button', fix.label, fix.action, { variant: 'primary', busy: Boolean(ui.busy) })],
    });
  }
  blocks.push({
    type: 'text',
    key: 'privacy',
    style: 'muted',
    text: `The credential goes only to this app's secure core, which sends it to ${name} encrypted. It is cleared from this field when you continue and is never shown again.`,
  });
  if (ui.demoHint)
    blocks.push({ type: 'notice', key: 'demo-hint', testid: 'demo-hint', tone: 'info', text: ui.demoHint });

  const enabled = canContinue(view, paste) && !ui.busy;
  return {
    title: 'Paste the credential',
    blocks,
    nav: {
      back: backTo('restrict', ui),
      next: button('submit-credential', 'Continue', { type: 'submit_credential' }, { variant: 'primary', enabled }),
    },
    announce: message && message.tone !== 'info' ? message.text : null,
  };
}
