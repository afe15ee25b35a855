//! Secret strings: the JWT credential, the provider's client secret and the onboarding code.
//!
//! A [`SecretString`] is zeroized when dropped, prints `[redacted]` through `Debug` and `Display`, and
//! has no `Serialize`, so a secret cannot slip into a log line, a JSON document or an error message by
//! accident. The only way to read it is the explicit [`SecretString::expose_secret`].

use std::fmt;

use secrecy::{ExposeSecret, SecretBox};
use subtle::ConstantTimeEq;
use zeroize::Zeroize;

/// The text printed in place of a secret.
pub const REDACTED: &str = "[redacted]";

/// A string that must never be shown, logged or written to disk in plaintext.
pub struct SecretString {
    inner: SecretBox<str>,
}

impl SecretString {
    /// Wraps `value`; the `String`'s buffer is moved, not copied, and zeroized when this is dropped.
    pub fn new(mut value: String) -> Self {
        let boxed: Box<str> = if value.capacity() == value.len() {
            value.into_boxed_str()
        } else {
            // Shrinking would reallocate and leave the old buffer behind: copy, then wipe it.
            let exact = Box::from(value.as_str());
            value.zeroize();
            exact
        };
        Self {
            inner: SecretBox::new(boxed),
        }
    }

    /// The secret itself. Call only where the value leaves for the network or a sealed envelope.
    pub fn expose_secret(&self) -> &str {
        self.inner.expose_secret()
    }

    /// Length in bytes (safe to show).
    pub fn len(&self) -> usize {
        self.expose_secret().len()
    }

    /// Whether the secret is the empty string.
    pub fn is_empty(&self) -> bool {
        self.expose_secret().is_empty()
    }

    /// Compares with `other` in time independent of where the two first differ.
    pub fn constant_time_eq(&self, other: &str) -> bool {
        let mine = self.expose_secret().as_bytes();
        let theirs = other.as_bytes();
        // Length is not secret (it leaks through the request size anyway); contents are.
        mine.len() == theirs.len() && bool::from(mine.ct_eq(theirs))
    }
}

impl From<String> for SecretString {
    fn from(value: String) -> Self {
        Self::new(value)
    }
}

impl From<&str> for SecretString {
    fn from(value: &str) -> Self {
        Self::new(value.to_owned())
    }
}

impl Clone for SecretString {
    fn clone(&self) -> Self {
        Self::new(self.expose_secret().to_owned())
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_are_redacted() {
        let secret = SecretString::from("eyJhbGciOiJSUzI1NiJ9.payload.signature");
        assert_eq!(format!("{secret:?}"), "[redacted]");
        assert_eq!(format!("{secret}"), "[redacted]");
        assert_eq!(format!("{:?}", Some(&secret)), "Some([redacted])");
    }

    #[test]
    fn expose_returns_the_value() {
        let secret = SecretString::new("rc-demo-provider-secret".to_owned());
        assert_eq!(secret.expose_secret(), "rc-demo-provider-secret");
        assert_eq!(secret.len(), 23);
        assert!(!secret.is_empty());
        assert_eq!(secret.clone().expose_secret(), secret.expose_secret());
    }

    #[test]
    fn constant_time_eq_matches_exactly() {
        let secret = SecretString::from("abc123");
        assert!(secret.constant_time_eq("abc123"));
        assert!(!secret.constant_time_eq("abc124"));
        assert!(!secret.constant_time_eq("abc12"));
        assert!(!secret.constant_time_eq(""));
    }
}
