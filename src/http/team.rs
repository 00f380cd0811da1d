//! The team server (`ct serve --team`): many people over the network, each signed in; the
//! command table's rules decide what each may do.
//!
//! Routes: the UI's files, `POST /auth/sign-in` and single sign-on's `GET /auth/methods`,
//! `GET /auth/oidc/start` and `GET /auth/oidc/callback` ([`super::sso`]) are open; everything
//! else is nested under
//! [`auth::require_user`] (see [`router`]): `POST /api/<cmd>` (8 MB JSON), `POST /upload`
//! (64 MB, streamed to disk), `GET /download/<id>`, `GET /events` (server-sent change
//! notices), `GET /auth/session`, `POST /auth/sign-out`, `POST /auth/sign-out-everywhere`.
//! No request names a path on the server's disk (the core refuses it for a signed-in caller).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, Uri};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use axum_server::tls_rustls::RustlsConfig;

use super::auth::{self, Authenticated, CookiePolicy, Credential};
use super::events::{self, run_command, Events};
use super::files::{self, UploadQuery, MAX_UPLOAD};
use super::{check_host, headers, io_err, ok_json, parse_args, session, sso, static_file};
use super::{AssetSource, Hosts};
use crate::app::App;
use crate::domain::Caller;
use crate::error::Error;
use crate::services::oidc::{Oidc, CALLBACK_PATH};
use crate::services::sign_in::Throttle;

/// The largest JSON body of a command (files come through `/upload`, not inside JSON).
pub const MAX_API_BODY: usize = 8 * 1024 * 1024;

/// How to serve a team.
#[derive(Debug, Clone)]
pub struct TeamOptions {
    /// The address and port to listen on (`0.0.0.0:8443`, `127.0.0.1:8080` behind a proxy).
    pub listen: SocketAddr,
    /// The address people type (`https://tracker.example.org`): the only host name answered
    /// besides the listening address, and, when `https://`, the reason cookies are Secure
    /// behind a proxy that ends TLS.
    pub public_url: Option<String>,
    /// A certificate chain and its private key (PEM files) to serve HTTPS directly.
    pub tls: Option<(PathBuf, PathBuf)>,
}

/// What every team route shares.
pub struct Team {
    pub app: Arc<App>,
    pub assets: Arc<dyn AssetSource>,
    pub events: Events,
    pub cookie: CookiePolicy,
    pub throttle: Arc<Throttle>,
    /// Single sign-on, when configured.
    pub sso: Option<Arc<Oidc>>,
    /// One-time codes of the desktop app's and `ct`'s single sign-on.
    pub native_codes: Arc<crate::services::native_sign_in::NativeCodes>,
}

/// A public URL's parts that matter here.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PublicUrl {
    https: bool,
    /// `host[:port]`, lowercase.
    authority: String,
}

fn bad_url(url: &str, why: &str) -> Error {
    Error::BadRequest {
        message: format!("--public-url {url:?}: {why}"),
        field: Some("public-url".to_owned()),
    }
}

fn parse_public_url(url: &str) -> Result<PublicUrl, Error> {
    let (https, rest) = if let Some(r) = url.strip_prefix("https://") {
        (true, r)
    } else if let Some(r) = url.strip_prefix("http://") {
        (false, r)
    } else {
        return Err(bad_url(
            url,
            "give it as https://name (or http:// for a trial)",
        ));
    };
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    if authority.is_empty() || authority.contains('@') {
        return Err(bad_url(url, "name the host, as people type it"));
    }
    if !path.is_empty() {
        return Err(bad_url(
            url,
            "the server must be at the root of its host name, not under a path",
        ));
    }
    Ok(PublicUrl {
        https,
        authority: authority.to_ascii_lowercase(),
    })
}

/// The `Host` values answered: the public URL's (with and without its default port) and the
/// listening address (and `localhost` when that is loopback).
fn hosts_of(listen: SocketAddr, public: Option<&PublicUrl>) -> Hosts {
    let mut hosts = vec![listen.to_string()];
    if listen.ip().is_loopback() {
        hosts.push(format!("localhost:{}", listen.port()));
    }
    if let Some(p) = public {
        hosts.push(p.authority.clone());
        if !p.authority.contains(':') || p.authority.ends_with(']') {
            let port = if p.https { 443 } else { 80 };
            hosts.push(format!("{}:{port}", p.authority));
        }
    }
    Hosts(Arc::new(hosts))
}

