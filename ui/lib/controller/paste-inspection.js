// The paste field's local inspection: every keystroke updates `ui.paste` at once; once typing
// pauses for the debounce delay, Rust inspects the text (`inspect_paste`) and the answer for the
// latest text (never an older one) is shown.

import { normaliseInspection } from '../normalise.js';
import { errorText } from './error-text.js';

/** Delay between the last keystroke in the paste field and the local inspection. */
export const INSPECT_DEBOUNCE_MS = 250;

/** The paste field's state with nothing typed. */
function emptyPaste() {
  return { hasText: false, visible: false, inspection: null, pending: false, error: null };
}

/**
 * Creates the inspection. `invoke` calls Rust, `clock` gives timers, `getUi()` the window state
 * (`ui.paste`), `render()` re-renders, `debounceMs` is the pause that triggers the inspection.
 */
export function createPasteInspection({ invoke, clock, getUi, render, debounceMs = INSPECT_DEBOUNCE_MS }) {
  let timer = null;
  let seq = 0; // answers for an older text than the latest are dropped

  function cancelPending() {
    seq += 1;
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  }

  /** Handles typing in the paste field. */
  function input(value) {
    const text = typeof value === 'string' ? value : '';
    cancelPending();
    const current = seq;
    const hasText = text.length > 0;
    const ui = getUi();
    ui.paste = { ...ui.paste, hasText, pending: hasText, inspection: null, error: null };
    render();
    if (!hasText) return;
    timer = clock.setTimeout(() => {
      timer = null;
      invoke('inspect_paste', { text }).then(
        (result) => {
          if (current !== seq) return;
          getUi().paste = { ...getUi().paste, pending: false, inspection: normaliseInspection(result) };
          render();
        },
        (error) => {
          if (current !== seq) return;
          getUi().paste = { ...getUi().paste, pending: false, inspection: null, error: errorText(error) };
          render();
        },
      );
    }, debounceMs);
  }

  return {
    input,
    /** Empties the paste state and drops any inspection still on its way. */
    clear() {
      cancelPending();
      getUi().paste = emptyPaste();
    },
    /** Cancels a pending inspection (window teardown). */
    stop() {
      if (timer !== null) clock.clearTimeout(timer);
    },
  };
}
