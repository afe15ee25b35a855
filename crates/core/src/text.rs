//! Printable text for untrusted input: the one rule for showing text that came from a server, a
//! credential or a profile in a terminal, a log line, an error message or the window.
//!
//! [`printable`] keeps ordinary text (markup included: it is data, the UI shows it as text) and
//! neutralises what could disguise it or drive a terminal, using one character set,
//! [`is_unsafe_char`]:
//!
//! - control characters: C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F);
//! - zero-width characters: U+200B–U+200D, U+2060–U+2065 and U+FEFF (byte-order mark);
//! - bidirectional controls: U+200E/U+200F, U+061C, U+202A–U+202E and U+2066–U+2069;
//! - the line and paragraph separators U+2028/U+2029.
//!
//! Tab, line feed, vertical tab, form feed, carriage return and U+2028/U+2029 become a space (so a
//! message stays on one line); a whole terminal escape sequence (ESC or a C1 introducer with its
//! parameters, e.g. `ESC [ 2 J` or an OSC title string) becomes one U+FFFD; every other unsafe
//! character becomes U+FFFD. The result is cut to a number of characters the caller chooses, with
//! `…` appended when something was cut.

/// What an unsafe character or escape sequence is shown as.
pub const REPLACEMENT: char = '\u{fffd}';

/// Appended when [`printable`] cut the text.
pub const ELLIPSIS: char = '…';

/// ESC, which starts a terminal escape sequence.
const ESC: char = '\u{1b}';

/// `input` made safe to show (see the module documentation), at most `max_chars` characters
/// followed by `…` when it was longer.
pub fn printable(input: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(input.len().min(max_chars.saturating_mul(4)) + 3);
    let mut chars = input.chars().peekable();
    let mut shown = 0;
    while let Some(c) = chars.next() {
        if shown == max_chars {
            out.push(ELLIPSIS);
            break;
        }
        out.push(match c {
            ESC => {
                skip_escape_sequence(&mut chars);
                REPLACEMENT
            }
            '\u{9b}' => {
                skip_control_sequence(&mut chars);
                REPLACEMENT
            }
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => {
                skip_control_string(&mut chars);
                REPLACEMENT
            }
            c if is_line_break_or_tab(c) => ' ',
            c if is_unsafe_char(c) => REPLACEMENT,
            c => c,
        });
        shown += 1;
    }
    out
}

/// Whether `c` must not be shown as it is: a control character (C0, DEL, C1), a zero-width
/// character, a bidirectional control, or a line or paragraph separator. Validators that refuse
/// such text (rather than cleaning it with [`printable`]) use this same set.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c,
            // Zero-width space, non-joiner, joiner; bidi marks LRM, RLM.
            '\u{200b}'..='\u{200f}'
            // Line and paragraph separators.
            | '\u{2028}' | '\u{2029}'
            // Bidi embeddings and overrides LRE, RLE, PDF, LRO, RLO.
            | '\u{202a}'..='\u{202e}'
            // Word joiner, invisible operators, and the bidi isolates LRI, RLI, FSI, PDI.
            | '\u{2060}'..='\u{2069}'
            // Arabic letter mark.
            | '\u{061c}'
            // Zero-width no-break space (byte-order mark).
            | '\u{feff}')
}

/// Whether `input` holds any character [`is_unsafe_char`] refuses.
pub fn has_unsafe_chars(input: &str) -> bool {
    input.chars().any(is_unsafe_char)
}

fn is_line_break_or_tab(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{0b}' | '\u{0c}' | '\r' | '\u{2028}' | '\u{2029}'
    )
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// Consumes what follows an ESC that belongs to its sequence (ECMA-48).
fn skip_escape_sequence(chars: &mut Chars<'_>) {
    match chars.peek().copied() {
        Some('[') => {
            chars.next();
            skip_control_sequence(chars);
        }
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            skip_control_string(chars);
        }
        Some(' '..='/') => {
            // Intermediate bytes, then one final byte.
            while chars.next_if(|c| matches!(c, ' '..='/')).is_some() {}
            chars.next_if(|c| matches!(c, '0'..='~'));
        }
        Some('0'..='~') => {
            chars.next();
        }
        _ => {}
    }
}

/// Consumes the parameters, intermediates and final byte of a control sequence (after `ESC [`).
fn skip_control_sequence(chars: &mut Chars<'_>) {
    while chars.next_if(|c| matches!(c, '0'..='?')).is_some() {}
    while chars.next_if(|c| matches!(c, ' '..='/')).is_some() {}
    chars.next_if(|c| matches!(c, '@'..='~'));
}

