// The drawn "Create JWT credential" form of RingCentral's console (Restrict step): a static
// picture made of elements, with numbered badges pointing at the four things to fill in.

/** Builds the illustration block. `el` comes from elements.js, `nextId` ties the caption. */
export function buildIllustration(block, { el, nextId }) {
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
