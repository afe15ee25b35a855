//! What a person sees and does in the wizard window, addressed by the `data-testid`s listed in
//! ui/lib/dom/testids.js: the current step, visible texts, focus, clicks, typing and key presses.
//! Every wait polls a condition (see [`crate::wait`]); nothing sleeps for a fixed time.

use std::time::Duration;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::{json, Value};

use crate::driver::{App, HarnessError};
use crate::wait::wait_for;

/// How long a step change or a re-render may take by default.
pub const UI_TIMEOUT: Duration = Duration::from_secs(10);

/// What a person can tell about one element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    /// The rendered text (`innerText`; for a field, its value is not included).
    pub text: String,
    /// Rendered with a size and not hidden by `hidden`, `display` or `visibility`.
    pub visible: bool,
    /// Not disabled.
    pub enabled: bool,
    /// It has the keyboard focus.
    pub focused: bool,
}

/// The element that has the keyboard focus, and how its focus is drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Focused {
    /// Its `data-testid`, or empty.
    pub testid: String,
    /// Tag name in lower case.
    pub tag: String,
    /// Its text, trimmed.
    pub text: String,
    /// Computed `outline-style`.
    pub outline_style: String,
    /// Computed `outline-width` in CSS pixels.
    pub outline_width: f64,
    /// Computed `outline-color`.
    pub outline_color: String,
    /// Whether it matches `:focus-visible`.
    pub focus_visible: bool,
}

impl Focused {
    /// Whether the focus ring can be seen: `:focus-visible` with a solid outline of at least 2 px.
    pub fn ring_visible(&self) -> bool {
        self.focus_visible
            && self.outline_style != "none"
            && self.outline_width >= 2.0
            && !self.outline_color.contains("rgba(0, 0, 0, 0)")
            && self.outline_color != "transparent"
    }
}

/// The CSS selector of a `data-testid`.
pub fn by_testid(testid: &str) -> String {
    format!("[data-testid=\"{testid}\"]")
}

const PROBE_SCRIPT: &str = r#"
const el = document.querySelector(arguments[0]);
if (!el) return null;
let visible = !el.closest('[hidden]');
if (visible) {
  const rect = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  visible = rect.width > 0 && rect.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
}
return {
  text: (el.innerText || el.textContent || '').trim(),
  visible,
  enabled: !el.disabled,
  focused: document.activeElement === el,
};
"#;

const FOCUS_SCRIPT: &str = r#"
const el = document.activeElement;
if (!el || el === document.body) return null;
const style = getComputedStyle(el);
let focusVisible = false;
try { focusVisible = el.matches(':focus-visible'); } catch (e) { focusVisible = false; }
return {
  testid: el.getAttribute('data-testid') || '',
  tag: el.tagName.toLowerCase(),
  text: (el.innerText || el.textContent || '').trim().slice(0, 200),
  outline_style: style.outlineStyle,
  outline_width: parseFloat(style.outlineWidth) || 0,
  outline_color: style.outlineColor,
  focus_visible: focusVisible,
};
"#;

fn seen_from(value: &Value) -> Option<Seen> {
    let object = value.as_object()?;
    Some(Seen {
        text: object.get("text")?.as_str()?.to_owned(),
        visible: object.get("visible")?.as_bool()?,
        enabled: object.get("enabled")?.as_bool()?,
        focused: object.get("focused")?.as_bool()?,
    })
}

impl App {
    /// Runs a script and returns its result.
    pub async fn run_js(&self, script: &str, args: Vec<Value>) -> Result<Value, HarnessError> {
        Ok(self.client.execute(script, args).await?)
    }

    /// The current step: `welcome`, `console`, `restrict`, `paste`, `verify`, `send` or `done`.
    pub async fn step(&self) -> Result<String, HarnessError> {
        let value = self
            .run_js(
                "const m = document.getElementById('content'); return m ? (m.dataset.step || '') : '';",
                vec![],
            )
            .await?;
        Ok(value.as_str().unwrap_or_default().to_owned())
    }