/// A bound, not yet running, team server.
pub struct TeamServer {
    listener: std::net::TcpListener,
    addr: SocketAddr,
    public: Option<PublicUrl>,
    tls: Option<RustlsConfig>,
    runtime: tokio::runtime::Runtime,
    sso: Option<Arc<Oidc>>,
}

impl TeamServer {
    /// Binds the listening address and reads the TLS files. Listening beyond this computer
    /// needs `public_url` (the host name to answer to); a `http://` public URL with TLS is
    /// refused as a contradiction.
    pub fn bind(options: &TeamOptions) -> Result<TeamServer, Error> {
        let public = options
            .public_url
            .as_deref()
            .map(parse_public_url)
            .transpose()?;
        if public.is_none() && !options.listen.ip().is_loopback() {
            return Err(Error::BadRequest {
                message: format!(
                    "listening on {} needs --public-url (the address people type, e.g. https://tracker.example.org): requests for any other name are refused",
                    options.listen
                ),
                field: Some("public-url".to_owned()),
            });
        }
        if let (Some(p), Some(_)) = (&public, &options.tls) {
            if !p.https {
                return Err(bad_url(
                    options.public_url.as_deref().unwrap_or_default(),
                    "this server serves HTTPS (--tls-cert): the public URL starts with https://",
                ));
            }
        }
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_io()
            .enable_time()
            .build()
            .map_err(|e| io_err(options.listen, e))?;
        let tls = match &options.tls {
            None => None,
            Some((cert, key)) => Some(
                runtime
                    .block_on(RustlsConfig::from_pem_file(cert, key))
                    .map_err(|e| Error::BadRequest {
                        message: format!(
                            "the TLS certificate {} or key {} could not be used: {e}",
                            cert.display(),
                            key.display()
                        ),
                        field: Some("tls-cert".to_owned()),
                    })?,
            ),
        };
        let listener =
            std::net::TcpListener::bind(options.listen).map_err(|e| io_err(options.listen, e))?;
        listener
            .set_nonblocking(true)
            .map_err(|e| io_err(options.listen, e))?;
        let addr = listener
            .local_addr()
            .map_err(|e| io_err(options.listen, e))?;
        Ok(TeamServer {
            listener,
            addr,
            public,
            tls,
            runtime,
            sso: None,
        })
    }

    /// The address people reach this server at: the public URL, else the listening one.
    pub fn public_url(&self) -> String {
        match &self.public {
            Some(p) => format!(
                "{}://{}",
                if p.https { "https" } else { "http" },
                p.authority
            ),
            None => self.url(),
        }
    }

