// The window's frame around the step: provider name and logo, DEMO ribbon and the header buttons,
// version, the provider's accent colours, the step rail, the live region, and the start-up
// failure message.

import { CHROME_IDS } from './chrome-ids.js';
import { removeChildren } from './elements.js';
import { TESTIDS } from './testids.js';

/** The accent colour variables the presenter may set, per theme. */
const ACCENT_THEMES = ['light', 'dark'];
const ACCENT_NAMES = ['accent', 'on-accent', 'ink'];

/** Sends the header buttons' clicks (open Support, Demo scenarios, Provider view) to `onAction`. */
export function wireHeaderButtons(doc, onAction) {
  const wire = (id, action) => {
    const node = doc.getElementById(id);
    if (node) node.addEventListener('click', () => onAction(action));
  };
  wire(CHROME_IDS.supportOpen, { type: 'support_open' });
  wire(CHROME_IDS.demoOpen, { type: 'demo_open' });
  wire(CHROME_IDS.providerViewOpen, { type: 'provider_view_open' });
}

/** Renders the presenter's chrome model (presenter.js `presentChrome`). */
export function renderChrome(doc, chrome) {
  const byId = (id) => doc.getElementById(id);
  byId(CHROME_IDS.providerName).textContent = chrome.providerName;
  byId(CHROME_IDS.demoRibbon).hidden = !chrome.demo;
  byId(CHROME_IDS.demoOpen).hidden = !chrome.demo;
  byId(CHROME_IDS.providerViewOpen).hidden = !chrome.demo;
  if (chrome.version) byId(CHROME_IDS.version).textContent = chrome.version;
  doc.title = chrome.documentTitle;
  renderLogo(byId(CHROME_IDS.providerLogo), chrome.logo);
  const style = doc.documentElement.style;
  for (const theme of ACCENT_THEMES) {
    for (const name of ACCENT_NAMES) {
      const prop = `--brand-${theme}-${name}`;
      if (chrome.accentVars && chrome.accentVars[prop]) style.setProperty(prop, chrome.accentVars[prop]);
      else style.removeProperty(prop);
    }
  }
}

/** The provider's logo (a data: URL) with the provider's name as its text; hidden without one. */
function renderLogo(img, logo) {
  if (!img) return;
  if (logo && logo.src) {
    if (img.getAttribute('src') !== logo.src) img.setAttribute('src', logo.src);
    img.setAttribute('alt', logo.alt || '');
    img.hidden = false;
  } else {
    img.removeAttribute('src');
    img.setAttribute('alt', '');
    img.hidden = true;
  }
}

/** Marks each rail entry (`li[data-step]`) done, current or to do. */
export function renderRail(list, rail) {
  for (const li of Array.from(list.children)) {
    const entry = rail.find((r) => r.id === li.getAttribute('data-step'));
    const state = entry ? entry.state : 'todo';
    if (state === 'current') li.setAttribute('aria-current', 'step');
    else li.removeAttribute('aria-current');
    li.classList.toggle('done', state === 'done');
    li.setAttribute('data-state', state);
  }
}

/** Puts `text` in the polite live region. */
export function announce(doc, text) {
  const live = doc.getElementById(CHROME_IDS.live);
  if (live) live.textContent = text;
}

/** Replaces the screen with a start-up failure message (`el` from elements.js). */
export function showFatal(doc, el, message) {
  doc.getElementById(CHROME_IDS.title).textContent = 'rc-onboard could not start';
  const blocks = doc.getElementById(CHROME_IDS.blocks);
  removeChildren(blocks);
  blocks.appendChild(
    el('p', { className: 'notice tone-error', text: message, testid: TESTIDS.startupError, attrs: { role: 'alert' } }),
  );
}