    /// Waits until the window shows `step`.
    pub async fn wait_step(&self, step: &str, timeout: Duration) -> Result<(), HarnessError> {
        let client = self.client.clone();
        wait_for(&format!("the {step} step"), timeout, || {
            let client = client.clone();
            async move {
                let value = client
                    .execute(
                        "const m = document.getElementById('content'); return m ? (m.dataset.step || '') : '';",
                        vec![],
                    )
                    .await
                    .map_err(|e| e.to_string())?;
                match value.as_str() {
                    Some(current) if current == step => Ok(Some(())),
                    other => Err(format!("the window shows step {other:?}")),
                }
            }
        })
        .await?;
        Ok(())
    }

    /// What a person can tell about the element with `testid`, or `None` when it is not there.
    pub async fn seen(&self, testid: &str) -> Result<Option<Seen>, HarnessError> {
        let value = self
            .run_js(PROBE_SCRIPT, vec![json!(by_testid(testid))])
            .await?;
        Ok(seen_from(&value))
    }

    /// Whether the element with `testid` is there and visible.
    pub async fn is_visible(&self, testid: &str) -> Result<bool, HarnessError> {
        Ok(self.seen(testid).await?.is_some_and(|s| s.visible))
    }

    /// Waits until the element with `testid` is visible and its text satisfies `predicate`;
    /// returns the text.
    pub async fn wait_visible_text(
        &self,
        testid: &str,
        timeout: Duration,
        predicate: impl Fn(&str) -> bool,
    ) -> Result<String, HarnessError> {
        let client = self.client.clone();
        let predicate = &predicate;
        let selector = by_testid(testid);
        let selector = selector.as_str();
        let text = wait_for(&format!("{testid} to be visible"), timeout, || {
            let client = client.clone();
            async move {
                let value = client
                    .execute(PROBE_SCRIPT, vec![json!(selector)])
                    .await
                    .map_err(|e| e.to_string())?;
                match seen_from(&value) {
                    None => Err("not in the page".to_owned()),
                    Some(seen) if !seen.visible => Err(format!("hidden, text {:?}", seen.text)),
                    Some(seen) if predicate(&seen.text) => Ok(Some(seen.text)),
                    Some(seen) => Err(format!("visible with text {:?}", seen.text)),
                }
            }
        })
        .await?;
        Ok(text)
    }

    /// Waits until the element with `testid` is visible; returns its text.
    pub async fn wait_visible(
        &self,
        testid: &str,
        timeout: Duration,
    ) -> Result<String, HarnessError> {
        self.wait_visible_text(testid, timeout, |_| true).await
    }

    /// Waits until the element with `testid` is gone or hidden.
    pub async fn wait_hidden(&self, testid: &str, timeout: Duration) -> Result<(), HarnessError> {
        let client = self.client.clone();
        let selector = by_testid(testid);
        let selector = selector.as_str();
        wait_for(&format!("{testid} to disappear"), timeout, || {
            let client = client.clone();
            async move {
                let value = client
                    .execute(PROBE_SCRIPT, vec![json!(selector)])
                    .await
                    .map_err(|e| e.to_string())?;
                match seen_from(&value) {
                    Some(seen) if seen.visible => Err(format!("still visible: {:?}", seen.text)),
                    _ => Ok(Some(())),
                }
            }
        })
        .await?;
        Ok(())
    }

