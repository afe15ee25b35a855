//! A presenter picks "User lacks a permission" in the Demo scenarios panel: the credential works,
//! but its user's RingCentral role cannot read the call log the demo provider needs. The window
//! says so in its own words, names the permission, shows RingCentral's own text under "Details",
//! offers the one fix (create the credential as a user who has it), and the support report
//! carries the kind and RingCentral's words.

use rc_onboard_e2e::fixtures::{launch_demo, Theme};
use rc_onboard_e2e::one_window_at_a_time;
use rc_onboard_e2e::page::UI_TIMEOUT;
use rc_onboard_e2e::presets::{apply_preset, open_details, wait_failure};
use rc_onboard_e2e::shots::Shots;

#[tokio::test(flavor = "multi_thread")]
async fn a_user_whose_role_lacks_a_permission_is_told_which_and_what_to_do() {
    let _one = one_window_at_a_time().await;
    let mut shots = Shots::new("user_permission_missing");
    let (app, _data) = launch_demo(Theme::Light).await.unwrap();

    apply_preset(&app, "user_lacks_permission").await;
    app.wait_step("verify", UI_TIMEOUT).await.unwrap();
    let message = wait_failure(&app, "user_permission_missing").await;
    assert!(message.contains("ReadCallLog"), "{message:?}");
    assert!(message.contains("RingCentral administrator"), "{message:?}");
    assert_eq!(
        app.attribute("error-block", "data-fix-step")
            .await
            .unwrap()
            .as_deref(),
        Some("console")
    );
    let fixes = app.visible_testids("fix-button").await.unwrap();
    assert_eq!(fixes.len(), 1, "exactly one fix button: {fixes:?}");
    assert_eq!(
        app.seen("fix-button").await.unwrap().unwrap().text,
        "Create it as a user with the permission"
    );

    // "Details": RingCentral's status, code and its own words.
    let details = open_details(&app).await;
    assert!(details.contains("403"), "{details:?}");
    assert!(details.contains("CMN-408"), "{details:?}");
    assert!(details.contains("RingCentral said"), "{details:?}");
    assert!(details.contains("[ReadCallLog]"), "{details:?}");
    shots.take(&app, "user-permission-missing").await.unwrap();

    app.click("fix-button").await.unwrap();
    app.wait_step("console", UI_TIMEOUT).await.unwrap();
    app.close().await.unwrap();
}
