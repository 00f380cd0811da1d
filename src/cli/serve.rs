//! `serve`: browser mode on this computer, or (`--team`) the team server.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use clap::Args;

use crate::app::App;
use crate::error::Error;
use crate::http::{AssetSource, BrowserServer, DirAssets, TeamOptions, TeamServer};

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
    /// Serve a team: accounts sign in, and each may do what their role allows.
    #[arg(long, requires = "listen")]
    pub team: bool,
    /// Team server: the address and port to listen on (0.0.0.0:8443; 127.0.0.1:8080 behind a
    /// reverse proxy on this machine).
    #[arg(long, value_name = "ADDR:PORT", requires = "team", conflicts_with_all = ["port", "host"])]
    pub listen: Option<SocketAddr>,
    /// Team server: the address people type (https://tracker.example.org). Needed to listen
    /// beyond this computer; with https://, session cookies are Secure even when a proxy ends
    /// TLS.
    #[arg(
        long,
        value_name = "URL",
        requires = "team",
        env = "COMMITMENT_TRACKER_PUBLIC_URL"
    )]
    pub public_url: Option<String>,
    /// Team server: serve HTTPS with this certificate chain (PEM).
    #[arg(long, value_name = "FILE", requires_all = ["team", "tls_key"])]
    pub tls_cert: Option<PathBuf>,
    /// Team server: the certificate's private key (PEM).
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
}

/// The UI build next to the sources this binary was built from.
fn default_ui_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("ui")
        .join("dist")
}

/// Prints the line tests and scripts read to find the address.
fn announce(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
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
    if let (true, Some(listen)) = (args.team, args.listen) {
        let server = TeamServer::bind(&TeamOptions {
            listen,
            public_url: args.public_url.clone(),
            tls: args.tls_cert.clone().zip(args.tls_key.clone()),
        })?;
        announce(&format!("Serving a team on {}", server.url()));
        if let Some(url) = &args.public_url {
            announce(&format!("People open {url}"));
        }
        return server.run(Arc::new(app), assets);
    }
    let server = BrowserServer::bind(&args.host, args.port)?;
    announce(&format!("Serving on {}", server.url()));
    server.run(Arc::new(app), assets)
}