    /// Waits until the element with `testid` is visible and enabled, scrolls it to the middle of
    /// its scroll area (so the sticky button bar cannot cover it) and clicks it like a mouse.
    pub async fn click(&self, testid: &str) -> Result<(), HarnessError> {
        let client = self.client.clone();
        let selector = by_testid(testid);
        let selector = selector.as_str();
        wait_for(&format!("{testid} to be clickable"), UI_TIMEOUT, || {
            let client = client.clone();
            async move {
                let value = client
                    .execute(PROBE_SCRIPT, vec![json!(selector)])
                    .await
                    .map_err(|e| e.to_string())?;
                match seen_from(&value) {
                    Some(seen) if seen.visible && seen.enabled => Ok(Some(())),
                    Some(seen) => Err(format!(
                        "visible {}, enabled {}",
                        seen.visible, seen.enabled
                    )),
                    None => Err("not in the page".to_owned()),
                }
            }
        })
        .await?;
        self.run_js(
            "const el = document.querySelector(arguments[0]); el.scrollIntoView({block: 'center', inline: 'nearest'});",
            vec![json!(selector)],
        )
        .await?;
        self.client
            .find(Locator::Css(selector))
            .await?
            .click()
            .await?;
        Ok(())
    }

    /// Types `text` into the field with `testid` as key presses (WebDriver "send keys").
    pub async fn type_into(&self, testid: &str, text: &str) -> Result<(), HarnessError> {
        let selector = by_testid(testid);
        self.wait_visible(testid, UI_TIMEOUT).await?;
        let element = self.client.find(Locator::Css(&selector)).await?;
        element.send_keys(text).await?;
        Ok(())
    }

    /// The current value of the field with `testid` (empty when the field is gone).
    pub async fn field_value(&self, testid: &str) -> Result<String, HarnessError> {
        let value = self
            .run_js(
                "const el = document.querySelector(arguments[0]); return el ? String(el.value || '') : '';",
                vec![json!(by_testid(testid))],
            )
            .await?;
        Ok(value.as_str().unwrap_or_default().to_owned())
    }

    /// A named attribute of the element with `testid` (`None` when absent).
    pub async fn attribute(
        &self,
        testid: &str,
        name: &str,
    ) -> Result<Option<String>, HarnessError> {
        let value = self
            .run_js(
                "const el = document.querySelector(arguments[0]); return el ? el.getAttribute(arguments[1]) : null;",
                vec![json!(by_testid(testid)), json!(name)],
            )
            .await?;
        Ok(value.as_str().map(str::to_owned))
    }

