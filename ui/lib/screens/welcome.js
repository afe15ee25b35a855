// Step 1, Welcome: what will happen, what is needed, how long it takes, and the onboarding code.

import { button } from './common.js';

/** What the code field or notice should say, from the view's code facts and the local error. */
export function codeState(view, ui) {
  const { code, provider } = view;
  const invalid = code.status && code.status.valid === false;
  if (invalid) {
    return {
      mode: 'invalid',
      showField: true,
      status: code.status.message || `This onboarding code is not valid. Ask ${provider.name} for a new one.`,
    };
  }
  if (code.present && code.prefilled) return { mode: 'prefilled', showField: false, status: null };
  if (code.present) return { mode: 'saved', showField: true, status: null };
  return { mode: 'missing', showField: true, status: null, error: ui.codeError || null };
}

/** Whether Next may be pressed without typing a code (Rust already holds a valid one). */
export function codeSatisfied(view) {
  const state = codeState(view, {});
  return state.mode === 'prefilled' || state.mode === 'saved';
}

export function welcomeScreen(view, ui) {
  const name = view.provider.name;
  const state = codeState(view, ui);
  const blocks = [
    {
      type: 'text',
      key: 'intro',
      style: 'lead',
      text: `${name} needs a credential from your RingCentral account to work with your phone system. This assistant helps you create one that only ${name} can use, checks that it works, and sends it to ${name} encrypted.`,
    },
    { type: 'heading', key: 'what-heading', text: 'What will happen' },
    {
      type: 'list',
      key: 'what',
      ordered: true,
      items: [
        'Open the RingCentral Developer Console in your browser and sign in.',
        `Create a JWT credential that only ${name}'s app may use. We show you exactly what to choose.`,
        'Paste it here. We check it with RingCentral and show you which account it connects.',
        `Confirm the account, then send the credential to ${name}, encrypted so that only ${name} can read it.`,
      ],
    },
    { type: 'heading', key: 'need-heading', text: 'What you need' },
    {
      type: 'list',
      key: 'need',
      ordered: false,
      items: [
        'A RingCentral login that is allowed to create credentials (usually an administrator).',
        state.mode === 'missing' || state.mode === 'invalid'
          ? `The onboarding code ${name} gave you.`
          : `Your onboarding code from ${name}: already here.`,
        'About 5 minutes.',
      ],
    },
  ];

  if (state.mode === 'prefilled') {
    blocks.push({
      type: 'notice',
      key: 'code-ready',
      testid: 'code-status',
      tone: 'ok',
      text: `Your onboarding code from ${name} is already filled in.`,
    });
  }
  // An invalid code is the one thing to fix here: say so first, above the explanations.
  if (state.mode === 'invalid') {
    blocks.unshift({
      type: 'notice',
      key: 'code-invalid',
      testid: 'code-status',
      tone: 'error',
      role: 'alert',
      text: state.status,
    });
  }
  if (state.showField) {
    const at = state.mode === 'invalid' ? 1 : blocks.length;
    let hint;
    if (state.mode === 'saved') hint = `Saved. Enter a different code only if ${name} gave you a new one.`;
    else if (state.mode === 'invalid') hint = `Enter the new code ${name} gives you.`;
    else hint = `You find it in ${name}'s invitation email or setup page.`;
    blocks.splice(at, 0, {
      type: 'input',
      key: 'code-field',
      field: 'code',
      testid: 'code-input',
      label: state.mode === 'invalid' ? 'New onboarding code' : 'Onboarding code',
      hint,
      error: state.mode === 'missing' ? state.error : null,
      inputType: 'text',
      mono: true,
      submitAction: { type: 'submit_code' },
    });
  }

  return {
    title: `Connect your RingCentral account to ${name}`,
    blocks,
    nav: {
      back: null,
      next: button('next', 'Start', { type: 'submit_code' }, { variant: 'primary', busy: Boolean(ui.busy) }),
    },
    announce: null,
  };
}
