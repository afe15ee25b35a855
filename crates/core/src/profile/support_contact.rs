//! The provider's support contact as the one URL the app may open for it: the `https://` support
//! page, or a `mailto:` built from the address with every other byte percent-encoded, so a profile
//! cannot add `?attach=`, a body or further recipients.

use url::Url;

use super::ProviderSettings;
use crate::url_rule::is_allowed_url;

/// Bytes kept as they are in the address part of a `mailto:` URL.
fn is_plain_address_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'@' | b'.' | b'-' | b'_' | b'+' | b'~')
}

/// `mailto:` and `address`, every byte other than letters, digits and `@ . - _ + ~` percent-encoded.
pub fn mailto_url(address: &str) -> Option<Url> {
    let mut text = String::from("mailto:");
    for byte in address.bytes() {
        if is_plain_address_byte(byte) {
            text.push(char::from(byte));
        } else {
            text.push_str(&format!("%{byte:02X}"));
        }
    }
    Url::parse(&text).ok()
}

impl ProviderSettings {
    /// The support page (if it passes the URL rule) or else a mail to the support address.
    pub fn support_contact_url(&self) -> Option<Url> {
        match (&self.support_url, &self.support_email) {
            (Some(url), _) if is_allowed_url(url) => Some(url.clone()),
            (Some(_), _) => None,
            (None, Some(address)) => mailto_url(address),
            (None, None) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mailto_encodes_everything_but_the_address() {
        assert_eq!(
            mailto_url("help@acme.example").unwrap().as_str(),
            "mailto:help@acme.example"
        );
        let url = mailto_url("a@b.example?attach=/etc/passwd&body=x#y").unwrap();
        assert_eq!(url.query(), None);
        assert_eq!(url.fragment(), None);
        assert_eq!(
            url.as_str(),
            "mailto:a@b.example%3Fattach%3D%2Fetc%2Fpasswd%26body%3Dx%23y"
        );
        assert_eq!(
            mailto_url("a,b@c.example%0A").unwrap().as_str(),
            "mailto:a%2Cb@c.example%250A"
        );
    }

    #[test]
    fn support_page_first_then_mail() {
        let mut provider = ProviderSettings {
            name: "Acme".into(),
            support_email: Some("help@acme.example".into()),
            support_url: Some(Url::parse("https://acme.example/help").unwrap()),
            logo: None,
            accent_color: None,
        };
        assert_eq!(
            provider.support_contact_url().unwrap().as_str(),
            "https://acme.example/help"
        );
        provider.support_url = Some(Url::parse("javascript:alert(1)").unwrap());
        assert_eq!(provider.support_contact_url(), None);
        provider.support_url = None;
        assert_eq!(
            provider.support_contact_url().unwrap().as_str(),
            "mailto:help@acme.example"
        );
        provider.support_email = None;
        assert_eq!(provider.support_contact_url(), None);
    }
}
