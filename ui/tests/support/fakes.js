// Test doubles for the controller: a fake Rust side (invoke + listen) that follows docs/IPC.md,
// a recording renderer, and a manual clock.

import { CONSTANTS, IDENTITY, PLAUSIBLE, fixture, sampleView } from './views.js';

const ORDER = ['welcome', 'console', 'restrict', 'paste', 'verify', 'send', 'done'];

/** A fake Rust side. `rust.view` is the state; `rust.calls` records every invoke. */
export function createFakeRust(overrides = {}) {
  const rust = {
    view: sampleView(overrides),
    calls: [],
    handlers: new Map(),
    /** Per-command replacements: `rust.override.cmd = (args) => result` (throw to reject). */
    override: {},
    scenarios: [
      { id: 'happy', title: 'Happy path', description: 'Everything works.' },
      { id: 'rate_limited', title: 'Rate limited', description: '429 with Retry-After.' },
    ],
    providerRows: [],
    /** The checks `run_doctor` emits as `doctor://check` events, then returns as its report. */
    doctorChecks: [
      { id: 'profile', title: 'profile', status: 'pass', detail: 'Acme Analytics (demo)', fix: null, duration_ms: 1 },
      {
        id: 'intake.tls',
        title: 'intake tls',
        status: 'warn',
        detail: 'certificate expires in 5 days',
        fix: 'Ask Acme to renew it.',
        duration_ms: 12,
      },
      { id: 'outbox', title: 'outbox', status: 'pass', detail: 'empty', fix: null, duration_ms: 0 },
    ],
    savedPath: '/home/jane/Downloads/rc-onboard-support-f3b1c2d4.txt',
  };

  const copy = () => JSON.parse(JSON.stringify(rust.view));
  const refuse = (message) => {
    const error = { kind: 'refused', message };
    throw error;
  };

  const commands = {
    app_info: () => ({ version: '0.3.0', provider_name: rust.view.provider.name, demo: rust.view.demo, ...CONSTANTS }),
    wizard_view: () => copy(),
    wizard_go: ({ step }) => {
      if (!ORDER.includes(step)) refuse(`unknown step ${step}`);
      const checklist = Object.values(rust.view.checklist).every(Boolean);
      if (ORDER.indexOf(step) > ORDER.indexOf('restrict') && !checklist) refuse('Tick all four items on step 3 first.');
      if (step === 'verify' && !rust.view.credential_held) refuse('Paste a credential first.');
      rust.view.step = step;
      return copy();
    },
    set_code: ({ code }) => {
      rust.view.code = {
        present: true,
        prefilled: false,
        status:
          code === 'BAD'
            ? { valid: false, message: 'This onboarding code has expired.' }
            : { valid: true, message: '' },
      };
      return copy();
    },
    open_console: () => copy(),
    set_check: ({ item, checked }) => {
      rust.view.checklist[item] = checked;
      return copy();
    },
    inspect_paste: ({ text }) => (text.startsWith('eyJ') ? { ...PLAUSIBLE } : fixture('inspections').not_jwt),
    submit_credential: ({ text }) => {
      if (!text.startsWith('eyJ')) refuse('That is not a JWT credential.');
      rust.view.credential_held = true;
      rust.view.inspection = { ...PLAUSIBLE };
      return copy();
    },
    verify_start: () => {
      rust.view.verification = { ...rust.view.verification, status: 'running', stage: 'inspecting', error: null };
      return copy();
    },
    confirm_account: () => {
      rust.view.verification.confirmed = true;
      return copy();
    },
    send_start: () => {
      rust.view.delivery = { ...rust.view.delivery, status: 'sending' };
      return copy();
    },
    summary_text: () => 'Connected Acme Analytics (demo) to account 37439510. Receipt rcpt-42.',
    support_report: () => 'rc-onboard support report\nsession f3b1c2d4',
    demo_scenarios: () => rust.scenarios,
    demo_apply: ({ id }) => {
      rust.view = sampleView({ step: 'paste', credential_held: true, inspection: { ...PLAUSIBLE } });
      return { view: copy(), credential_hint: `A ready-made credential for "${id}" is in place.` };
    },
    provider_view: () => rust.providerRows,
    save_support_report: () => rust.savedPath,
    open_support: () => null,
    run_doctor: () => {
      for (const check of rust.doctorChecks) rust.emitEvent(CONSTANTS.doctor_event, check);
      return { ok: !rust.doctorChecks.some((c) => c.status === 'fail'), checks: rust.doctorChecks };
    },
  };

  rust.invoke = (cmd, args = {}) => {
    rust.calls.push([cmd, args]);
    try {
      const fn = rust.override[cmd] || commands[cmd];
      if (!fn) return Promise.reject(`command ${cmd} not found`);
      return Promise.resolve(fn(args));
    } catch (error) {
      return Promise.reject(error);
    }
  };
  rust.listen = (event, handler) => {
    rust.handlers.set(event, handler);
    return Promise.resolve(() => rust.handlers.delete(event));
  };
  /** Changes the view and emits it as the view event, like Rust does on its own. */
  rust.emit = (change) => {
    if (typeof change === 'function') change(rust.view);
    else Object.assign(rust.view, change);
    const handler = rust.handlers.get(CONSTANTS.view_event);
    if (handler) handler({ event: CONSTANTS.view_event, id: 1, payload: copy() });
  };
  /** Emits any other event to its listener, if one is subscribed. */
  rust.emitEvent = (event, payload) => {
    const handler = rust.handlers.get(event);
    if (handler) handler({ event, id: 2, payload });
  };
  rust.callsOf = (cmd) => rust.calls.filter(([name]) => name === cmd).map(([, args]) => args);
  rust.identity = IDENTITY;
  return rust;
}

