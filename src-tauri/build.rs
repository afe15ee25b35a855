//! Build script: generates Tauri's context and the app's command permissions, and makes
//! Cargo rebuild the binary when anything under `ui/` (embedded assets) or `icons/` changes,
//! including files being added or removed.

/// Every command the window may call; `capabilities/main-window.json` grants each to the main
/// window, and anything not listed there is refused.
/// The demo commands (`demo_scenarios`, `demo_apply`, `provider_view`) are registered only in
/// builds with the `demo` feature; declared in every build, the capability stays valid in both.
const COMMANDS: [&str; 19] = [
    "app_info",
    "wizard_view",
    "wizard_go",
    "set_code",
    "open_console",
    "set_check",
    "inspect_paste",
    "submit_credential",
    "verify_start",
    "confirm_account",
    "send_start",
    "summary_text",
    "support_report",
    "open_support",
    "save_support_report",
    "run_doctor",
    "demo_scenarios",
    "demo_apply",
    "provider_view",
];

fn main() {
    // A directory path makes Cargo rescan the whole tree, so added and removed files count.
    println!("cargo:rerun-if-changed=../ui");
    println!("cargo:rerun-if-changed=../icons");
    println!("cargo:rerun-if-changed=capabilities");
    let manifest = tauri_build::AppManifest::new().commands(&COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .unwrap_or_else(|error| panic!("tauri build step failed: {error:#}"));
}
