//! The presets a presenter picks from the demo panel: each sets the simulated platform (and
//! intake) so that the real code path for that outcome runs.

use serde::Serialize;

/// One preset, as the demo panel lists it.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct DemoScenario {
    /// Stable identifier, used by `demo_apply`.
    pub id: &'static str,
    /// Short title for the button.
    pub title: &'static str,
    /// What the audience will see.
    pub description: &'static str,
}

/// Every preset, in the order the panel shows them.
pub const SCENARIOS: &[DemoScenario] = &[
    DemoScenario {
        id: "happy_path",
        title: "Happy path",
        description: "A credential restricted to the provider's app: verifies and is delivered.",
    },
    DemoScenario {
        id: "expired_credential",
        title: "Expired credential",
        description: "The credential's expiry date has passed: caught before any network call.",
    },
    DemoScenario {
        id: "restricted_to_another_app",
        title: "Restricted to another app",
        description: "The customer added the wrong client ID: RingCentral rejects the exchange.",
    },
    DemoScenario {
        id: "revoked",
        title: "Revoked credential",
        description: "The credential was revoked in the console: RingCentral rejects it.",
    },
    DemoScenario {
        id: "app_not_enabled",
        title: "App not enabled for JWT",
        description: "The provider's app lacks the JWT grant: the customer is sent to the provider.",
    },
    DemoScenario {
        id: "user_disabled",
        title: "User disabled",
        description: "The credential's owner is disabled in RingCentral.",
    },
    DemoScenario {
        id: "missing_permission",
        title: "Missing permission",
        description: "The provider's app lacks a permission the provider requires.",
    },
    DemoScenario {
        id: "user_lacks_permission",
        title: "User lacks a permission",
        description: "The credential works, but its user's role cannot read the call log the provider needs.",
    },
    DemoScenario {
        id: "rate_limited",
        title: "Rate limited",
        description: "RingCentral answers 429 with Retry-After: a countdown, then an automatic retry.",
    },
    DemoScenario {
        id: "intake_down_then_recovering",
        title: "Intake down, then recovering",
        description: "The provider's intake is unreachable: the credential is saved sealed and delivered when it recovers.",
    },
];

/// The preset with this id.
pub fn find(id: &str) -> Option<&'static DemoScenario> {
    SCENARIOS.iter().find(|scenario| scenario.id == id)
}
