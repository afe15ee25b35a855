//! The window's navigation guard: the webview may only ever show the app's own pages (bundled in
//! the binary and served by Tauri's `tauri://localhost`, or `http(s)://tauri.localhost` where the
//! platform needs it). Any other navigation, by a link, a form, a script or a redirect, is refused
//! and logged; links meant for the browser are opened by Rust after its own checks.

use tauri::plugin::TauriPlugin;
use tauri::Runtime;
use url::Url;

/// Whether `url` is one of the app's own pages.
pub fn is_app_page(url: &Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost") && url.port().is_none(),
        _ => false,
    }
}

/// A plugin that refuses (and logs) every navigation away from the app's own pages.
pub fn guard<R: Runtime>() -> TauriPlugin<R> {
    tauri::plugin::Builder::new("navigation-guard")
        .on_navigation(|_webview, url| {
            let allowed = is_app_page(url);
            if !allowed {
                tracing::warn!(
                    scheme = url.scheme(),
                    host = url.host_str().unwrap_or_default(),
                    "refused a navigation away from the app's pages"
                );
            }
            allowed
        })
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> bool {
        is_app_page(&Url::parse(text).unwrap())
    }

    #[test]
    fn only_the_apps_own_pages() {
        for ok in [
            "tauri://localhost",
            "tauri://localhost/index.html#/welcome",
            "http://tauri.localhost/index.html",
            "https://tauri.localhost/",
        ] {
            assert!(page(ok), "{ok}");
        }
        for refused in [
            "https://evil.example/",
            "https://developers.ringcentral.com/console",
            "http://127.0.0.1:4000/",
            "tauri://evil.example/",
            "http://tauri.localhost.evil.example/",
            "http://tauri.localhost:8080/",
            "file:///etc/passwd",
            "data:text/html,<script>1</script>",
            "javascript:alert(1)",
            "about:blank",
            "rc-onboard://start?code=x",
        ] {
            assert!(!page(refused), "{refused}");
        }
    }
}
