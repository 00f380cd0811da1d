//! The floor window: what any Tauri 2 window costs on this machine, with the desktop app's
//! Tauri version, features, WebKit settings and release profile and none of its code.
//! `scripts/bench.sh` starts it beside the app and prints the app's memory and start as
//! ratios to it. It prints `floor-window: first paint after N ms` once its page has painted.

use std::sync::OnceLock;
use std::time::Instant;

static STARTED: OnceLock<Instant> = OnceLock::new();

/// Called by the page once its first frame is painted (`dist/main.js`).
#[tauri::command]
fn painted() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let ms = STARTED.get().map_or(0, |t| t.elapsed().as_millis());
        eprintln!("floor-window: first paint after {ms} ms");
    });
}

fn main() {
    STARTED.get_or_init(Instant::now);
    // The app's WebKit setting (src-tauri/src/main.rs): compositing off, unless set already.
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        // Before any thread starts.
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    let result = tauri::Builder::default()
        // As the app: the window starts hidden and is shown once its page has loaded.
        .on_page_load(|webview, payload| {
            if let tauri::webview::PageLoadEvent::Finished = payload.event() {
                if let Err(e) = webview.window().show() {
                    eprintln!("floor-window: the window could not be shown: {e}");
                }
            }
        })
        .invoke_handler(tauri::generate_handler![painted])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("floor-window: the window could not start: {e}");
        std::process::exit(1);
    }
}
