// Tests for the controller's action handler map (lib/controller/actions.js): each handler calls
// the operation it stands for, and every action type the window can emit (from the screen and
// panel models and from the DOM layer itself) has a handler.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createActionHandlers, handlerFor } from '../lib/controller/actions.js';
import { createDomRenderer } from '../lib/dom.js';
import { createBlockBuilder } from '../lib/dom/blocks.js';
import { createElementBuilders, createIdSequence } from '../lib/dom/elements.js';
import { createFields } from '../lib/dom/fields.js';
import { normaliseView } from '../lib/normalise.js';
import { initialUiState, presentScreen } from '../lib/presenter.js';
import { supportPanel } from '../lib/panels.js';
import { FakeDocument, buildChrome, byTestid } from './support/fake-dom.js';
import { sampleView } from './support/views.js';

const libDir = fileURLToPath(new URL('../lib', import.meta.url));

/** Handlers over recording operations: `calls` lists `[operation, ...args]`. */
function recordingHandlers({ demo = true } = {}) {
  const calls = [];
  const op =
    (name, result = `${name}-result`) =>
    (...args) => {
      calls.push([name, ...args]);
      return result;
    };
  const panelOps = ['open', 'close', 'copySupportReport', 'saveSupportReport', 'openSupportContact', 'runDoctor'];
  const panels = Object.fromEntries(panelOps.map((name) => [name, op(`panels.${name}`)]));
  panels.loadProviderRows = op('panels.loadProviderRows');
  const handlers = createActionHandlers({
    go: op('go'),
    submitCode: op('submitCode'),
    openConsole: op('openConsole'),
    togglePaste: op('togglePaste'),
    submitCredential: op('submitCredential'),
    startVerify: op('startVerify'),
    confirmAccount: op('confirmAccount'),
    send: op('send'),
    setCheck: op('setCheck'),
    copyWithFeedback: op('copyWithFeedback'),
    clearClipboard: op('clearClipboard'),
    copySummary: op('copySummary'),
    panels,
    isDemo: () => demo,
    applyScenario: op('applyScenario'),
  });
  return { handlers, calls };
}

/** The block types the DOM layer builds. */
function blockTypes() {
  const doc = new FakeDocument();
  const { el, buttonEl } = createElementBuilders(doc, () => {});
  const fields = createFields({ el, buttonEl, onInput: () => {}, onAction: () => {} });
  return createBlockBuilder({ el, buttonEl, nextId: createIdSequence(), fields, onAction: () => {} }).blockTypes;
}

function sources(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (name.endsWith('.js')) out.push(path);
  }
  return out;
}

/** Every `type: '…'` literal in the given files. */
function typeLiterals(files) {
  const found = new Set();
  for (const file of files) {
    for (const match of readFileSync(file, 'utf8').matchAll(/\btype:\s*'([a-z_]+)'/g)) found.add(match[1]);
  }
  return found;
}

const isDomFile = (file) => file === join(libDir, 'dom.js') || file.startsWith(join(libDir, 'dom') + '/');

