// The text fields of a screen (the onboarding code and the masked paste field): one <input> per
// field, kept across re-renders of the same step so typing, selection and focus survive; reading,
// clearing and taking a secret out of a field; and the `input` and `paste` blocks that show them.

import { TESTIDS } from './testids.js';

/**
 * Creates the field registry. `el` and `buttonEl` come from elements.js; typing calls
 * `onInput(field, value)`, Enter calls `onAction(submitAction)` when the block has one.
 */
export function createFields({ el, buttonEl, onInput, onAction }) {
  const inputs = new Map(); // field -> <input>, kept across re-renders of the same step

  function fieldInput(field, testid, id, type, submitAction) {
    let input = inputs.get(field);
    if (!input) {
      input = el('input', {
        testid,
        attrs: { id, name: field, autocomplete: 'off', spellcheck: 'false', autocapitalize: 'off', autocorrect: 'off' },
      });
      input.value = '';
      input.addEventListener('input', () => onInput(field, input.value));
      input.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' && submitAction) {
          event.preventDefault();
          onAction(submitAction);
        }
      });
      inputs.set(field, input);
    }
    if (input.getAttribute('type') !== type) input.setAttribute('type', type);
    input.setAttribute('id', id);
    return input;
  }

  /** The onboarding code field: label, hint, the input and, with an error, the message under it. */
  function inputBlock(block) {
    const id = `field-${block.field}`;
    const hintId = `${id}-hint`;
    const errorId = `${id}-error`;
    const input = fieldInput(block.field, block.testid, id, block.inputType || 'text', block.submitAction);
    if (block.mono) input.classList.add('mono');
    input.setAttribute('aria-describedby', block.error ? `${hintId} ${errorId}` : hintId);
    if (block.error) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
    return el('div', { className: 'field' }, [
      el('label', { text: block.label, attrs: { for: id } }),
      el('p', { className: 'field-hint', text: block.hint, testid: block.hintTestid, attrs: { id: hintId } }),
      input,
      block.error
        ? el('p', { className: 'field-error', text: block.error, testid: TESTIDS.codeError, attrs: { id: errorId } })
        : null,
    ]);
  }

  /** The masked credential field with its Show / Hide toggle and the inspection message. */
  function pasteBlock(block) {
    const id = `field-${block.field}`;
    const hintId = `${id}-hint`;
    const messageId = `${id}-message`;
    const input = fieldInput(block.field, block.testid, id, block.visible ? 'text' : 'password', block.submitAction);
    input.classList.add('mono');
    input.setAttribute('aria-describedby', block.message ? `${hintId} ${messageId}` : hintId);
    if (block.message && block.message.tone === 'error') input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
    const toggle = buttonEl(block.toggle);
    toggle.setAttribute('aria-pressed', block.visible ? 'true' : 'false');
    toggle.setAttribute('aria-controls', id);
    toggle.setAttribute('aria-label', block.visible ? 'Hide the credential' : 'Show the credential');
    return el('div', { className: 'field paste-field' }, [
      el('label', { text: block.label, attrs: { for: id } }),
      el('p', { className: 'field-hint', text: block.hint, attrs: { id: hintId } }),
      el('div', { className: 'input-with-button' }, [input, toggle]),
      block.message
        ? el('p', {
            className: `paste-message tone-${block.message.tone}`,
            text: block.message.text,
            testid: block.message.testid,
            attrs: { id: messageId, 'data-tone': block.message.tone },
          })
        : null,
    ]);
  }

  return {
    /** Block builders for `input` and `paste` blocks. */
    builders: { input: inputBlock, paste: pasteBlock },
    /** The field's <input>, or undefined when the screen has none. */
    get(field) {
      return inputs.get(field);
    },
    read(field) {
      const input = inputs.get(field);
      return input ? String(input.value || '') : '';
    },
    clear(field) {
      const input = inputs.get(field);
      if (input) input.value = '';
    },
    /** Reads a secret field and clears it in the same step; the field never gets it back. */
    take(field) {
      const input = inputs.get(field);
      if (!input) return '';
      const value = String(input.value || '');
      input.value = '';
      if (input.getAttribute('type') !== 'password') input.setAttribute('type', 'password');
      return value;
    },
    /** Empties and forgets every field (the step changed). */
    forgetAll() {
      for (const input of inputs.values()) input.value = '';
      inputs.clear();
    },
  };
}