/// Consumes a control string (OSC, DCS, SOS, PM, APC) up to and including its terminator: BEL,
/// `ESC \` or ST. An unterminated string runs to the end of the input.
fn skip_control_string(chars: &mut Chars<'_>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{07}' | '\u{9c}' => return,
            ESC => {
                chars.next_if_eq(&'\\');
                return;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ordinary_text_and_markup_are_kept() {
        assert_eq!(printable("Jane Cooper", 80), "Jane Cooper");
        assert_eq!(
            printable("<script>alert(1)</script> é 日本", 80),
            "<script>alert(1)</script> é 日本"
        );
        assert_eq!(printable("", 5), "");
    }

    #[test]
    fn long_text_is_cut_with_an_ellipsis() {
        assert_eq!(printable("abcdef", 3), "abc…");
        assert_eq!(printable("abc", 3), "abc");
        assert_eq!(printable("abcd", 0), "…");
        assert_eq!(printable(&"x".repeat(5000), 199).chars().count(), 200);
    }

    #[test]
    fn controls_invisible_and_direction_characters_are_replaced() {
        assert_eq!(
            printable("a\u{0}b\u{7f}c\u{85}d", 80),
            "a\u{fffd}b\u{fffd}c\u{fffd}d"
        );
        for hidden in [
            '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}', '\u{200e}', '\u{200f}',
            '\u{061c}', '\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}',
        ] {
            assert_eq!(
                printable(&format!("a{hidden}b"), 80),
                "a\u{fffd}b",
                "{hidden:?}"
            );
            assert!(is_unsafe_char(hidden), "{hidden:?}");
        }
    }

    #[test]
    fn line_breaks_and_tabs_become_spaces() {
        assert_eq!(printable("a\nb\r\nc\td\u{2028}e", 80), "a b  c d e");
    }

    #[test]
    fn escape_sequences_are_replaced_whole() {
        assert_eq!(printable("a\u{1b}[31mb", 80), "a\u{fffd}b");
        assert_eq!(
            printable("Jane\u{1b}[2J\u{202e}Cooper", 80),
            "Jane\u{fffd}\u{fffd}Cooper"
        );
        assert_eq!(printable("a\u{1b}[?25;1hb", 80), "a\u{fffd}b");
        // An OSC window-title string, terminated by BEL or by ESC \.
        assert_eq!(printable("a\u{1b}]0;pwned\u{7}b", 80), "a\u{fffd}b");
        assert_eq!(printable("a\u{1b}]8;;http://x\u{1b}\\b", 80), "a\u{fffd}b");
        // Two-character escapes and C1 introducers.
        assert_eq!(printable("a\u{1b}cb", 80), "a\u{fffd}b");
        assert_eq!(printable("a\u{1b}(Bb", 80), "a\u{fffd}b");
        assert_eq!(printable("a\u{9b}2Jb", 80), "a\u{fffd}b");
        // A lone ESC at the end, and an unterminated string, hide nothing after them.
        assert_eq!(printable("a\u{1b}", 80), "a\u{fffd}");
        assert_eq!(printable("a\u{1b}]0;never ends", 80), "a\u{fffd}");
    }

    #[test]
    fn the_cap_counts_shown_characters() {
        assert_eq!(printable("\u{1b}[31mabc", 2), "\u{fffd}a…");
        assert_eq!(printable("ab\u{1b}[0m", 3), "ab\u{fffd}");
    }

    proptest! {
        #[test]
        fn output_is_always_safe_and_bounded(input in any::<String>(), max in 0usize..64) {
            let out = printable(&input, max);
            prop_assert!(!has_unsafe_chars(&out), "{out:?}");
            let count = out.chars().count();
            prop_assert!(count <= max + 1, "{count} > {max} + 1");
            if count == max + 1 {
                prop_assert!(out.ends_with(ELLIPSIS), "{out:?}");
            }
            if input.chars().count() <= max {
                prop_assert!(count <= max, "{out:?}");
            }
        }

        #[test]
        fn safe_short_text_is_unchanged(input in "[a-zA-Z0-9 <>&\"'é日本-]{0,40}") {
            prop_assert_eq!(printable(&input, 40), input);
        }

        #[test]
        fn printable_text_stays_as_it_is(input in any::<String>(), max in 0usize..64) {
            let once = printable(&input, max);
            prop_assert_eq!(printable(&once, max + 1), once.clone());
        }

        #[test]
        fn hostile_pieces_never_survive(
            pieces in proptest::collection::vec(
                prop_oneof![
                    Just("\u{1b}[2J".to_owned()),
                    Just("\u{1b}]0;title\u{7}".to_owned()),
                    Just("\u{202e}".to_owned()),
                    Just("\u{200b}".to_owned()),
                    Just("\u{9b}31m".to_owned()),
                    Just("\r\n".to_owned()),
                    "[a-z]{0,5}",
                ],
                0..20,
            )
        ) {
            let input = pieces.concat();
            let out = printable(&input, usize::MAX);
            prop_assert!(!out.contains('\u{1b}') && !out.contains("[2J"), "{out:?}");
            prop_assert!(!has_unsafe_chars(&out), "{out:?}");
        }
    }
}
