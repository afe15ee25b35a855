//! The window: builds the Tauri app with its state, plugins and commands, and runs it.

use crate::cli::GlobalOptions;
use crate::commands;

/// State shared with every command.
pub struct AppContext {
    pub provider_name: String,
    pub demo: bool,
}

/// Opens the wizard window and blocks until it closes; returns the exit code.
pub fn run(global: &GlobalOptions) -> i32 {
    let context = AppContext {
        provider_name: match &global.profile {
            Some(path) => path.display().to_string(),
            None => "Acme Analytics (demo)".to_string(),
        },
        demo: global.profile.is_none(),
    };
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_shell::init())
        .manage(context)
        .invoke_handler(tauri::generate_handler![commands::app_info])
        .run(tauri::generate_context!());
    match result {
        Ok(()) => 0,
        Err(error) => {
            eprintln!("rc-onboard: could not open the window: {error}");
            1
        }
    }
}
