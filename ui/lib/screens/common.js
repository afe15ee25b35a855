// Building blocks shared by the screen presenters: buttons, copy rows, the provider contact, the
// error block. Everything returned is plain data (a "screen model"); dom.js turns it into elements.

import { failureDetails, failureTitle, fixFor } from '../fixes.js';

/** A button: `{ testid, label, action, variant, enabled }`. */
export function button(testid, label, action, { variant = 'secondary', enabled = true, busy = false } = {}) {
  return { testid, label, action, variant, enabled: enabled && !busy };
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

/** The countdown shown while waiting out a rate limit. */
export function countdownBlock(seconds) {
  const whole = Math.max(0, Math.ceil(seconds));
  return {
    type: 'countdown',
    key: 'countdown',
    testid: 'countdown',
    seconds: whole,
    text: `Trying again automatically in ${whole} s`,
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
