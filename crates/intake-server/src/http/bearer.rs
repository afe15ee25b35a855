//! The onboarding code presented as `Authorization: Bearer <code>`.

use axum::http::{header, HeaderMap};

use crate::codes::{self, CodeHash};

/// What the request presented.
#[derive(Debug)]
pub(crate) enum Presented {
    /// No `Authorization: Bearer` header.
    Missing,
    /// Something that cannot be a code.
    Malformed,
    /// A well-formed code (its hash).
    Code(CodeHash),
}

pub(crate) fn presented_code(headers: &HeaderMap) -> Presented {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Presented::Missing;
    };
    let Ok(value) = value.to_str() else {
        return Presented::Malformed;
    };
    let value = value.trim_start();
    let (Some(scheme), Some(code)) = (value.get(..7), value.get(7..)) else {
        return Presented::Missing;
    };
    if !scheme.eq_ignore_ascii_case("bearer ") {
        return Presented::Missing;
    }
    match codes::hash_typed(code) {
        Some(hash) => Presented::Code(hash),
        None => Presented::Malformed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn with_auth(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn reads_bearer_codes_case_insensitively() {
        let code = codes::generate().unwrap();
        let expected = codes::hash_typed(&code).unwrap();
        for header_value in [
            format!("Bearer {}", code.as_str()),
            format!("bearer {}", code.as_str()),
        ] {
            match presented_code(&with_auth(&header_value)) {
                Presented::Code(hash) => assert_eq!(hash, expected),
                other => panic!("{other:?}"),
            }
        }
        assert!(matches!(
            presented_code(&HeaderMap::new()),
            Presented::Missing
        ));
        assert!(matches!(
            presented_code(&with_auth("Basic abc")),
            Presented::Missing
        ));
        assert!(matches!(
            presented_code(&with_auth("Bearer nope")),
            Presented::Malformed
        ));
    }
}
