//! Table-driven tests of [`FlowState`]'s rules: no network, no tasks.

use rc_onboard_delivery::{DeliveryError, FailureReason, Receipt};
use rc_onboard_intake_protocol::KeyPair;
use rc_onboard_verify::engine::RingCentralDetails;
use rc_onboard_verify::Profile;
use time::OffsetDateTime;

use super::*;
use crate::view::{ChecklistItem, FixTarget, InspectionKind};

const CODE: &str = "onb-code-1234";
const JWT: &str = "header.payload.signature";
const SUBMISSION: &str = "sub-1";

type Setup = fn(&mut FlowState);
/// `Ok` or the refusal the customer reads.
type Allowed = Result<(), Refusal>;

fn state_after(setup: Setup) -> FlowState {
    let mut state = FlowState::starting(Some(SecretString::from(CODE)));
    setup(&mut state);
    state
}

fn no_code(state: &mut FlowState) {
    state.code = None;
}

fn code_refused(state: &mut FlowState) {
    state.set_code_status(Some(CodeStatusView {
        valid: false,
        message: "unknown".to_owned(),
    }));
}

fn checklist_done(state: &mut FlowState) {
    for item in [
        "only_specific_apps",
        "client_id_added",
        "expiry_considered",
        "copied_credential",
    ] {
        let item: ChecklistItem = serde_json::from_value(serde_json::json!(item)).unwrap();
        state.checklist.set(item, true);
    }
}

fn holding_credential(state: &mut FlowState) {
    checklist_done(state);
    state.credential = Some(SecretString::from(JWT));
    state.step = Step::Verify;
}

fn verified(state: &mut FlowState) {
    holding_credential(state);
    let generation = state.start_verification(false);
    state.finish_verification(generation, Ok(a_verification()));
}

fn confirmed(state: &mut FlowState) {
    verified(state);
    state.confirm_account().unwrap();
}

fn sending(state: &mut FlowState) {
    confirmed(state);
    state.begin_send().unwrap();
    state.delivery.submission_id = Some(SUBMISSION.to_owned());
}

fn queued(state: &mut FlowState) {
    sending(state);
    state.delivery.status = DeliveryStatus::Queued;
}

fn delivered(state: &mut FlowState) {
    sending(state);
    state.settle(SUBMISSION, Outcome::Delivered(a_receipt()));
}

fn refused(state: &mut FlowState) {
    sending(state);
    state.delivery.status = DeliveryStatus::Refused;
}

fn an_identity() -> Identity {
    Identity {
        account_id: "acc-1".to_owned(),
        extension_id: "ext-1".to_owned(),
        extension_number: "101".to_owned(),
        name: "Jane Cooper".to_owned(),
        email: None,
        company: Some("Cooper Dental LLC".to_owned()),
    }
}

fn a_verification() -> Verified {
    Verified {
        facts: VerifiedFacts {
            account_id: "acc-1".to_owned(),
            extension_id: "ext-1".to_owned(),
            permissions: vec!["ReadAccounts".to_owned()],
            credential_expires_at: None,
            validated_at: "2026-01-01T00:00:00Z".to_owned(),
            fingerprint: "ab12".to_owned(),
        },
        identity: an_identity(),
        missing_permissions: Vec::new(),
        request_id: Some("req-ok".to_owned()),
    }
}

fn a_failure(kind: ErrorKind) -> Failed {
    let mut failure = FailureView::new(kind, "it failed");
    failure.ringcentral = Some(RingCentralDetails {
        status: 400,
        error: None,
        code: None,
        request_id: Some("req-failed".to_owned()),
        message: None,
    });
    Failed {
        failure,
        identity: None,
        missing_permissions: vec!["EditExtensions".to_owned()],
    }
}

fn a_receipt() -> Receipt {
    Receipt {
        receipt_id: "rcpt-1".to_owned(),
        received_at: Some("2026-01-01T00:00:01Z".to_owned()),
    }
}

