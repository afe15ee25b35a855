// What each action descriptor does: a map from action type (`{ type, … }` as the screens, panels
// and the DOM layer emit it) to the handler that carries it out. The controller's dispatch looks
// the type up here; an unknown type does nothing.

/**
 * Creates the handler map. The collaborators are the controller's operations:
 * - `go(step)`, `submitCode()`, `openConsole()`, `togglePaste()`, `submitCredential()`,
 *   `startVerify()`, `confirmAccount()`, `send()`, `setCheck(item, checked)`: the flow;
 * - `copyWithFeedback(key, text)`, `clearClipboard()` (clipboard-feedback.js), `copySummary()`
 *   (summary.js);
 * - `panels` (panels.js), `isDemo()` (demo panels exist only in demo mode) and
 *   `applyScenario(id)`.
 * Every handler takes the action and returns a promise.
 */
export function createActionHandlers(ops) {
  const { panels } = ops;
  const done = () => Promise.resolve();
  return Object.freeze({
    go: (action) => ops.go(action.step),
    submit_code: () => ops.submitCode(),
    open_console: () => ops.openConsole(),
    check: (action) => ops.setCheck(action.item, Boolean(action.checked)),
    toggle_paste: () => {
      ops.togglePaste();
      return done();
    },
    submit_credential: () => ops.submitCredential(),
    verify: () => ops.startVerify(),
    confirm: () => ops.confirmAccount(),
    send: () => ops.send(),
    copy: (action) => ops.copyWithFeedback(action.key, action.text),
    copy_summary: () => ops.copySummary(),
    clear_clipboard: () => ops.clearClipboard(),
    support_open: () => {
      panels.open('support');
      return done();
    },
    support_copy: () => panels.copySupportReport(),
    support_save: () => panels.saveSupportReport(),
    support_contact: () => panels.openSupportContact(),
    doctor_run: () => panels.runDoctor(),
    demo_open: () => {
      if (ops.isDemo()) panels.open('demo');
      return done();
    },
    demo_apply: (action) => ops.applyScenario(action.id),
    provider_view_open: () => {
      if (ops.isDemo()) panels.open('provider');
      return done();
    },
    provider_view_refresh: () => panels.loadProviderRows(),
    panel_close: () => {
      panels.close();
      return done();
    },
  });
}

/** The handler for `action`, or null for a missing action or an unknown type. */
export function handlerFor(handlers, action) {
  if (!action || typeof action.type !== 'string') return null;
  return Object.prototype.hasOwnProperty.call(handlers, action.type) ? handlers[action.type] : null;
}
