// Copy buttons and the clipboard clear offer: copies a text and shows "Copied" on that button for
// a while (or that copying failed), announces the outcome, and empties the clipboard on request
// with the offer's state (clearing, cleared, failed) in `ui.clipboard`.

import { CLIPBOARD_TEXT } from '../screens/common.js';

/** How long a Copy button says "Copied". */
export const COPIED_FEEDBACK_MS = 2000;

/**
 * Creates the copy feedback. `copy(text)` / `clearClipboard()` resolve true on success (see
 * clipboard.js), `clock` gives timers, `getUi()` the window state, `render()` re-renders,
 * `announce(text)` feeds the live region and `announcedByHand()` tells the controller the live
 * region no longer holds the screen's announcement.
 */
export function createClipboardFeedback({ copy, clearClipboard, clock, getUi, render, announce, announcedByHand }) {
  const feedbackTimers = new Map();

  /** Copies `text` and marks the button `key` copied (or failed); resolves whether it worked. */
  async function copyWithFeedback(key, text) {
    const ok = await copy(text);
    const ui = getUi();
    ui.copied = { ...ui.copied, [key]: ok };
    ui.copyFailed = { ...ui.copyFailed, [key]: !ok };
    render();
    announce(ok ? 'Copied to the clipboard.' : 'Could not copy. Select the text and copy it by hand.');
    announcedByHand();
    if (feedbackTimers.has(key)) clock.clearTimeout(feedbackTimers.get(key));
    if (ok) {
      feedbackTimers.set(
        key,
        clock.setTimeout(() => {
          feedbackTimers.delete(key);
          getUi().copied = { ...getUi().copied, [key]: false };
          render();
        }, COPIED_FEEDBACK_MS),
      );
    }
    return ok;
  }

  /** Empties the clipboard; `clearClipboard` runs before anything else, inside the click. */
  function clearClipboardNow() {
    const ui = getUi();
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
        if (getUi().clipboard !== 'clearing') return ok;
        getUi().clipboard = ok ? 'cleared' : 'failed';
        render();
        announce(ok ? CLIPBOARD_TEXT.cleared : CLIPBOARD_TEXT.failed);
        return ok;
      });
  }

  /** Cancels the pending "Copied" resets (window teardown). */
  function stop() {
    for (const timer of feedbackTimers.values()) clock.clearTimeout(timer);
    feedbackTimers.clear();
  }

  return { copyWithFeedback, clearClipboardNow, stop };
}
