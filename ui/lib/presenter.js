// The presenter: turns the view Rust sends (plus the window's transient state) into a plain
// screen model — title, blocks of content, Back/Next, what to announce — and the chrome model
// (provider name, DEMO ribbon, accent colours). Pure: no DOM, no IPC.

import { accentCssVariables } from './colour.js';
import { railModel, stepLabel } from './steps.js';
import { clipboardBlock, commandErrorBlock } from './screens/common.js';
import { initialDoctorState } from './doctor.js';
import { consoleScreen } from './screens/console.js';
import { doneScreen } from './screens/done.js';
import { pasteScreen } from './screens/paste.js';
import { restrictScreen } from './screens/restrict.js';
import { sendScreen } from './screens/send.js';
import { verifyScreen } from './screens/verify.js';
import { welcomeScreen } from './screens/welcome.js';

const SCREENS = {
  welcome: welcomeScreen,
  console: consoleScreen,
  restrict: restrictScreen,
  paste: pasteScreen,
  verify: verifyScreen,
  send: sendScreen,
  done: doneScreen,
};

/** The steps that offer to clear the clipboard after the credential was pasted. */
export const CLIPBOARD_STEPS = Object.freeze(['paste', 'verify']);

/** The window's transient state when nothing has happened yet. */
export function initialUiState() {
  return {
    busy: null,
    commandError: null,
    codeError: null,
    codeHasText: false,
    consoleOpened: false,
    consoleError: null,
    clipboard: null,
    doctor: initialDoctorState(),
    copied: {},
    copyFailed: {},
    paste: { hasText: false, visible: false, inspection: null, pending: false, error: null },
    countdown: null,
    demoHint: null,
    autoVerifying: false,
  };
}

/**
 * The screen model for a (normalised) view.
 * `env` = `{ locale, timeZone }` for dates.
 */
export function presentScreen(view, ui = initialUiState(), env = {}) {
  const screen = (SCREENS[view.step] || welcomeScreen)(view, ui, env);
  const blocks = [];
  const commandError = commandErrorBlock(ui);
  if (commandError) blocks.push(commandError);
  blocks.push(...screen.blocks);
  const clipboard = CLIPBOARD_STEPS.includes(view.step) ? clipboardBlock(ui) : null;
  if (clipboard) blocks.push(clipboard);
  if (ui.demoHint && view.step !== 'paste') {
    blocks.push({ type: 'notice', key: 'demo-hint', testid: 'demo-hint', tone: 'info', text: ui.demoHint });
  }
  return {
    step: view.step,
    stepLabel: stepLabel(view.step),
    rail: railModel(view.step),
    title: screen.title,
    blocks,
    nav: screen.nav,
    announce: screen.announce || null,
  };
}

/** What the header and footer show, and the accent's CSS variables (null = stylesheet defaults). */
export function presentChrome(view, appInfo = {}) {
  const providerName = view ? view.provider.name : appInfo.provider_name || '';
  const demo = view ? view.demo : Boolean(appInfo.demo);
  return {
    providerName,
    demo,
    version: typeof appInfo.version === 'string' ? appInfo.version : '',
    documentTitle: `Connect RingCentral to ${providerName} — rc-onboard`,
    logo: view && view.provider.logo ? { src: view.provider.logo, alt: providerName } : null,
    accentVars: view ? accentCssVariables(view.provider.accent_color) : null,
  };
}