#[test]
fn steps_are_allowed_only_with_their_prerequisites() {
    let table: &[(&str, Setup, Step, Allowed)] = &[
        ("welcome without a code", no_code, Step::Welcome, Ok(())),
        (
            "console without a code",
            no_code,
            Step::Console,
            Err("Enter the onboarding code your provider gave you first."),
        ),
        (
            "console with a refused code",
            code_refused,
            Step::Console,
            Err("This onboarding code cannot be used. Enter a new code from your provider."),
        ),
        ("console with a code", |_| {}, Step::Console, Ok(())),
        ("restrict with a code", |_| {}, Step::Restrict, Ok(())),
        (
            "paste before the checklist",
            |_| {},
            Step::Paste,
            Err("Tick every item of the checklist once you have done it in the console."),
        ),
        (
            "paste after the checklist",
            checklist_done,
            Step::Paste,
            Ok(()),
        ),
        (
            "verify without a credential",
            checklist_done,
            Step::Verify,
            Err("Paste your JWT credential first."),
        ),
        (
            "verify with a credential",
            holding_credential,
            Step::Verify,
            Ok(()),
        ),
        (
            "send before confirming",
            verified,
            Step::Send,
            Err("Verify the credential and confirm the account first."),
        ),
        ("send after confirming", confirmed, Step::Send, Ok(())),
        (
            "done before delivery",
            confirmed,
            Step::Done,
            Err("The credential has not been delivered yet."),
        ),
        ("done after delivery", delivered, Step::Done, Ok(())),
        ("send while queued", queued, Step::Send, Ok(())),
        (
            "back to the console while queued",
            queued,
            Step::Console,
            Err("The credential is already sealed for delivery; it cannot be changed now."),
        ),
        (
            "back to verify while sending",
            sending,
            Step::Verify,
            Err("The credential is already sealed for delivery; it cannot be changed now."),
        ),
        (
            "back to welcome once delivered",
            delivered,
            Step::Welcome,
            Err("The credential is already sealed for delivery; it cannot be changed now."),
        ),
        (
            "back to paste after a refusal",
            refused,
            Step::Paste,
            Ok(()),
        ),
    ];
    for (case, setup, step, expected) in table {
        let mut state = state_after(*setup);
        let before = state.step;
        assert_eq!(state.go(*step), *expected, "{case}");
        let expected_step = if expected.is_ok() { *step } else { before };
        assert_eq!(state.step, expected_step, "{case}: the step");
    }
}

#[test]
fn going_back_to_paste_or_earlier_forgets_the_credential() {
    let table: &[(&str, Setup, Step, bool)] = &[
        ("verify to paste", verified, Step::Paste, true),
        ("verify to restrict", verified, Step::Restrict, true),
        ("verify to verify", verified, Step::Verify, false),
        ("send to verify", confirmed, Step::Verify, false),
        ("paste to restrict", checklist_done, Step::Restrict, false),
    ];
    for (case, setup, step, forgotten) in table {
        let mut state = state_after(*setup);
        state.step = state.step.max(Step::Paste);
        let had_credential = state.credential.is_some();
        let generation = state.generation;
        state.go(*step).unwrap();
        if *forgotten {
            assert!(state.credential.is_none(), "{case}");
            assert!(state.verified.is_none(), "{case}");
            assert_eq!(state.verification, VerificationView::default(), "{case}");
            assert_eq!(state.generation, generation + 1, "{case}");
        } else {
            assert_eq!(state.credential.is_some(), had_credential, "{case}");
            assert_eq!(state.generation, generation, "{case}");
        }
    }
}

