// Views for the tests, from the real views Rust writes into ../fixtures/
// (crates/session/tests/window_fixtures.rs; docs/IPC.md says how to regenerate them), so the
// tests and Rust cannot drift apart.

import { readFileSync } from 'node:fs';

const FIXTURES = new URL('../fixtures/', import.meta.url);

/** A fixture by name (`welcome`, `verified`, `queued`, …), parsed afresh each time. */
export function fixture(name) {
  return JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8'));
}

/** The contract's constants `app_info` sends (`view_event`, `default_retry_after_s`). */
export const CONSTANTS = Object.freeze(fixture('constants'));

/** The view at Welcome (the code given on the command line), with `overrides` merged in. */
export function sampleView(overrides = {}) {
  return merge(fixture('welcome'), overrides);
}

function merge(base, overrides) {
  const out = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value && typeof value === 'object' && !Array.isArray(value) && base[key] && typeof base[key] === 'object') {
      out[key] = merge(base[key], value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** The account the demo's credential connects. */
export const IDENTITY = Object.freeze(fixture('verified').verification.identity);

/** What Rust says of a credential that looks right (and never expires). */
export const PLAUSIBLE = Object.freeze(fixture('inspections').plausible);

/** What RingCentral said with a refusal (status, error, code, request id). */
export const RINGCENTRAL = Object.freeze(fixture('verify-failed-restrict').verification.error.ringcentral);

const FAILURES = fixture('failures');

/**
 * The failure Rust builds for `kind`, with RingCentral's details and `extra` fields. `fixStep` is
 * the step the test expects to fix it: Rust's must agree.
 */
export function failure(kind, fixStep, extra = {}) {
  const real = FAILURES[kind];
  if (!real) throw new Error(`Rust has no error kind ${kind}`);
  if (real.fix_step !== fixStep) throw new Error(`Rust fixes ${kind} at ${real.fix_step}, not ${fixStep}`);
  return { ...real, ringcentral: { ...RINGCENTRAL }, ...extra };
}
