//! Onboarding codes: generation (160 random bits in Crockford base32), canonical form for
//! lookups, the SHA-256 hash that is all the database keeps, and time-to-live parsing.
//!
//! A code looks like `7KQ2-M9XD-4H3P-ZT8W-1RBN-C6VJ-Y0FG-5SAE`: 32 characters from Crockford's
//! base32 alphabet (no I, L, O, U) in groups of four. Lookups ignore case, hyphens and
//! whitespace, and read `O` as `0` and `I`/`L` as `1`, so a code typed by hand still matches.

use std::time::Duration;

use rand_core::{OsRng, TryRngCore};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const RANDOM_BYTES: usize = 20;
const CODE_CHARS: usize = RANDOM_BYTES * 8 / 5;

/// The SHA-256 of a code's canonical form: the only thing stored about a code.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct CodeHash(pub [u8; 32]);

impl std::fmt::Debug for CodeHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CodeHash(..)")
    }
}

/// Why a code could not be generated.
#[derive(Debug, thiserror::Error)]
#[error("the operating system's random number generator failed: {0}")]
pub struct CodeGenerationError(#[source] rand_core::OsError);

/// A new random code (160 bits of entropy), hyphen-grouped, in a buffer zeroized on drop.
pub fn generate() -> Result<Zeroizing<String>, CodeGenerationError> {
    let mut random = Zeroizing::new([0u8; RANDOM_BYTES]);
    OsRng
        .try_fill_bytes(random.as_mut())
        .map_err(CodeGenerationError)?;
    let mut out = Zeroizing::new(String::with_capacity(CODE_CHARS + CODE_CHARS / 4));
    for index in 0..CODE_CHARS {
        if index > 0 && index % 4 == 0 {
            out.push('-');
        }
        out.push(char::from(
            ALPHABET[usize::from(five_bits(random.as_ref(), index))],
        ));
    }
    Ok(out)
}

/// The `index`-th 5-bit group of `bytes`, most significant bit first.
fn five_bits(bytes: &[u8], index: usize) -> u8 {
    let bit = index * 5;
    let (byte, shift) = (bit / 8, bit % 8);
    let wide = (u16::from(bytes[byte]) << 8) | u16::from(bytes.get(byte + 1).copied().unwrap_or(0));
    ((wide >> (11 - shift)) & 0x1f) as u8
}

/// The canonical form of something typed as a code, or `None` when it cannot be a code.
pub fn canonicalize(typed: &str) -> Option<Zeroizing<String>> {
    let mut out = Zeroizing::new(String::with_capacity(CODE_CHARS));
    for ch in typed.chars() {
        let ch = match ch.to_ascii_uppercase() {
            '-' => continue,
            c if c.is_whitespace() => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        if !ch.is_ascii() || !ALPHABET.contains(&(ch as u8)) {
            return None;
        }
        out.push(ch);
    }
    (out.len() == CODE_CHARS).then_some(out)
}

/// The stored hash of a typed code, or `None` when it cannot be a code.
pub fn hash_typed(typed: &str) -> Option<CodeHash> {
    canonicalize(typed).map(|canonical| CodeHash(Sha256::digest(canonical.as_bytes()).into()))
}

/// Why a time to live was not understood.
#[derive(Debug, thiserror::Error)]
#[error("time to live {0:?} is not understood: use a number and a unit s, m, h or d (for example 7d, 12h), at most 366d")]
pub struct TtlError(String);

/// Parses a time to live such as `90s`, `30m`, `12h`, `7d` (at most 366 days).
pub fn parse_ttl(text: &str) -> Result<Duration, TtlError> {
    let error = || TtlError(text.to_owned());
    let text = text.trim();
    let (unit_at, unit) = text.char_indices().last().ok_or_else(error)?;
    let number: u64 = text[..unit_at].parse().map_err(|_| error())?;
    let seconds_per_unit = match unit {
        's' => 1,
        'm' => 60,
        'h' => 3_600,
        'd' => 86_400,
        _ => return Err(error()),
    };
    let seconds = number.checked_mul(seconds_per_unit).ok_or_else(error)?;
    if seconds == 0 || seconds > 366 * 86_400 {
        return Err(error());
    }
    Ok(Duration::from_secs(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codes_have_160_bits_in_grouped_base32() {
        let code = generate().unwrap();
        assert_eq!(code.len(), 39, "{}", code.as_str());
        assert_eq!(code.matches('-').count(), 7);
        assert!(canonicalize(&code).is_some());
        assert_ne!(generate().unwrap().as_str(), code.as_str());
    }

    #[test]
    fn five_bit_groups_cover_every_bit() {
        let bytes = [0xffu8; RANDOM_BYTES];
        assert!((0..CODE_CHARS).all(|i| five_bits(&bytes, i) == 0x1f));
        let mut one = [0u8; RANDOM_BYTES];
        one[RANDOM_BYTES - 1] = 1;
        assert_eq!(five_bits(&one, CODE_CHARS - 1), 1);
        assert!((0..CODE_CHARS - 1).all(|i| five_bits(&one, i) == 0));
    }

    #[test]
    fn typed_variants_hash_alike() {
        let code = generate().unwrap();
        let sloppy = code
            .to_lowercase()
            .replace('-', " ")
            .replace('0', "o")
            .replace('1', "l");
        assert_eq!(hash_typed(&code), hash_typed(&sloppy));
        assert!(hash_typed("too-short").is_none());
        assert!(hash_typed(&format!("{}U", &code[..code.len() - 1])).is_none());
    }

    #[test]
    fn ttl_units() {
        assert_eq!(parse_ttl("7d").unwrap(), Duration::from_secs(7 * 86_400));
        assert_eq!(parse_ttl("12h").unwrap(), Duration::from_secs(12 * 3_600));
        assert_eq!(parse_ttl("90s").unwrap(), Duration::from_secs(90));
        assert!(parse_ttl("0d").is_err());
        assert!(parse_ttl("7w").is_err());
        assert!(parse_ttl("d").is_err());
        assert!(parse_ttl("").is_err());
        assert!(parse_ttl("7é").is_err());
        assert!(parse_ttl("400d").is_err());
    }
}
