//! Build script: generates Tauri's context and the app's command permissions, and makes
//! Cargo rebuild the binary when anything under `ui/` (embedded assets) or `icons/` changes,
//! including files being added or removed.

fn main() {
    // A directory path makes Cargo rescan the whole tree, so added and removed files count.
    println!("cargo:rerun-if-changed=../ui");
    println!("cargo:rerun-if-changed=../icons");
    println!("cargo:rerun-if-changed=capabilities");
    let manifest = tauri_build::AppManifest::new().commands(&["app_info"]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .unwrap_or_else(|error| panic!("tauri build step failed: {error:#}"));
}
