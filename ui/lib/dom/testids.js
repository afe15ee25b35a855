// The window's stable data-testid values: the table documents each one, the constants below name
// them for the DOM code (the screen and panel presenters put the same values in their models).
//
// Stable data-testid values (the end-to-end suite drives the window through these):
//
//  chrome (index.html)
//   provider-name          provider's name in the header
//   provider-logo          the provider's logo (<img>, alt = the provider's name; hidden without one)
//   demo-ribbon            the DEMO ribbon (visible only in demo mode)
//   support-open           header button: open the Support panel (every screen)
//   demo-open              header button: open the Demo scenarios panel (demo mode only)
//   provider-view-open     header button: open the Provider view panel (demo mode only)
//   app-version            version in the footer
//   step-label             "Step N of 6" / "Finished"
//   step-title             the h1 of the current step (focused when the step changes)
//   live-status            the polite live region (progress and results are announced here)
//   content                the <main> element; its data-step attribute is the current step
//   startup-error          the message when the window could not start (body[data-ready=error])
//  navigation (bottom of every screen that has them)
//   back, next             Back / Next (Welcome's Next is "Start"; Verify/Send use their own)
//   command-error          notice when Rust refused a command (role=alert)
//  Welcome
//   code-input             onboarding code field (absent when the code was prefilled)
//   code-hint              the hint above the field (says when a refused code came with a link)
//   code-error             "enter the code" message under the field
//   code-status            prefilled / valid notice (with "valid until …"), or the invalid-code
//                          message (role=alert; Start is disabled until a new code is typed)
//  Open the console
//   open-console           opens the console in the system browser (Rust does it)
//   console-opened         confirmation shown after opening
//   console-url            the console link as text; copy-console-url copies it
//   console-open-error     no browser could be opened (role=alert), right above the link; also
//                          on Restrict after "Open the console again", with console-url under it
//  Restrict to this app
//   console-illustration   the drawn console form
//   client-id              the client ID (large, monospace); copy-client-id copies it
//   checklist              the checklist fieldset
//   check-only_specific_apps, check-client_id_added, check-expiry_considered,
//   check-copied_credential   the four checkboxes
//   reopen-console         opens the console again
//  Paste
//   paste-input            masked credential field (type=password until shown)
//   paste-toggle           Show / Hide (aria-pressed)
//   paste-message          inspection message; data-tone = ok | warning | error | info
//                          (also for a credential Rust was handed and refused, e.g. a demo preset)
//   fix-button             with a refused paste: the one button that fixes it (to step 2)
//   credential-held        notice when Rust already holds a credential
//   submit-credential      Continue (hands the paste to Rust, clears the field)
//  Clipboard (Paste and Verify, once the credential went to Rust)
//   clipboard-offer        the offer to clear the clipboard; clear-clipboard is its button
//                          ("Clear again" once cleared, "Try again" after a failure)
//   clipboard-status       "Clipboard cleared." or why it could not be cleared (role=status)
//  Verify
//   verify-status          one-line status; data-tone = progress | ok | info
//   verify-stages          the stage list while checking
//   verify-start           "Check now" (only when idle with a credential)
//   identity               "Connected as NAME (ext. N), COMPANY, account ID"
//   identity-email         the user's email under it
//   permissions            the permissions list
//   missing-permissions    warning listing missing permissions
//   confirm-account        "This is the right account"
//   use-another            "No, use another credential"
//   account-confirmed      shown after confirming
//  Errors (Verify and Send)
//   error-block            the failure section; data-kind and data-fix-step attributes
//   error-message          the kind's message (role=alert)
//   error-details          <details> "Details": status, error, code, request ID
//   fix-button             the one primary button that fixes it
//   error-support          "Get help" (opens Support)
//   countdown              "Trying again automatically in N s"; data-seconds = N
//  Send
//   send-start             "Send to PROVIDER"
//   send-status            one-line status; data-tone = progress | ok | warning
//   send-attempts, send-next-attempt   retry state while queued
//   send-retry             "Try now" while queued
//   send-contact-email / copy-send-contact-email, send-contact-url / copy-send-contact-url
//                          the provider contact when the intake refused the submission
//   receipt-id             the receipt id (Send when delivered, and Done)
//  Done
//   done-status, summary, summary-account, copy-summary,
//   done-contact-email / copy-done-contact-email, done-contact-url / copy-done-contact-url
//  Panels (a modal dialog; Escape or panel-close closes it)
//   panel                  the dialog; data-panel = support | demo | provider
//   panel-close            Close
//   support-panel          Support panel body: support-facts, support-session-id, support-error-kind,
//                          support-report-copy, support-report-save, support-report-saved
//                          ("Saved to PATH"), support-report-text,
//                          support-contact-open (Rust opens the provider's page or mail),
//                          support-contact-opened / support-contact-error (its outcome),
//                          support-email / copy-support-email, support-url / copy-support-url
//   doctor-run             "Run checks" (Support panel); doctor-summary the progress / result line
//   doctor-checks          the list of checks; one doctor-check-<id> row each (e.g.
//                          doctor-check-intake.tls) with data-status = pending | pass | warn |
//                          fail | skip
//   demo-panel             Demo panel body: demo-scenarios, demo-scenario-<id> buttons
//   provider-view          Provider view body: provider-view-rows (one record per submission,
//                          with provider-receipt-id and provider-fingerprint), provider-view-refresh
//   demo-hint              notice after a demo scenario was applied

