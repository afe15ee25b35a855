// Defensive reading of what Rust sends: every field of the view gets a sane default, and values
// of the wrong type are dropped, so the presenter never has to guard against a missing object.

import { isKnownStep } from './steps.js';

const str = (value) => (typeof value === 'string' ? value : null);
const bool = (value) => value === true;
const num = (value) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const obj = (value) => (value && typeof value === 'object' && !Array.isArray(value) ? value : null);
const strings = (value) => (Array.isArray(value) ? value.filter((v) => typeof v === 'string') : []);

/** Image types a provider logo may have; the CSP allows `data:` images and nothing remote. */
const LOGO_DATA_URL = /^data:image\/(?:png|jpeg|svg\+xml|webp);base64,[A-Za-z0-9+/]+={0,2}$/;

/** The provider logo when it is a base64 `data:` URL of an image type the profile allows, else null. */
export function normaliseLogo(value) {
  return typeof value === 'string' && LOGO_DATA_URL.test(value) ? value : null;
}

/** The Failure shape, or null. */
export function normaliseFailure(raw) {
  const failure = obj(raw);
  if (!failure) return null;
  const rc = obj(failure.ringcentral);
  return {
    kind: str(failure.kind) || 'unexpected',
    message: str(failure.message) || 'Something went wrong.',
    fix_step: str(failure.fix_step),
    retry_after_s: num(failure.retry_after_s),
    retries_automatically: typeof failure.retries_automatically === 'boolean' ? failure.retries_automatically : null,
    ringcentral: rc
      ? {
          status: num(rc.status),
          error: str(rc.error),
          code: str(rc.code),
          request_id: str(rc.request_id),
          message: str(rc.message),
        }
      : null,
  };
}

/** The Inspection shape, or null. */
export function normaliseInspection(raw) {
  const inspection = obj(raw);
  if (!inspection) return null;
  return {
    kind: str(inspection.kind) || 'not_jwt',
    ok: bool(inspection.ok),
    warning: bool(inspection.warning),
    message: str(inspection.message) || '',
    expires_at: str(inspection.expires_at),
    fingerprint: str(inspection.fingerprint),
  };
}

function normaliseIdentity(raw) {
  const identity = obj(raw);
  if (!identity) return null;
  const text = (value) => (typeof value === 'string' || typeof value === 'number' ? String(value) : null);
  return {
    account_id: text(identity.account_id),
    extension_id: text(identity.extension_id),
    extension_number: text(identity.extension_number),
    name: str(identity.name),
    email: str(identity.email),
    company: str(identity.company),
  };
}

/** A complete view with defaults for anything missing. */
export function normaliseView(raw) {
  const view = obj(raw) || {};
  const provider = obj(view.provider) || {};
  const code = obj(view.code) || {};
  const status = obj(code.status);
  const checklist = obj(view.checklist) || {};
  const verification = obj(view.verification) || {};
  const delivery = obj(view.delivery) || {};
  return {
    revision: num(view.revision),
    session_id: str(view.session_id) || '',
    step: isKnownStep(view.step) ? view.step : 'welcome',
    demo: bool(view.demo),
    provider: {
      name: str(provider.name) || 'the provider',
      support_email: str(provider.support_email),
      support_url: str(provider.support_url),
      accent_color: str(provider.accent_color),
      logo: normaliseLogo(provider.logo),
    },
    client_id: str(view.client_id) || '',
    console_url: str(view.console_url) || '',
    code: {
      present: bool(code.present),
      prefilled: bool(code.prefilled),
      status: status ? { valid: status.valid !== false, message: str(status.message) || '' } : null,
    },
    checklist: {
      only_specific_apps: bool(checklist.only_specific_apps),
      client_id_added: bool(checklist.client_id_added),
      expiry_considered: bool(checklist.expiry_considered),
      copied_credential: bool(checklist.copied_credential),
    },
    inspection: normaliseInspection(view.inspection),
    credential_held: bool(view.credential_held),
    verification: {
      status: str(verification.status) || 'idle',
      stage: str(verification.stage),
      identity: normaliseIdentity(verification.identity),
      permissions: strings(verification.permissions),
      missing_permissions: strings(verification.missing_permissions),
      error: normaliseFailure(verification.error),
      confirmed: bool(verification.confirmed),
    },
    delivery: {
      status: str(delivery.status) || 'idle',
      submission_id: str(delivery.submission_id),
      receipt_id: str(delivery.receipt_id),
      received_at: str(delivery.received_at),
      attempts: num(delivery.attempts) || 0,
      next_attempt_at: str(delivery.next_attempt_at),
      error: normaliseFailure(delivery.error),
    },
  };
}
