//! Reading what the intake sent back: the receipt of a stored submission (parsed leniently: extra
//! fields, a numeric id, a missing timestamp or a `{"receipt": {...}}` wrapper are all accepted) and a
//! short, sanitised explanation from a refusal. Text from the intake is untrusted: a receipt field
//! holding any character of [`rc_onboard_core::text::is_unsafe_char`] is refused, and an explanation
//! goes through [`rc_onboard_core::text::printable`] (bounded, controls and escapes replaced).

use rc_onboard_core::text::{has_unsafe_chars, printable};
use serde_json::Value;

use crate::entry::Receipt;
use crate::error::DeliveryError;

/// Longest receipt id or timestamp kept.
const MAX_RECEIPT_FIELD_CHARS: usize = 200;
/// Longest refusal explanation kept, `…` included.
const MAX_DETAIL_CHARS: usize = 200;

/// Reads `{"receipt_id": "…", "received_at": "…"}` from a 200/201 body.
pub(crate) fn parse_receipt(body: &[u8]) -> Result<Receipt, DeliveryError> {
    let bad = |reason: &str| DeliveryError::BadReceipt {
        reason: reason.to_owned(),
    };
    let value: Value = serde_json::from_slice(body).map_err(|_| bad("the answer is not JSON"))?;
    let object = match value.get("receipt") {
        Some(inner @ Value::Object(_)) => inner,
        _ => &value,
    };
    if !object.is_object() {
        return Err(bad("the answer is not a JSON object"));
    }
    let receipt_id = match object.get("receipt_id") {
        Some(Value::String(text)) => clean_token(text),
        Some(Value::Number(number)) => Some(number.to_string()),
        _ => None,
    }
    .ok_or_else(|| bad("receipt_id is missing or unreadable"))?;
    let received_at = match object.get("received_at") {
        Some(Value::String(text)) => clean_token(text),
        _ => None,
    };
    Ok(Receipt {
        receipt_id,
        received_at,
    })
}

/// A receipt field is kept only when it is short, printable text.
fn clean_token(text: &str) -> Option<String> {
    let trimmed = text.trim();
    let acceptable = !trimmed.is_empty()
        && trimmed.chars().count() <= MAX_RECEIPT_FIELD_CHARS
        && !has_unsafe_chars(trimmed);
    acceptable.then(|| trimmed.to_owned())
}

/// The intake's explanation of a refusal: `error.message`, `message`, `error` or `detail` from a
/// JSON body, else nothing. Sanitised and shortened.
pub(crate) fn refusal_detail(body: &[u8]) -> Option<String> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let text = [
        value.pointer("/error/message"),
        value.get("message"),
        value.get("error"),
        value.get("detail"),
    ]
    .into_iter()
    .flatten()
    .find_map(Value::as_str)?;
    let cleaned = printable(text, MAX_DETAIL_CHARS - 1);
    let cleaned = cleaned.trim();
    (!cleaned.is_empty()).then(|| cleaned.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipts_parse_leniently() {
        let receipt =
            parse_receipt(br#"{"receipt_id":"r-1","received_at":"2025-01-01T00:00:00Z","x":1}"#)
                .unwrap();
        assert_eq!(receipt.receipt_id, "r-1");
        assert_eq!(receipt.received_at.as_deref(), Some("2025-01-01T00:00:00Z"));
        let numeric = parse_receipt(br#"{"receipt_id":42}"#).unwrap();
        assert_eq!(numeric.receipt_id, "42");
        assert_eq!(numeric.received_at, None);
        let wrapped = parse_receipt(br#"{"receipt":{"receipt_id":" r-2 "}}"#).unwrap();
        assert_eq!(wrapped.receipt_id, "r-2");
        let odd_time = parse_receipt(br#"{"receipt_id":"r","received_at":12}"#).unwrap();
        assert_eq!(odd_time.received_at, None);
    }

    #[test]
    fn unusable_receipts_are_errors_not_panics() {
        let long = format!(r#"{{"receipt_id":"{}"}}"#, "a".repeat(201));
        for body in [
            &b""[..],
            b"not json",
            b"[]",
            b"\"r-1\"",
            b"{}",
            br#"{"receipt_id":""}"#,
            br#"{"receipt_id":null}"#,
            br#"{"receipt_id":"a\u0000b"}"#,
            br#"{"receipt_id":"\u202Eevil"}"#,
            long.as_bytes(),
        ] {
            let error = parse_receipt(body).unwrap_err();
            assert!(error.is_retryable(), "{body:?}");
        }
    }

    #[test]
    fn refusal_details_are_sanitised_and_bounded() {
        assert_eq!(
            refusal_detail(br#"{"error":{"kind":"x","message":"code expired"}}"#).as_deref(),
            Some("code expired")
        );
        assert_eq!(
            refusal_detail(br#"{"error":"too big"}"#).as_deref(),
            Some("too big")
        );
        assert_eq!(
            refusal_detail(b"{\"message\":\"a\\u001b[31mb\\u202Ec\"}").as_deref(),
            // The whole escape sequence and the override are each replaced by one U+FFFD.
            Some("a\u{fffd}b\u{fffd}c")
        );
        let long = format!(r#"{{"message":"{}"}}"#, "x".repeat(5000));
        assert_eq!(
            refusal_detail(long.as_bytes()).unwrap().chars().count(),
            200
        );
        assert_eq!(refusal_detail(b"<html>oops</html>"), None);
        assert_eq!(refusal_detail(br#"{"message":"   "}"#), None);
    }
}
