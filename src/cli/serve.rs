//! `serve`: browser mode on this computer, or (`--team`) the team server.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use clap::Args;

use crate::app::App;
use crate::error::Error;
use crate::http::{AssetSource, BrowserServer, DirAssets, TeamOptions, TeamServer};
use crate::services::notices::{self, NoticeOptions};
use crate::services::oidc::{Oidc, OidcConfig};

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
    /// Team server: e-mail notices (returned and submitted reports, deadlines) when an SMTP
    /// server is given; sent every 5 minutes.
    #[command(flatten)]
    pub mail: super::MailArgs,
    /// Team server: single sign-on through this OpenID provider (its issuer URL; Microsoft
    /// Entra ID: https://login.microsoftonline.com/<tenant id>/v2.0). The client secret comes
    /// from the variable COMMITMENT_TRACKER_OIDC_SECRET or --oidc-client-secret-file; the
    /// redirect URI to register is <public URL>/auth/oidc/callback.
    #[arg(
        long,
        value_name = "URL",
        requires_all = ["team", "oidc_client_id"],
        env = "COMMITMENT_TRACKER_OIDC_ISSUER"
    )]
    pub oidc_issuer: Option<String>,
    /// Team server: the client (application) id the provider gave this server.
    #[arg(
        long,
        value_name = "ID",
        requires = "oidc_issuer",
        env = "COMMITMENT_TRACKER_OIDC_CLIENT_ID"
    )]
    pub oidc_client_id: Option<String>,
    /// Team server: a file holding the client secret (instead of the variable).
    #[arg(long, value_name = "FILE", requires = "oidc_issuer")]
    pub oidc_client_secret_file: Option<PathBuf>,
    /// Team server: link an existing account by an e-mail the provider does not say it
    /// verified (Microsoft Entra ID never says; an explicit "not verified" is never trusted).
    #[arg(
        long,
        requires = "oidc_issuer",
        env = "COMMITMENT_TRACKER_OIDC_TRUST_UNVERIFIED_EMAIL"
    )]
    pub oidc_trust_unverified_email: bool,
}

/// The variable that holds the single sign-on client secret (kept out of the command line,
/// which every user of the machine can read in the process list).
pub const OIDC_SECRET_VAR: &str = "COMMITMENT_TRACKER_OIDC_SECRET";

/// The client secret: from `--oidc-client-secret-file`, else [`OIDC_SECRET_VAR`].
fn oidc_secret(args: &ServeArgs) -> Result<String, Error> {
    let secret = match &args.oidc_client_secret_file {
        Some(file) => std::fs::read_to_string(file).map_err(|e| Error::io(file, e))?,
        None => std::env::var(OIDC_SECRET_VAR).unwrap_or_default(),
    };
    let secret = secret.trim().to_owned();
    if secret.is_empty() {
        return Err(Error::validation(
            "oidc-client-secret",
            format!("single sign-on needs the client secret: set {OIDC_SECRET_VAR} or pass --oidc-client-secret-file"),
        ));
    }
    Ok(secret)
}

/// Single sign-on for a server reached at `public_url`, when configured; its provider is
/// asked for its metadata now, so that a wrong issuer shows at start (a provider that does
/// not answer yet only warns: it is asked again at each sign-in).
fn single_sign_on(args: &ServeArgs, public_url: &str) -> Result<Option<Oidc>, Error> {
    let (Some(issuer), Some(client_id)) = (&args.oidc_issuer, &args.oidc_client_id) else {
        return Ok(None);
    };
    let oidc = Oidc::new(OidcConfig {
        issuer: issuer.clone(),
        client_id: client_id.clone(),
        client_secret: oidc_secret(args)?,
        redirect_uri: OidcConfig::redirect_uri_for(public_url),
        trust_unverified_email: args.oidc_trust_unverified_email,
    })?;
    if let Err(e) = oidc.discover() {
        eprintln!("warning: single sign-on: {e}; it is tried again at each sign-in");
    }
    Ok(Some(oidc))
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
        if let Some(server) = crate::services::replica::status(app.store())?.server {
            return Err(Error::BadRequest {
                message: format!(
                    "this database is an offline copy of {server}: a team is served from the server's own database"
                ),
                field: Some("db".to_owned()),
            });
        }
        let mut server = TeamServer::bind(&TeamOptions {
            listen,
            public_url: args.public_url.clone(),
            tls: args.tls_cert.clone().zip(args.tls_key.clone()),
        })?;
        let sso = single_sign_on(args, &server.public_url())?;
        announce(&format!("Serving a team on {}", server.url()));
        if let Some(url) = &args.public_url {
            announce(&format!("People open {url}"));
        }
        if let Some(oidc) = sso {
            announce(&format!(
                "Single sign-on through {} (redirect URI {})",
                oidc.config().issuer,
                oidc.config().redirect_uri
            ));
            server = server.with_sso(oidc);
        }
        let app = Arc::new(app);
        if let Some(mailer) = args.mail.mailer()? {
            let options = NoticeOptions {
                public_url: Some(args.public_url.clone().unwrap_or_else(|| server.url())),
            };
            notices::spawn(Arc::clone(&app), mailer, options, notices::INTERVAL)?;
            announce("E-mail notices: on (every 5 minutes)");
        }
        return server.run(app, assets);
    }
    let server = BrowserServer::bind(&args.host, args.port)?;
    announce(&format!("Serving on {}", server.url()));
    let app = Arc::new(app);
    // A linked database syncs with its team server while the browser uses it.
    crate::services::replica::spawn_background(Arc::clone(&app));
    server.run(app, assets)
}
