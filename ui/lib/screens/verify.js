// Step 5, Verify: progress through the check's stages, then "Connected as …" with the
// permissions and the account confirmation, or the failure with the one button that fixes it.

import { backTo, button, countdownBlock, errorBlock } from './common.js';
import { connectedAsLine, permissionLabel } from '../format.js';

/** The check's stages as RingCentral sees them, with a sentence each. */
export const VERIFY_STAGES = Object.freeze([
  Object.freeze({ id: 'inspecting', label: 'Checking the credential on this computer' }),
  Object.freeze({ id: 'exchanging', label: 'Signing in to RingCentral with it' }),
  Object.freeze({ id: 'fetching_identity', label: 'Reading the account and extension' }),
  Object.freeze({ id: 'revoking', label: 'Signing out the test session' }),
]);

/** Stage list with `done` / `current` / `todo` for the running stage (`done` marks all done). */
export function stageModel(stage) {
  const current = stage === 'done' ? VERIFY_STAGES.length : VERIFY_STAGES.findIndex((s) => s.id === stage);
  return VERIFY_STAGES.map((entry, index) => ({
    id: entry.id,
    label: entry.label,
    state:
      current < 0
        ? index === 0
          ? 'current'
          : 'todo'
        : index < current
          ? 'done'
          : index === current
            ? 'current'
            : 'todo',
  }));
}

/** The sentence for the running stage ("Signing in to RingCentral with it…"). */
export function stageSentence(stage) {
  const entry = VERIFY_STAGES.find((s) => s.id === stage);
  if (stage === 'done') return 'Finishing…';
  return `${entry ? entry.label : 'Starting the check'}…`;
}

/** Whether the controller should start the check on its own (arrived here with a credential). */
export function shouldAutoStart(view) {
  return view.step === 'verify' && view.verification.status === 'idle' && view.credential_held;
}

export function verifyScreen(view, ui) {
  const name = view.provider.name;
  const v = view.verification;
  const busy = Boolean(ui.busy);

  if (v.status === 'running' || (v.status === 'idle' && ui.autoVerifying)) {
    const sentence = v.status === 'running' ? stageSentence(v.stage) : stageSentence(null);
    return {
      title: 'Checking the credential with RingCentral',
      blocks: [
        { type: 'status', key: 'status', testid: 'verify-status', tone: 'progress', text: sentence },
        {
          type: 'stages',
          key: 'stages',
          testid: 'verify-stages',
          items: stageModel(v.status === 'running' ? v.stage : null),
        },
        {
          type: 'text',
          key: 'why',
          style: 'muted',
          text: 'This signs in once with the credential, reads whose account it is, and signs out again. It does not change anything in your account.',
        },
      ],
      nav: { back: null, next: null },
      announce: sentence,
    };
  }

  if (v.status === 'ok') {
    const line = connectedAsLine(v.identity);
    const blocks = [
      { type: 'status', key: 'status', testid: 'verify-status', tone: 'ok', text: 'The credential works.' },
      {
        type: 'identity',
        key: 'identity',
        testid: 'identity',
        line,
        email: v.identity && v.identity.email ? v.identity.email : '',
      },
    ];
    if (v.permissions.length) {
      blocks.push({
        type: 'chips',
        key: 'permissions',
        testid: 'permissions',
        label: `Permissions ${name}'s app receives`,
        items: v.permissions.map(permissionLabel),
      });
    }
    if (v.missing_permissions.length) {
      blocks.push({
        type: 'notice',
        key: 'missing',
        testid: 'missing-permissions',
        tone: 'warning',
        text: `${name}'s app is missing these permissions: ${v.missing_permissions.map(permissionLabel).join(', ')}. ${name} may need to update its app; you can still continue.`,
      });
    }
    if (v.confirmed) {
      blocks.push({
        type: 'notice',
        key: 'confirmed',
        testid: 'account-confirmed',
        tone: 'ok',
        text: 'You confirmed this is the right account.',
      });
      return {
        title: 'Connected',
        blocks,
        nav: {
          back: backTo('paste', ui),
          next: button('next', 'Next', { type: 'go', step: 'send' }, { variant: 'primary', busy }),
        },
        announce: line,
      };
    }
    blocks.push(
      { type: 'text', key: 'question', text: `Is this the RingCentral account you want to connect to ${name}?` },
      {
        type: 'buttons',
        key: 'confirm',
        buttons: [
          button('confirm-account', 'This is the right account', { type: 'confirm' }, { variant: 'primary', busy }),
          button('use-another', 'No, use another credential', { type: 'go', step: 'console' }, { busy }),
        ],
      },
    );
    return { title: 'Connected', blocks, nav: { back: null, next: null }, announce: line };
  }

  if (v.status === 'failed' && v.error) {
    const blocks = [errorBlock(v.error, { phase: 'verify', provider: view.provider, ui })];
    if (blocks[0].fixStep === 'wait_retry' && Number.isFinite(ui.countdown) && ui.countdown > 0) {
      blocks.push(countdownBlock(ui.countdown, v.error.retries_automatically !== false));
    }
    return {
      title: 'The check did not pass',
      blocks,
      nav: { back: backTo('paste', ui), next: null },
      announce: null,
    };
  }

  // idle without a credential (or an unknown status): send the person back to paste one.
  if (!view.credential_held) {
    return {
      title: 'Check the credential',
      blocks: [
        {
          type: 'status',
          key: 'status',
          testid: 'verify-status',
          tone: 'info',
          text: 'There is no credential to check yet.',
        },
        {
          type: 'buttons',
          key: 'paste',
          buttons: [
            button('fix-button', 'Paste the credential', { type: 'go', step: 'paste' }, { variant: 'primary', busy }),
          ],
        },
      ],
      nav: { back: backTo('paste', ui), next: null },
      announce: null,
    };
  }
  return {
    title: 'Check the credential',
    blocks: [
      {
        type: 'status',
        key: 'status',
        testid: 'verify-status',
        tone: 'info',
        text: 'Ready to check the credential with RingCentral.',
      },
      {
        type: 'buttons',
        key: 'start',
        buttons: [button('verify-start', 'Check now', { type: 'verify' }, { variant: 'primary', busy })],
      },
    ],
    nav: { back: backTo('paste', ui), next: null },
    announce: null,
  };
}
