//! A record of everything the window rendered between two moments, for what flashes by too fast
//! to catch with a poll (verification progress with a local simulator takes milliseconds): a
//! `MutationObserver` notes every element with a `data-testid` that was added or changed, and
//! whether any of the given needles (pieces of a secret) ever appeared in text or attributes.

use serde_json::{json, Value};

use crate::driver::{App, HarnessError};

/// One rendered element: its `data-testid`, `data-tone` and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub testid: String,
    pub tone: String,
    pub text: String,
}

/// What the window rendered since [`App::start_recording`].
#[derive(Debug, Clone, Default)]
pub struct Recording {
    pub rendered: Vec<Rendered>,
    /// Steps (`main[data-step]`) in the order they were shown.
    pub steps: Vec<String>,
    /// Whether a needle was ever seen in the document.
    pub needle_seen: bool,
}

impl Recording {
    /// Whether an element with `testid` was rendered with text satisfying `predicate`.
    pub fn saw(&self, testid: &str, predicate: impl Fn(&Rendered) -> bool) -> bool {
        self.rendered
            .iter()
            .any(|r| r.testid == testid && predicate(r))
    }
}

const START_SCRIPT: &str = r#"
const needles = arguments[0];
const state = { rendered: [], steps: [], needleSeen: false };
window.__e2eRecording = state;
const content = document.getElementById('content');
const noteStep = () => {
  const step = content ? content.dataset.step || '' : '';
  if (state.steps[state.steps.length - 1] !== step) state.steps.push(step);
};
const check = (text) => {
  if (!text || state.needleSeen) return;
  for (const needle of needles) if (needle && text.includes(needle)) state.needleSeen = true;
};
const note = (el) => {
  if (!el || el.nodeType !== 1) return;
  const list = [el, ...el.querySelectorAll('[data-testid]')];
  for (const node of list) {
    const testid = node.getAttribute('data-testid');
    if (!testid) continue;
    state.rendered.push({ testid, tone: node.getAttribute('data-tone') || '', text: (node.textContent || '').trim().slice(0, 400) });
  }
};
noteStep();
const observer = new MutationObserver((records) => {
  for (const record of records) {
    if (record.type === 'childList') {
      for (const node of record.addedNodes) {
        if (node.nodeType === 3) check(node.textContent);
        if (node.nodeType === 1) { check(node.outerHTML); note(node); }
      }
      if (record.target && record.target.nodeType === 1) note(record.target);
    } else if (record.type === 'characterData') {
      check(record.target.textContent);
      note(record.target.parentElement);
    } else if (record.type === 'attributes') {
      check(record.target.getAttribute(record.attributeName) || '');
      if (record.attributeName === 'data-step') noteStep();
    }
  }
  check(document.documentElement.outerHTML);
});
observer.observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true });
state.observer = observer;
return true;
"#;

const READ_SCRIPT: &str = r#"
const state = window.__e2eRecording;
if (!state) return null;
return { rendered: state.rendered, steps: state.steps, needleSeen: state.needleSeen };
"#;

impl App {
    /// Starts recording what the window renders. `needles` are pieces of a secret that must
    /// never appear in the document; pass none to only record renders.
    pub async fn start_recording(&self, needles: &[&str]) -> Result<(), HarnessError> {
        self.run_js(START_SCRIPT, vec![json!(needles)]).await?;
        Ok(())
    }

    /// What was rendered since [`App::start_recording`] (empty when not recording).
    pub async fn recording(&self) -> Result<Recording, HarnessError> {
        let value = self.run_js(READ_SCRIPT, vec![]).await?;
        let text = |v: &Value, key: &str| {
            v.get(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        Ok(Recording {
            rendered: value
                .get("rendered")
                .and_then(Value::as_array)
                .map(|list| {
                    list.iter()
                        .map(|r| Rendered {
                            testid: text(r, "testid"),
                            tone: text(r, "tone"),
                            text: text(r, "text"),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            steps: value
                .get("steps")
                .and_then(Value::as_array)
                .map(|list| {
                    list.iter()
                        .filter_map(|s| s.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default(),
            needle_seen: value
                .get("needleSeen")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        })
    }
}