test('each handler calls the operation it stands for, with the action’s arguments', async () => {
  const { handlers, calls } = recordingHandlers();
  const cases = [
    [{ type: 'go', step: 'paste' }, ['go', 'paste'], 'go-result'],
    [{ type: 'submit_code' }, ['submitCode'], 'submitCode-result'],
    [{ type: 'open_console' }, ['openConsole'], 'openConsole-result'],
    [{ type: 'check', item: 'client_id_added', checked: 1 }, ['setCheck', 'client_id_added', true], 'setCheck-result'],
    [{ type: 'check', item: 'client_id_added' }, ['setCheck', 'client_id_added', false], 'setCheck-result'],
    [{ type: 'toggle_paste' }, ['togglePaste'], undefined],
    [{ type: 'submit_credential' }, ['submitCredential'], 'submitCredential-result'],
    [{ type: 'verify' }, ['startVerify'], 'startVerify-result'],
    [{ type: 'confirm' }, ['confirmAccount'], 'confirmAccount-result'],
    [{ type: 'send' }, ['send'], 'send-result'],
    [
      { type: 'copy', key: 'client-id', text: 'abc' },
      ['copyWithFeedback', 'client-id', 'abc'],
      'copyWithFeedback-result',
    ],
    [{ type: 'copy_summary' }, ['copySummary'], 'copySummary-result'],
    [{ type: 'clear_clipboard' }, ['clearClipboard'], 'clearClipboard-result'],
    [{ type: 'support_open' }, ['panels.open', 'support'], undefined],
    [{ type: 'support_copy' }, ['panels.copySupportReport'], 'panels.copySupportReport-result'],
    [{ type: 'support_save' }, ['panels.saveSupportReport'], 'panels.saveSupportReport-result'],
    [{ type: 'support_contact' }, ['panels.openSupportContact'], 'panels.openSupportContact-result'],
    [{ type: 'doctor_run' }, ['panels.runDoctor'], 'panels.runDoctor-result'],
    [{ type: 'demo_open' }, ['panels.open', 'demo'], undefined],
    [{ type: 'demo_apply', id: 'happy' }, ['applyScenario', 'happy'], 'applyScenario-result'],
    [{ type: 'provider_view_open' }, ['panels.open', 'provider'], undefined],
    [{ type: 'provider_view_refresh' }, ['panels.loadProviderRows'], 'panels.loadProviderRows-result'],
    [{ type: 'panel_close' }, ['panels.close'], undefined],
  ];
  assert.deepEqual(
    cases.map(([action]) => action.type).filter((type, i, all) => all.indexOf(type) === i),
    Object.keys(handlers),
    'every handler is covered here',
  );
  for (const [action, call, result] of cases) {
    calls.length = 0;
    const returned = handlerFor(handlers, action)(action);
    assert.deepEqual(calls, [call], action.type);
    if (result === undefined) {
      assert.ok(returned instanceof Promise, `${action.type} returns a promise`);
      assert.equal(await returned, undefined);
    } else {
      assert.equal(returned, result, `${action.type} returns what the operation returns`);
    }
  }
});

test('the demo panels open only in demo mode', () => {
  const { handlers, calls } = recordingHandlers({ demo: false });
  handlers.demo_open({ type: 'demo_open' });
  handlers.provider_view_open({ type: 'provider_view_open' });
  assert.deepEqual(calls, []);
});

test('handlerFor finds nothing for a missing action, an unknown type or an inherited name', () => {
  const { handlers } = recordingHandlers();
  assert.equal(handlerFor(handlers, null), null);
  assert.equal(handlerFor(handlers, {}), null);
  assert.equal(handlerFor(handlers, { type: 'nope' }), null);
  assert.equal(handlerFor(handlers, { type: 'toString' }), null);
  assert.equal(handlerFor(handlers, { type: 'constructor' }), null);
  assert.equal(handlerFor(handlers, { type: 'go' }), handlers.go);
});

test('every action type in the screen, panel and fix models has a handler', () => {
  const { handlers } = recordingHandlers();
  const blocks = new Set(blockTypes());
  const literals = typeLiterals(sources(libDir).filter((file) => !isDomFile(file)));
  const unhandled = [...literals].filter((type) => !blocks.has(type) && !(type in handlers));
  assert.deepEqual(unhandled, [], 'type literals that are neither a block type nor a handled action');
  for (const type of ['go', 'copy', 'verify', 'send', 'doctor_run', 'demo_apply', 'clear_clipboard']) {
    assert.ok(literals.has(type), `the scan sees ${type}`);
  }
});

test('every action the DOM layer emits on its own has a handler', () => {
  const { handlers } = recordingHandlers();
  const doc = buildChrome();
  const emitted = [];
  const renderer = createDomRenderer(doc, { onAction: (action) => emitted.push(action), onInput: () => {} });
  const view = normaliseView(sampleView({ step: 'restrict', demo: true }));
  renderer.render(presentScreen(view, initialUiState(), { locale: 'en-GB', timeZone: 'UTC' }));
  byTestid(doc, 'check-only_specific_apps').dispatch('change');
  for (const testid of ['support-open', 'demo-open', 'provider-view-open']) {
    const button = byTestid(doc, testid);
    button.hidden = false;
    button.click();
  }
  renderer.renderPanel(supportPanel(view, {}, initialUiState(), { report: 'R' }));
  byTestid(doc, 'panel-close').click();
  doc.dispatch('keydown', { key: 'Escape' });
  const types = emitted.map((action) => action.type);
  assert.deepEqual(types, ['check', 'support_open', 'demo_open', 'provider_view_open', 'panel_close', 'panel_close']);
  for (const action of emitted) assert.ok(handlerFor(handlers, action), `no handler for ${action.type}`);
});

test('every handler is for an action some part of the window emits', () => {
  const { handlers } = recordingHandlers();
  const literals = typeLiterals(sources(libDir));
  const unused = Object.keys(handlers).filter((type) => !literals.has(type));
  assert.deepEqual(unused, [], 'handlers no model or DOM code emits');
});
