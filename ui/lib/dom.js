// The DOM layer: renders the presenter's screen and panel models with createElement and
// textContent only (never HTML strings), keeps fields alive across re-renders, manages focus,
// the live region and the modal panel. It holds no flow logic: clicks become action descriptors
// passed to `onAction`, typing goes to `onInput`.
//
// Stable data-testid values (the end-to-end suite drives the window through these):
//
//  chrome (index.html)
//   provider-name          provider's name in the header
//   provider-logo          the provider's logo (<img>, alt = the provider's name; hidden without one)
//   demo-ribbon            the DEMO ribbon (visible only in demo mode)
//   support-open           header button: open the Support panel (every screen)
//   demo-open              header button: open the Demo scenarios panel (demo mode only)
//   provider-view-open     header button: open the Provider view panel (demo mode only)
//   app-version            version in the footer
//   step-label             "Step N of 6" / "Finished"
//   step-title             the h1 of the current step (focused when the step changes)
//   live-status            the polite live region (progress and results are announced here)
//   content                the <main> element; its data-step attribute is the current step
//   startup-error          the message when the window could not start (body[data-ready=error])
//  navigation (bottom of every screen that has them)
//   back, next             Back / Next (Welcome's Next is "Start"; Verify/Send use their own)
//   command-error          notice when Rust refused a command (role=alert)
//  Welcome
//   code-input             onboarding code field (absent when the code was prefilled)
//   code-hint              the hint above the field (says when a refused code came with a link)
//   code-error             "enter the code" message under the field
//   code-status            prefilled / valid notice (with "valid until …"), or the invalid-code
//                          message (role=alert; Start is disabled until a new code is typed)
//  Open the console
//   open-console           opens the console in the system browser (Rust does it)
//   console-opened         confirmation shown after opening
//   console-url            the console link as text; copy-console-url copies it
//   console-open-error     no browser could be opened (role=alert), right above the link; also
//                          on Restrict after "Open the console again", with console-url under it
//  Restrict to this app
//   console-illustration   the drawn console form
//   client-id              the client ID (large, monospace); copy-client-id copies it
//   checklist              the checklist fieldset
//   check-only_specific_apps, check-client_id_added, check-expiry_considered,
//   check-copied_credential   the four checkboxes
//   reopen-console         opens the console again
//  Paste
//   paste-input            masked credential field (type=password until shown)
//   paste-toggle           Show / Hide (aria-pressed)
//   paste-message          inspection message; data-tone = ok | warning | error | info
//                          (also for a credential Rust was handed and refused, e.g. a demo preset)
//   fix-button             with a refused paste: the one button that fixes it (to step 2)
//   credential-held        notice when Rust already holds a credential
//   submit-credential      Continue (hands the paste to Rust, clears the field)
//  Clipboard (Paste and Verify, once the credential went to Rust)
//   clipboard-offer        the offer to clear the clipboard; clear-clipboard is its button
//                          ("Clear again" once cleared, "Try again" after a failure)
//   clipboard-status       "Clipboard cleared." or why it could not be cleared (role=status)
//  Verify
//   verify-status          one-line status; data-tone = progress | ok | info
//   verify-stages          the stage list while checking
//   verify-start           "Check now" (only when idle with a credential)
//   identity               "Connected as NAME (ext. N), COMPANY, account ID"
//   identity-email         the user's email under it
//   permissions            the permissions list
//   missing-permissions    warning listing missing permissions
//   confirm-account        "This is the right account"
//   use-another            "No, use another credential"
//   account-confirmed      shown after confirming
//  Errors (Verify and Send)
//   error-block            the failure section; data-kind and data-fix-step attributes
//   error-message          the kind's message (role=alert)
//   error-details          <details> "Details": status, error, code, request ID
//   fix-button             the one primary button that fixes it
//   error-support          "Get help" (opens Support)
//   countdown              "Trying again automatically in N s"; data-seconds = N
//  Send
//   send-start             "Send to PROVIDER"
//   send-status            one-line status; data-tone = progress | ok | warning
//   send-attempts, send-next-attempt   retry state while queued
//   send-retry             "Try now" while queued
//   send-contact-email / copy-send-contact-email, send-contact-url / copy-send-contact-url
//                          the provider contact when the intake refused the submission
//   receipt-id             the receipt id (Send when delivered, and Done)
//  Done
//   done-status, summary, summary-account, copy-summary,
//   done-contact-email / copy-done-contact-email, done-contact-url / copy-done-contact-url
//  Panels (a modal dialog; Escape or panel-close closes it)
//   panel                  the dialog; data-panel = support | demo | provider
//   panel-close            Close
//   support-panel          Support panel body: support-facts, support-session-id, support-error-kind,
//                          support-report-copy, support-report-save, support-report-saved
//                          ("Saved to PATH"), support-report-text,
//                          support-contact-open (Rust opens the provider's page or mail),
//                          support-contact-opened / support-contact-error (its outcome),
//                          support-email / copy-support-email, support-url / copy-support-url
//   doctor-run             "Run checks" (Support panel); doctor-summary the progress / result line
//   doctor-checks          the list of checks; one doctor-check-<id> row each (e.g.
//                          doctor-check-intake.tls) with data-status = pending | pass | warn |
//                          fail | skip
//   demo-panel             Demo panel body: demo-scenarios, demo-scenario-<id> buttons
//   provider-view          Provider view body: provider-view-rows (one record per submission,
//                          with provider-receipt-id and provider-fingerprint), provider-view-refresh
//   demo-hint              notice after a demo scenario was applied