    /// Offers single sign-on through this provider (its redirect URI is
    /// `<public URL>/auth/oidc/callback`).
    pub fn with_sso(mut self, oidc: Oidc) -> TeamServer {
        self.sso = Some(Arc::new(oidc));
        self
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Whether browsers reach this server over HTTPS (here, or through a proxy).
    fn https(&self) -> bool {
        self.tls.is_some() || self.public.as_ref().is_some_and(|p| p.https)
    }

    /// The URL this server listens at (`https://` when it serves TLS itself).
    pub fn url(&self) -> String {
        let scheme = if self.tls.is_some() { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }

    /// Serves until the process ends.
    pub fn run(self, app: Arc<App>, assets: Arc<dyn AssetSource>) -> Result<(), Error> {
        let addr = self.addr;
        let https = self.https();
        let team = Arc::new(Team {
            app,
            assets,
            events: Events::default(),
            cookie: CookiePolicy { secure: https },
            throttle: Arc::new(Throttle::default()),
            sso: self.sso,
            native_codes: Arc::default(),
        });
        let hosts = hosts_of(addr, self.public.as_ref());
        let router = headers::secure(
            router(team).layer(middleware::from_fn_with_state(hosts, check_host)),
            https,
        );
        let make = router.into_make_service_with_connect_info::<SocketAddr>();
        let listener = self.listener;
        let tls = self.tls;
        self.runtime.block_on(async move {
            match tls {
                Some(config) => {
                    axum_server::tls_rustls::from_tcp_rustls(listener, config)
                        .map_err(|e| io_err(addr, e))?
                        .serve(make)
                        .await
                }
                None => {
                    axum_server::from_tcp(listener)
                        .map_err(|e| io_err(addr, e))?
                        .serve(make)
                        .await
                }
            }
            .map_err(|e| io_err(addr, e))
        })
    }
}

/// The routes. Everything in `protected` is behind [`auth::require_user`]: a route added
/// there cannot be left open by omission. `open` holds the only exceptions: signing in (with
/// a password or through single sign-on, and which of them is offered), and the UI's files (the fallback, which serves nothing but files of the UI build).
fn router(team: Arc<Team>) -> Router {
    let protected = Router::new()
        .route(
            "/api/{cmd}",
            post(api_call).layer(DefaultBodyLimit::max(MAX_API_BODY)),
        )
        .route("/upload", post(upload))
        .route("/download/{id}", get(download))
        .route("/events", get(change_events))
        .route("/auth/session", get(session::session))
        .route("/auth/sign-out", post(session::sign_out))
        .route(
            "/auth/sign-out-everywhere",
            post(session::sign_out_everywhere),
        )
        .layer(middleware::from_fn_with_state(
            Arc::clone(&team),
            auth::require_user,
        ));
    let open = Router::new()
        .route("/auth/sign-in", post(session::sign_in))
        .route("/auth/methods", get(sso::methods))
        .route("/auth/oidc/start", get(sso::start))
        .route(CALLBACK_PATH, get(sso::callback))
        .route("/auth/native/token", post(sso::native_token))
        .fallback(ui_file);
    open.merge(protected).with_state(team)
}

/// `POST /api/<cmd>`: the command, as the signed-in account.
async fn api_call(
    State(team): State<Arc<Team>>,
    Authenticated(user): Authenticated,
    Path(cmd): Path<String>,
    body: Bytes,
) -> Response {
    let args = match parse_args(&body) {
        Ok(a) => a,
        Err(e) => return e.into_response(),
    };
    match run_command(
        Arc::clone(&team.app),
        &team.events,
        Caller::User(user),
        cmd,
        args,
    )
    .await
    {
        Ok(value) => ok_json(&value),
        Err(e) => e.into_response(),
    }
}

/// `POST /upload?name=FILE` with the file as the body: `{"uploadId", "name", "bytes"}`.
async fn upload(
    State(team): State<Arc<Team>>,
    Authenticated(user): Authenticated,
    Query(q): Query<UploadQuery>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_UPLOAD) {
        return Error::BadRequest {
            message: format!(
                "the file is larger than {} MB, the most a server accepts",
                MAX_UPLOAD / 1024 / 1024
            ),
            field: Some("file".to_owned()),
        }
        .into_response();
    }
    let name = q.name.unwrap_or_default();
    match files::receive(&team.app, &user.id, &name, body).await {
        Ok(up) => ok_json(&up),
        Err(e) => e.into_response(),
    }
}

/// `GET /download/<id>`: the signed-in account's own export, once.
async fn download(
    State(team): State<Arc<Team>>,
    Authenticated(user): Authenticated,
    Path(id): Path<String>,
) -> Response {
    files::send(&team.app, &user.id, &id).await.into_response()
}

/// `GET /events`: change notices until the session or token ends.
async fn change_events(State(team): State<Arc<Team>>, credential: Credential) -> Response {
    let app = Arc::clone(&team.app);
    let still_valid = move || {
        let app = Arc::clone(&app);
        let credential = credential.clone();
        async move { auth::resolve(app, credential).await.is_ok() }
    };
    let mut r = events::stream(team.events.subscribe(), still_valid).into_response();
    // nginx buffers responses unless told not to; a buffered notice arrives too late.
    r.headers_mut()
        .insert("x-accel-buffering", HeaderValue::from_static("no"));
    r
}

async fn ui_file(State(team): State<Arc<Team>>, method: Method, uri: Uri) -> Response {
    static_file(team.assets.as_ref(), &method, uri.path()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_urls() {
        let p = parse_public_url("https://Tracker.Example.org/").unwrap();
        assert_eq!(
            (p.https, p.authority.as_str()),
            (true, "tracker.example.org")
        );
        assert!(parse_public_url("tracker.example.org").is_err());
        assert!(parse_public_url("https://x.org/ct").is_err());
        assert!(parse_public_url("https://user@x.org").is_err());
        let hosts = hosts_of("0.0.0.0:8443".parse().unwrap(), Some(&p));
        assert!(hosts.allows("tracker.example.org"));
        assert!(hosts.allows("tracker.example.org:443"));
        assert!(!hosts.allows("evil.example"));
    }
}
