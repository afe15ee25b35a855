//! The intake key pin (`[intake] spki_pin`) as the delivery API carries it, 32 digest bytes, read
//! and written through the one pin type, [`rc_onboard_core::spki::SpkiPin`].

pub use rc_onboard_core::spki::{subject_public_key_info, SpkiPin, PIN_PREFIX};

/// SHA-256 of the SubjectPublicKeyInfo of a DER certificate; `None` when it cannot be parsed.
pub fn spki_sha256(certificate_der: &[u8]) -> Option<[u8; 32]> {
    SpkiPin::from_certificate_der(certificate_der).map(<[u8; 32]>::from)
}

/// `sha256/<standard base64>`, the form the profile uses.
pub fn format_pin(pin: &[u8; 32]) -> String {
    SpkiPin::from(*pin).to_string()
}

/// Reads a pin in the profile's form (`sha256/` then standard or URL-safe base64, padded or not).
pub fn parse_pin(text: &str) -> Option<[u8; 32]> {
    text.parse::<SpkiPin>().ok().map(<[u8; 32]>::from)
}

/// Serde for an optional pin as its text form, for the outbox entry.
pub(crate) mod serde_optional_pin {
    use rc_onboard_core::spki::SpkiPin;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(
        pin: &Option<[u8; 32]>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        pin.map(SpkiPin::from).serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<[u8; 32]>, D::Error> {
        Ok(Option::<SpkiPin>::deserialize(deserializer)?.map(<[u8; 32]>::from))
    }
}
