//! Commitment Tracker's desktop binary. With a subcommand it is the CLI (`serve` included,
//! serving the UI built into this binary); without one it opens the window. Either way every
//! call goes through the core's command table: this file holds no logic of its own.

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::borrow::Cow;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use commitment_tracker::cli::{self, Cli};
use commitment_tracker::domain::Caller;
use commitment_tracker::http::AssetSource;
use commitment_tracker::{api, paths, ApiError, App};
use tauri::utils::assets::AssetKey;
use tauri::{Assets, Manager, State, Wry};

/// The open database, or why it could not be opened (shown by the UI on its first call).
type AppState = Result<Arc<App>, ApiError>;

/// The window's one command: the command table.
#[tauri::command]
async fn api(
    state: State<'_, AppState>,
    cmd: String,
    args: serde_json::Value,
) -> Result<serde_json::Value, ApiError> {
    let app = Arc::clone(state.inner().as_ref().map_err(Clone::clone)?);
    let marks = (cmd == "ui_ready").then(|| args.get("marks").cloned());
    // Off the async runtime, as browser mode does: a command blocks on SQLite, PostgreSQL
    // (whose synchronous client runs a runtime of its own, which cannot start inside this
    // one) or the PDF typesetter.
    let command = cmd.clone();
    let result = tauri::async_runtime::spawn_blocking(move || {
        api::dispatch(&app, &Caller::Local, &command, args).map_err(ApiError::from)
    })
    .await
    .unwrap_or_else(|e| {
        Err(ApiError::from(commitment_tracker::Error::io(
            "command",
            std::io::Error::other(e.to_string()),
        )))
    });
    startup_probe(&cmd);
    if let Some(Some(marks)) = marks {
        probe_page_marks(&marks);
    }
    result
}

/// With `CT_STARTUP_PROBE`, prints the moments the page noted on its way to the first list
/// (milliseconds since it began loading), to show where a slow start spends its time.
fn probe_page_marks(marks: &serde_json::Value) {
    if std::env::var_os("CT_STARTUP_PROBE").is_none() {
        return;
    }
    let Ok(marks) = serde_json::from_value::<Vec<api::StartupMark>>(marks.clone()) else {
        return;
    };
    let list: Vec<String> = marks
        .iter()
        .map(|m| format!("{} {:.0}", m.name, m.at_ms))
        .collect();
    eprintln!(
        "startup-probe: page marks (ms since the page began loading): {}",
        list.join(", ")
    );
}

/// When `CT_STARTUP_PROBE` is set, prints how long after `main` the window was built, the
/// database opened, the page began loading, the window was shown, the first catalogue list
/// was served to the window, and the UI said it had painted it (`ui_ready`); the cold-start
/// benchmark reads the last.
fn startup_probe(cmd: &str) {
    static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    static BUILT: std::sync::Once = std::sync::Once::new();
    static OPENED: std::sync::Once = std::sync::Once::new();
    static LOADING: std::sync::Once = std::sync::Once::new();
    static SHOWN: std::sync::Once = std::sync::Once::new();
    static SERVED: std::sync::Once = std::sync::Once::new();
    static PAINTED: std::sync::Once = std::sync::Once::new();
    let started = *STARTED.get_or_init(std::time::Instant::now);
    if std::env::var_os("CT_STARTUP_PROBE").is_none() {
        return;
    }
    let (once, what) = match cmd {
        PROBE_WINDOW_BUILT => (&BUILT, "window built"),
        PROBE_DATABASE_OPEN => (&OPENED, "database open"),
        PROBE_PAGE_LOADING => (&LOADING, "page began loading"),
        PROBE_WINDOW_SHOWN => (&SHOWN, "window shown"),
        "list_commitments" | "list_commitments_page" => (&SERVED, "first list served"),
        "ui_ready" => (&PAINTED, "first list painted"),
        _ => return,
    };
    once.call_once(|| {
        eprintln!(
            "startup-probe: {what} after {} ms",
            started.elapsed().as_millis()
        )
    });
}

/// Probe moments of the shell's own (not commands of the UI's).
const PROBE_WINDOW_BUILT: &str = "(window built)";
const PROBE_DATABASE_OPEN: &str = "(database open)";
const PROBE_PAGE_LOADING: &str = "(page loading)";
const PROBE_WINDOW_SHOWN: &str = "(window shown)";

