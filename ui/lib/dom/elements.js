// Element helpers for the DOM layer: elements built with createElement and textContent only
// (never HTML strings), buttons whose clicks become action descriptors, unique element ids, and
// walking or searching a rendered tree.

const TESTID_ATTRIBUTE = 'data-testid';

/**
 * The element builders over `doc`. `el(tag, { className, text, testid, attrs }, children)` makes
 * one element; `buttonEl(model)` makes a button from a presenter's button model whose click calls
 * `onAction(model.action)`.
 */
export function createElementBuilders(doc, onAction) {
  function el(tag, { className, text, testid, attrs } = {}, children = []) {
    const node = doc.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (testid) node.setAttribute(TESTID_ATTRIBUTE, testid);
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

  return { el, buttonEl };
}

/** `prefix-1`, `prefix-2`, …: ids that tie labels to the elements they describe. */
export function createIdSequence() {
  let uid = 0;
  return (prefix) => `${prefix}-${(uid += 1)}`;
}

/** Calls `visit` on `node` and every element under it, depth first. */
export function walk(node, visit) {
  visit(node);
  const kids = node.children || [];
  for (let i = 0; i < kids.length; i += 1) walk(kids[i], visit);
}

/** The first element under `root` (or `root` itself) with this data-testid, or null. */
export function findByTestid(root, testid) {
  let found = null;
  walk(root, (node) => {
    if (!found && node.getAttribute && node.getAttribute(TESTID_ATTRIBUTE) === testid) found = node;
  });
  return found;
}

/** Reads an element's data-testid (null without one). */
export function testidOf(node) {
  return node.getAttribute && node.getAttribute(TESTID_ATTRIBUTE);
}

/** Whether `node` is `root` or inside it; false when either is missing. */
export function contains(root, node) {
  return Boolean(root && node && typeof root.contains === 'function' && root.contains(node));
}

/** Removes every child of `node`. */
export function removeChildren(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}

/** Sets an element's data-testid. */
export function setTestid(node, testid) {
  node.setAttribute(TESTID_ATTRIBUTE, testid);
}
