// The step area: renders a screen model (presenter.js `presentScreen`) into the main element:
// step label, title, rail, the blocks and the Back / Next buttons, each list through the keyed
// reconciler. A new step starts from empty fields and caches; focus survives a re-render of the
// same step.

import { CHROME_IDS } from './chrome-ids.js';
import { renderRail } from './chrome.js';
import { reconcile } from './reconcile.js';

/**
 * Creates `render(model)` over `doc`. `itemsFor(blocks)` gives the reconciler's items for the
 * blocks, `buttonEl` builds the nav buttons, `fields` and `focus` are the field registry and the
 * focus keeper, `panelOpen()` says whether a panel holds the focus.
 */
export function createScreen({ doc, itemsFor, buttonEl, fields, focus, panelOpen }) {
  const byId = (id) => doc.getElementById(id);
  const blockCache = new Map();
  const navCache = new Map();
  let currentStep = null;

  return function render(model) {
    const content = byId(CHROME_IDS.content);
    if (model.step !== currentStep) {
      fields.forgetAll();
      blockCache.clear();
      navCache.clear();
      focus.forget();
      currentStep = model.step;
    }
    const remembered = focus.remember(content);
    content.setAttribute('data-step', model.step);
    byId(CHROME_IDS.stepLabel).textContent = model.stepLabel;
    byId(CHROME_IDS.title).textContent = model.title;
    renderRail(byId(CHROME_IDS.steps), model.rail);
    reconcile(byId(CHROME_IDS.blocks), blockCache, itemsFor(model.blocks));
    const navItems = [];
    for (const which of ['back', 'next']) {
      const btn = model.nav && model.nav[which];
      if (btn) navItems.push({ key: which, sig: JSON.stringify(btn), build: () => buttonEl(btn) });
    }
    const nav = byId(CHROME_IDS.nav);
    reconcile(nav, navCache, navItems);
    nav.hidden = navItems.length === 0;
    if (!panelOpen()) focus.restore(content, remembered);
  };
}
