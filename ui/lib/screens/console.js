// Step 2, Open the console: the button that makes Rust open the credential form in the system
// browser, and the same link as text with a Copy button for when no browser opens.

import { backTo, button, copyRow, nextTo } from './common.js';

export function consoleScreen(view, ui) {
  const name = view.provider.name;
  const blocks = [
    {
      type: 'text',
      key: 'intro',
      style: 'lead',
      text: `The button opens RingCentral's "Create JWT credential" form in your browser. Sign in with the RingCentral login whose account you want to connect to ${name}.`,
    },
    {
      type: 'buttons',
      key: 'open',
      buttons: [
        button(
          'open-console',
          'Open the console',
          { type: 'open_console' },
          { variant: 'primary', busy: Boolean(ui.busy) },
        ),
      ],
    },
  ];
  if (ui.consoleOpened) {
    blocks.push({
      type: 'notice',
      key: 'opened',
      testid: 'console-opened',
      tone: 'ok',
      role: 'status',
      text: 'Opened in your browser. When you see the "Create JWT credential" form, come back here and press Next.',
    });
  }
  if (ui.consoleError) {
    blocks.push({
      type: 'notice',
      key: 'console-open-error',
      testid: 'console-open-error',
      tone: 'error',
      role: 'alert',
      text: ui.consoleError,
    });
  }
  blocks.push(
    { type: 'text', key: 'fallback', style: 'muted', text: 'No browser opened? Copy this link into your browser:' },
    copyRow({
      key: 'console-url',
      label: 'Console link',
      value: view.console_url,
      testid: 'console-url',
      copyTestid: 'copy-console-url',
      ui,
    }),
    { type: 'heading', key: 'trouble-heading', text: 'If the form does not appear' },
    {
      type: 'list',
      key: 'trouble',
      ordered: false,
      items: [
        'If RingCentral asks you to sign in, sign in and the form opens afterwards.',
        'If you see "access denied" or no "Credentials" page, your user may not be allowed to create credentials: ask your RingCentral administrator.',
        'Use the production console (developers.ringcentral.com), not a sandbox account.',
      ],
    },
  );
  if (view.demo) {
    blocks.push({
      type: 'notice',
      key: 'demo',
      tone: 'info',
      text: 'Demo: this opens a simulated console served by this app. Nothing talks to real RingCentral.',
    });
  }
  return {
    title: 'Open the RingCentral Developer Console',
    blocks,
    nav: { back: backTo('welcome', ui), next: nextTo('restrict', ui, { label: 'I see the form' }) },
    announce: null,
  };
}
