// Building blocks shared by the screen presenters: buttons, copy rows, the provider contact, the
// error block. Everything returned is plain data (a "screen model"); dom.js turns it into elements.

import { failureDetails, failureTitle, fixFor } from '../fixes.js';

/**
 * A button: `{ testid, label, action, variant, enabled }`. With `waiting`, the button stays
 * focusable but does nothing (`aria-disabled`), so the keyboard focus is not lost while it waits.
 */
export function button(
  testid,
  label,
  action,
  { variant = 'secondary', enabled = true, busy = false, waiting = false } = {},
) {
  const model = { testid, label, action, variant, enabled: enabled && !busy };
  if (waiting) model.waiting = true;
  return model;
}

/** The Back button to `step`. */
export function backTo(step, ui) {
  return button('back', 'Back', { type: 'go', step }, { busy: Boolean(ui.busy) });
}

/** The Next button to `step` (primary). */
export function nextTo(step, ui, { label = 'Next', enabled = true } = {}) {
  return button('next', label, { type: 'go', step }, { variant: 'primary', enabled, busy: Boolean(ui.busy) });
}

/**
 * A value the person copies elsewhere: shown as selectable text with a Copy button whose label
 * confirms the copy (or says to copy by hand when the clipboard refused).
 */
export function copyRow({ key, label, value, testid, copyTestid, large = false, ui }) {
  const copied = Boolean(ui.copied && ui.copied[key]);
  const failed = Boolean(ui.copyFailed && ui.copyFailed[key]);
  return {
    type: 'copy',
    key: `copy-${key}`,
    label,
    value,
    testid,
    large,
    button: button(copyTestid, copied ? 'Copied' : 'Copy', { type: 'copy', key, text: value }),
    note: failed ? 'Could not use the clipboard: select the text and press Ctrl+C (⌘C on a Mac).' : '',
  };
}

/** Rows for the provider's support email and web page, or a sentence when there is neither. */
export function contactBlocks(provider, ui, keyPrefix = 'contact') {
  const blocks = [];
  if (provider.support_email) {
    blocks.push(
      copyRow({
        key: `${keyPrefix}-email`,
        label: `${provider.name} support email`,
        value: provider.support_email,
        testid: `${keyPrefix}-email`,
        copyTestid: `copy-${keyPrefix}-email`,
        ui,
      }),
    );
  }
  if (provider.support_url) {
    blocks.push(
      copyRow({
        key: `${keyPrefix}-url`,
        label: `${provider.name} support page`,
        value: provider.support_url,
        testid: `${keyPrefix}-url`,
        copyTestid: `copy-${keyPrefix}-url`,
        ui,
      }),
    );
  }
  if (blocks.length === 0) {
    blocks.push({
      type: 'text',
      key: `${keyPrefix}-none`,
      style: 'muted',
      text: `Contact ${provider.name} the way you usually do, and mention the session ID.`,
    });
  }
  return blocks;
}

/**
 * The failure block: the kind's message (announced as an alert), the RingCentral details folded
 * under "Details", exactly one primary button to the step that fixes it, and a Help button.
 */
export function errorBlock(failure, { phase, provider, ui }) {
  const fix = fixFor(failure, { phase, providerName: provider.name });
  const counting = fix.fixStep === 'wait_retry' && Number.isFinite(ui.countdown) && ui.countdown > 0;
  return {
    type: 'error',
    key: `error-${phase}-${failure.kind}`,
    testid: 'error-message',
    title: failureTitle(failure, { phase, providerName: provider.name }),
    kind: failure.kind,
    fixStep: fix.fixStep,
    // Waiting or trying again is a hitch, not a refusal: shown in the warning colours.
    tone: fix.fixStep === 'wait_retry' || fix.fixStep === 'retry' ? 'warning' : 'error',
    message: failure.message,
    hint: fix.hint,
    details: failureDetails(failure),
    fix: button('fix-button', fix.label, fix.action, {
      variant: 'primary',
      enabled: !counting,
      busy: Boolean(ui.busy),
    }),
    // When the fix already is "contact the provider", a second Help button would say the same.
    help: fix.fixStep === 'contact_provider' ? null : button('error-support', 'Get help', { type: 'support_open' }),
  };
}

/**
 * The countdown shown while waiting out a rate limit; `automatic` is false when the window no
 * longer retries by itself (the customer does, when it ends).
 */
export function countdownBlock(seconds, automatic = true) {
  const whole = Math.max(0, Math.ceil(seconds));
  return {
    type: 'countdown',
    key: 'countdown',
    testid: 'countdown',
    seconds: whole,
    text: automatic ? `Trying again automatically in ${whole} s` : `You can try again in ${whole} s`,
  };
}

/** A notice for a command Rust refused (e.g. a step whose prerequisites are missing). */
export function commandErrorBlock(ui) {
  if (!ui.commandError) return null;
  return {
    type: 'notice',
    key: 'command-error',
    testid: 'command-error',
    tone: 'error',
    role: 'alert',
    text: ui.commandError,
  };
}

/**
 * When the console link could not be opened (no browser): Rust's message, then the link as text
 * with a Copy button right under it, so the person can open it by hand.
 */
export function consoleOpenErrorBlocks(view, ui) {
  if (!ui.consoleError) return [];
  return [
    {
      type: 'notice',
      key: 'console-open-error',
      testid: 'console-open-error',
      tone: 'error',
      role: 'alert',
      text: ui.consoleError,
    },
    copyRow({
      key: 'console-url',
      label: 'Console link',
      value: view.console_url,
      testid: 'console-url',
      copyTestid: 'copy-console-url',
      ui,
    }),
  ];
}

/** The sentences of the clipboard offer after a paste. */
export const CLIPBOARD_TEXT = Object.freeze({
  offer:
    'The credential you pasted may still be on the clipboard, where other apps can read it. Clear it now that this app has it.',
  cleared: 'Clipboard cleared.',
  failed:
    'Could not clear the clipboard. Copy some other text (a word from this page will do) so the credential is no longer on it.',
});

/**
 * The offer to clear the clipboard once the pasted credential went to Rust (`ui.clipboard`:
 * offered | clearing | cleared | failed), or null.
 */
export function clipboardBlock(ui) {
  const state = ui.clipboard;
  if (!state) return null;
  // Once cleared the button stays (as "Clear again"), so the keyboard focus is not lost.
  const cleared = state === 'cleared';
  let label = 'Clear the clipboard';
  if (cleared) label = 'Clear again';
  else if (state === 'failed') label = 'Try again';
  let status = null;
  if (cleared) status = { testid: 'clipboard-status', text: CLIPBOARD_TEXT.cleared };
  else if (state === 'failed') status = { testid: 'clipboard-status', text: CLIPBOARD_TEXT.failed };
  return {
    type: 'offer',
    key: 'clipboard',
    testid: 'clipboard-offer',
    tone: cleared ? 'ok' : state === 'failed' ? 'warning' : 'info',
    text: cleared ? null : CLIPBOARD_TEXT.offer,
    status,
    button: button('clear-clipboard', label, { type: 'clear_clipboard' }, { waiting: state === 'clearing' }),
  };
}
