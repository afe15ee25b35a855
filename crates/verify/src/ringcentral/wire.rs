//! RingCentral response bodies, parsed leniently: pretty-printed or compact JSON, extra fields
//! ignored, ids as numbers or strings, optional fields missing, nested objects of the wrong shape
//! treated as absent.

use serde::de::{DeserializeOwned, Deserializer};
use serde::Deserialize;
use serde_json::Value;

/// A string, or a number/bool rendered as one; anything else is `None`.
pub(crate) fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    })
}

/// An integer, or a string holding one; anything else is `None`.
pub(crate) fn lenient_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    })
}

/// A nested object; a value of another shape is `None` instead of an error.
pub(crate) fn lenient_nested<'de, D: Deserializer<'de>, T: DeserializeOwned>(
    d: D,
) -> Result<Option<T>, D::Error> {
    Ok(match Value::deserialize(d)? {
        object @ Value::Object(_) => T::deserialize(object).ok(),
        _ => None,
    })
}

/// A list of objects; items of another shape are skipped.
pub(crate) fn lenient_list<'de, D: Deserializer<'de>, T: DeserializeOwned>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Array(items) => items
            .into_iter()
            .filter(Value::is_object)
            .filter_map(|item| T::deserialize(item).ok())
            .collect(),
        _ => Vec::new(),
    })
}

/// `scope` as a space-separated string or a list of strings.
pub(crate) fn lenient_scope<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Vec<String>>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => Some(s.split_whitespace().map(str::to_owned).collect()),
        Value::Array(items) => Some(
            items
                .into_iter()
                .filter_map(|v| match v {
                    Value::String(s) => Some(s),
                    _ => None,
                })
                .collect(),
        ),
        _ => None,
    })
}

/// `POST /restapi/oauth/token` success body.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct TokenBody {
    #[serde(default, deserialize_with = "lenient_string")]
    pub access_token: Option<String>,
    #[serde(default, deserialize_with = "lenient_scope")]
    pub scope: Option<Vec<String>>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub owner_id: Option<String>,
    #[serde(default, deserialize_with = "lenient_i64")]
    pub expires_in: Option<i64>,
}

/// The OAuth and REST error envelopes, merged.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ErrorBody {
    #[serde(default, deserialize_with = "lenient_string")]
    pub error: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub error_description: Option<String>,
    #[serde(default, rename = "errorCode", deserialize_with = "lenient_string")]
    pub error_code: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub message: Option<String>,
    #[serde(default, deserialize_with = "lenient_list")]
    pub errors: Vec<ErrorItem>,
}

/// One entry of `errors`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ErrorItem {
    #[serde(default, rename = "errorCode", deserialize_with = "lenient_string")]
    pub error_code: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub message: Option<String>,
}

impl ErrorBody {
    /// Parses an error body; anything unreadable is an empty envelope.
    pub fn parse(body: &[u8]) -> ErrorBody {
        serde_json::from_slice(body).unwrap_or_default()
    }

    /// The RingCentral-specific code (`OAU-…`, `CMN-…`): the first in `errors`, else the top level.
    /// Codes that look like words (`TokenInvalid`) come after ones that look like `ABC-123`.
    pub fn code(&self) -> Option<String> {
        let mut codes = self
            .errors
            .iter()
            .filter_map(|e| e.error_code.clone())
            .chain(self.error_code.clone());
        let all: Vec<String> = codes.by_ref().collect();
        all.iter()
            .find(|c| looks_like_code(c))
            .or_else(|| all.first())
            .cloned()
    }

    /// Whether the body is RingCentral's error envelope at all (an OAuth `error`, an `errorCode`
    /// or `errors`), as opposed to a proxy's page, a bare message or nothing.
    pub fn is_envelope(&self) -> bool {
        self.error.is_some()
            || self.error_code.is_some()
            || self.error_description.is_some()
            || !self.errors.is_empty()
    }

    /// A human description from the server, if any.
    pub fn description(&self) -> Option<String> {
        self.error_description
            .clone()
            .or_else(|| self.errors.iter().find_map(|e| e.message.clone()))
            .or_else(|| self.message.clone())
    }
}

fn looks_like_code(code: &str) -> bool {
    match code.split_once('-') {
        Some((prefix, number)) => {
            !prefix.is_empty()
                && prefix.chars().all(|c| c.is_ascii_uppercase())
                && !number.is_empty()
                && number.chars().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

/// `GET /restapi/v1.0/account/~/extension/~`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ExtensionBody {
    #[serde(default, deserialize_with = "lenient_string")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub uri: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub extension_number: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient_nested")]
    pub contact: Option<ContactBody>,
    #[serde(default, deserialize_with = "lenient_nested")]
    pub account: Option<AccountRef>,
}

/// `contact` inside the extension.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ContactBody {
    #[serde(default, deserialize_with = "lenient_string")]
    pub first_name: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub last_name: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub company: Option<String>,
}

/// `account` inside the extension.
#[derive(Debug, Default, Clone, Deserialize)]
pub(crate) struct AccountRef {
    #[serde(default, deserialize_with = "lenient_string")]
    pub id: Option<String>,
}

/// `GET /restapi/v1.0/account/~/business-address`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct BusinessAddressBody {
    #[serde(default, deserialize_with = "lenient_string")]
    pub company: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub uri: Option<String>,
}

