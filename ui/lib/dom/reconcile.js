// The keyed reconciler: renders a list of `{ key, sig, build }` items into a container, reusing
// the element of every item whose signature did not change, and carrying the open state of
// <details> over to an item that had to be rebuilt.

import { walk } from './elements.js';

/** Carries the open state of <details> elements over to a rebuilt block. */
export function carryDetailsState(oldEl, newEl) {
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
 * not change so focus, open <details> and screen-reader position survive. `cache` (a Map, key ->
 * `{ sig, el }`) is what the previous call rendered into this container; it is updated in place.
 */
export function reconcile(container, cache, items) {
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