    /// The visible texts of every element whose `data-testid` starts with `prefix`, in page order.
    pub async fn visible_testids(&self, prefix: &str) -> Result<Vec<String>, HarnessError> {
        let value = self
            .run_js(
                "return Array.from(document.querySelectorAll('[data-testid]'))\
                   .filter((el) => el.getAttribute('data-testid').startsWith(arguments[0]))\
                   .filter((el) => !el.closest('[hidden]') && el.getClientRects().length > 0)\
                   .map((el) => el.getAttribute('data-testid'));",
                vec![json!(prefix)],
            )
            .await?;
        Ok(value
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// The element that has the keyboard focus (`None` when it is the page itself).
    pub async fn focused(&self) -> Result<Option<Focused>, HarnessError> {
        let value = self.run_js(FOCUS_SCRIPT, vec![]).await?;
        let Some(object) = value.as_object() else {
            return Ok(None);
        };
        let text = |key: &str| {
            object
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        Ok(Some(Focused {
            testid: text("testid"),
            tag: text("tag"),
            text: text("text"),
            outline_style: text("outline_style"),
            outline_width: object
                .get("outline_width")
                .and_then(Value::as_f64)
                .unwrap_or(0.0),
            outline_color: text("outline_color"),
            focus_visible: object
                .get("focus_visible")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        }))
    }

    /// The whole document as HTML (`document.documentElement.outerHTML`).
    pub async fn html(&self) -> Result<String, HarnessError> {
        let value = self
            .run_js("return document.documentElement.outerHTML;", vec![])
            .await?;
        Ok(value.as_str().unwrap_or_default().to_owned())
    }

    /// Presses and releases each key in turn, on the keyboard (WebDriver key actions).
    pub async fn press(&self, keys: &[Key]) -> Result<(), HarnessError> {
        let mut actions = KeyActions::new("keyboard".to_owned());
        for key in keys {
            let value: char = (*key).into();
            actions = actions
                .then(KeyAction::Down { value })
                .then(KeyAction::Up { value });
        }
        self.client.perform_actions(actions).await?;
        Ok(())
    }

    /// Presses Tab until the element with `testid` has the focus; fails after `max` presses.
    /// Returns how the focus looked on the way (one entry per press).
    pub async fn tab_to(&self, testid: &str, max: usize) -> Result<Vec<Focused>, HarnessError> {
        let mut seen = Vec::new();
        for _ in 0..max {
            self.press(&[Key::Tab]).await?;
            if let Some(focused) = self.focused().await? {
                let done = focused.testid == testid;
                seen.push(focused);
                if done {
                    return Ok(seen);
                }
            }
        }
        let path: Vec<String> = seen
            .iter()
            .map(|f| {
                if f.testid.is_empty() {
                    format!("<{}> {:?}", f.tag, f.text)
                } else {
                    f.testid.clone()
                }
            })
            .collect();
        Err(HarnessError::Wait(crate::wait::WaitError {
            what: format!("Tab to reach {testid}"),
            waited: Duration::ZERO,
            last: format!("{max} presses visited {path:?}"),
        }))
    }

    /// Resizes the window and waits until the page's viewport has that size (WebKit applies a
    /// new size asynchronously).
    pub async fn resize(&self, width: u32, height: u32) -> Result<(), HarnessError> {
        self.client.set_window_rect(0, 0, width, height).await?;
        let client = self.client.clone();
        wait_for(
            &format!("the window to be {width}×{height}"),
            UI_TIMEOUT,
            || {
                let client = client.clone();
                async move {
                    let size = client
                        .execute("return [window.innerWidth, window.innerHeight];", vec![])
                        .await
                        .map_err(|e| e.to_string())?;
                    let now = (size[0].as_u64(), size[1].as_u64());
                    if now == (Some(u64::from(width)), Some(u64::from(height))) {
                        Ok(Some(()))
                    } else {
                        Err(format!("the viewport is {size}"))
                    }
                }
            },
        )
        .await?;
        Ok(())
    }

    /// Whether the document or any scroll area in it scrolls sideways: returns a description of
    /// each offender (empty when nothing overflows horizontally).
    pub async fn horizontal_overflow(&self) -> Result<Vec<String>, HarnessError> {
        let value = self
            .run_js(
                r#"
const out = [];
const doc = document.documentElement;
if (doc.scrollWidth > window.innerWidth) out.push(`document: scrollWidth ${doc.scrollWidth} > innerWidth ${window.innerWidth}`);
for (const el of document.querySelectorAll('*')) {
  const style = getComputedStyle(el);
  if (!['auto', 'scroll'].includes(style.overflowX)) continue;
  if (el.closest('[hidden]') || el.getClientRects().length === 0) continue;
  if (el.scrollWidth > el.clientWidth + 1) {
    const name = el.getAttribute('data-testid') || el.id || el.className || el.tagName;
    out.push(`${el.tagName.toLowerCase()} ${name}: scrollWidth ${el.scrollWidth} > clientWidth ${el.clientWidth}`);
  }
}
const right = window.innerWidth;
for (const el of document.querySelectorAll('body *')) {
  if (el.closest('[hidden]') || el.closest('.sr-only') || el.classList.contains('sr-only')) continue;
  if (el.classList.contains('skip-link') || el.classList.contains('clipboard-helper')) continue;
  const rect = el.getBoundingClientRect();
  if (rect.width > 0 && rect.right > right + 1) {
    const name = el.getAttribute('data-testid') || el.id || el.className || el.tagName;
    out.push(`${el.tagName.toLowerCase()} ${name}: right edge ${Math.round(rect.right)} > window ${right}`);
  }
}
return out.slice(0, 20);
"#,
                vec![],
            )
            .await?;
        Ok(value
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default())
    }
}
