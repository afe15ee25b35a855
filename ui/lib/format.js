// Formatting of facts for people: dates, durations, the "Connected as …" line, permission names.
// Pure functions; locale and time zone are parameters so tests are deterministic.

/**
 * The locale if Intl accepts it, else undefined (the runtime default). Webviews started under a
 * POSIX locale report `navigator.language` as "C", which Intl rejects with a RangeError.
 */
export function usableLocale(locale) {
  if (typeof locale !== 'string' || locale === '') return undefined;
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([locale]).length ? locale : undefined;
  } catch {
    return undefined;
  }
}

function usableTimeZone(timeZone) {
  if (typeof timeZone !== 'string' || timeZone === '') return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return undefined;
  }
}

function formatter(options, style) {
  return new Intl.DateTimeFormat(usableLocale(options.locale), {
    ...style,
    timeZone: usableTimeZone(options.timeZone),
  });
}

/**
 * Formats an RFC 3339 timestamp as a local date and time ("28 Nov 2025, 14:03"), or null when the
 * input is missing or not a date. `options` = `{ locale, timeZone }` (both optional).
 */
export function formatDateTime(value, options = {}) {
  const date = parseDate(value);
  if (!date) return null;
  return formatter(options, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** Formats an RFC 3339 timestamp as a local date only ("28 Nov 2025"), or null. */
export function formatDate(value, options = {}) {
  const date = parseDate(value);
  if (!date) return null;
  return formatter(options, { dateStyle: 'medium' }).format(date);
}

function parseDate(value) {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Seconds as "45 s", "2 min", "2 min 5 s", "1 h 3 min". Negative or invalid input gives "0 s". */
export function formatDuration(totalSeconds) {
  const seconds = Number.isFinite(totalSeconds) ? Math.max(0, Math.ceil(totalSeconds)) : 0;
  if (seconds < 60) return `${seconds} s`;
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  return rest > 0 ? `${minutes} min ${rest} s` : `${minutes} min`;
}

function clean(value) {
  if (value === null || value === undefined) return '';
  return String(value).trim();
}

/**
 * "Jane Smith (ext. 101), Example Inc., account 123456789": whichever parts are known. Returns an
 * empty string when nothing is known.
 */
export function describeIdentity(identity) {
  if (!identity || typeof identity !== 'object') return '';
  const name = clean(identity.name) || clean(identity.email);
  const extension = clean(identity.extension_number);
  const company = clean(identity.company);
  const account = clean(identity.account_id);
  const parts = [];
  let who = name;
  if (extension) who = who ? `${who} (ext. ${extension})` : `extension ${extension}`;
  if (who) parts.push(who);
  if (company) parts.push(company);
  if (account) parts.push(`account ${account}`);
  return parts.join(', ');
}

/** "Connected as Jane Smith (ext. 101), Example Inc., account 123456789". */
export function connectedAsLine(identity) {
  const described = describeIdentity(identity);
  return described ? `Connected as ${described}` : 'Connected';
}

/**
 * A RingCentral permission name as the developer console shows it: "ReadAccounts" → "Read
 * Accounts", "RingOut" stays, "EditExtensions" → "Edit Extensions".
 */
export function permissionLabel(name) {
  const text = clean(name);
  if (!text || /\s/.test(text)) return text;
  if (text === 'RingOut') return text;
  return text.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
}

/** An RFC 3339 date-time inside a sentence ("… valid until 2026-03-01T12:00:00Z."). */
const TIMESTAMP_IN_TEXT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;

/**
 * A sentence from Rust with each RFC 3339 timestamp in it shown as a local date and time, so
 * "valid until 2026-03-01T12:00:00.000Z" reads "valid until 1 Mar 2026, 12:00". Anything else in
 * the sentence is kept as it is.
 */
export function localiseTimestamps(text, options = {}) {
  if (typeof text !== 'string') return '';
  return text.replace(TIMESTAMP_IN_TEXT, (match) => formatDateTime(match, options) || match);
}
