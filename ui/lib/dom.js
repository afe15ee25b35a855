// The DOM layer: renders the presenter's screen and panel models with createElement and
// textContent only (never HTML strings), keeps fields alive across re-renders, manages focus,
// the live region and the modal panel. It holds no flow logic: clicks become action descriptors
// passed to `onAction`, typing goes to `onInput`.
//
// This module composes the parts under dom/: elements.js (element helpers), fields.js (the kept
// inputs), blocks.js and illustration.js (block builders), reconcile.js (keyed re-rendering),
// focus.js, screen.js (the step area), chrome.js (header, rail, live region) and panel.js (the
// modal dialog). The stable data-testid values are listed and exported in dom/testids.js.

import { CHROME_IDS } from './dom/chrome-ids.js';
import { announce, renderChrome, showFatal, wireHeaderButtons } from './dom/chrome.js';
import { blockItems, createBlockBuilder } from './dom/blocks.js';
import { createElementBuilders, createIdSequence, findByTestid } from './dom/elements.js';
import { createFields } from './dom/fields.js';
import { createFocusKeeper, focusField, focusHeading } from './dom/focus.js';
import { createPanel } from './dom/panel.js';
import { createScreen } from './dom/screen.js';

export { CHROME_IDS };

/**
 * Creates the renderer over `doc`. `onAction(action)` receives action descriptors, `onInput(field,
 * value)` typing in the code and paste fields.
 */
export function createDomRenderer(doc, { onAction, onInput } = {}) {
  const { el, buttonEl } = createElementBuilders(doc, onAction);
  const fields = createFields({ el, buttonEl, onInput, onAction });
  const { buildBlock } = createBlockBuilder({ el, buttonEl, nextId: createIdSequence(), fields, onAction });
  const itemsFor = (blocks) => blockItems(blocks, buildBlock);
  const focus = createFocusKeeper(doc);
  wireHeaderButtons(doc, onAction);
  const panel = createPanel({ doc, itemsFor, focus, onAction });
  const render = createScreen({ doc, itemsFor, buttonEl, fields, focus, panelOpen: panel.isOpen });

  return {
    render,
    renderChrome: (chrome) => renderChrome(doc, chrome),
    renderPanel: panel.render,
    focusHeading: () => focusHeading(doc),
    focusField: (field) => focusField(fields, field),
    announce: (text) => announce(doc, text),
    /** Scrolls the element with `testid` (on the screen) to the middle of its scroll area. */
    reveal(testid) {
      const node = findByTestid(doc.getElementById(CHROME_IDS.content), testid);
      if (node && typeof node.scrollIntoView === 'function') {
        node.scrollIntoView({ block: 'center', inline: 'nearest' });
      }
    },
    readValue: fields.read,
    clearValue: fields.clear,
    /** Reads a secret field and clears it in the same step; the field never gets it back. */
    takeSecret: fields.take,
    /** Replaces the screen with a start-up failure message. */
    showFatal: (message) => showFatal(doc, el, message),
  };
}
