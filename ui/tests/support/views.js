// Sample views shaped like docs/IPC.md, for the tests.

export function sampleView(overrides = {}) {
  const base = {
    session_id: 'f3b1c2d4',
    step: 'welcome',
    demo: true,
    provider: {
      name: 'Acme Analytics (demo)',
      support_email: 'help@acme.example',
      support_url: 'https://acme.example/support',
      accent_color: '#0B5CAD',
    },
    client_id: 'rc-demo-provider-app',
    console_url: 'https://developers.ringcentral.com/console/my-credentials/create?client_id=rc-demo-provider-app',
    code: { present: true, prefilled: true, status: null },
    checklist: {
      only_specific_apps: false,
      client_id_added: false,
      expiry_considered: false,
      copied_credential: false,
    },
    inspection: null,
    credential_held: false,
    verification: {
      status: 'idle',
      stage: null,
      identity: null,
      permissions: [],
      missing_permissions: [],
      error: null,
      confirmed: false,
    },
    delivery: {
      status: 'idle',
      submission_id: null,
      receipt_id: null,
      received_at: null,
      attempts: 0,
      next_attempt_at: null,
      error: null,
    },
  };
  return merge(base, overrides);
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

export const IDENTITY = Object.freeze({
  account_id: '37439510',
  extension_id: '62264425',
  extension_number: '101',
  name: 'Jane Smith',
  email: 'jane@example.com',
  company: 'Example Inc.',
});

export const PLAUSIBLE = Object.freeze({
  kind: 'plausible',
  ok: true,
  warning: false,
  message: 'Looks right. This credential never expires.',
  expires_at: null,
  fingerprint: '3f9a0c1d2e4b5a69',
});

export function failure(kind, fixStep, extra = {}) {
  return {
    kind,
    message: `message for ${kind}`,
    fix_step: fixStep,
    retry_after_s: null,
    ringcentral: { status: 400, error: 'invalid_grant', code: 'OAU-213', request_id: 'req-1' },
    ...extra,
  };
}
