// Which single button fixes a failure: its label and the action it triggers, from the failure's
// `fix_step` (falling back to the kind when Rust sends none), for the Verify and Send screens.

/**
 * `fix_step` for each kind, as Rust sends it (a test checks this against tests/fixtures); used only
 * when a failure arrives without one.
 */
export const DEFAULT_FIX_STEP = Object.freeze({
  malformed: 'paste',
  not_ringcentral: 'paste',
  wrong_environment: 'console',
  expired: 'console',
  rejected: 'restrict',
  app_not_enabled: 'contact_provider',
  client_auth_failed: 'contact_provider',
  user_disabled: 'console',
  missing_permissions: 'contact_provider',
  user_permission_missing: 'console',
  rate_limited: 'wait_retry',
  unavailable: 'retry',
  unexpected: 'retry',
  intake_unauthorized: 'welcome',
  intake_conflict: 'contact_provider',
  intake_rejected: 'contact_provider',
  intake_unavailable: 'retry',
});

/** A more specific label for kinds whose fix is a console step. */
const KIND_LABELS = Object.freeze({
  expired: 'Create a new credential',
  wrong_environment: 'Create it in the production console',
  user_disabled: 'Create it as an active user',
  user_permission_missing: 'Create it as a user with the permission',
  rejected: 'Restrict it to this app',
});

/** The fix step for a failure: its own, else the kind's default, else retry. */
export function fixStepOf(failure) {
  if (!failure) return null;
  return failure.fix_step || DEFAULT_FIX_STEP[failure.kind] || 'retry';
}

/**
 * The one primary button that fixes `failure`.
 * `phase` is 'verify' or 'send' (what "try again" repeats); `providerName` names the contact.
 * Returns `{ fixStep, label, action, hint }`; `action` is a controller action descriptor.
 */
export function fixFor(failure, { phase = 'verify', providerName = 'the provider' } = {}) {
  const fixStep = fixStepOf(failure);
  const kindLabel = failure ? KIND_LABELS[failure.kind] : undefined;
  const retry = phase === 'send' ? { type: 'send' } : { type: 'verify' };
  switch (fixStep) {
    case 'restrict':
      return {
        fixStep,
        label: kindLabel || 'Restrict it to this app',
        action: { type: 'go', step: 'restrict' },
        hint: 'Go back to step 3: create a new credential restricted to this app.',
      };
    case 'console':
      return {
        fixStep,
        label: kindLabel || 'Go back to the console',
        action: { type: 'go', step: 'console' },
        hint: 'Go back to step 2 and create a new credential.',
      };
    case 'paste':
      return {
        fixStep,
        label: 'Paste the credential again',
        action: { type: 'go', step: 'paste' },
        hint: 'Go back to step 4 and paste the whole credential.',
      };
    case 'contact_provider':
      return {
        fixStep,
        label: `Contact ${providerName} support`,
        action: { type: 'support_open' },
        hint: `Send the support report to ${providerName}; it contains no secrets.`,
      };
    case 'wait_retry':
      return {
        fixStep,
        label: 'Try again',
        action: retry,
        hint: 'We will try again automatically when the wait is over.',
      };
    case 'welcome':
      return {
        fixStep,
        label: 'Enter a new onboarding code',
        action: { type: 'go', step: 'welcome' },
        hint: `Ask ${providerName} for a new onboarding code and enter it on the first step.`,
      };
    case 'retry':
    default:
      return { fixStep: 'retry', label: 'Try again', action: retry, hint: '' };
  }
}

/** The heading of a failure: what kind of trouble it is, in the person's terms. */
export function failureTitle(failure, { phase = 'verify', providerName = 'the provider' } = {}) {
  const fixStep = fixStepOf(failure);
  if (phase === 'send') {
    if (fixStep === 'retry') return `${providerName} could not be reached`;
    if (fixStep === 'wait_retry') return `${providerName} asked us to wait`;
    return `${providerName} did not accept the submission`;
  }
  if (fixStep === 'wait_retry') return 'RingCentral asked us to wait';
  if (fixStep === 'retry') return 'RingCentral could not check the credential';
  if (fixStep === 'contact_provider') return `This needs ${providerName}`;
  return 'RingCentral did not accept the credential';
}

/** "Details" rows for a failure's RingCentral facts (only those present), as `{ label, value }`. */
export function failureDetails(failure) {
  if (!failure) return [];
  const rows = [{ label: 'Kind', value: failure.kind }];
  const rc = failure.ringcentral;
  if (rc) {
    if (rc.status !== null && rc.status !== undefined) rows.push({ label: 'HTTP status', value: String(rc.status) });
    if (rc.error) rows.push({ label: 'Error', value: rc.error });
    if (rc.code) rows.push({ label: 'Error code', value: rc.code });
    if (rc.request_id) rows.push({ label: 'Request ID', value: rc.request_id });
    if (rc.message) rows.push({ label: 'RingCentral said', value: rc.message });
  }
  return rows;
}

/**
 * The one button that fixes a paste that local inspection refused, by the inspection's kind. Each
 * leads to step 2, where the console opens and its link is shown: to create a new credential (an
 * expired one, or one from another environment), or to copy the credential itself instead of
 * what was pasted. `null` for a paste that is fine.
 */
export function pasteFixFor(inspection) {
  if (!inspection || inspection.ok) return null;
  switch (inspection.kind) {
    case 'expired':
      return { label: KIND_LABELS.expired, action: { type: 'go', step: 'console' } };
    case 'wrong_environment':
      return { label: KIND_LABELS.wrong_environment, action: { type: 'go', step: 'console' } };
    default:
      return { label: 'Go back to the console', action: { type: 'go', step: 'console' } };
  }
}
