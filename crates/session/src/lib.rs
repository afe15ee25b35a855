//! The onboarding flow that rc-onboard's window runs, free of Tauri so it is tested without a
//! window: which step the customer is on, what they entered (the onboarding code and the pasted
//! credential are held here as secrets and never returned), verification with progress, sealing,
//! durable delivery with background retries, and the redacted support report.
//!
//! - [`branding`]: the provider's logo as a `data:` URL.
//! - [`view`]: the facts the window renders (docs/IPC.md); never a secret.
//! - [`window`]: the window contract's constants and command error kinds.
//! - [`submission`]: seals a verified credential into an intake v1 request body.
//! - [`timeline`]: what happened when, for support.
//! - [`report`]: the final summary and the redacted support report.
//! - [`flow`]: [`Session`], the state machine the Tauri commands call.

pub mod branding;
pub mod flow;
pub mod report;
pub mod submission;
pub mod timeline;
pub mod view;
pub mod window;

pub use flow::{BackgroundPolicy, LinkCode, Notifier, Session, SessionConfig, SessionError};
pub use view::{Step, View};
