//! Process-wide settings both executables (`rc-onboard`, `rc-intake`) apply first thing.

/// Makes every file and folder this process creates private to its user from now on: the file
/// mode creation mask becomes `077`, so new folders are `0700` and new files `0600` (the data
/// folder, logs, the outbox, the support report, the intake's SQLite files). No effect off Unix,
/// where files inherit the per-user ACL of the folder they are created in.
pub fn private_files() {
    #[cfg(unix)]
    {
        // SAFETY: umask takes a plain integer and cannot fail.
        unsafe {
            libc::umask(0o077);
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn files_and_folders_created_afterwards_are_private() {
        super::private_files();
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("data");
        std::fs::create_dir_all(&folder).unwrap();
        let file = folder.join("file.txt");
        std::fs::write(&file, "x").unwrap();
        let mode =
            |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&folder), 0o700);
        assert_eq!(mode(&file), 0o600);
    }
}
