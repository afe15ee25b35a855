// Step 6, Send: what will be sent, then progress, the receipt, the durable "we will keep trying"
// state while the intake is unreachable, or the refusal with its fix.

import { backTo, button, contactBlocks, errorBlock } from './common.js';
import { connectedAsLine, formatDateTime } from '../format.js';

export function sendScreen(view, ui, env = {}) {
  const name = view.provider.name;
  const d = view.delivery;
  const busy = Boolean(ui.busy);

  if (d.status === 'sending') {
    const text = `Sending the encrypted credential to ${name}…`;
    return {
      title: `Sending to ${name}`,
      blocks: [{ type: 'status', key: 'status', testid: 'send-status', tone: 'progress', text }],
      nav: { back: null, next: null },
      announce: text,
    };
  }

  if (d.status === 'delivered') {
    const text = `${name} received the credential.`;
    const facts = [{ label: 'Receipt', value: d.receipt_id || '—', testid: 'receipt-id', mono: true }];
    const when = formatDateTime(d.received_at, env);
    if (when) facts.push({ label: 'Received', value: when });
    return {
      title: 'Delivered',
      blocks: [
        { type: 'status', key: 'status', testid: 'send-status', tone: 'ok', text },
        { type: 'facts', key: 'receipt', items: facts },
      ],
      nav: { back: null, next: button('next', 'Finish', { type: 'go', step: 'done' }, { variant: 'primary', busy }) },
      announce: text,
    };
  }

  if (d.status === 'queued') {
    const text = 'Saved securely; we will keep trying';
    const facts = [{ label: 'Attempts so far', value: String(d.attempts), testid: 'send-attempts' }];
    const next = formatDateTime(d.next_attempt_at, env);
    if (next) facts.push({ label: 'Next attempt', value: next, testid: 'send-next-attempt' });
    const blocks = [
      { type: 'status', key: 'status', testid: 'send-status', tone: 'warning', text },
      {
        type: 'text',
        key: 'explain',
        text: `${name} could not be reached just now. The credential is kept encrypted on this computer and sent automatically. You can close this window: the next time you open rc-onboard it carries on.`,
      },
      { type: 'facts', key: 'retry', items: facts },
    ];
    if (d.error && d.error.kind !== 'intake_unavailable' && d.error.message) {
      blocks.push({ type: 'text', key: 'reason', style: 'muted', text: d.error.message });
    }
    blocks.push({
      type: 'buttons',
      key: 'retry-now',
      buttons: [
        button('send-retry', 'Try now', { type: 'send' }, { variant: 'primary', busy }),
        button('error-support', 'Get help', { type: 'support_open' }),
      ],
    });
    return { title: 'Waiting to send', blocks, nav: { back: null, next: null }, announce: text };
  }

  if (d.status === 'refused' && d.error) {
    const blocks = [errorBlock(d.error, { phase: 'send', provider: view.provider, ui })];
    if (blocks[0].fixStep === 'contact_provider') blocks.push(...contactBlocks(view.provider, ui, 'send-contact'));
    return {
      title: 'The credential was not delivered',
      blocks,
      nav: { back: backTo('verify', ui), next: null },
      announce: null,
    };
  }

  // idle: say what will be sent, then Send.
  const items = [
    `The credential, encrypted so that only ${name} can read it.`,
    `Which account it belongs to (${connectedAsLine(view.verification.identity).replace(/^Connected as /, '')}), so ${name} can match it to you.`,
  ];
  if (view.inspection && view.inspection.fingerprint) {
    items.push(
      `Its fingerprint, ${view.inspection.fingerprint}, so you and ${name} can refer to it without the credential itself.`,
    );
  }
  return {
    title: `Send the credential to ${name}`,
    blocks: [
      { type: 'text', key: 'intro', style: 'lead', text: `One last step. This sends to ${name}:` },
      { type: 'list', key: 'what', ordered: false, items },
      {
        type: 'buttons',
        key: 'send',
        buttons: [button('send-start', `Send to ${name}`, { type: 'send' }, { variant: 'primary', busy })],
      },
    ],
    nav: { back: backTo('verify', ui), next: null },
    announce: null,
  };
}