/// The UI files embedded in this binary, served by `serve`.
struct EmbeddedUi(Box<dyn Assets<Wry>>);

impl AssetSource for EmbeddedUi {
    fn get(&self, path: &str) -> Option<Vec<u8>> {
        self.0.get(&AssetKey::from(path)).map(Cow::into_owned)
    }
}

/// What is left in the unused context once its assets are taken.
struct NoAssets;

impl Assets<Wry> for NoAssets {
    fn get(&self, _: &AssetKey) -> Option<Cow<'_, [u8]>> {
        None
    }

    fn iter(&self) -> Box<tauri::utils::assets::AssetsIter<'_>> {
        Box::new(std::iter::empty())
    }

    fn csp_hashes(
        &self,
        _: &AssetKey,
    ) -> Box<dyn Iterator<Item = tauri::utils::assets::CspHash<'_>> + '_> {
        Box::new(std::iter::empty())
    }
}

/// Shows the window, which starts hidden (`tauri.conf.json`) until its page has loaded.
///
/// Why: with compositing off (below), WebKitGTK paints a visible view that has no frame yet
/// by asking the web process for one and blocking the UI thread until it comes, for at most
/// 500 ms. While the web process is still starting, or fetching the page from this same
/// thread, none can come: one start in four lost exactly that half second (and showing the
/// window as the page began loading lost it in every start). Once the page has loaded, the
/// web process answers at once. Showing a loaded page also spares the user a blank window.
fn show_window(window: &tauri::Window) {
    report_shown(window.show());
}

/// Notes the moment for the startup probe, and says why the window could not be shown.
fn report_shown(result: tauri::Result<()>) {
    startup_probe(PROBE_WINDOW_SHOWN);
    if let Err(e) = result {
        eprintln!("error: the window could not be shown: {e}");
    }
}

/// When the window is shown even if its page has not loaded, so that a page that fails to
/// load still shows a window. A start loads its page ~0.3–0.5 s after `main`.
const SHOW_WINDOW_AT_THE_LATEST: std::time::Duration = std::time::Duration::from_secs(3);

/// Shows the main window after [`SHOW_WINDOW_AT_THE_LATEST`], whatever its page did (showing
/// a shown window changes nothing).
fn show_window_later(app: tauri::AppHandle) {
    std::thread::spawn(move || {
        std::thread::sleep(SHOW_WINDOW_AT_THE_LATEST);
        if let Some(window) = app.get_webview_window("main") {
            report_shown(window.show());
        }
    });
}

fn main() -> ExitCode {
    startup_probe("");
    let cli = Cli::parse();
    let mut context = tauri::generate_context!();
    if cli.command.is_some() {
        // The CLI does not start Tauri: take the embedded UI out of the context for `serve`.
        let embedded = context.set_assets(Box::new(NoAssets));
        return cli::run(cli, Some(Arc::new(EmbeddedUi(embedded))));
    }
    // WebKitGTK's accelerated compositing buys nothing for forms and tables and costs ~65 MB
    // of the web process's memory (measured under Xvfb: 111 → 45 MB private); it also leaves
    // blank windows on some GPU drivers. A value set in the environment is left as it is.
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        // Before any thread starts (Tauri has not been built yet).
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .on_page_load(|webview, payload| match payload.event() {
            tauri::webview::PageLoadEvent::Started => startup_probe(PROBE_PAGE_LOADING),
            tauri::webview::PageLoadEvent::Finished => show_window(&webview.window()),
        })
        .setup(move |app| {
            // Tauri builds the configured window just before this hook.
            startup_probe(PROBE_WINDOW_BUILT);
            show_window_later(app.handle().clone());
            let db = match &cli.db {
                Some(d) => commitment_tracker::store::Location::parse(d),
                None => app.path().app_data_dir()?.join(paths::DB_FILE).into(),
            };
            let state: AppState = App::open(db, cli.open_options())
                .map(Arc::new)
                .map_err(ApiError::from);
            startup_probe(PROBE_DATABASE_OPEN);
            if let Ok(app) = &state {
                // An offline copy of a team server syncs whenever the server can be reached.
                commitment_tracker::services::replica::spawn_background(Arc::clone(app));
            }
            if let Err(e) = &state {
                eprintln!("error: {}", e.message);
            }
            app.manage(state);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![api])
        .run(context);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: the window could not start: {e}");
            ExitCode::FAILURE
        }
    }
}
