//! Reading a server certificate: who it is for, who issued it, when it expires and the SHA-256 of
//! its public key (the form of `intake.spki_pin`), and classifying how close expiry is.

use std::time::Duration;

use rc_onboard_core::spki::SpkiPin;
use time::OffsetDateTime;
use x509_cert::der::oid::db::rfc4519::CN;
use x509_cert::der::{Decode, Encode};
use x509_cert::name::Name;
use x509_cert::Certificate;

use crate::check::Status;

/// A certificate expiring sooner than this is a warning.
pub const EXPIRY_WARNING: Duration = Duration::from_secs(14 * 24 * 60 * 60);

/// Why a certificate could not be read.
#[derive(Debug, thiserror::Error)]
pub enum CertificateReadError {
    #[error("the certificate is not valid X.509 DER: {0}")]
    Decode(#[source] x509_cert::der::Error),
    #[error("the certificate's public key could not be re-encoded: {0}")]
    EncodeKey(#[source] x509_cert::der::Error),
    #[error("the certificate's validity date is out of range: {0}")]
    Date(#[source] time::error::ComponentRange),
}

/// What the doctor reports about a certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateFacts {
    /// The subject's common name, or the whole subject name when it has none.
    pub subject: String,
    /// The issuer's common name, or the whole issuer name when it has none.
    pub issuer: String,
    pub not_before: OffsetDateTime,
    pub not_after: OffsetDateTime,
    /// SHA-256 of the DER SubjectPublicKeyInfo.
    pub spki_sha256: [u8; 32],
}

impl CertificateFacts {
    /// The public key pin as a profile writes it: `sha256/<base64>`.
    pub fn spki_pin(&self) -> String {
        SpkiPin::from(self.spki_sha256).to_string()
    }
}

/// Reads the facts of one DER-encoded X.509 certificate.
pub fn read_certificate(der: &[u8]) -> Result<CertificateFacts, CertificateReadError> {
    let certificate = Certificate::from_der(der).map_err(CertificateReadError::Decode)?;
    let tbs = &certificate.tbs_certificate;
    let spki = tbs
        .subject_public_key_info
        .to_der()
        .map_err(CertificateReadError::EncodeKey)?;
    Ok(CertificateFacts {
        subject: display_name(&tbs.subject),
        issuer: display_name(&tbs.issuer),
        not_before: to_date(tbs.validity.not_before.to_unix_duration())?,
        not_after: to_date(tbs.validity.not_after.to_unix_duration())?,
        spki_sha256: SpkiPin::from_spki_der(&spki).into(),
    })
}

fn to_date(since_epoch: Duration) -> Result<OffsetDateTime, CertificateReadError> {
    let seconds = i64::try_from(since_epoch.as_secs()).unwrap_or(i64::MAX);
    OffsetDateTime::from_unix_timestamp(seconds).map_err(CertificateReadError::Date)
}

/// The common name when there is one, else the RFC 4514 form of the whole name.
fn display_name(name: &Name) -> String {
    let common_name = name
        .0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .find(|attribute| attribute.oid == CN)
        .map(|attribute| attribute.to_string());
    match common_name {
        Some(text) => text.strip_prefix("CN=").unwrap_or(&text).to_owned(),
        None if name.is_empty() => "(no name)".to_owned(),
        None => name.to_string(),
    }
}

/// Fail when expired at `now`, warn when it expires within [`EXPIRY_WARNING`], pass otherwise.
pub fn classify_expiry(not_after: OffsetDateTime, now: OffsetDateTime) -> Status {
    if not_after <= now {
        Status::Fail
    } else if not_after - now < EXPIRY_WARNING {
        Status::Warn
    } else {
        Status::Pass
    }
}

/// `2026-05-01` (UTC).
pub(crate) fn day(date: OffsetDateTime) -> String {
    let date = date.date();
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rcgen::{CertificateParams, DnType, KeyPair, PublicKeyData};
    use sha2::{Digest, Sha256};
    use time::macros::datetime;

    #[test]
    fn reads_names_dates_and_key_pin_of_a_generated_certificate() {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(vec!["intake.example".to_owned()]).unwrap();
        params
            .distinguished_name
            .push(DnType::CommonName, "intake.example");
        params
            .distinguished_name
            .push(DnType::OrganizationName, "Acme");
        params.not_before = datetime!(2024-01-02 03:04:05 UTC);
        params.not_after = datetime!(2031-06-07 08:09:10 UTC);
        let certificate = params.self_signed(&key).unwrap();
        let facts = read_certificate(certificate.der()).unwrap();
        assert_eq!(facts.subject, "intake.example");
        assert_eq!(facts.issuer, "intake.example");
        assert_eq!(facts.not_before, datetime!(2024-01-02 03:04:05 UTC));
        assert_eq!(facts.not_after, datetime!(2031-06-07 08:09:10 UTC));
        let expected: [u8; 32] = Sha256::digest(key.subject_public_key_info()).into();
        assert_eq!(facts.spki_sha256, expected);
        assert!(facts.spki_pin().starts_with("sha256/"));
        assert_eq!(day(facts.not_after), "2031-06-07");
    }

    #[test]
    fn a_name_without_common_name_is_shown_whole() {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.distinguished_name = rcgen::DistinguishedName::new();
        params
            .distinguished_name
            .push(DnType::OrganizationName, "Acme");
        let certificate = params.self_signed(&key).unwrap();
        assert_eq!(
            read_certificate(certificate.der()).unwrap().subject,
            "O=Acme"
        );
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(matches!(
            read_certificate(b"not a certificate"),
            Err(CertificateReadError::Decode(_))
        ));
    }

    #[test]
    fn expiry_is_fail_when_past_warn_within_fourteen_days_else_pass() {
        let now = datetime!(2025-03-01 12:00 UTC);
        assert_eq!(
            classify_expiry(now - time::Duration::SECOND, now),
            Status::Fail
        );
        assert_eq!(classify_expiry(now, now), Status::Fail);
        assert_eq!(
            classify_expiry(now + time::Duration::days(13), now),
            Status::Warn
        );
        assert_eq!(
            classify_expiry(now + time::Duration::days(15), now),
            Status::Pass
        );
    }
}
