// Step 1, Welcome: what will happen, what is needed, how long it takes, and the onboarding code.

import { button } from './common.js';
import { localiseTimestamps } from '../format.js';

/**
 * What the code field or notice should say, from the view's code facts and the local error.
 * `mode`: missing | saved | prefilled | invalid; `status` is the intake's sentence (valid or not),
 * `prefilled` whether the code came with the app (`--code` or a link).
 */
export function codeState(view, ui) {
  const { code, provider } = view;
  const invalid = code.status && code.status.valid === false;
  const prefilled = code.present && code.prefilled;
  if (invalid) {
    return {
      mode: 'invalid',
      showField: true,
      prefilled,
      status: code.status.message || `This onboarding code is not valid. Ask ${provider.name} for a new one.`,
    };
  }
  const valid = code.status && code.status.valid && code.status.message ? code.status.message : null;
  if (prefilled) return { mode: 'prefilled', showField: false, prefilled, status: valid };
  if (code.present) return { mode: 'saved', showField: true, prefilled, status: valid };
  return { mode: 'missing', showField: true, prefilled, status: null, error: ui.codeError || null };
}

/** Whether Next may be pressed without typing a code (Rust already holds a valid one). */
export function codeSatisfied(view) {
  const state = codeState(view, {});
  return state.mode === 'prefilled' || state.mode === 'saved';
}

/**
 * Whether Start can do anything: not while the held code was refused and no new one is typed
 * (Rust refuses to leave Welcome with it).
 */
export function startEnabled(view, ui) {
  return codeState(view, ui).mode !== 'invalid' || Boolean(ui.codeHasText);
}

export function welcomeScreen(view, ui, env = {}) {
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

  const validity = state.status ? localiseTimestamps(state.status, env) : '';
  if (state.mode === 'prefilled') {
    blocks.push({
      type: 'notice',
      key: 'code-ready',
      testid: 'code-status',
      tone: 'ok',
      text: `Your onboarding code from ${name} is already filled in.${validity ? ` ${validity}` : ''}`,
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
      text: validity,
    });
  }
  if (state.showField) {
    const at = state.mode === 'invalid' ? 1 : blocks.length;
    let hint;
    if (state.mode === 'saved') hint = `Saved. Enter a different code only if ${name} gave you a new one.`;
    else if (state.mode === 'invalid' && state.prefilled)
      hint = `This code came with the link or installer that opened this app. Enter the new code ${name} gives you.`;
    else if (state.mode === 'invalid') hint = `Enter the new code ${name} gives you.`;
    else hint = `You find it in ${name}'s invitation email or setup page.`;
    blocks.splice(at, 0, {
      type: 'input',
      key: 'code-field',
      field: 'code',
      testid: 'code-input',
      label: state.mode === 'invalid' ? 'New onboarding code' : 'Onboarding code',
      hint,
      hintTestid: 'code-hint',
      error: state.mode === 'missing' ? state.error : null,
      inputType: 'text',
      mono: true,
      submitAction: { type: 'submit_code' },
    });
  }
  if (state.mode === 'saved' && validity) {
    const at = blocks.findIndex((b) => b.key === 'code-field') + 1;
    blocks.splice(at, 0, { type: 'notice', key: 'code-valid', testid: 'code-status', tone: 'ok', text: validity });
  }

  return {
    title: `Connect your RingCentral account to ${name}`,
    blocks,
    nav: {
      back: null,
      next: button(
        'next',
        'Start',
        { type: 'submit_code' },
        { variant: 'primary', busy: Boolean(ui.busy), enabled: startEnabled(view, ui) },
      ),
    },
    announce: null,
  };
}