#[test]
fn sending_starts_only_when_everything_is_there() {
    let table: &[(&str, Setup, Allowed)] = &[
        (
            "not confirmed",
            verified,
            Err("Confirm the account before sending the credential."),
        ),
        (
            "already sending",
            sending,
            Err("The credential is already being sent."),
        ),
        (
            "already delivered",
            delivered,
            Err("The credential is already being sent."),
        ),
        (
            "waiting in the outbox",
            queued,
            Err("The credential is saved and will be sent automatically."),
        ),
        (
            "no code",
            |state| {
                confirmed(state);
                state.code = None;
            },
            Err("Enter the onboarding code your provider gave you (at Welcome) before sending."),
        ),
        (
            "no credential",
            |state| {
                confirmed(state);
                state.credential = None;
            },
            Err("Paste your JWT credential again."),
        ),
        ("confirmed", confirmed, Ok(())),
        ("again after a refusal", refused, Ok(())),
    ];
    for (case, setup, expected) in table {
        let mut state = state_after(*setup);
        assert_eq!(state.begin_send(), *expected, "{case}");
        if expected.is_ok() {
            assert_eq!(state.delivery.status, DeliveryStatus::Sending, "{case}");
            assert_eq!(state.delivery.submission_id, None, "{case}");
            assert_eq!(state.step, Step::Send, "{case}");
            assert!(state.send_material().is_some(), "{case}");
        }
    }
}

/// What a settled state shows: status, step, credential and code held, error kind.
type Settled = (DeliveryStatus, Step, bool, bool, Option<ErrorKind>);

#[test]
fn delivery_outcomes_settle_the_view() {
    let later = OffsetDateTime::now_utc() + time::Duration::minutes(2);
    let table: Vec<(&str, Outcome, Settled)> = vec![
        (
            "delivered",
            Outcome::Delivered(a_receipt()),
            (DeliveryStatus::Delivered, Step::Done, false, false, None),
        ),
        (
            "queued",
            Outcome::Queued {
                attempts: 3,
                last_error: DeliveryError::Timeout,
                next_attempt_at: later,
            },
            (
                DeliveryStatus::Queued,
                Step::Send,
                false,
                true,
                Some(ErrorKind::IntakeUnavailable),
            ),
        ),
        (
            "busy",
            Outcome::Busy,
            (DeliveryStatus::Queued, Step::Send, true, true, None),
        ),
        (
            "code refused",
            Outcome::Refused(DeliveryError::Unauthorized {
                status: 401,
                detail: None,
            }),
            (
                DeliveryStatus::Refused,
                Step::Send,
                true,
                false,
                Some(ErrorKind::IntakeUnauthorized),
            ),
        ),
        (
            "submission rejected",
            Outcome::Refused(DeliveryError::Rejected {
                status: 422,
                detail: Some("bad\u{7}envelope".to_owned()),
            }),
            (
                DeliveryStatus::Refused,
                Step::Send,
                true,
                true,
                Some(ErrorKind::IntakeRejected),
            ),
        ),
        (
            "refused by an earlier run",
            Outcome::PreviouslyRefused(FailureReason {
                kind: "intake_rejected".to_owned(),
                message: "too large".to_owned(),
            }),
            (
                DeliveryStatus::Refused,
                Step::Send,
                true,
                true,
                Some(ErrorKind::IntakeRejected),
            ),
        ),
        (
            "no longer pending",
            Outcome::NotPending,
            (DeliveryStatus::Sending, Step::Send, true, true, None),
        ),
    ];
    for (case, outcome, expected) in table {
        let mut state = state_after(sending);
        state.settle(SUBMISSION, outcome);
        let settled: Settled = (
            state.delivery.status,
            state.step,
            state.credential.is_some(),
            state.code.is_some(),
            state.delivery.error.as_ref().map(|e| e.kind),
        );
        assert_eq!(settled, expected, "{case}");
        if let Some(error) = &state.delivery.error {
            assert!(
                !error.message.chars().any(char::is_control),
                "{case}: {}",
                error.message
            );
        }
    }
}

