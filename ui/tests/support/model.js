// Helpers to look inside screen models in tests.

/** Every button in a screen or panel model (blocks and nav), in order. */
export function allButtons(model) {
  const out = [];
  for (const block of model.blocks) {
    if (block.type === 'buttons') out.push(...block.buttons);
    if (block.type === 'copy') out.push(block.button);
    if (block.type === 'paste') out.push(block.toggle);
    if (block.type === 'error') out.push(block.fix, ...(block.help ? [block.help] : []));
    if (block.type === 'choices') out.push(...block.items.map((i) => i.button));
    if (block.type === 'offer') out.push(block.button);
  }
  if (model.nav) {
    if (model.nav.back) out.push(model.nav.back);
    if (model.nav.next) out.push(model.nav.next);
  }
  return out;
}

export function findButton(model, testid) {
  return allButtons(model).find((b) => b.testid === testid) || null;
}

export function findBlock(model, predicate) {
  return (
    model.blocks.find(
      typeof predicate === 'string' ? (b) => b.testid === predicate || b.key === predicate : predicate,
    ) || null
  );
}

/** Every string in a model, for "this text appears somewhere" checks. */
export function allText(model) {
  const out = [];
  const visit = (value) => {
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(model);
  return out.join('\n');
}
