// Tests for the keyed reconciler (lib/dom/reconcile.js) over the fake document: unchanged items
// keep their element, changed ones are rebuilt in place with their open <details>, order follows
// the items and elements of dropped items are removed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { carryDetailsState, reconcile } from '../lib/dom/reconcile.js';
import { FakeDocument } from './support/fake-dom.js';

function setup() {
  const doc = new FakeDocument();
  const container = doc.createElement('div');
  doc.body.appendChild(container);
  const builds = [];
  const item = (key, sig, tag = 'p') => ({
    key,
    sig,
    build: () => {
      builds.push(key);
      const node = doc.createElement(tag);
      node.textContent = `${key}:${sig}`;
      return node;
    },
  });
  return { doc, container, builds, item, cache: new Map() };
}

const texts = (container) => container.children.map((child) => child.textContent);

test('builds every item on the first render, in order, and fills the cache', () => {
  const { container, builds, item, cache } = setup();
  reconcile(container, cache, [item('a', '1'), item('b', '1'), item('c', '1')]);
  assert.deepEqual(texts(container), ['a:1', 'b:1', 'c:1']);
  assert.deepEqual(builds, ['a', 'b', 'c']);
  assert.deepEqual([...cache.keys()], ['a', 'b', 'c']);
  assert.equal(cache.get('b').el, container.children[1]);
});

test('an item whose signature did not change keeps its element (and so its focus)', () => {
  const { doc, container, builds, item, cache } = setup();
  reconcile(container, cache, [item('a', '1'), item('b', '1')]);
  const kept = container.children[0];
  kept.focus();
  builds.length = 0;
  reconcile(container, cache, [item('a', '1'), item('b', '2')]);
  assert.deepEqual(builds, ['b'], 'only the changed item is rebuilt');
  assert.equal(container.children[0], kept);
  assert.equal(doc.activeElement, kept);
  assert.deepEqual(texts(container), ['a:1', 'b:2']);
});

test('reorders kept elements, inserts new ones and removes the elements of dropped items', () => {
  const { container, builds, item, cache } = setup();
  reconcile(container, cache, [item('a', '1'), item('b', '1'), item('c', '1')]);
  const [a, , c] = container.children;
  builds.length = 0;
  reconcile(container, cache, [item('c', '1'), item('d', '1'), item('a', '1')]);
  assert.deepEqual(texts(container), ['c:1', 'd:1', 'a:1']);
  assert.equal(container.children[0], c);
  assert.equal(container.children[2], a);
  assert.deepEqual(builds, ['d']);
  assert.deepEqual([...cache.keys()], ['c', 'd', 'a'], 'the cache forgets dropped keys');
  reconcile(container, cache, []);
  assert.equal(container.children.length, 0);
  assert.equal(cache.size, 0);
});

test('a rebuilt item keeps the open state of its <details>, by position', () => {
  const { doc, container, cache } = setup();
  const withDetails = (sig) => ({
    key: 'error',
    sig,
    build: () => {
      const section = doc.createElement('section');
      for (let i = 0; i < 2; i += 1) section.appendChild(doc.createElement('details'));
      return section;
    },
  });
  reconcile(container, cache, [withDetails('1')]);
  container.children[0].children[1].open = true;
  reconcile(container, cache, [withDetails('2')]);
  const [first, second] = container.children[0].children;
  assert.equal(first.open, false);
  assert.equal(second.open, true);
});

test('carryDetailsState opens only the <details> that were open, nested ones included', () => {
  const doc = new FakeDocument();
  const tree = (openFlags) => {
    const root = doc.createElement('div');
    const outer = doc.createElement('details');
    const inner = doc.createElement('details');
    outer.appendChild(inner);
    root.appendChild(outer);
    [outer.open, inner.open] = openFlags;
    return root;
  };
  const rebuilt = tree([false, false]);
  carryDetailsState(tree([false, true]), rebuilt);
  assert.equal(rebuilt.children[0].open, false);
  assert.equal(rebuilt.children[0].children[0].open, true);
});
