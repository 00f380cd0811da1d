//! `serve`: browser mode.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use clap::Args;

use crate::app::App;
use crate::error::Error;
use crate::http::{AssetSource, BrowserServer, DirAssets};

/// Where and what to serve.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The port (0 picks a free one).
    #[arg(long, default_value_t = 8765)]
    pub port: u16,
    /// The loopback address to bind.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// The built UI to serve (the desktop binary serves its own embedded copy).
    #[arg(long, env = "CT_UI_DIR", value_name = "DIR")]
    pub ui_dir: Option<PathBuf>,
}

/// The UI build next to the sources this binary was built from.
fn default_ui_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("ui")
        .join("dist")
}

pub fn run(app: App, args: &ServeArgs, assets: Option<Arc<dyn AssetSource>>) -> Result<(), Error> {
    let assets: Arc<dyn AssetSource> = match (&args.ui_dir, assets) {
        (Some(dir), _) => Arc::new(DirAssets::new(dir)),
        (None, Some(embedded)) => embedded,
        (None, None) => Arc::new(DirAssets::new(default_ui_dir())),
    };
    if assets.get("/index.html").is_none() {
        eprintln!("warning: no built UI found (index.html); the API is served, the page is not. Build it with `npm run build` in ui/ or pass --ui-dir");
    }
    let server = BrowserServer::bind(&args.host, args.port)?;
    let mut out = std::io::stdout().lock();
    // Tests and scripts read this line to find the port and the token.
    let _ = writeln!(out, "Serving on {}", server.url());
    let _ = out.flush();
    drop(out);
    server.run(Arc::new(app), assets)
}