#[test]
fn settling_details_for_the_customer() {
    let mut state = state_after(sending);
    state.settle(SUBMISSION, Outcome::Delivered(a_receipt()));
    assert_eq!(state.delivery.receipt_id.as_deref(), Some("rcpt-1"));
    assert_eq!(
        state.delivery.received_at.as_deref(),
        Some("2026-01-01T00:00:01Z")
    );

    let mut state = state_after(sending);
    state.settle(
        SUBMISSION,
        Outcome::Queued {
            attempts: 3,
            last_error: DeliveryError::Timeout,
            next_attempt_at: OffsetDateTime::now_utc(),
        },
    );
    assert_eq!(state.delivery.attempts, 3);
    assert!(state.delivery.next_attempt_at.is_some());
    let message = &state.delivery.error.as_ref().unwrap().message;
    assert!(message.starts_with("Saved securely; we will keep trying."));

    let mut state = state_after(sending);
    state.settle(
        SUBMISSION,
        Outcome::Refused(DeliveryError::Unauthorized {
            status: 401,
            detail: None,
        }),
    );
    let status = state.code_status.as_ref().unwrap();
    assert!(!status.valid);
    assert_eq!(state.missing_for(Step::Console), None, "not idle any more");
    assert_eq!(
        state.delivery.error.as_ref().unwrap().fix_step,
        FixTarget::Welcome,
        "a refused code is fixed at Welcome"
    );
}

#[test]
fn an_outcome_for_another_submission_changes_nothing() {
    let mut state = state_after(sending);
    state.settle("someone-else", Outcome::Delivered(a_receipt()));
    assert_eq!(state.delivery.status, DeliveryStatus::Sending);
    assert!(state.credential.is_some());
    assert!(state.code.is_some());
}

#[test]
fn verification_results_apply_only_to_their_run() {
    let table: &[(&str, bool, bool, VerificationStatus, bool)] = &[
        // (case, same run, succeeded, status after, facts kept)
        ("success", true, true, VerificationStatus::Ok, true),
        ("failure", true, false, VerificationStatus::Failed, false),
        (
            "late success",
            false,
            true,
            VerificationStatus::Running,
            false,
        ),
        (
            "late failure",
            false,
            false,
            VerificationStatus::Running,
            false,
        ),
    ];
    for (case, same_run, succeeded, status, facts_kept) in table {
        let mut state = state_after(holding_credential);
        let generation = state.start_verification(false);
        let run = if *same_run {
            generation
        } else {
            generation - 1
        };
        let outcome = if *succeeded {
            Ok(a_verification())
        } else {
            Err(a_failure(ErrorKind::Rejected))
        };
        state.finish_verification(run, outcome);
        assert_eq!(state.verification.status, *status, "{case}");
        assert_eq!(state.verified.is_some(), *facts_kept, "{case}");
    }
}

#[test]
fn verification_results_fill_the_view_and_the_timeline() {
    let mut state = state_after(verified);
    assert_eq!(state.verification.stage, Some(Stage::Done));
    assert_eq!(state.verification.identity, Some(an_identity()));
    assert_eq!(state.verification.permissions, vec!["ReadAccounts"]);
    assert!(!state.verification.confirmed);
    let last = state.timeline.events().last().unwrap();
    assert_eq!(
        (last.what.as_str(), last.request_id.as_deref()),
        ("verify: ok", Some("req-ok"))
    );

    let generation = state.start_verification(false);
    assert_eq!(state.verified, None);
    state.verification_stage(generation, Stage::Exchanging);
    assert_eq!(state.verification.stage, Some(Stage::Exchanging));
    state.verification_stage(generation - 1, Stage::Done);
    assert_eq!(state.verification.stage, Some(Stage::Exchanging));

    state.finish_verification(generation, Err(a_failure(ErrorKind::RateLimited)));
    let error = state.verification.error.as_ref().unwrap();
    assert_eq!(error.kind, ErrorKind::RateLimited);
    assert_eq!(
        state.verification.missing_permissions,
        vec!["EditExtensions"]
    );
    let last = state.timeline.events().last().unwrap();
    assert_eq!(
        (
            last.what.as_str(),
            last.kind.as_deref(),
            last.request_id.as_deref()
        ),
        ("verify: failed", Some("rate_limited"), Some("req-failed"))
    );
}

