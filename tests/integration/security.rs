//! The desktop window's configuration: a strict Content-Security-Policy and minimal
//! capabilities. (CI fails when someone loosens them.)

use std::path::Path;

fn read_json(rel: &str) -> serde_json::Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn the_window_has_a_strict_csp() {
    let conf = read_json("src-tauri/tauri.conf.json");
    let csp = &conf["app"]["security"]["csp"];
    assert!(csp.is_object(), "the CSP must be set, not null");
    let directives = csp.as_object().unwrap();
    for (name, value) in directives {
        let v = value.as_str().unwrap();
        assert!(!v.contains("unsafe-eval"), "{name}: {v}");
        assert!(!v.contains("unsafe-inline"), "{name}: {v}");
        assert!(!v.contains('*'), "{name}: {v}");
        for source in v.split_whitespace() {
            let remote = source.starts_with("http") || source.starts_with("ws");
            assert!(
                !remote || source == "http://ipc.localhost",
                "{name}: remote origin {source}"
            );
        }
    }
    assert_eq!(directives["default-src"], "'self'");
    assert_eq!(directives["script-src"], "'self'");
    assert_eq!(directives["object-src"], "'none'");
    assert_eq!(conf["app"]["security"]["freezePrototype"], true);
}

#[test]
fn capabilities_are_minimal_and_per_window() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/capabilities");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let cap: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        seen += 1;
        let windows = cap["windows"]
            .as_array()
            .expect("capabilities name their windows");
        assert!(
            windows.iter().all(|w| w != "*"),
            "{}: a capability for every window",
            path.display()
        );
        assert!(
            cap.get("remote").is_none(),
            "{}: no remote URLs may call the backend",
            path.display()
        );
        for p in cap["permissions"].as_array().unwrap() {
            let id = p.as_str().or_else(|| p["identifier"].as_str()).unwrap();
            assert!(
                !id.contains('*'),
                "{}: wildcard permission {id}",
                path.display()
            );
            assert!(
                !id.ends_with(":default") || id.starts_with("core:"),
                "{}: broad default set {id}",
                path.display()
            );
            let allowed = [
                "allow-api",
                "opener:allow-open-url",
                "dialog:allow-save",
                "dialog:allow-open",
            ];
            assert!(
                allowed.contains(&id),
                "{}: unexpected permission {id}",
                path.display()
            );
            if let Some(scope) = p.get("allow").and_then(|a| a.as_array()) {
                for s in scope {
                    let url = s["url"].as_str().unwrap_or_default();
                    assert!(
                        ["https://*", "http://*", "mailto:*"].contains(&url),
                        "{}: scope {url}",
                        path.display()
                    );
                }
            }
        }
    }
    assert!(seen >= 1);
}
