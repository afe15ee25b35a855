//! Process hardening applied first thing: the process holds a credential in memory, so it must
//! not leave it in a core dump, and other processes of the same user should not read its memory.

/// Disables core dumps and (on Linux) marks the process non-dumpable, which also stops other
/// processes of the same user from attaching a debugger or reading `/proc/<pid>/mem`.
///
/// What this covers: this process, and (through the inherited `RLIMIT_CORE` of 0) core dumps of
/// every child it starts, WebKit's web and network processes included. What it does not: the
/// non-dumpable flag is reset by `execve`, so WebKit's child processes (separate executables) can
/// still be attached to by other processes of the same user. They hold only what the webview
/// holds (a paste until Continue, the code field); the JWT, client secret and code live in this
/// process.
/// Failures are ignored: this is defence in depth, never a reason not to start.
pub fn apply() {
    #[cfg(unix)]
    {
        let no_core = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: setrlimit reads a valid, initialised struct; no memory is shared.
        unsafe {
            libc::setrlimit(libc::RLIMIT_CORE, &no_core);
        }
    }
    #[cfg(target_os = "linux")]
    {
        // SAFETY: PR_SET_DUMPABLE takes plain integer arguments.
        unsafe {
            libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
        }
    }
    // Windows: Windows Error Reporting dumps are per-machine policy (LocalDumps); macOS: core
    // dumps are off unless `ulimit -c` enables them, which RLIMIT_CORE above overrides.
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn core_dumps_are_off_after_apply() {
        super::apply();
        let mut limit = libc::rlimit {
            rlim_cur: 1,
            rlim_max: 1,
        };
        // SAFETY: getrlimit writes into a valid struct.
        let status = unsafe { libc::getrlimit(libc::RLIMIT_CORE, &mut limit) };
        assert_eq!(status, 0);
        assert_eq!(limit.rlim_cur, 0);
        // SAFETY: PR_GET_DUMPABLE takes no pointer arguments.
        let dumpable = unsafe { libc::prctl(libc::PR_GET_DUMPABLE, 0, 0, 0, 0) };
        assert_eq!(dumpable, 0);
    }

    #[test]
    fn child_processes_inherit_no_core_dumps() {
        super::apply();
        let output = std::process::Command::new("sh")
            .args(["-c", "ulimit -c"])
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "0");
    }
}
