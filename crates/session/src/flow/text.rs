//! Text from the network (the intake's messages and errors), made safe to show in the window.

/// How many characters of a network message the window shows.
const SHOWN_CHARS: usize = 300;

/// Text from the network, made safe to show: the one printable-text rule, bounded.
pub(super) fn sanitize(text: &str) -> String {
    rc_onboard_core::text::printable(text, SHOWN_CHARS)
}
