// The block builders: turn each block of a screen or panel model (`{ type, … }`, see
// lib/screens/common.js and lib/panels.js) into elements. An unknown type renders its text as a
// paragraph. `blockItems` gives the keyed items the reconciler renders.

import { buildIllustration } from './illustration.js';
import { TESTIDS } from './testids.js';

/**
 * Creates `buildBlock(block)` and lists the block types it knows (`blockTypes`). `el`, `buttonEl`
 * and `nextId` come from elements.js, `fields` from fields.js (the input and paste blocks); a
 * checkbox change calls `onAction`.
 */
export function createBlockBuilder({ el, buttonEl, nextId, fields, onAction }) {
  const builders = {
    ...fields.builders,
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
      return buildIllustration(block, { el, nextId });
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
        block.email
          ? el('p', { className: 'text text-muted', text: block.email, testid: TESTIDS.identityEmail })
          : null,
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
        ? el('details', { className: 'error-details', testid: TESTIDS.errorDetails }, [
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
          testid: TESTIDS.errorBlock,
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

  function buildBlock(block) {
    const builder = builders[block.type];
    if (!builder) return el('p', { className: 'text', text: block.text || '' });
    return builder(block);
  }

  return { buildBlock, blockTypes: Object.freeze(Object.keys(builders)) };
}

/**
 * The reconciler's items for a list of blocks: keyed by `key`, else data-testid, else type (a
 * repeated key gets `#1`, `#2`, …), with the block's JSON as its signature.
 */
export function blockItems(blocks, buildBlock) {
  const seen = new Map();
  return blocks.map((block) => {
    let key = block.key || block.testid || block.type;
    const count = seen.get(key) || 0;
    seen.set(key, count + 1);
    if (count) key = `${key}#${count}`;
    return { key, sig: JSON.stringify(block), build: () => buildBlock(block) };
  });
}
