//! Tauri commands: each a few lines that call the core and return facts the UI renders.

use serde::Serialize;

use crate::gui::AppContext;

/// What the window shows about the app itself.
#[derive(Debug, Serialize)]
pub struct AppInfo {
    pub version: &'static str,
    pub provider_name: String,
    pub demo: bool,
}

#[tauri::command]
pub fn app_info(context: tauri::State<'_, AppContext>) -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION"),
        provider_name: context.provider_name.clone(),
        demo: context.demo,
    }
}