/// The account id inside a `…/account/{id}/…` URI.
pub(crate) fn account_id_from_uri(uri: &str) -> Option<String> {
    let mut parts = uri.split('/');
    parts.find(|p| *p == "account")?;
    parts
        .next()
        .filter(|id| !id.is_empty() && *id != "~")
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_body_is_lenient() {
        let body = br#"{
  "access_token" : "U1BCabc",
  "token_type" : "bearer",
  "expires_in" : "3600",
  "scope" : "ReadAccounts  ReadCallLog",
  "owner_id" : 2069909019,
  "unknown" : {"nested": [1,2,3]}
}"#;
        let token: TokenBody = serde_json::from_slice(body).unwrap();
        assert_eq!(token.access_token.as_deref(), Some("U1BCabc"));
        assert_eq!(token.expires_in, Some(3600));
        assert_eq!(token.owner_id.as_deref(), Some("2069909019"));
        assert_eq!(token.scope.unwrap(), vec!["ReadAccounts", "ReadCallLog"]);

        let token: TokenBody =
            serde_json::from_slice(br#"{"access_token":"x","scope":["A","B",3]}"#).unwrap();
        assert_eq!(token.scope.unwrap(), vec!["A", "B"]);
        let token: TokenBody = serde_json::from_slice(br#"{"access_token":"x"}"#).unwrap();
        assert!(token.scope.is_none());
    }

    #[test]
    fn error_envelopes_of_every_shape() {
        let body = br#"{
  "error" : "invalid_client",
  "errors" : [ {
    "errorCode" : "OAU-153",
    "message" : "Invalid client: xx",
    "parameters" : [ { "parameterName" : "client_id", "parameterValue" : "xx" } ]
  } ],
  "error_description" : "Invalid client: xx"
}"#;
        let e = ErrorBody::parse(body);
        assert_eq!(e.error.as_deref(), Some("invalid_client"));
        assert_eq!(e.code().as_deref(), Some("OAU-153"));
        assert_eq!(e.description().as_deref(), Some("Invalid client: xx"));

        let e = ErrorBody::parse(br#"{"errorCode":"TokenInvalid","message":"OAuth token is invalid","errors":[{"errorCode":"OAU-149","message":"OAuth token is invalid"}]}"#);
        assert_eq!(e.code().as_deref(), Some("OAU-149"));

        let e = ErrorBody::parse(br#"{"errorCode":"CMN-301","message":"Request rate exceeded"}"#);
        assert_eq!(e.code().as_deref(), Some("CMN-301"));
        assert_eq!(e.description().as_deref(), Some("Request rate exceeded"));

        let e = ErrorBody::parse(br#"{"error":"invalid_grant","error_description":"Invalid resource owner credentials."}"#);
        assert_eq!(e.error.as_deref(), Some("invalid_grant"));
        assert!(e.code().is_none());

        let e = ErrorBody::parse(br#"{"error":42,"errors":"oops"}"#);
        assert_eq!(e.error.as_deref(), Some("42"));
        assert!(e.errors.is_empty());

        for garbage in [&b"<html>502</html>"[..], b"", b"[]", b"null", b"\xff\xfe"] {
            let e = ErrorBody::parse(garbage);
            assert!(e.error.is_none() && e.code().is_none());
            assert!(!e.is_envelope());
        }
        let e = ErrorBody::parse(br#"{"errors":[{"errorCode":"OAU-140","message":"Invalid resource owner credentials."}]}"#);
        assert!(e.is_envelope() && e.error.is_none());
        assert_eq!(
            e.description().as_deref(),
            Some("Invalid resource owner credentials.")
        );
    }

    #[test]
    fn extension_body_is_lenient() {
        let body = br#"{
  "uri" : "https://platform.ringcentral.com/restapi/v1.0/account/208594004/extension/208594004",
  "id" : 208594004,
  "extensionNumber" : 101,
  "contact" : { "firstName" : "Jane", "lastName" : "Cooper", "email" : "jane@cooper.example", "company" : "Cooper Dental LLC" },
  "name" : "Jane Cooper",
  "status" : "Enabled",
  "account" : { "uri" : "https://platform.ringcentral.com/restapi/v1.0/account/208594004", "id" : "208594004" }
}"#;
        let ext: ExtensionBody = serde_json::from_slice(body).unwrap();
        assert_eq!(ext.id.as_deref(), Some("208594004"));
        assert_eq!(ext.extension_number.as_deref(), Some("101"));
        assert_eq!(ext.account.unwrap().id.as_deref(), Some("208594004"));
        assert_eq!(
            ext.contact.unwrap().company.as_deref(),
            Some("Cooper Dental LLC")
        );

        let ext: ExtensionBody =
            serde_json::from_slice(br#"{"id":"5","contact":"nope","account":[1]}"#).unwrap();
        assert!(ext.contact.is_none() && ext.account.is_none());
    }

    #[test]
    fn account_id_from_a_uri() {
        assert_eq!(
            account_id_from_uri("https://p/restapi/v1.0/account/208594004/extension/1").as_deref(),
            Some("208594004")
        );
        assert_eq!(
            account_id_from_uri("https://p/restapi/v1.0/account/~/extension/1"),
            None
        );
        assert_eq!(account_id_from_uri("https://p/x"), None);
    }
}