/** Ids of the elements index.html provides. */
export const CHROME_IDS = Object.freeze({
  providerName: 'provider-name',
  providerLogo: 'provider-logo',
  demoRibbon: 'demo-ribbon',
  version: 'app-version',
  steps: 'steps',
  content: 'content',
  stepLabel: 'step-label',
  title: 'step-title',
  blocks: 'step-blocks',
  nav: 'step-nav',
  live: 'live-status',
  panelHost: 'panel-host',
  panel: 'panel',
  panelTitle: 'panel-title',
  panelBody: 'panel-body',
  panelClose: 'panel-close',
  supportOpen: 'support-open',
  demoOpen: 'demo-open',
  providerViewOpen: 'provider-view-open',
});

/** Parts of the page made inert while a panel is open. */
const BACKGROUND_SELECTORS = ['app-header', 'layout', 'app-footer', 'skip-link'];

/**
 * Creates the renderer over `doc`. `onAction(action)` receives action descriptors, `onInput(field,
 * value)` typing in the code and paste fields.
 */
export function createDomRenderer(doc, { onAction, onInput } = {}) {
  const byId = (id) => doc.getElementById(id);
  const inputs = new Map(); // field -> <input>, kept across re-renders of the same step
  const blockCache = new Map(); // key -> { sig, el }
  const navCache = new Map();
  const panelCache = new Map();
  let currentStep = null;
  let panelOpen = false;
  let panelId = null;
  let panelOpener = null;
  let wantFocus = null; // data-testid to refocus after a re-render replaced it
  let uid = 0;
  const nextId = (prefix) => `${prefix}-${(uid += 1)}`;

  // ---- element helpers ---------------------------------------------------------------------

  function el(tag, { className, text, testid, attrs } = {}, children = []) {
    const node = doc.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (testid) node.setAttribute('data-testid', testid);
    if (attrs)
      for (const [name, value] of Object.entries(attrs))
        if (value !== null && value !== undefined && value !== false)
          node.setAttribute(name, value === true ? '' : String(value));
    for (const child of children) if (child) node.appendChild(child);
    return node;
  }

  function buttonEl(model) {
    const node = el('button', {
      className: `btn btn-${model.variant || 'secondary'}`,
      text: model.label,
      testid: model.testid,
      attrs: { type: 'button' },
    });
    if (!model.enabled) node.disabled = true;
    // Waiting buttons keep the focus but do nothing until the work they started is done.
    if (model.waiting) node.setAttribute('aria-disabled', 'true');
    node.addEventListener('click', () => {
      if (!node.disabled && !model.waiting) onAction(model.action);
    });
    return node;
  }

  function walk(node, visit) {
    visit(node);
    const kids = node.children || [];
    for (let i = 0; i < kids.length; i += 1) walk(kids[i], visit);
  }

  function findByTestid(root, testid) {
    let found = null;
    walk(root, (node) => {
      if (!found && node.getAttribute && node.getAttribute('data-testid') === testid) found = node;
    });
    return found;
  }

  function contains(root, node) {
    return Boolean(root && node && typeof root.contains === 'function' && root.contains(node));
  }

  // ---- blocks ------------------------------------------------------------------------------

  const builders = {
    text(block) {
      return el('p', { className: `text text-${block.style || 'body'}`, text: block.text, testid: block.testid });
    },
    heading(block) {
      return el('h2', { className: 'section-heading', text: block.text, testid: block.testid });
    },
    list(block) {
      return el(
        block.ordered ? 'ol' : 'ul',
        { className: 'plain-list', testid: block.testid },
        block.items.map((item) => el('li', { text: item })),
      );
    },
    notice(block) {
      return el('div', {
        className: `notice tone-${block.tone || 'info'}`,
        testid: block.testid,
        text: block.text,
        attrs: { role: block.role || null, 'data-tone': block.tone || 'info' },
      });
    },
    status(block) {
      return el('p', {
        className: `status tone-${block.tone || 'info'}`,
        testid: block.testid,
        text: block.text,
        attrs: { 'data-tone': block.tone || 'info' },
      });
    },
    buttons(block) {
      return el('div', { className: 'button-row' }, block.buttons.map(buttonEl));
    },
    facts(block) {
      return el(
        'dl',
        { className: 'facts', testid: block.testid },
        block.items.map((item) =>
          el('div', { className: 'fact' }, [
            el('dt', { text: item.label }),
            el('dd', { text: item.value, testid: item.testid, className: item.mono ? 'mono' : null }),
          ]),
        ),
      );
    },
    copy(block) {
      const labelId = nextId('copy-label');
      return el(
        'div',
        {
          className: `copy-row${block.large ? ' copy-large' : ''}`,
          attrs: { role: 'group', 'aria-labelledby': labelId },
        },
        [
          el('span', { className: 'copy-label', text: block.label, attrs: { id: labelId } }),
          el('div', { className: 'copy-box' }, [
            el('code', { className: 'copy-value', text: block.value, testid: block.testid }),
            buttonEl(block.button),
          ]),
          block.note ? el('p', { className: 'text text-small', text: block.note, attrs: { role: 'status' } }) : null,
        ],
      );
    },
    input(block) {
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
          ? el('p', { className: 'field-error', text: block.error, testid: 'code-error', attrs: { id: errorId } })
          : null,
      ]);
    },
    paste(block) {
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
    },
    checklist(block) {
      const summaryId = nextId('checklist-summary');
      const items = block.items.map((item) => {
        const id = `check-${item.item}`;
        const box = el('input', { testid: item.testid, attrs: { type: 'checkbox', id } });
        box.checked = Boolean(item.checked);
        box.addEventListener('change', () => onAction({ type: 'check', item: item.item, checked: box.checked }));
        return el('li', { className: `check-item${item.checked ? ' is-checked' : ''}` }, [
          box,
          el('label', { text: item.label, attrs: { for: id } }),
        ]);
      });
      return el(
        'fieldset',
        { className: 'checklist', testid: block.testid, attrs: { 'aria-describedby': summaryId } },
        [
          el('legend', { text: block.legend }),
          el('ol', { className: 'check-items' }, items),
          el('p', { className: 'checklist-summary', text: block.summary, attrs: { id: summaryId } }),
        ],
      );
    },
    illustration(block) {
      return illustration(block);
    },
    stages(block) {
      return el(
        'ol',
        { className: 'stages', testid: block.testid },
        block.items.map((stage) =>
          el(
            'li',
            {
              className: `stage stage-${stage.state}`,
              attrs: { 'aria-current': stage.state === 'current' ? 'step' : null, 'data-state': stage.state },
            },
            [
              el('span', { text: stage.label }),
              stage.state === 'done' ? el('span', { className: 'sr-only', text: ' (done)' }) : null,
            ],
          ),
        ),
      );
    },
    identity(block) {
      return el('div', { className: 'identity' }, [
        el('p', { className: 'identity-line', text: block.line, testid: block.testid }),
        block.email ? el('p', { className: 'text text-muted', text: block.email, testid: 'identity-email' }) : null,
      ]);
    },
    chips(block) {
      const labelId = nextId('chips');
      return el('div', { className: 'chips-block' }, [
        el('p', { className: 'chips-label', text: block.label, attrs: { id: labelId } }),
        el(
          'ul',
          { className: 'chips', testid: block.testid, attrs: { 'aria-labelledby': labelId } },
          block.items.map((item) => el('li', { text: item })),
        ),
      ]);
    },
    error(block) {
      const titleId = nextId('error-title');
      const details = block.details.length
        ? el('details', { className: 'error-details', testid: 'error-details' }, [
            el('summary', { text: 'Details' }),
            el(
              'dl',
              { className: 'facts' },
              block.details.map((row) =>
                el('div', { className: 'fact' }, [
                  el('dt', { text: row.label }),
                  el('dd', { className: 'mono', text: row.value }),
                ]),
              ),
            ),
          ])
        : null;
      return el(
        'section',
        {
          className: `error-block tone-${block.tone || 'error'}`,
          testid: 'error-block',
          attrs: { 'aria-labelledby': titleId, 'data-kind': block.kind, 'data-fix-step': block.fixStep },
        },
        [
          el('h2', { className: 'section-heading', text: block.title, attrs: { id: titleId } }),
          el('p', { className: 'error-message', text: block.message, testid: block.testid, attrs: { role: 'alert' } }),
          block.hint ? el('p', { className: 'text text-muted', text: block.hint }) : null,
          details,
          el('div', { className: 'button-row' }, [buttonEl(block.fix), block.help ? buttonEl(block.help) : null]),
        ],
      );
    },
    countdown(block) {
      return el('p', {
        className: 'countdown',
        text: block.text,
        testid: block.testid,
        attrs: { 'data-seconds': String(block.seconds) },
      });
    },
    records(block) {
      const captionId = nextId('records');
      const body = block.items.length
        ? el(
            'ol',
            { className: 'records' },
            block.items.map((item) =>
              el('li', { className: 'record' }, [
                el('h4', { className: 'record-title', text: item.title }),
                builders.facts({ items: item.facts }),
              ]),
            ),
          )
        : el('p', { className: 'text text-muted', text: block.empty });
      return el(
        'section',
        { className: 'records-block', testid: block.testid, attrs: { 'aria-labelledby': captionId } },
        [el('h3', { className: 'section-heading', text: block.caption, attrs: { id: captionId } }), body],
      );
    },
    choices(block) {
      return el(
        'ul',
        { className: 'choices', testid: block.testid },
        block.items.map((item) => {
          const descId = nextId('choice');
          const btn = buttonEl(item.button);
          btn.setAttribute('aria-describedby', descId);
          return el('li', { className: 'choice' }, [
            btn,
            el('p', { className: 'text text-muted', text: item.description, attrs: { id: descId } }),
          ]);
        }),
      );
    },
    offer(block) {
      return el('div', { className: `notice offer tone-${block.tone || 'info'}`, testid: block.testid }, [
        block.text ? el('p', { className: 'text', text: block.text }) : null,
        block.status
          ? el('p', {
              className: 'offer-status',
              text: block.status.text,
              testid: block.status.testid,
              attrs: { role: 'status' },
            })
          : null,
        el('div', { className: 'button-row' }, [buttonEl(block.button)]),
      ]);
    },
    checks(block) {
      const captionId = nextId('checks');
      return el('section', { className: 'checks-block', attrs: { 'aria-labelledby': captionId } }, [
        el('h3', { className: 'sr-only', text: block.caption, attrs: { id: captionId } }),
        el(
          'ol',
          { className: 'checks', testid: block.testid },
          block.items.map((item) =>
            el(
              'li',
              { className: `check status-${item.status}`, testid: item.testid, attrs: { 'data-status': item.status } },
              [
                el('div', { className: 'check-head' }, [
                  el('span', { className: 'check-status', text: item.statusLabel }),
                  el('span', { className: 'check-title', text: item.title }),
                ]),
                item.detail ? el('p', { className: 'check-detail', text: item.detail }) : null,
                item.fix ? el('p', { className: 'check-fix', text: `What to do: ${item.fix}` }) : null,
              ],
            ),
          ),
        ),
      ]);
    },
    details(block) {
      return el('details', { className: 'report-details' }, [
        el('summary', { text: block.summary }),
        el('pre', { className: 'report-text', text: block.text, testid: block.testid }),
      ]);
    },
  };

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

  function illustration(block) {
    const badge = (n) => el('span', { className: 'badge', text: String(n), attrs: { 'aria-hidden': 'true' } });
    const mockInput = (text, extra = '') => el('span', { className: `mock-input${extra}`, text });
    const field = (label, children) =>
      el('div', { className: 'mock-field' }, [el('span', { className: 'mock-label', text: label }), ...children]);
    const captionId = nextId('illustration');
    return el('figure', { className: 'illustration', testid: block.testid, attrs: { 'aria-labelledby': captionId } }, [
      el('figcaption', {
        text: `How to fill in RingCentral's "Create JWT credential" form for ${block.providerName}`,
        attrs: { id: captionId },
      }),
      el('div', { className: 'mock-window' }, [
        el('div', { className: 'mock-titlebar', text: 'Create JWT credential' }),
        el('div', { className: 'mock-form' }, [
          field('Label', [
            mockInput(block.providerName),
            el('span', { className: 'mock-note', text: 'Any name you will recognise' }),
          ]),
          field('What apps are permitted to use this credential?', [
            el('span', { className: 'mock-radio', text: 'All apps in my organization' }),
            el('span', { className: 'mock-radio is-selected' }, [
              el('span', { text: 'Only specific apps of my choice' }),
              badge(1),
            ]),
          ]),
          field('Client ID', [
            el('span', { className: 'mock-row' }, [
              mockInput(block.clientId, ' mono'),
              el('span', { className: 'mock-button', text: 'Add app' }),
              badge(2),
            ]),
          ]),
          field('Expiration Date (optional)', [
            el('span', { className: 'mock-row' }, [mockInput('Never', ' is-placeholder'), badge(3)]),
          ]),
          el('div', { className: 'mock-actions' }, [
            el('span', { className: 'mock-button is-primary', text: 'Create JWT' }),
            badge(4),
          ]),
        ]),
      ]),
    ]);
  }

  function buildBlock(block) {
    const builder = builders[block.type];
    if (!builder) return el('p', { className: 'text', text: block.text || '' });
    return builder(block);
  }

  /** Carries the open state of <details> elements over to a rebuilt block. */
  function carryDetailsState(oldEl, newEl) {
    const open = new Set();
    let index = 0;
    walk(oldEl, (node) => {
      if (node.tagName === 'DETAILS') {
        if (node.open) open.add(index);
        index += 1;
      }
    });
    index = 0;
    walk(newEl, (node) => {
      if (node.tagName === 'DETAILS') {
        if (open.has(index)) node.open = true;
        index += 1;
      }
    });
  }

  /**
   * Renders `items` (`{ key, sig, build }`) into `container`, reusing elements whose signature did
   * not change so focus, open <details> and screen-reader position survive.
   */
  function reconcile(container, cache, items) {
    const nextCache = new Map();
    const wanted = [];
    for (const item of items) {
      const previous = cache.get(item.key);
      let node;
      if (previous && previous.sig === item.sig) {
        node = previous.el;
      } else {
        node = item.build();
        if (previous) carryDetailsState(previous.el, node);
      }
      nextCache.set(item.key, { sig: item.sig, el: node });
      wanted.push(node);
    }
    const keep = new Set(wanted);
    for (const child of Array.from(container.children)) if (!keep.has(child)) container.removeChild(child);
    wanted.forEach((node, index) => {
      const at = container.children[index];
      if (at !== node) container.insertBefore(node, at || null);
    });
    cache.clear();
    for (const [key, value] of nextCache) cache.set(key, value);
  }

  function blockItems(blocks) {
    const seen = new Map();
    return blocks.map((block) => {
      let key = block.key || block.testid || block.type;
      const count = seen.get(key) || 0;
      seen.set(key, count + 1);
      if (count) key = `${key}#${count}`;
      return { key, sig: JSON.stringify(block), build: () => buildBlock(block) };
    });
  }

  // ---- focus -------------------------------------------------------------------------------

  function rememberFocus(root) {
    const active = doc.activeElement;
    if (!active || !contains(root, active)) return null;
    const testid = active.getAttribute && active.getAttribute('data-testid');
    const selection = typeof active.selectionStart === 'number' ? [active.selectionStart, active.selectionEnd] : null;
    return testid ? { testid, selection } : null;
  }

  function tryFocus(root, target) {
    const node = findByTestid(root, target.testid);
    if (!node || node.disabled || typeof node.focus !== 'function') return false;
    node.focus();
    if (target.selection && typeof node.setSelectionRange === 'function') {
      try {
        node.setSelectionRange(target.selection[0], target.selection[1]);
      } catch {
        // some input types do not support selection
      }
    }
    return true;
  }

  /**
   * After a re-render: when the focused element was replaced, focus its successor (same
   * data-testid). A successor that is disabled for now (a busy button) gets focus once enabled.
   */
  function restoreFocus(root, remembered) {
    const active = doc.activeElement;
    const focusLost = !active || active === doc.body || !contains(doc.body, active);
    if (!focusLost) {
      if (!remembered) wantFocus = null;
      return;
    }
    const target = remembered || (wantFocus ? { testid: wantFocus, selection: null } : null);
    if (!target) return;
    wantFocus = tryFocus(root, target) ? null : target.testid;
  }

  // ---- public API --------------------------------------------------------------------------

  function render(model) {
    const content = byId(CHROME_IDS.content);
    if (model.step !== currentStep) {
      for (const input of inputs.values()) input.value = '';
      inputs.clear();
      blockCache.clear();
      navCache.clear();
      wantFocus = null;
      currentStep = model.step;
    }
    const remembered = rememberFocus(content);
    content.setAttribute('data-step', model.step);
    byId(CHROME_IDS.stepLabel).textContent = model.stepLabel;
    byId(CHROME_IDS.title).textContent = model.title;
    renderRail(model.rail);
    reconcile(byId(CHROME_IDS.blocks), blockCache, blockItems(model.blocks));
    const navItems = [];
    for (const which of ['back', 'next']) {
      const btn = model.nav && model.nav[which];
      if (btn) navItems.push({ key: which, sig: JSON.stringify(btn), build: () => buttonEl(btn) });
    }
    const nav = byId(CHROME_IDS.nav);
    reconcile(nav, navCache, navItems);
    nav.hidden = navItems.length === 0;
    if (!panelOpen) restoreFocus(content, remembered);
  }

  function renderRail(rail) {
    const list = byId(CHROME_IDS.steps);
    for (const li of Array.from(list.children)) {
      const entry = rail.find((r) => r.id === li.getAttribute('data-step'));
      const state = entry ? entry.state : 'todo';
      if (state === 'current') li.setAttribute('aria-current', 'step');
      else li.removeAttribute('aria-current');
      li.classList.toggle('done', state === 'done');
      li.setAttribute('data-state', state);
    }
  }

  function renderChrome(chrome) {
    byId(CHROME_IDS.providerName).textContent = chrome.providerName;
    byId(CHROME_IDS.demoRibbon).hidden = !chrome.demo;
    byId(CHROME_IDS.demoOpen).hidden = !chrome.demo;
    byId(CHROME_IDS.providerViewOpen).hidden = !chrome.demo;
    if (chrome.version) byId(CHROME_IDS.version).textContent = chrome.version;
    doc.title = chrome.documentTitle;
    renderLogo(chrome.logo);
    const style = doc.documentElement.style;
    for (const theme of ['light', 'dark']) {
      for (const name of ['accent', 'on-accent', 'ink']) {
        const prop = `--brand-${theme}-${name}`;
        if (chrome.accentVars && chrome.accentVars[prop]) style.setProperty(prop, chrome.accentVars[prop]);
        else style.removeProperty(prop);
      }
    }
  }

  /** The provider's logo (a data: URL) with the provider's name as its text; hidden without one. */
  function renderLogo(logo) {
    const img = byId(CHROME_IDS.providerLogo);
    if (!img) return;
    if (logo && logo.src) {
      if (img.getAttribute('src') !== logo.src) img.setAttribute('src', logo.src);
      img.setAttribute('alt', logo.alt || '');
      img.hidden = false;
    } else {
      img.removeAttribute('src');
      img.setAttribute('alt', '');
      img.hidden = true;
    }
  }

  function setBackgroundInert(inert) {
    for (const className of BACKGROUND_SELECTORS) {
      const node = doc.querySelector(`.${className}`);
      if (!node) continue;
      if (inert) node.setAttribute('inert', '');
      else node.removeAttribute('inert');
    }
  }

  function renderPanel(model) {
    const host = byId(CHROME_IDS.panelHost);
    const dialog = byId(CHROME_IDS.panel);
    const body = byId(CHROME_IDS.panelBody);
    if (!model) {
      if (!panelOpen) return;
      panelOpen = false;
      panelId = null;
      host.hidden = true;
      setBackgroundInert(false);
      panelCache.clear();
      while (body.firstChild) body.removeChild(body.firstChild);
      const opener = panelOpener;
      panelOpener = null;
      if (opener && contains(doc.body, opener) && typeof opener.focus === 'function' && !opener.disabled)
        opener.focus();
      else focusHeading();
      return;
    }
    const opening = !panelOpen || panelId !== model.id;
    if (opening && !panelOpen)
      panelOpener = doc.activeElement && doc.activeElement !== doc.body ? doc.activeElement : null;
    if (opening) panelCache.clear();
    panelOpen = true;
    panelId = model.id;
    dialog.setAttribute('data-panel', model.id);
    byId(CHROME_IDS.panelTitle).textContent = model.title;
    const remembered = rememberFocus(body);
    body.setAttribute('data-testid', model.testid);
    reconcile(body, panelCache, blockItems(model.blocks));
    host.hidden = false;
    setBackgroundInert(true);
    if (opening) {
      const close = byId(CHROME_IDS.panelClose);
      if (close) close.focus();
    } else {
      restoreFocus(body, remembered);
      if (!contains(dialog, doc.activeElement)) {
        const close = byId(CHROME_IDS.panelClose);
        if (close) close.focus();
      }
    }
  }

  function focusHeading() {
    const title = byId(CHROME_IDS.title);
    if (title && typeof title.focus === 'function') title.focus();
  }

  function focusField(field) {
    const input = inputs.get(field);
    if (input) input.focus();
  }

  function announce(text) {
    const live = byId(CHROME_IDS.live);
    if (live) live.textContent = text;
  }

  /** Scrolls the element with `testid` (on the screen) to the middle of its scroll area. */
  function reveal(testid) {
    const node = findByTestid(byId(CHROME_IDS.content), testid);
    if (node && typeof node.scrollIntoView === 'function') node.scrollIntoView({ block: 'center', inline: 'nearest' });
  }

  function readValue(field) {
    const input = inputs.get(field);
    return input ? String(input.value || '') : '';
  }

  function clearValue(field) {
    const input = inputs.get(field);
    if (input) input.value = '';
  }

  /** Reads a secret field and clears it in the same step; the field never gets it back. */
  function takeSecret(field) {
    const input = inputs.get(field);
    if (!input) return '';
    const value = String(input.value || '');
    input.value = '';
    if (input.getAttribute('type') !== 'password') input.setAttribute('type', 'password');
    return value;
  }

  /** Replaces the screen with a start-up failure message. */
  function showFatal(message) {
    byId(CHROME_IDS.title).textContent = 'rc-onboard could not start';
    const blocks = byId(CHROME_IDS.blocks);
    while (blocks.firstChild) blocks.removeChild(blocks.firstChild);
    blocks.appendChild(
      el('p', { className: 'notice tone-error', text: message, testid: 'startup-error', attrs: { role: 'alert' } }),
    );
  }

  // Header buttons, the panel's Close button, Escape, and the focus trap.
  const wire = (id, action) => {
    const node = byId(id);
    if (node) node.addEventListener('click', () => onAction(action));
  };
  wire(CHROME_IDS.supportOpen, { type: 'support_open' });
  wire(CHROME_IDS.demoOpen, { type: 'demo_open' });
  wire(CHROME_IDS.providerViewOpen, { type: 'provider_view_open' });
  wire(CHROME_IDS.panelClose, { type: 'panel_close' });
  doc.addEventListener('keydown', (event) => {
    if (!panelOpen) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      onAction({ type: 'panel_close' });
    } else if (event.key === 'Tab') {
      trapTab(event);
    }
  });

  function trapTab(event) {
    const dialog = byId(CHROME_IDS.panel);
    const focusable = [];
    walk(dialog, (node) => {
      const tag = node.tagName;
      if (
        (tag === 'BUTTON' ||
          tag === 'SUMMARY' ||
          tag === 'A' ||
          tag === 'INPUT' ||
          (node.getAttribute && node.getAttribute('tabindex') === '0')) &&
        !node.disabled &&
        !node.hidden
      ) {
        focusable.push(node);
      }
    });
    if (focusable.length === 0) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && (doc.activeElement === first || !contains(dialog, doc.activeElement))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (doc.activeElement === last || !contains(dialog, doc.activeElement))) {
      event.preventDefault();
      first.focus();
    }
  }

  return {
    render,
    renderChrome,
    renderPanel,
    focusHeading,
    focusField,
    announce,
    reveal,
    readValue,
    clearValue,
    takeSecret,
    showFatal,
  };
}
