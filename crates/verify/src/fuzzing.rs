//! The invariants the fuzz targets check (`crates/fuzz`), each on arbitrary bytes and panicking
//! on a violation, shared with the corpus replay in `tests/fuzz_corpus.rs`. Built only with the
//! `fuzzing` feature; not part of the product.
//!
//! - [`inspect`]: local inspection of a paste against a fixed profile, secret and clock.
//! - [`profile`]: the provider-profile parser.
//! - [`rc_error`]: a refused RingCentral answer (error body, status, `Retry-After`).

pub mod inspect;
pub mod profile;
pub mod rc_error;
