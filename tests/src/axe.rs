//! Accessibility checks with axe-core, run inside the real window. axe-core comes from npm
//! (`tests/package.json`, installed with `npm ci --prefix tests`); the script is read from
//! `tests/node_modules/axe-core/axe.min.js` and injected with WebDriver's "execute script".

use std::fmt;
use std::path::PathBuf;

use serde_json::{json, Value};

use crate::driver::{App, HarnessError};

/// The rule sets the window must pass: WCAG 2.0–2.2 A and AA, and axe's best practices.
pub const AXE_TAGS: [&str; 6] = [
    "wcag2a",
    "wcag2aa",
    "wcag21a",
    "wcag21aa",
    "wcag22aa",
    "best-practice",
];

/// Why axe-core could not run.
#[derive(Debug, thiserror::Error)]
pub enum AxeError {
    #[error("axe-core is not installed at {path}: run `npm ci --prefix tests` in the repository root ({source})")]
    Missing {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("axe-core did not load in the window (the page reported {0})")]
    NotLoaded(String),
    #[error("axe-core failed in the window: {0}")]
    Run(String),
    #[error(transparent)]
    Harness(#[from] HarnessError),
    #[error("WebDriver command failed: {0}")]
    Command(#[from] fantoccini::error::CmdError),
}

/// Where the suite expects axe-core's browser build.
pub fn axe_path() -> PathBuf {
    crate::workspace_root()
        .join("tests")
        .join("node_modules")
        .join("axe-core")
        .join("axe.min.js")
}

/// Reads axe-core's browser build, or says how to install it.
pub fn axe_source() -> Result<String, AxeError> {
    let path = axe_path();
    std::fs::read_to_string(&path).map_err(|source| AxeError::Missing { path, source })
}

/// One rule that failed, with the elements that failed it.
#[derive(Debug, Clone)]
pub struct Violation {
    pub id: String,
    pub impact: String,
    pub help: String,
    /// `selector: summary` for each failing element.
    pub nodes: Vec<String>,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "[{}] {} ({})", self.impact, self.id, self.help)?;
        for node in &self.nodes {
            writeln!(f, "    {node}")?;
        }
        Ok(())
    }
}

/// Formats violations for an assertion message.
pub fn describe(violations: &[Violation]) -> String {
    violations.iter().map(ToString::to_string).collect()
}

const RUN_SCRIPT: &str = r#"
const done = arguments[arguments.length - 1];
const tags = arguments[0];
if (!window.axe) { done({ error: 'window.axe is missing' }); return; }
window.axe
  .run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
  .then((results) => done({
    violations: results.violations.map((v) => ({
      id: v.id,
      impact: v.impact || '',
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${(n.failureSummary || '').replace(/\s+/g, ' ')}`),
    })),
  }))
  .catch((error) => done({ error: String(error && error.message ? error.message : error) }));
"#;

/// Injects axe-core into the window (once per page) and runs it on the whole document.
pub async fn run_axe(app: &App, source: &str) -> Result<Vec<Violation>, AxeError> {
    let loaded = app
        .client
        .execute("return typeof window.axe === 'object';", vec![])
        .await?;
    if loaded.as_bool() != Some(true) {
        app.client.execute(source, vec![]).await?;
        let loaded = app
            .client
            .execute("return typeof window.axe;", vec![])
            .await?;
        if loaded.as_str() != Some("object") {
            return Err(AxeError::NotLoaded(loaded.to_string()));
        }
    }
    let result = app
        .client
        .execute_async(RUN_SCRIPT, vec![json!(AXE_TAGS)])
        .await?;
    if let Some(error) = result.get("error").and_then(Value::as_str) {
        return Err(AxeError::Run(error.to_owned()));
    }
    let text = |v: &Value, key: &str| {
        v.get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    Ok(result
        .get("violations")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .map(|v| Violation {
                    id: text(v, "id"),
                    impact: text(v, "impact"),
                    help: text(v, "help"),
                    nodes: v
                        .get("nodes")
                        .and_then(Value::as_array)
                        .map(|nodes| {
                            nodes
                                .iter()
                                .filter_map(|n| n.as_str().map(str::to_owned))
                                .collect()
                        })
                        .unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default())
}
