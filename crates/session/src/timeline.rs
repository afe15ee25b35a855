//! What happened during this session, when: steps entered, checks run, outcomes with their
//! error kinds and RingCentral request ids. It feeds the support panel and the support report, so
//! it holds no secret.

use serde::Serialize;
use time::OffsetDateTime;

use crate::submission::rfc3339;

/// One entry of the timeline.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TimelineEvent {
    /// RFC 3339.
    pub at: String,
    /// What happened, e.g. "step: paste", "verify: failed".
    pub what: String,
    /// The error kind, for failures.
    pub kind: Option<String>,
    /// RingCentral's `RCRequestId`, when one answered.
    pub request_id: Option<String>,
}

/// The timeline, bounded so a long session cannot grow it without limit.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    events: Vec<TimelineEvent>,
}

const MAX_EVENTS: usize = 200;

impl Timeline {
    /// Records an event now.
    pub fn record(
        &mut self,
        what: impl Into<String>,
        kind: Option<&str>,
        request_id: Option<&str>,
    ) {
        if self.events.len() >= MAX_EVENTS {
            self.events.remove(0);
        }
        self.events.push(TimelineEvent {
            at: rfc3339(OffsetDateTime::now_utc()),
            what: what.into(),
            kind: kind.map(str::to_owned),
            request_id: request_id.map(str::to_owned),
        });
    }

    /// All events, oldest first.
    pub fn events(&self) -> &[TimelineEvent] {
        &self.events
    }

    /// Failures only, newest first.
    pub fn recent_errors(&self) -> Vec<&TimelineEvent> {
        self.events
            .iter()
            .rev()
            .filter(|e| e.kind.is_some())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_and_errors_newest_first() {
        let mut timeline = Timeline::default();
        for i in 0..(MAX_EVENTS + 5) {
            timeline.record(format!("event {i}"), None, None);
        }
        assert_eq!(timeline.events().len(), MAX_EVENTS);
        assert_eq!(timeline.events()[0].what, "event 5");
        timeline.record("verify: failed", Some("rejected"), Some("req-1"));
        timeline.record("verify: failed", Some("rate_limited"), None);
        let errors = timeline.recent_errors();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].kind.as_deref(), Some("rate_limited"));
        assert_eq!(errors[1].request_id.as_deref(), Some("req-1"));
    }
}