/** A renderer that records what the controller asks for. */
export function createRecordingRenderer() {
  const r = {
    models: [],
    chromes: [],
    panels: [],
    announcements: [],
    revealed: [],
    focus: [],
    values: { code: '', paste: '' },
    takes: [],
    render(model) {
      r.models.push(model);
    },
    renderChrome(chrome) {
      r.chromes.push(chrome);
    },
    renderPanel(model) {
      r.panels.push(model);
    },
    focusHeading() {
      r.focus.push('heading');
    },
    focusField(field) {
      r.focus.push(`field:${field}`);
    },
    announce(text) {
      r.announcements.push(text);
    },
    reveal(testid) {
      r.revealed.push(testid);
    },
    readValue(field) {
      return r.values[field] || '';
    },
    clearValue(field) {
      r.values[field] = '';
    },
    takeSecret(field) {
      const value = r.values[field] || '';
      r.values[field] = '';
      r.takes.push(field);
      return value;
    },
    get last() {
      return r.models[r.models.length - 1];
    },
    get lastPanel() {
      return r.panels[r.panels.length - 1];
    },
  };
  return r;
}

/** A clock whose time moves only when the test says so. */
export function createManualClock(start = Date.parse('2025-11-28T14:00:00Z')) {
  let now = start;
  let nextId = 1;
  const timers = new Map();
  const clock = {
    now: () => now,
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.set(id, { fn, at: now + ms, every: null });
      return id;
    },
    setInterval(fn, ms) {
      const id = nextId++;
      timers.set(id, { fn, at: now + ms, every: ms });
      return id;
    },
    clearTimeout(id) {
      timers.delete(id);
    },
    clearInterval(id) {
      timers.delete(id);
    },
    /** Moves time forward, firing due timers in order. */
    advance(ms) {
      const end = now + ms;
      for (;;) {
        let due = null;
        for (const [id, timer] of timers) if (timer.at <= end && (!due || timer.at < due[1].at)) due = [id, timer];
        if (!due) break;
        const [id, timer] = due;
        now = timer.at;
        if (timer.every) timer.at += timer.every;
        else timers.delete(id);
        timer.fn();
      }
      now = end;
    },
    pending: () => timers.size,
  };
  return clock;
}

/** Lets pending promise callbacks run. */
export function flush() {
  return new Promise((resolve) => setImmediate(resolve));
}
