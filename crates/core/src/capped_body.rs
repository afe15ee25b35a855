//! A response body read under a size cap, without any HTTP client: the caller feeds the chunks it
//! receives to a [`CappedBody`] and stops at the first [`BodyTooLarge`]. The bytes are wiped from
//! memory when the body is dropped (an answer can carry an access token).

use zeroize::Zeroizing;

/// The body is larger than the cap; reading should stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the body is larger than {limit} bytes")]
pub struct BodyTooLarge {
    /// The cap, in bytes.
    pub limit: usize,
}

/// Bytes of one response body, at most `limit` of them.
#[derive(Debug)]
pub struct CappedBody {
    limit: usize,
    bytes: Zeroizing<Vec<u8>>,
}

impl CappedBody {
    /// An empty body capped at `limit` bytes. A `declared_length` (the `Content-Length`) above the
    /// cap is refused before anything is read.
    pub fn new(limit: usize, declared_length: Option<u64>) -> Result<CappedBody, BodyTooLarge> {
        if declared_length.is_some_and(|length| length > limit as u64) {
            return Err(BodyTooLarge { limit });
        }
        Ok(CappedBody {
            limit,
            bytes: Zeroizing::new(Vec::new()),
        })
    }

    /// Appends `chunk`, or refuses it when the body would exceed the cap (nothing is appended).
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), BodyTooLarge> {
        if self.bytes.len().saturating_add(chunk.len()) > self.limit {
            return Err(BodyTooLarge { limit: self.limit });
        }
        self.bytes.extend_from_slice(chunk);
        Ok(())
    }

    /// The whole body.
    pub fn finish(self) -> Zeroizing<Vec<u8>> {
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_up_to_the_cap_are_kept() {
        let mut body = CappedBody::new(6, Some(6)).unwrap();
        body.push(b"abc").unwrap();
        body.push(b"").unwrap();
        body.push(b"def").unwrap();
        assert_eq!(body.finish().as_slice(), b"abcdef");
    }

    #[test]
    fn one_byte_over_is_refused() {
        let mut body = CappedBody::new(4, None).unwrap();
        body.push(b"abc").unwrap();
        assert_eq!(body.push(b"de"), Err(BodyTooLarge { limit: 4 }));
        assert_eq!(body.finish().as_slice(), b"abc");
    }

    #[test]
    fn a_declared_length_over_the_cap_is_refused_up_front() {
        assert_eq!(
            CappedBody::new(10, Some(11)).unwrap_err().to_string(),
            "the body is larger than 10 bytes"
        );
        assert!(CappedBody::new(10, Some(10)).is_ok());
    }
}