#[test]
fn a_rate_limit_retry_waits_only_while_nothing_changed() {
    let table: &[(&str, Setup, bool)] = &[
        ("still at verify", |_| {}, true),
        ("moved back", |state| state.step = Step::Paste, false),
        (
            "another run started",
            |state| {
                state.start_verification(false);
            },
            false,
        ),
    ];
    for (case, change, waits) in table {
        let mut state = state_after(holding_credential);
        let generation = state.start_verification(false);
        state.finish_verification(generation, Err(a_failure(ErrorKind::RateLimited)));
        change(&mut state);
        assert_eq!(state.waits_on_rate_limit(generation), *waits, "{case}");
    }
    let mut state = state_after(holding_credential);
    let generation = state.start_verification(false);
    state.finish_verification(generation, Err(a_failure(ErrorKind::Rejected)));
    assert!(!state.waits_on_rate_limit(generation), "not a rate limit");
}

#[test]
fn verify_and_confirm_need_their_predecessors() {
    let table: &[(&str, Setup, Result<bool, Refusal>, Allowed)] = &[
        // (case, setup, should verify, confirm)
        (
            "no credential",
            checklist_done,
            Err("Paste your JWT credential first."),
            Err("Verify the credential before confirming the account."),
        ),
        (
            "held, not verified",
            |state| {
                holding_credential(state);
                state.verification = VerificationView::default();
            },
            Ok(true),
            Err("Verify the credential before confirming the account."),
        ),
        (
            "running",
            |state| {
                holding_credential(state);
                state.start_verification(false);
            },
            Ok(false),
            Err("Verify the credential before confirming the account."),
        ),
        ("verified", verified, Ok(false), Ok(())),
        (
            "failed",
            |state| {
                holding_credential(state);
                let generation = state.start_verification(false);
                state.finish_verification(generation, Err(a_failure(ErrorKind::Rejected)));
            },
            Ok(true),
            Err("Verify the credential before confirming the account."),
        ),
    ];
    for (case, setup, should_verify, confirm) in table {
        let mut state = state_after(*setup);
        assert_eq!(state.should_verify(), *should_verify, "{case}");
        assert_eq!(state.confirm_account(), *confirm, "{case}");
        if confirm.is_ok() {
            assert!(state.verification.confirmed, "{case}");
            assert_eq!(state.step, Step::Send, "{case}");
        }
    }
}

#[test]
fn a_paste_is_held_only_when_it_looks_right() {
    let inspection = |ok: bool| InspectionView {
        kind: if ok {
            InspectionKind::Plausible
        } else {
            InspectionKind::Expired
        },
        ok,
        warning: false,
        message: "facts".to_owned(),
        expires_at: None,
        fingerprint: None,
    };
    let mut state = state_after(verified);
    let generation = state.generation;
    let start = state.take_inspection(Inspected {
        view: inspection(false),
        facts: None,
        kind: Some(ErrorKind::Expired),
        jwt: None,
    });
    assert!(!start);
    assert_eq!(state.step, Step::Paste);
    assert!(state.credential.is_none() && state.verified.is_none());
    assert_eq!(state.generation, generation + 1);
    assert_eq!(
        state.inspection.as_ref().map(|i| i.kind),
        Some(InspectionKind::Expired)
    );

    let start = state.take_inspection(Inspected {
        view: inspection(true),
        facts: None,
        kind: None,
        jwt: Some(SecretString::from(JWT)),
    });
    assert!(start);
    assert_eq!(state.step, Step::Verify);
    assert!(state.credential.is_some());
    assert_eq!(state.verification.status, VerificationStatus::Running);
}

