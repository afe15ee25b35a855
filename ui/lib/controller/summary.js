// The Done screen's summary for "Copy summary": fetched from Rust (`summary_text`) as soon as Done
// shows, so the copy can run inside the click; fetched again on the click when that failed.

/**
 * Creates the summary copy. `invoke` calls Rust, `copyWithFeedback(key, text)` copies with the
 * button's feedback (clipboard-feedback.js), `showError(message)` shows a refused command.
 */
export function createSummaryCopy({ invoke, copyWithFeedback, showError }) {
  let cached = null; // null: not fetched for this Done screen; '': fetching or failed

  /** Fetches the summary once per Done screen. */
  function prefetch() {
    if (cached !== null) return;
    cached = '';
    invoke('summary_text').then(
      (text) => {
        cached = typeof text === 'string' ? text : '';
      },
      () => {
        cached = ''; // fetched again on the click
      },
    );
  }

  /** Copies the summary, fetching it first when the prefetch did not bring it. */
  async function copySummary() {
    if (cached) return copyWithFeedback('summary', cached);
    try {
      const text = await invoke('summary_text');
      cached = typeof text === 'string' ? text : '';
      return copyWithFeedback('summary', cached);
    } catch (error) {
      showError(error);
      return false;
    }
  }

  return {
    prefetch,
    copy: copySummary,
    /** Forgets the summary (the window left Done). */
    forget() {
      cached = null;
    },
  };
}
