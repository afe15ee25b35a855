// Boots the window: wires Tauri's invoke and listen, the clipboard and the DOM renderer into the
// controller, renders the first view and reports readiness for the end-to-end harness.
import { clearClipboard, copyText } from './lib/clipboard.js';
import { createController } from './lib/controller.js';
import { createDomRenderer } from './lib/dom.js';

async function boot() {
  const tauri = window.__TAURI__;
  if (!tauri || !tauri.core || !tauri.event) throw new Error('the Tauri bridge is not available');
  let controller = null;
  const renderer = createDomRenderer(document, {
    onAction: (action) => controller && controller.dispatch(action),
    onInput: (field, value) => controller && controller.input(field, value),
  });
  controller = createController({
    invoke: tauri.core.invoke,
    listen: tauri.event.listen,
    renderer,
    copy: (text) => copyText(text, { clipboard: navigator.clipboard, doc: document }),
    clearClipboard: () => clearClipboard({ clipboard: navigator.clipboard }),
    env: { locale: navigator.language || undefined },
  });
  try {
    await controller.start();
  } catch (error) {
    renderer.showFatal(`Could not start: ${error && error.message ? error.message : String(error)}`);
    throw error;
  }
}

boot().then(
  () => {
    document.body.dataset.ready = 'true';
  },
  (error) => {
    const title = document.getElementById('step-title');
    if (title && title.textContent === 'Welcome') title.textContent = 'rc-onboard could not start';
    const blocks = document.getElementById('step-blocks');
    if (blocks && !blocks.querySelector('[data-testid=startup-error]')) {
      blocks.textContent = `Could not start: ${error && error.message ? error.message : String(error)}`;
    }
    document.body.dataset.ready = 'error';
  },
);
