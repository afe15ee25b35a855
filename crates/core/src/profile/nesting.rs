//! How deeply a profile nests arrays and inline tables, found before the TOML parser runs: the
//! parser recurses once per level, so a hostile file of a few hundred `[` or `{` can overflow
//! the stack of the thread parsing it. A real profile nests at most two levels.

/// Deepest nesting accepted; a profile needs two (`key = { list = ["…"] }`).
pub(super) const MAX_NESTING: usize = 8;

/// Byte offset of the first `[` or `{` (outside strings and comments) that opens a level deeper
/// than [`MAX_NESTING`], if any.
pub(super) fn too_deep_at(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' | b'\'' => {
                i = end_of_string(bytes, i);
                continue;
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// Index just past the string that opens at `start` (basic `"…"`, literal `'…'`, or their
/// multi-line `"""…"""` / `'''…'''` forms); an unterminated one-line string ends at the line
/// break, where the parser will stop anyway.
fn end_of_string(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let delimiter = [quote; 3];
    let multi_line = bytes.get(start..start + 3) == Some(&delimiter[..]);
    let escapes = quote == b'"';
    let mut i = start + if multi_line { 3 } else { 1 };
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if escapes => i += 2,
            b'\n' if !multi_line => return i,
            b if b == quote && !multi_line => return i + 1,
            b if b == quote && bytes.get(i..i + 3) == Some(&delimiter[..]) => {
                // Up to two more quotes right before the closing ones belong to the string.
                let mut end = i + 3;
                while end < bytes.len() && end < i + 5 && bytes[end] == quote {
                    end += 1;
                }
                return end;
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_profiles_are_shallow() {
        let text = r#"
[provider]
name = "Acme [x] {y}"   # comment with [[[[[[[[[[ and {{{{{{{{{{
[[list]]
inline = { permissions = ["ReadAccounts", 'lit[[[[[[[[[[['], nested = { a = [1] } }
multi = """ [[[[[[[[[[[ "" \""" """
literal = ''' {{{{{{{{{{{ '' '''
"#;
        assert_eq!(too_deep_at(text), None);
    }

    #[test]
    fn deep_arrays_and_inline_tables_are_found_where_they_go_too_deep() {
        let arrays = format!("a = {}1{}", "[".repeat(500), "]".repeat(500));
        assert_eq!(too_deep_at(&arrays), Some(4 + MAX_NESTING));
        let tables = format!("a = {}", "{b=".repeat(500));
        assert_eq!(too_deep_at(&tables), Some(4 + MAX_NESTING * 3));
        let exactly = format!(
            "a = {}1{}",
            "[".repeat(MAX_NESTING),
            "]".repeat(MAX_NESTING)
        );
        assert_eq!(too_deep_at(&exactly), None);
    }

    #[test]
    fn strings_and_comments_do_not_hide_nesting_after_them() {
        let text = format!(
            "s = \"a\\\"[\" # [[[\nt = '''x'''''\nu = {}",
            "[".repeat(MAX_NESTING + 1)
        );
        assert!(too_deep_at(&text).is_some());
        // An unterminated string ends at its line.
        let text = format!("s = \"open\nu = {}", "[".repeat(MAX_NESTING + 1));
        assert!(too_deep_at(&text).is_some());
    }
}
