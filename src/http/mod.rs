//! Browser mode: the same UI and the same command table over HTTP on a loopback address.
//!
//! `POST /api/<cmd>` runs a command (JSON body = arguments); `GET /download/<id>` fetches an
//! export written for this page; anything else under `GET` is a file of the built UI. Every
//! request must name the bound loopback host (a page on another origin that rebinds its DNS
//! name to 127.0.0.1 is refused), and every API call and download must carry the per-run token
//! in the `x-ct-token` header (a header, not a cookie, so another site cannot make the browser
//! send it).
//!
//! Served by axum on a small tokio runtime; each command runs on a blocking thread (SQLite is
//! synchronous), so a long export does not hold up other requests.

pub mod assets;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::Router;

pub use assets::{AssetSource, DirAssets};

use crate::api;
use crate::app::App;
use crate::domain::Caller;
use crate::error::{ApiError, Error, ErrorKind};

/// The largest request body accepted (a 20 MB import, base64-encoded, fits).
const MAX_BODY: usize = 64 * 1024 * 1024;
/// The Content-Security-Policy of every page: only our own files and our own API.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// A bound, not yet running, browser-mode server.
pub struct BrowserServer {
    listener: std::net::TcpListener,
    addr: SocketAddr,
    token: String,
}

fn io_err(addr: impl std::fmt::Display, e: std::io::Error) -> Error {
    Error::Io {
        path: addr.to_string().into(),
        source: e,
    }
}

