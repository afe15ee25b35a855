//! Screenshots of a walk, numbered in the order they were taken: `tests/output/<test>/NN-name.png`.

use std::path::PathBuf;

use crate::driver::{App, HarnessError};

/// Takes the numbered screenshots of one test.
pub struct Shots {
    dir: PathBuf,
    taken: usize,
}

impl Shots {
    /// Screenshots go to `tests/output/<test>/` (emptied of earlier PNGs first).
    pub fn new(test: &str) -> Shots {
        let dir = crate::output_dir(test);
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for entry in entries.filter_map(Result::ok) {
                if entry.path().extension().is_some_and(|e| e == "png") {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
        Shots { dir, taken: 0 }
    }

    /// The folder the screenshots go to.
    pub fn dir(&self) -> &PathBuf {
        &self.dir
    }

    /// Saves the window as `NN-name.png` and returns the path.
    pub async fn take(&mut self, app: &App, name: &str) -> Result<PathBuf, HarnessError> {
        self.taken += 1;
        app.screenshot(&self.dir, &format!("{:02}-{name}", self.taken))
            .await
    }
}
