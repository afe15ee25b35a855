//! Text from the network (the intake's messages and errors), made safe to show in the window.

/// Text from the network, made safe to show: printable, bounded.
pub(super) fn sanitize(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).take(300).collect()
}