/** Every fixed data-testid of the table above, by a name that says what it marks. */
export const TESTIDS = Object.freeze({
  // chrome
  providerName: 'provider-name',
  providerLogo: 'provider-logo',
  demoRibbon: 'demo-ribbon',
  supportOpen: 'support-open',
  demoOpen: 'demo-open',
  providerViewOpen: 'provider-view-open',
  appVersion: 'app-version',
  stepLabel: 'step-label',
  stepTitle: 'step-title',
  liveStatus: 'live-status',
  content: 'content',
  startupError: 'startup-error',
  // navigation
  back: 'back',
  next: 'next',
  commandError: 'command-error',
  // Welcome
  codeInput: 'code-input',
  codeHint: 'code-hint',
  codeError: 'code-error',
  codeStatus: 'code-status',
  // Open the console
  openConsole: 'open-console',
  consoleOpened: 'console-opened',
  consoleUrl: 'console-url',
  copyConsoleUrl: 'copy-console-url',
  consoleOpenError: 'console-open-error',
  // Restrict to this app
  consoleIllustration: 'console-illustration',
  clientId: 'client-id',
  copyClientId: 'copy-client-id',
  checklist: 'checklist',
  checkOnlySpecificApps: 'check-only_specific_apps',
  checkClientIdAdded: 'check-client_id_added',
  checkExpiryConsidered: 'check-expiry_considered',
  checkCopiedCredential: 'check-copied_credential',
  reopenConsole: 'reopen-console',
  // Paste
  pasteInput: 'paste-input',
  pasteToggle: 'paste-toggle',
  pasteMessage: 'paste-message',
  fixButton: 'fix-button',
  credentialHeld: 'credential-held',
  submitCredential: 'submit-credential',
  // Clipboard
  clipboardOffer: 'clipboard-offer',
  clearClipboard: 'clear-clipboard',
  clipboardStatus: 'clipboard-status',
  // Verify
  verifyStatus: 'verify-status',
  verifyStages: 'verify-stages',
  verifyStart: 'verify-start',
  identity: 'identity',
  identityEmail: 'identity-email',
  permissions: 'permissions',
  missingPermissions: 'missing-permissions',
  confirmAccount: 'confirm-account',
  useAnother: 'use-another',
  accountConfirmed: 'account-confirmed',
  // Errors
  errorBlock: 'error-block',
  errorMessage: 'error-message',
  errorDetails: 'error-details',
  errorSupport: 'error-support',
  countdown: 'countdown',
  // Send
  sendStart: 'send-start',
  sendStatus: 'send-status',
  sendAttempts: 'send-attempts',
  sendNextAttempt: 'send-next-attempt',
  sendRetry: 'send-retry',
  sendContactEmail: 'send-contact-email',
  copySendContactEmail: 'copy-send-contact-email',
  sendContactUrl: 'send-contact-url',
  copySendContactUrl: 'copy-send-contact-url',
  receiptId: 'receipt-id',
  // Done
  doneStatus: 'done-status',
  summary: 'summary',
  summaryAccount: 'summary-account',
  copySummary: 'copy-summary',
  doneContactEmail: 'done-contact-email',
  copyDoneContactEmail: 'copy-done-contact-email',
  doneContactUrl: 'done-contact-url',
  copyDoneContactUrl: 'copy-done-contact-url',
  // Panels
  panel: 'panel',
  panelClose: 'panel-close',
  supportPanel: 'support-panel',
  supportFacts: 'support-facts',
  supportSessionId: 'support-session-id',
  supportErrorKind: 'support-error-kind',
  supportReportCopy: 'support-report-copy',
  supportReportSave: 'support-report-save',
  supportReportSaved: 'support-report-saved',
  supportReportText: 'support-report-text',
  supportContactOpen: 'support-contact-open',
  supportContactOpened: 'support-contact-opened',
  supportContactError: 'support-contact-error',
  supportEmail: 'support-email',
  copySupportEmail: 'copy-support-email',
  supportUrl: 'support-url',
  copySupportUrl: 'copy-support-url',
  doctorRun: 'doctor-run',
  doctorSummary: 'doctor-summary',
  doctorChecks: 'doctor-checks',
  demoPanel: 'demo-panel',
  demoScenarios: 'demo-scenarios',
  providerView: 'provider-view',
  providerViewRows: 'provider-view-rows',
  providerReceiptId: 'provider-receipt-id',
  providerFingerprint: 'provider-fingerprint',
  providerViewRefresh: 'provider-view-refresh',
  demoHint: 'demo-hint',
});

/** The data-testids that end in an id: `doctor-check-<check id>`, `demo-scenario-<scenario id>`. */
export const TESTID_PREFIXES = Object.freeze({
  doctorCheck: 'doctor-check-',
  demoScenario: 'demo-scenario-',
});
