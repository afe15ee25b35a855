// The connection checks ("doctor") in the Support panel: the 16 checks Rust plans, their titles
// for people, defensive reading of each `doctor://check` event and of the final report, and the
// progress and summary sentences. Pure: no DOM, no IPC.

/** The statuses a finished check can have. */
export const CHECK_STATUSES = Object.freeze(['pass', 'warn', 'fail', 'skip']);

/** What each status is called on screen; `pending` is a planned check without a result yet. */
export const STATUS_LABELS = Object.freeze({
  pass: 'Passed',
  warn: 'Warning',
  fail: 'Failed',
  skip: 'Skipped',
  pending: 'Waiting',
});

const ENDPOINT_PARTS = Object.freeze({
  dns: 'name lookup (DNS)',
  tcp: 'connection (TCP)',
  tls: 'secure connection (TLS)',
  http: 'answers (HTTP)',
});

/** Every check a report holds, in report order (as Rust's `planned_checks`). */
export const PLANNED_CHECKS = Object.freeze([
  'profile',
  ...['ringcentral', 'console', 'intake'].flatMap((target) =>
    Object.keys(ENDPOINT_PARTS).map((part) => `${target}.${part}`),
  ),
  'clock',
  'keyring',
  'outbox',
]);

/** The title people see for a check id; `fallback` (Rust's short title) for ids not known here. */
export function checkTitle(id, providerName = 'the provider', fallback = '') {
  switch (id) {
    case 'profile':
      return `${providerName}'s profile`;
    case 'clock':
      return "This computer's clock";
    case 'keyring':
      return 'Secure storage on this computer (keyring)';
    case 'outbox':
      return 'Credentials waiting to be sent (outbox)';
    default:
      break;
  }
  const [target, part] = String(id).split('.');
  const targets = {
    ringcentral: 'RingCentral sign-in server',
    console: 'RingCentral Developer Console',
    intake: `${providerName}'s intake server`,
  };
  if (targets[target] && ENDPOINT_PARTS[part]) return `${targets[target]}: ${ENDPOINT_PARTS[part]}`;
  return fallback || String(id);
}

const text = (value) => (typeof value === 'string' ? value : '');

/** One check as Rust sends it (`{ id, title, status, detail, fix, duration_ms }`), or null. */
export function normaliseCheck(raw) {
  if (!raw || typeof raw !== 'object' || typeof raw.id !== 'string' || raw.id === '') return null;
  if (!CHECK_STATUSES.includes(raw.status)) return null;
  const fix = text(raw.fix).trim();
  return {
    id: raw.id,
    title: text(raw.title),
    status: raw.status,
    detail: text(raw.detail),
    fix: fix || null,
    duration_ms: typeof raw.duration_ms === 'number' && Number.isFinite(raw.duration_ms) ? raw.duration_ms : null,
  };
}

/** The report `{ ok, checks }`, or null when it is not one. */
export function normaliseReport(raw) {
  if (!raw || typeof raw !== 'object' || !Array.isArray(raw.checks)) return null;
  const checks = raw.checks.map(normaliseCheck).filter(Boolean);
  const ok = typeof raw.ok === 'boolean' ? raw.ok : !checks.some((c) => c.status === 'fail');
  return { ok, checks };
}

/** No run yet. `status`: idle | running | done | failed. `checks`: id → check. */
export function initialDoctorState() {
  return { status: 'idle', checks: {}, ok: null, error: null };
}

/** The state when a run starts: every planned check waiting. */
export function startedDoctorState() {
  return { status: 'running', checks: {}, ok: null, error: null };
}

/** The state after one `doctor://check` event (ignored unless a run is going on). */
export function withCheck(state, raw) {
  if (state.status !== 'running') return state;
  const check = normaliseCheck(raw);
  if (!check) return state;
  return { ...state, checks: { ...state.checks, [check.id]: check } };
}

/** The state once `run_doctor` resolved: the report is authoritative. */
export function finishedDoctorState(state, rawReport) {
  const report = normaliseReport(rawReport);
  if (!report) return { ...state, status: 'failed', error: 'The checks returned no usable result.' };
  const checks = { ...state.checks };
  for (const check of report.checks) checks[check.id] = check;
  return { status: 'done', checks, ok: report.ok, error: null };
}

/** The state when `run_doctor` was rejected. */
export function failedDoctorState(state, message) {
  return { ...state, status: 'failed', error: message };
}

/** Rows in report order: the planned checks first (waiting until their result arrives), then any other. */
export function doctorRows(state, providerName) {
  const ids = [...PLANNED_CHECKS, ...Object.keys(state.checks).filter((id) => !PLANNED_CHECKS.includes(id))];
  return ids.map((id) => {
    const check = state.checks[id] || null;
    const status = check ? check.status : 'pending';
    return {
      id,
      testid: `doctor-check-${id}`,
      title: checkTitle(id, providerName, check ? check.title : ''),
      status,
      statusLabel: STATUS_LABELS[status],
      detail: check ? check.detail : '',
      fix: check ? check.fix : null,
    };
  });
}

/** How many checks ended with each status, how many finished, and how many there are. */
export function doctorCounts(state) {
  const counts = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const check of Object.values(state.checks)) counts[check.status] += 1;
  const done = counts.pass + counts.warn + counts.fail + counts.skip;
  const extra = Object.keys(state.checks).filter((id) => !PLANNED_CHECKS.includes(id)).length;
  return { ...counts, done, total: PLANNED_CHECKS.length + extra };
}

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

/** "Checking… 5 of 16 done" while running. */
export function progressText(state) {
  const { done, total } = doctorCounts(state);
  return `Checking… ${done} of ${total} done`;
}

/** The final sentence and its tone (ok | warning | error), or null before the end of a run. */
export function doctorSummary(state) {
  if (state.status === 'failed') {
    return { tone: 'error', text: `The checks could not run: ${state.error || 'unknown error'}` };
  }
  if (state.status !== 'done') return null;
  const c = doctorCounts(state);
  if (c.pass === c.total) return { tone: 'ok', text: `All ${c.total} checks passed.` };
  const parts = [`${c.pass} passed`];
  if (c.warn) parts.push(plural(c.warn, 'warning', 'warnings'));
  if (c.fail) parts.push(`${c.fail} failed`);
  if (c.skip) parts.push(`${c.skip} skipped`);
  if (c.total > c.done) parts.push(`${c.total - c.done} without a result`);
  const advice =
    c.fail > 0
      ? 'See the failed checks below for what to do, and include the support report when you ask for help.'
      : 'Onboarding can go ahead; the notes below say what needs attention.';
  return { tone: c.fail > 0 ? 'error' : 'warning', text: `${parts.join(', ')}. ${advice}` };
}

/** What the polite live region says after a check arrived. */
export function progressAnnouncement(state, check, providerName) {
  const { done, total } = doctorCounts(state);
  const title = checkTitle(check.id, providerName, check.title);
  return `Check ${done} of ${total}: ${title}, ${STATUS_LABELS[check.status].toLowerCase()}.`;
}