impl BrowserServer {
    /// Binds `host:port` (port 0 picks a free one). Only loopback addresses are accepted: the
    /// team server comes later, with real authentication.
    pub fn bind(host: &str, port: u16) -> Result<BrowserServer, Error> {
        let addr: SocketAddr = format!("{host}:{port}")
            .parse()
            .map_err(|_| Error::BadRequest {
                message: format!("{host:?} is not an IP address"),
                field: Some("host".to_owned()),
            })?;
        if !addr.ip().is_loopback() {
            return Err(Error::BadRequest {
                message: format!(
                    "browser mode serves only this computer (a loopback address such as 127.0.0.1), not {host}"
                ),
                field: Some("host".to_owned()),
            });
        }
        let listener = std::net::TcpListener::bind(addr).map_err(|e| io_err(addr, e))?;
        listener
            .set_nonblocking(true)
            .map_err(|e| io_err(addr, e))?;
        let addr = listener.local_addr().map_err(|e| io_err(addr, e))?;
        Ok(BrowserServer {
            listener,
            addr,
            token: uuid::Uuid::new_v4().simple().to_string(),
        })
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The URL to open, token included.
    pub fn url(&self) -> String {
        format!("http://{}/?token={}", self.addr, self.token)
    }

    /// Serves until the process ends.
    pub fn run(self, app: Arc<App>, assets: Arc<dyn AssetSource>) -> Result<(), Error> {
        let addr = self.addr;
        let ctx = Arc::new(Context {
            app,
            assets,
            token: self.token,
            hosts: allowed_hosts(addr),
        });
        let router = Router::new()
            .route("/api/{cmd}", any(api_call))
            .route("/download/{id}", get(download))
            .fallback(static_file)
            .layer(middleware::from_fn_with_state(Arc::clone(&ctx), check_host))
            .layer(DefaultBodyLimit::max(MAX_BODY))
            .with_state(ctx);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_io()
            .build()
            .map_err(|e| io_err(addr, e))?;
        runtime.block_on(async move {
            let listener =
                tokio::net::TcpListener::from_std(self.listener).map_err(|e| io_err(addr, e))?;
            axum::serve(listener, router)
                .await
                .map_err(|e| io_err(addr, e))
        })
    }
}

/// The Host header values a request may carry.
fn allowed_hosts(addr: SocketAddr) -> Vec<String> {
    vec![addr.to_string(), format!("localhost:{}", addr.port())]
}

struct Context {
    app: Arc<App>,
    assets: Arc<dyn AssetSource>,
    token: String,
    hosts: Vec<String>,
}

fn status_of(kind: ErrorKind) -> StatusCode {
    match kind {
        ErrorKind::Validation | ErrorKind::Duplicate | ErrorKind::BadRequest => {
            StatusCode::BAD_REQUEST
        }
        ErrorKind::Forbidden => StatusCode::FORBIDDEN,
        ErrorKind::Unauthorized => StatusCode::UNAUTHORIZED,
        ErrorKind::Throttled => StatusCode::TOO_MANY_REQUESTS,
        ErrorKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        ErrorKind::NotFound => StatusCode::NOT_FOUND,
        ErrorKind::Conflict | ErrorKind::Locked | ErrorKind::Cancelled => StatusCode::CONFLICT,
        ErrorKind::SchemaTooNew
        | ErrorKind::NotOurDatabase
        | ErrorKind::Storage
        | ErrorKind::Io => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn json_response(status: StatusCode, body: Vec<u8>) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

fn error_response(e: &Error) -> Response {
    let body = ApiError::from(e);
    json_response(
        status_of(body.kind),
        serde_json::to_vec(&body).unwrap_or_default(),
    )
}

fn forbidden(message: &str) -> Response {
    error_response(&Error::Forbidden(message.to_owned()))
}

/// DNS rebinding: only requests addressed to our own loopback name are answered.
async fn check_host(State(ctx): State<Arc<Context>>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if ctx
        .hosts
        .iter()
        .any(|allowed| allowed.eq_ignore_ascii_case(host))
    {
        next.run(request).await
    } else {
        forbidden("this server answers only requests addressed to its loopback address")
    }
}

fn has_token(ctx: &Context, headers: &HeaderMap) -> bool {
    headers.get("x-ct-token").and_then(|v| v.to_str().ok()) == Some(ctx.token.as_str())
}

async fn api_call(
    State(ctx): State<Arc<Context>>,
    Path(cmd): Path<String>,
    method: Method,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if method != Method::POST {
        return error_response(&Error::BadRequest {
            message: "API calls use POST".to_owned(),
            field: None,
        });
    }
    if !has_token(&ctx, &headers) {
        return forbidden("missing or wrong token: open the URL that `serve` printed");
    }
    let args = if body.iter().all(u8::is_ascii_whitespace) {
        Ok(serde_json::Value::Null)
    } else {
        serde_json::from_slice(&body).map_err(|e| Error::BadRequest {
            message: format!("the request body is not JSON: {e}"),
            field: None,
        })
    };
    let args = match args {
        Ok(a) => a,
        Err(e) => return error_response(&e),
    };
    let app = Arc::clone(&ctx.app);
    let result =
        tokio::task::spawn_blocking(move || api::dispatch(&app, &Caller::Local, &cmd, args)).await;
    match result {
        Ok(Ok(value)) => json_response(
            StatusCode::OK,
            serde_json::to_vec(&value).unwrap_or_default(),
        ),
        Ok(Err(e)) => error_response(&e),
        Err(e) => error_response(&Error::io("request", std::io::Error::other(e.to_string()))),
    }
}

/// An exported file, served once and then removed.
async fn download(
    State(ctx): State<Arc<Context>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if !has_token(&ctx, &headers) {
        return forbidden("missing or wrong token: open the URL that `serve` printed");
    }
    let Some(path) = ctx.app.take_download(&id) else {
        return error_response(&Error::NotFound {
            entity: "download",
            id,
        });
    };
    let bytes = tokio::fs::read(&path).await;
    let _ = tokio::fs::remove_file(&path).await;
    match bytes {
        Err(e) => error_response(&Error::io(&path, e)),
        Ok(bytes) => {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            // The temporary name starts with a 32-character id and a dash.
            let name: String = name
                .get(33..)
                .unwrap_or(&name)
                .chars()
                .filter(|c| c.is_ascii_graphic() && *c != '"')
                .collect();
            let mut r = Response::new(Body::from(bytes));
            let h = r.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(assets::content_type(&name)),
            );
            if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            h.insert(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            );
            r
        }
    }
}

async fn static_file(
    State(ctx): State<Arc<Context>>,
    method: Method,
    uri: axum::http::Uri,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return error_response(&Error::BadRequest {
            message: "only GET is served outside /api/".to_owned(),
            field: None,
        });
    }
    let path = match uri.path() {
        "/" => "/index.html",
        p => p,
    };
    match ctx.assets.get(path) {
        None => error_response(&Error::NotFound {
            entity: "file",
            id: path.to_owned(),
        }),
        Some(bytes) => {
            let mut r = Response::new(Body::from(bytes));
            let h = r.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(assets::content_type(path)),
            );
            h.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(CSP),
            );
            h.insert(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            );
            h.insert(
                header::REFERRER_POLICY,
                HeaderValue::from_static("no-referrer"),
            );
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            r.into_response()
        }
    }
}
