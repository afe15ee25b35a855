// Tests for dates, durations, the "Connected as" line and permission labels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  connectedAsLine,
  describeIdentity,
  formatDate,
  formatDateTime,
  formatDuration,
  localiseTimestamps,
  permissionLabel,
  usableLocale,
} from '../lib/format.js';

const env = { locale: 'en-GB', timeZone: 'UTC' };

test('formatDateTime and formatDate use the given locale and time zone', () => {
  assert.equal(formatDateTime('2025-11-28T14:03:00Z', env), '28 Nov 2025, 14:03');
  assert.equal(formatDate('2025-11-28T23:30:00-02:00', env), '29 Nov 2025');
  assert.equal(
    formatDateTime('2025-11-28T14:03:00Z', { locale: 'en-US', timeZone: 'America/New_York' }),
    'Nov 28, 2025, 9:03 AM',
  );
});

test('formatDateTime returns null for missing or invalid dates', () => {
  assert.equal(formatDateTime(null, env), null);
  assert.equal(formatDateTime('', env), null);
  assert.equal(formatDateTime('not a date', env), null);
  assert.equal(formatDate(42, env), null);
});

test('formatDuration', () => {
  assert.equal(formatDuration(0), '0 s');
  assert.equal(formatDuration(45), '45 s');
  assert.equal(formatDuration(44.2), '45 s');
  assert.equal(formatDuration(60), '1 min');
  assert.equal(formatDuration(125), '2 min 5 s');
  assert.equal(formatDuration(3600), '1 h');
  assert.equal(formatDuration(3780), '1 h 3 min');
  assert.equal(formatDuration(-5), '0 s');
  assert.equal(formatDuration(Number.NaN), '0 s');
});

test('connectedAsLine has name, extension, company and account', () => {
  const identity = {
    name: 'Jane Smith',
    extension_number: '101',
    company: 'Example Inc.',
    account_id: '37439510',
    email: 'jane@example.com',
  };
  assert.equal(connectedAsLine(identity), 'Connected as Jane Smith (ext. 101), Example Inc., account 37439510');
});

test('connectedAsLine leaves out what is unknown', () => {
  assert.equal(describeIdentity({ name: 'Jane', account_id: '1' }), 'Jane, account 1');
  assert.equal(describeIdentity({ extension_number: '101', account_id: 1 }), 'extension 101, account 1');
  assert.equal(describeIdentity({ email: 'a@b.c' }), 'a@b.c');
  assert.equal(connectedAsLine(null), 'Connected');
  assert.equal(connectedAsLine({ name: '  ' }), 'Connected');
});

test('permission labels read like the console', () => {
  assert.equal(permissionLabel('ReadAccounts'), 'Read Accounts');
  assert.equal(permissionLabel('EditExtensions'), 'Edit Extensions');
  assert.equal(permissionLabel('RingOut'), 'RingOut');
  assert.equal(permissionLabel('Read Call Log'), 'Read Call Log');
  assert.equal(permissionLabel(''), '');
});

test('a locale or time zone Intl rejects (navigator.language is "C" under a POSIX locale) falls back', () => {
  assert.equal(usableLocale('C'), undefined);
  assert.equal(usableLocale(''), undefined);
  assert.equal(usableLocale(undefined), undefined);
  assert.equal(usableLocale('en-GB'), 'en-GB');
  assert.match(formatDateTime('2025-11-28T14:03:00Z', { locale: 'C', timeZone: 'UTC' }), /2025/);
  assert.match(formatDate('2025-11-28T14:03:00Z', { locale: 'en-GB', timeZone: 'Not/AZone' }), /Nov 2025/);
});

test('localiseTimestamps shows RFC 3339 times inside a sentence in local time, and nothing else changes', () => {
  assert.equal(
    localiseTimestamps('Your onboarding code is valid until 2025-12-05T14:00:00.000Z.', env),
    'Your onboarding code is valid until 5 Dec 2025, 14:00.',
  );
  assert.equal(
    localiseTimestamps('From 2025-12-05T14:00:00+01:00 to 2025-12-06T09:30Z', env),
    'From 5 Dec 2025, 13:00 to 6 Dec 2025, 09:30',
  );
  assert.equal(localiseTimestamps('Valid until 2025-13-45T99:00:00Z', env), 'Valid until 2025-13-45T99:00:00Z');
  assert.equal(localiseTimestamps('No date here <b>2025</b>', env), 'No date here <b>2025</b>');
  assert.equal(localiseTimestamps(null, env), '');
});
