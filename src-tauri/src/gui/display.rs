//! Whether a window can be shown at all: on Linux and the BSDs the windowing library needs an X11
//! or Wayland display, and without one (an SSH session, a service) it panics with a backtrace. The
//! app checks first and says plainly what is missing.

/// What the app says when there is no display; `check` and `send` need none.
pub const NO_DISPLAY: &str = "there is no display to open the window on (neither DISPLAY nor \
     WAYLAND_DISPLAY is set, as in an SSH session or a service). Run rc-onboard in a desktop \
     session, or use `rc-onboard check` and `rc-onboard send`, which need no window";

/// `Ok` when a window can be opened, else [`NO_DISPLAY`].
pub fn check_display() -> Result<(), &'static str> {
    if display_available(|name| std::env::var_os(name)) {
        Ok(())
    } else {
        Err(NO_DISPLAY)
    }
}

/// Whether the environment (read through `var`) names a display.
fn display_available(var: impl Fn(&str) -> Option<std::ffi::OsString>) -> bool {
    if cfg!(any(target_os = "macos", target_os = "windows")) {
        return true;
    }
    ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|name| var(name).is_some_and(|value| !value.is_empty()))
}

#[cfg(all(test, unix, not(target_os = "macos")))]
mod tests {
    use super::*;

    #[test]
    fn needs_an_x11_or_wayland_display() {
        assert!(!display_available(|_| None));
        assert!(!display_available(|_| Some("".into())));
        assert!(display_available(
            |name| (name == "DISPLAY").then(|| ":0".into())
        ));
        assert!(display_available(
            |name| (name == "WAYLAND_DISPLAY").then(|| "wayland-0".into())
        ));
    }
}
