// Focus across re-renders: remembers which element (by data-testid, with its text selection) had
// focus before a render and focuses its successor afterwards; a successor that is disabled for now
// (a busy button) gets focus once it is enabled. Also the two deliberate moves: to the step's
// heading and into a field.

import { CHROME_IDS } from './chrome-ids.js';
import { contains, findByTestid, testidOf } from './elements.js';

/** Creates the focus keeper over `doc`; one keeper serves the screen and the panel. */
export function createFocusKeeper(doc) {
  let wantFocus = null; // data-testid to refocus after a re-render replaced it

  /** What has focus inside `root` before a render: `{ testid, selection }`, or null. */
  function remember(root) {
    const active = doc.activeElement;
    if (!active || !contains(root, active)) return null;
    const testid = testidOf(active);
    const selection = typeof active.selectionStart === 'number' ? [active.selectionStart, active.selectionEnd] : null;
    return testid ? { testid, selection } : null;
  }

  /**
   * After a re-render: when the focused element was replaced, focus its successor (same
   * data-testid). A successor that is disabled for now (a busy button) gets focus once enabled.
   */
  function restore(root, remembered) {
    const active = doc.activeElement;
    const focusLost = !active || active === doc.body || !contains(doc.body, active);
    if (!focusLost) {
      if (!remembered) wantFocus = null;
      return;
    }
    const target = remembered || (wantFocus ? { testid: wantFocus, selection: null } : null);
    if (!target) return;
    wantFocus = tryFocus(root, target) ? null : target.testid;
  }

  return {
    remember,
    restore,
    /** Drops a pending successor (the step changed). */
    forget() {
      wantFocus = null;
    },
  };
}

/** Focuses the element with `target.testid` under `root` and restores its selection; false if it cannot. */
export function tryFocus(root, target) {
  const node = findByTestid(root, target.testid);
  if (!node || node.disabled || typeof node.focus !== 'function') return false;
  node.focus();
  if (target.selection && typeof node.setSelectionRange === 'function') {
    try {
      node.setSelectionRange(target.selection[0], target.selection[1]);
    } catch {
      // some input types do not support selection
    }
  }
  return true;
}

/** Moves focus to the step's heading (the h1). */
export function focusHeading(doc) {
  const title = doc.getElementById(CHROME_IDS.title);
  if (title && typeof title.focus === 'function') title.focus();
}

/** Moves focus into a field of the screen (`fields` from fields.js), when the screen has it. */
export function focusField(fields, field) {
  const input = fields.get(field);
  if (input) input.focus();
}
