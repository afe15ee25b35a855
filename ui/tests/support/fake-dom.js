// A tiny fake DOM for node tests: enough of Element/Document for dom.js (createElement,
// attributes, textContent, children, events, focus). Setting innerHTML throws, so a test fails
// if any code path tries to write HTML.

class FakeStyle {
  constructor() {
    this.props = new Map();
  }
  setProperty(name, value) {
    this.props.set(name, String(value));
  }
  removeProperty(name) {
    this.props.delete(name);
  }
  getPropertyValue(name) {
    return this.props.get(name) || '';
  }
}

class FakeClassList {
  constructor(node) {
    this.node = node;
  }
  list() {
    return (this.node.getAttribute('class') || '').split(/\s+/).filter(Boolean);
  }
  add(...names) {
    const set = new Set(this.list());
    names.forEach((n) => set.add(n));
    this.node.setAttribute('class', [...set].join(' '));
  }
  remove(...names) {
    this.node.setAttribute(
      'class',
      this.list()
        .filter((n) => !names.includes(n))
        .join(' '),
    );
  }
  toggle(name, force) {
    const has = this.contains(name);
    const want = force === undefined ? !has : Boolean(force);
    if (want) this.add(name);
    else this.remove(name);
    return want;
  }
  contains(name) {
    return this.list().includes(name);
  }
}

