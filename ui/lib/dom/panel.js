// The modal panel (Support, Demo scenarios, Provider view): renders a panel model into the dialog
// with the reconciler, makes the page behind it inert, keeps Tab inside it, closes on Escape or
// Close, and gives focus back to the element that opened it.

import { CHROME_IDS } from './chrome-ids.js';
import { contains, removeChildren, setTestid, walk } from './elements.js';
import { focusHeading } from './focus.js';
import { reconcile } from './reconcile.js';

/** Parts of the page made inert while a panel is open. */
const BACKGROUND_SELECTORS = ['app-header', 'layout', 'app-footer', 'skip-link'];

/** The action Escape and the Close button send. */
const CLOSE_ACTION = Object.freeze({ type: 'panel_close' });

/**
 * Creates the panel over `doc` and wires its Close button, Escape and the Tab trap.
 * `itemsFor(blocks)` gives the reconciler's items for the model's blocks, `focus` is the shared
 * focus keeper (focus.js), `onAction` receives the close action.
 */
export function createPanel({ doc, itemsFor, focus, onAction }) {
  const byId = (id) => doc.getElementById(id);
  const cache = new Map();
  let open = false;
  let openId = null;
  let opener = null;

  function setBackgroundInert(inert) {
    for (const className of BACKGROUND_SELECTORS) {
      const node = doc.querySelector(`.${className}`);
      if (!node) continue;
      if (inert) node.setAttribute('inert', '');
      else node.removeAttribute('inert');
    }
  }

  function close() {
    if (!open) return;
    open = false;
    openId = null;
    byId(CHROME_IDS.panelHost).hidden = true;
    setBackgroundInert(false);
    cache.clear();
    removeChildren(byId(CHROME_IDS.panelBody));
    const previous = opener;
    opener = null;
    if (previous && contains(doc.body, previous) && typeof previous.focus === 'function' && !previous.disabled)
      previous.focus();
    else focusHeading(doc);
  }

  function focusClose() {
    const button = byId(CHROME_IDS.panelClose);
    if (button) button.focus();
  }

  /** Shows `model` (`{ id, title, testid, blocks }`), or closes the panel when it is null. */
  function render(model) {
    if (!model) {
      close();
      return;
    }
    const dialog = byId(CHROME_IDS.panel);
    const body = byId(CHROME_IDS.panelBody);
    const opening = !open || openId !== model.id;
    if (opening && !open) opener = doc.activeElement && doc.activeElement !== doc.body ? doc.activeElement : null;
    if (opening) cache.clear();
    open = true;
    openId = model.id;
    dialog.setAttribute('data-panel', model.id);
    byId(CHROME_IDS.panelTitle).textContent = model.title;
    const remembered = focus.remember(body);
    setTestid(body, model.testid);
    reconcile(body, cache, itemsFor(model.blocks));
    byId(CHROME_IDS.panelHost).hidden = false;
    setBackgroundInert(true);
    if (opening) {
      focusClose();
    } else {
      focus.restore(body, remembered);
      if (!contains(dialog, doc.activeElement)) focusClose();
    }
  }

  function trapTab(event) {
    const dialog = byId(CHROME_IDS.panel);
    const focusable = [];
    walk(dialog, (node) => {
      const tag = node.tagName;
      if (
        (tag === 'BUTTON' ||
          tag === 'SUMMARY' ||
          tag === 'A' ||
          tag === 'INPUT' ||
          (node.getAttribute && node.getAttribute('tabindex') === '0')) &&
        !node.disabled &&
        !node.hidden
      ) {
        focusable.push(node);
      }
    });
    if (focusable.length === 0) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && (doc.activeElement === first || !contains(dialog, doc.activeElement))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (doc.activeElement === last || !contains(dialog, doc.activeElement))) {
      event.preventDefault();
      first.focus();
    }
  }

  const closeButton = byId(CHROME_IDS.panelClose);
  if (closeButton) closeButton.addEventListener('click', () => onAction(CLOSE_ACTION));
  doc.addEventListener('keydown', (event) => {
    if (!open) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      onAction(CLOSE_ACTION);
    } else if (event.key === 'Tab') {
      trapTab(event);
    }
  });

  return {
    render,
    /** Whether a panel is open (the screen then leaves focus alone). */
    isOpen: () => open,
  };
}
