//! Fixed values of intake protocol v1: version, HPKE suite and its identifiers, size limit.

/// The `version` field of every v1 request body.
pub const PROTOCOL_VERSION: u32 = 1;

/// The HPKE suite name carried in `sealed_credential.suite`.
pub const SUITE: &str = "DHKEM(X25519, HKDF-SHA256)/HKDF-SHA256/AES-128-GCM";

/// RFC 9180 KEM identifier of `DHKEM(X25519, HKDF-SHA256)`.
pub const KEM_ID: u16 = 0x0020;
/// RFC 9180 KDF identifier of `HKDF-SHA256`.
pub const KDF_ID: u16 = 0x0001;
/// RFC 9180 AEAD identifier of `AES-128-GCM`.
pub const AEAD_ID: u16 = 0x0001;

/// The HPKE `info` string (ASCII) for every v1 envelope.
pub const INFO: &[u8] = b"rc-onboard intake v1";

/// Largest accepted request body, in bytes (64 KiB). A larger body is answered with 413.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Appended to the submissions URL to form the code-status URL
/// (`https://host/v1/submissions` → `https://host/v1/submissions/code-status`).
pub const CODE_STATUS_PATH_SUFFIX: &str = "/code-status";