#[test]
fn setting_a_code_clears_its_status_and_an_empty_one_clears_the_code() {
    let table: &[(&str, &str, bool)] =
        &[("typed", "  NEW-CODE \n", true), ("emptied", "   ", false)];
    for (case, typed, held) in table {
        let mut state = state_after(code_refused);
        state.code_prefilled = true;
        state.set_code(typed);
        assert_eq!(state.code.is_some(), *held, "{case}");
        assert_eq!(state.code_status, None, "{case}");
        if *held {
            assert_eq!(
                state.code.as_ref().map(|c| c.expose_secret().to_owned()),
                Some("NEW-CODE".to_owned()),
                "{case}: trimmed"
            );
            assert!(!state.code_prefilled, "{case}");
        }
    }
}

#[test]
fn a_handover_starts_over_at_paste_keeping_the_timeline_and_revision() {
    let mut state = state_after(refused);
    state.revision = 41;
    let generation = state.generation;
    let events = state.timeline.events().len();
    state.start_over_for_handover(SecretString::from("handed-over-code"));
    assert_eq!(state.step, Step::Paste);
    assert!(state.checklist.complete());
    assert!(state.code_prefilled);
    assert!(state.credential.is_none());
    assert_eq!(state.delivery, DeliveryView::default());
    assert_eq!(state.revision, 41);
    assert_eq!(state.generation, generation + 1);
    assert_eq!(state.timeline.events().len(), events);
    assert_eq!(state.missing_for(Step::Paste), None);
}

#[test]
fn a_queued_submission_resumes_at_send() {
    let key = KeyPair::generate().unwrap();
    let profile = Profile::demo(
        "http://127.0.0.1:9/".parse().unwrap(),
        "http://127.0.0.1:9/v1/submissions".parse().unwrap(),
        *key.public_key().as_bytes(),
        "k1",
    );
    let prepared =
        submission::prepare(&profile, &a_verification().facts, &SecretString::from(JWT)).unwrap();
    let entry = |body: String| PendingEntry {
        submission_id: prepared.submission_id.clone(),
        created_at: OffsetDateTime::now_utc(),
        intake_url: profile.intake.url.to_string(),
        key_id: "k1".to_owned(),
        attempts: 4,
        last_error: None,
        next_attempt_at: OffsetDateTime::now_utc(),
        body,
        code_ref: format!("code:{}", prepared.submission_id),
        spki_pin: None,
    };
    let readable = String::from_utf8(prepared.body.clone()).unwrap();
    let table: &[(&str, String, VerificationStatus)] = &[
        ("readable body", readable, VerificationStatus::Ok),
        ("unreadable body", "{".to_owned(), VerificationStatus::Idle),
    ];
    for (case, body, status) in table {
        let mut state = FlowState::starting(None);
        state.resume_into(&entry(body.clone()));
        assert_eq!(state.step, Step::Send, "{case}");
        assert_eq!(state.delivery.status, DeliveryStatus::Queued, "{case}");
        assert_eq!(state.delivery.attempts, 4, "{case}");
        assert_eq!(
            state.delivery.submission_id.as_deref(),
            Some(prepared.submission_id.as_str()),
            "{case}"
        );
        assert_eq!(state.verification.status, *status, "{case}");
        assert_eq!(
            state.verification.confirmed,
            *status == VerificationStatus::Ok,
            "{case}"
        );
        // Nothing earlier can be reopened, and Send needs no code: it is in the keyring.
        assert!(state.may_go(Step::Send).is_ok(), "{case}");
        assert_eq!(state.may_go(Step::Console), Err(SEALED), "{case}");
        assert!(state.waiting_in_outbox(), "{case}");
    }
}

#[test]
fn automatic_retries_stop_after_two_until_the_customer_asks() {
    let mut state = FlowState::starting(None);
    state.start_verification(false);
    assert!(state.claim_automatic_retry());
    state.start_verification(true);
    assert!(state.claim_automatic_retry());
    state.start_verification(true);
    assert!(!state.claim_automatic_retry(), "at most two in a row");
    assert_eq!(state.automatic_retries, MAX_AUTOMATIC_RETRIES);
    // The customer's own "Try again" starts the count over.
    state.start_verification(false);
    assert_eq!(state.automatic_retries, 0);
    assert!(state.claim_automatic_retry());
}