export class FakeElement {
  constructor(doc, tagName) {
    this.ownerDocument = doc;
    this.tagName = tagName.toUpperCase();
    this.children = [];
    this.parentNode = null;
    this.attributes = new Map();
    this.listeners = new Map();
    this.ownText = '';
    this.style = new FakeStyle();
    this.classList = new FakeClassList(this);
    this.hidden = false;
    this.disabled = false;
    this.value = '';
    this.checked = false;
    this.open = false;
    this.selectionStart = null;
    this.selectionEnd = null;
  }
  get textContent() {
    return this.ownText + this.children.map((c) => c.textContent).join('');
  }
  set textContent(value) {
    for (const child of this.children) this.detach(child);
    this.children = [];
    this.ownText = String(value);
  }
  set innerHTML(_value) {
    throw new Error('innerHTML is not allowed');
  }
  get innerHTML() {
    throw new Error('innerHTML is not allowed');
  }
  insertAdjacentHTML() {
    throw new Error('insertAdjacentHTML is not allowed');
  }
  get className() {
    return this.getAttribute('class') || '';
  }
  set className(value) {
    this.setAttribute('class', value);
  }
  get id() {
    return this.getAttribute('id') || '';
  }
  get firstChild() {
    return this.children[0] || null;
  }
  get dataset() {
    const node = this;
    return new Proxy(
      {},
      {
        get: (_t, key) =>
          node.getAttribute(`data-${String(key).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`) ?? undefined,
        set: (_t, key, value) => {
          node.setAttribute(`data-${String(key).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, value);
          return true;
        },
      },
    );
  }
  setAttribute(name, value) {
    this.attributes.set(name, String(value));
  }
  getAttribute(name) {
    return this.attributes.has(name) ? this.attributes.get(name) : null;
  }
  hasAttribute(name) {
    return this.attributes.has(name);
  }
  removeAttribute(name) {
    this.attributes.delete(name);
  }
  isConnected() {
    let node = this;
    while (node.parentNode) node = node.parentNode;
    return node === this.ownerDocument.documentElement;
  }
  contains(other) {
    let node = other;
    while (node) {
      if (node === this) return true;
      node = node.parentNode;
    }
    return false;
  }
  detach(child) {
    const doc = this.ownerDocument;
    if (doc.activeElement && child.contains(doc.activeElement)) doc.activeElement = doc.body;
    child.parentNode = null;
  }
  appendChild(child) {
    return this.insertBefore(child, null);
  }
  insertBefore(child, ref) {
    if (child.parentNode) child.parentNode.removeChild(child);
    const index = ref ? this.children.indexOf(ref) : -1;
    if (ref && index < 0) throw new Error('reference node is not a child');
    if (index < 0) this.children.push(child);
    else this.children.splice(index, 0, child);
    child.parentNode = this;
    return child;
  }
  removeChild(child) {
    const index = this.children.indexOf(child);
    if (index < 0) throw new Error('not a child');
    this.children.splice(index, 1);
    this.detach(child);
    return child;
  }
  addEventListener(type, handler) {
    if (!this.listeners.has(type)) this.listeners.set(type, []);
    this.listeners.get(type).push(handler);
  }
  dispatch(type, init = {}) {
    let prevented = false;
    const event = { type, target: this, preventDefault: () => (prevented = true), ...init };
    for (const handler of this.listeners.get(type) || []) handler(event);
    if (this.parentNode && type === 'keydown')
      this.parentNode.dispatch(type, { ...init, target: event.target || this });
    else if (!this.parentNode && this === this.ownerDocument.documentElement && type === 'keydown') {
      this.ownerDocument.dispatch(type, init);
    }
    return !prevented;
  }
  click() {
    if (this.disabled) return;
    this.dispatch('click');
  }
  focus() {
    if (!this.isConnected() || this.disabled || this.hidden) return;
    this.ownerDocument.activeElement = this;
  }
  select() {
    this.selectionStart = 0;
    this.selectionEnd = this.value.length;
  }
  setSelectionRange(start, end) {
    this.selectionStart = start;
    this.selectionEnd = end;
  }
  /** All descendants (depth first), this excluded. */
  descendants() {
    const out = [];
    const visit = (node) => {
      for (const child of node.children) {
        out.push(child);
        visit(child);
      }
    };
    visit(this);
    return out;
  }
  querySelector(selector) {
    return this.querySelectorAll(selector)[0] || null;
  }
  querySelectorAll(selector) {
    return this.descendants().filter((node) => matches(node, selector));
  }
}

function matches(node, selector) {
  let match = /^\[([\w-]+)=["']?([^"'\]]+)["']?\]$/.exec(selector);
  if (match) return node.getAttribute(match[1]) === match[2];
  match = /^\.([\w-]+)$/.exec(selector);
  if (match) return node.classList.contains(match[1]);
  match = /^#([\w-]+)$/.exec(selector);
  if (match) return node.getAttribute('id') === match[1];
  match = /^([a-z]+)$/i.exec(selector);
  if (match) return node.tagName === match[1].toUpperCase();
  throw new Error(`fake DOM does not support selector ${selector}`);
}

export class FakeDocument {
  constructor() {
    this.documentElement = new FakeElement(this, 'html');
    this.body = new FakeElement(this, 'body');
    this.documentElement.appendChild(this.body);
    this.activeElement = this.body;
    this.title = '';
    this.listeners = new Map();
    this.execCommandResult = true;
    this.execCommands = [];
  }
  createElement(tag) {
    return new FakeElement(this, tag);
  }
  getElementById(id) {
    return this.documentElement.querySelector(`#${id}`);
  }
  querySelector(selector) {
    return this.documentElement.querySelector(selector);
  }
  querySelectorAll(selector) {
    return this.documentElement.querySelectorAll(selector);
  }
  addEventListener(type, handler) {
    if (!this.listeners.has(type)) this.listeners.set(type, []);
    this.listeners.get(type).push(handler);
  }
  dispatch(type, init = {}) {
    let prevented = false;
    const event = { type, preventDefault: () => (prevented = true), ...init };
    for (const handler of this.listeners.get(type) || []) handler(event);
    return !prevented;
  }
  execCommand(name) {
    this.execCommands.push(name);
    return this.execCommandResult;
  }
}

/** Builds the chrome of index.html (the ids dom.js relies on) in a fake document. */
export function buildChrome(doc = new FakeDocument()) {
  const make = (tag, attrs = {}, children = []) => {
    const node = doc.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    for (const child of children) node.appendChild(child);
    return node;
  };
  const steps = ['welcome', 'console', 'restrict', 'paste', 'verify', 'send'];
  const names = ['Welcome', 'Open the console', 'Restrict to this app', 'Paste', 'Verify', 'Send'];
  const rail = make(
    'ol',
    { id: 'steps' },
    steps.map((s, i) => {
      const li = make('li', { 'data-step': s });
      li.textContent = names[i];
      return li;
    }),
  );
  const hiddenButton = (id) => {
    const b = make('button', { id, 'data-testid': id, type: 'button' });
    b.hidden = id !== 'support-open';
    return b;
  };
  const ribbon = make('span', { id: 'demo-ribbon', 'data-testid': 'demo-ribbon' });
  ribbon.hidden = true;
  const logo = make('img', { id: 'provider-logo', 'data-testid': 'provider-logo', alt: '' });
  logo.hidden = true;
  const header = make('header', { class: 'app-header' }, [
    logo,
    make('span', { id: 'provider-name', 'data-testid': 'provider-name' }),
    ribbon,
    hiddenButton('demo-open'),
    hiddenButton('provider-view-open'),
    hiddenButton('support-open'),
  ]);
  const nav = make('div', { id: 'step-nav' });
  const main = make('main', { id: 'content', 'data-testid': 'content', tabindex: '-1' }, [
    make('p', { id: 'step-label', 'data-testid': 'step-label' }),
    make('h1', { id: 'step-title', 'data-testid': 'step-title', tabindex: '-1' }),
    make('div', { id: 'step-blocks' }),
    nav,
  ]);
  const layout = make('div', { class: 'layout' }, [make('nav', {}, [rail]), main]);
  const footer = make('footer', { class: 'app-footer' }, [
    make('span', { id: 'app-version', 'data-testid': 'app-version' }),
  ]);
  const live = make('div', { id: 'live-status', 'aria-live': 'polite' });
  const panelHost = make('div', { id: 'panel-host' }, [
    make('div', { id: 'panel', role: 'dialog' }, [
      make('h2', { id: 'panel-title' }),
      make('button', { id: 'panel-close', 'data-testid': 'panel-close', type: 'button' }),
      make('div', { id: 'panel-body' }),
    ]),
  ]);
  panelHost.hidden = true;
  for (const part of [header, layout, footer, live, panelHost]) doc.body.appendChild(part);
  return doc;
}

/** The first element with this data-testid, or null. */
export function byTestid(doc, testid) {
  return doc.querySelector(`[data-testid=${testid}]`);
}
