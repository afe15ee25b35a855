//! `rc-onboard` sets umask 077 first thing: the data folder, its outbox folders and the log files
//! it creates are private to the user (0700 folders, 0600 files), whatever umask it started with.

#![cfg(unix)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use common::cli::Cli;

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path)
        .unwrap()
        .permissions()
        .mode()
        & 0o777
}

/// Every folder and file under `root` (and `root` itself).
fn everything_under(root: &Path) -> Vec<std::path::PathBuf> {
    let mut found = vec![root.to_owned()];
    let mut index = 0;
    while index < found.len() {
        if found[index].is_dir() {
            let children: Vec<_> = std::fs::read_dir(&found[index])
                .unwrap()
                .map(|entry| entry.unwrap().path())
                .collect();
            found.extend(children);
        }
        index += 1;
    }
    found
}

#[test]
fn the_data_folder_and_logs_are_private() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    let cli = Cli {
        profile: None,
        data_dir: data_dir.clone(),
        env: Vec::new(),
    };
    let output = cli.run(&["outbox", "list"]);
    assert_eq!(output.code, Some(0), "{}", output.stderr_text());

    let paths = everything_under(&data_dir);
    assert!(
        paths.iter().any(|path| path.ends_with("logs")),
        "no logs folder in {paths:?}"
    );
    assert!(
        paths
            .iter()
            .any(|path| path.extension().is_some_and(|e| e == "log")),
        "no log file in {paths:?}"
    );
    for path in paths {
        let expected = if path.is_dir() { 0o700 } else { 0o600 };
        assert_eq!(mode(&path), expected, "{}", path.display());
    }
}
