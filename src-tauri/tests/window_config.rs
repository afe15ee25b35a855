//! The window's content security policy in `tauri.conf.json`: images only from the app itself and
//! `data:` URLs (the provider logo), nothing remote and no asset protocol.

use std::collections::BTreeMap;

fn csp_directives() -> BTreeMap<String, Vec<String>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tauri.conf.json");
    let config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let csp = config["app"]["security"]["csp"].as_str().unwrap();
    csp.split(';')
        .filter_map(|directive| {
            let mut words = directive.split_whitespace();
            let name = words.next()?.to_owned();
            Some((name, words.map(str::to_owned).collect()))
        })
        .collect()
}

#[test]
fn images_come_only_from_the_app_and_data_urls() {
    let directives = csp_directives();
    assert_eq!(directives["img-src"], ["'self'", "data:"]);
    assert_eq!(directives["default-src"], ["'self'"]);
    assert_eq!(directives["object-src"], ["'none'"]);
}
