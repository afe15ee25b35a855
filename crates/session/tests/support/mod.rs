//! What the session's integration tests share: a session config against the demo's services
//! with short retry times, and watching the views a session pushes.

use std::sync::Arc;
use std::time::Duration;

use rc_onboard_delivery::{ClientOptions, RetryPolicy, SharedSecretStore};
use rc_onboard_demo::DemoEnvironment;
use rc_onboard_session::{BackgroundPolicy, Session, SessionConfig, View};
use rc_onboard_verify::engine::VerifierOptions;
use tokio::sync::watch;

pub fn config(
    demo: &DemoEnvironment,
    data: &std::path::Path,
    store: SharedSecretStore,
) -> SessionConfig {
    SessionConfig {
        profile: demo.profile().clone(),
        demo: true,
        data_dir: data.to_path_buf(),
        store,
        verifier: VerifierOptions::default(),
        intake: ClientOptions::default(),
        send_policy: RetryPolicy {
            max_attempts: 2,
            base_delay: Duration::from_millis(50),
            max_delay: Duration::from_millis(100),
            max_total: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(2),
        },
        background: BackgroundPolicy {
            min_wait: Duration::from_millis(200),
            idle_wait: Duration::from_millis(200),
            ..rc_onboard_demo::background_policy()
        },
        code: Some(demo.onboarding_code()),
    }
}

pub fn watch_session(session: &Session) -> watch::Receiver<Option<View>> {
    let (sender, receiver) = watch::channel(None);
    let sender = Arc::new(sender);
    session.set_notifier(Arc::new(move |view| {
        let _ = sender.send(Some(view));
    }));
    receiver
}

pub async fn wait_view(
    views: &mut watch::Receiver<Option<View>>,
    what: &str,
    done: impl Fn(&View) -> bool,
) -> View {
    let outcome = tokio::time::timeout(Duration::from_secs(20), async {
        loop {
            if let Some(view) = views.borrow_and_update().clone() {
                if done(&view) {
                    return view;
                }
            }
            if views.changed().await.is_err() {
                panic!("the session stopped sending views while waiting for {what}");
            }
        }
    })
    .await;
    outcome.unwrap_or_else(|_| panic!("timed out waiting for {what}"))
}
