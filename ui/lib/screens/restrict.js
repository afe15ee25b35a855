// Step 3, Restrict to this app: an illustration of the console form with what to choose, the
// client ID large with a Copy button, advice on the expiry date, and the checklist to tick.

import { backTo, button, consoleOpenErrorBlocks, copyRow, nextTo } from './common.js';

/** The checklist items, in the order of the console form. Ids match the view's `checklist`. */
export const CHECKLIST_ITEMS = Object.freeze([
  'only_specific_apps',
  'client_id_added',
  'expiry_considered',
  'copied_credential',
]);

/** The label of each checklist item. */
export function checklistLabel(item, clientId) {
  switch (item) {
    case 'only_specific_apps':
      return 'Under "What apps are permitted to use this credential?" I chose "Only specific apps of my choice".';
    case 'client_id_added':
      return `I pasted the client ID ${clientId} and clicked "Add app".`;
    case 'expiry_considered':
      return 'I set an expiration date, or left it empty on purpose so it never expires.';
    case 'copied_credential':
      return 'I clicked "Create JWT" and copied the credential it showed.';
    default:
      return item;
  }
}

/** How many items are ticked, and whether all are. */
export function checklistProgress(checklist) {
  const done = CHECKLIST_ITEMS.filter((item) => checklist[item] === true).length;
  return { done, total: CHECKLIST_ITEMS.length, complete: done === CHECKLIST_ITEMS.length };
}

export function restrictScreen(view, ui) {
  const name = view.provider.name;
  const progress = checklistProgress(view.checklist);
  const blocks = [
    {
      type: 'text',
      key: 'intro',
      style: 'lead',
      text: `Fill in the form in your browser like this. Restricting the credential to ${name}'s app means no other app can use it, even if it leaks.`,
    },
    {
      type: 'illustration',
      key: 'illustration',
      testid: 'console-illustration',
      providerName: name,
      clientId: view.client_id,
    },
    {
      type: 'text',
      key: 'client-id-hint',
      style: 'muted',
      text: 'The console link usually fills in the Client ID for you. If the field is empty, copy it from here:',
    },
    copyRow({
      key: 'client-id',
      label: `${name}'s client ID`,
      value: view.client_id,
      testid: 'client-id',
      copyTestid: 'copy-client-id',
      large: true,
      ui,
    }),
    { type: 'heading', key: 'expiry-heading', text: 'Expiration date' },
    {
      type: 'text',
      key: 'expiry',
      text: `Leave it empty and the credential never expires, so ${name} keeps working without you repeating this. If your security policy requires an expiry, pick a date, and put a reminder in your calendar a few weeks before: ${name} needs a new credential by then.`,
    },
    {
      type: 'notice',
      key: 'once',
      tone: 'warning',
      text: 'RingCentral shows the new credential only once. Copy it as soon as you click "Create JWT".',
    },
    {
      type: 'checklist',
      key: 'checklist',
      testid: 'checklist',
      legend: 'Tick each step once you have done it',
      items: CHECKLIST_ITEMS.map((item) => ({
        item,
        testid: `check-${item}`,
        label: checklistLabel(item, view.client_id),
        checked: view.checklist[item] === true,
      })),
      summary: progress.complete
        ? 'All done. Press Next to paste the credential.'
        : `${progress.done} of ${progress.total} ticked.`,
    },
    {
      type: 'buttons',
      key: 'reopen',
      buttons: [
        button(
          'reopen-console',
          'Open the console again',
          { type: 'open_console' },
          { variant: 'quiet', busy: Boolean(ui.busy) },
        ),
      ],
    },
    ...consoleOpenErrorBlocks(view, ui),
  ];
  return {
    title: `Restrict the credential to ${name}`,
    blocks,
    nav: { back: backTo('console', ui), next: nextTo('paste', ui, { enabled: progress.complete }) },
    announce: null,
  };
}
