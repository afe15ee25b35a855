//! rc-onboard doctor: the checks behind `rc-onboard doctor --profile P [--json]` and the app's
//! Support panel. Free of Tauri; the CLI prints the lines, the app shows them as they arrive.
//!
//! One [`run`] gives a [`DoctorReport`] of [`Check`] lines (pass / warn / fail / skip, a detail, a
//! fix hint, a duration), always the same ones in the same order ([`planned_checks`]):
//!
//! - `profile`: the profile loaded and its client secret can be found. When it cannot be used, the
//!   network lines are skipped.
//! - for the RingCentral server, the developer console and the intake (`ringcentral.*`,
//!   `console.*`, `intake.*`): `dns` (addresses), `tcp` (connect), `tls` (handshake, chain
//!   trust, certificate expiry, the intake's `spki_pin`; plain http only on loopback), `http` (a
//!   GET; any HTTP answer means reachable). See [`certificate`] for the expiry rule.
//! - `clock`: skew against the RingCentral server's `Date` header (see [`clock`]).
//! - `keyring`: a probe item written, read back and deleted.
//! - `outbox`: waiting submissions, the oldest's age, unreadable files.
//!
//! [`render_text`] and [`render_json`] give the CLI's two outputs.

pub mod certificate;
mod check;
pub mod clock;
mod endpoint;
mod http;
mod inputs;
mod keyring;
mod net;
pub mod outbox;
mod profile;
mod render;
mod run;
mod target;
mod text;
mod tls;

pub use check::{planned_checks, Check, CheckName, DoctorReport, Status};
pub use inputs::{DoctorInputs, DoctorOptions};
pub use render::{render_json, render_line, render_text};
pub use run::run;
