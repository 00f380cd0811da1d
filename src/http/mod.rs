//! The same UI and the same command table over HTTP, in two modes:
//!
//! - **personal** ([`BrowserServer`], `ct serve`): one person on this computer, on a loopback
//!   address; every API call and download carries the per-run token in the `x-ct-token`
//!   header, and commands run as [`Caller::Local`].
//! - **team** ([`TeamServer`], `ct serve --team`): many people over the network, each signed in
//!   (a session cookie, or a personal access token for `ct --server`); commands run as the
//!   signed-in account and the command table's rules decide what each may do.
//!
//! In both, `POST /api/<cmd>` runs a command (JSON body = arguments), `GET /download/<id>`
//! fetches an export made for the caller, and anything else under `GET` is a file of the built
//! UI. Every request must name a host the server answers to (a page on another origin that
//! rebinds its DNS name to our address is refused). Served by axum on a small tokio runtime;
//! each command runs on a blocking thread (the store is synchronous), so a long export does
//! not hold up other requests.

pub mod assets;
mod auth;
mod events;
mod files;
mod headers;
mod personal;
mod session;
mod sso;
mod team;

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub use assets::{AssetSource, DirAssets};
pub use events::{notice_of, Entity, Notice};
pub use personal::BrowserServer;
pub use team::{TeamOptions, TeamServer};

use crate::error::{ApiError, Error, ErrorKind};

/// The Content-Security-Policy of every response: only our own files and our own API.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

fn io_err(addr: impl std::fmt::Display, e: std::io::Error) -> Error {
    Error::Io {
        path: addr.to_string().into(),
        source: e,
    }
}

/// The HTTP status of an error kind.
fn status_of(kind: ErrorKind) -> StatusCode {
    match kind {
        ErrorKind::Validation | ErrorKind::Duplicate | ErrorKind::BadRequest => {
            StatusCode::BAD_REQUEST
        }
        ErrorKind::Forbidden => StatusCode::FORBIDDEN,
        ErrorKind::Unauthorized => StatusCode::UNAUTHORIZED,
        ErrorKind::Throttled => StatusCode::TOO_MANY_REQUESTS,
        ErrorKind::Unavailable | ErrorKind::Offline => StatusCode::SERVICE_UNAVAILABLE,
        ErrorKind::Outdated => StatusCode::UPGRADE_REQUIRED,
        ErrorKind::NotFound => StatusCode::NOT_FOUND,
        ErrorKind::Conflict | ErrorKind::Locked | ErrorKind::Cancelled => StatusCode::CONFLICT,
        ErrorKind::SchemaTooNew
        | ErrorKind::NotOurDatabase
        | ErrorKind::Storage
        | ErrorKind::Io => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// A JSON body with its status (the security headers come from [`headers::secure`]).
fn json_response(status: StatusCode, body: Vec<u8>) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    r
}

/// A command's result as JSON.
fn ok_json(value: &impl serde::Serialize) -> Response {
    json_response(
        StatusCode::OK,
        serde_json::to_vec(value).unwrap_or_default(),
    )
}

/// `{kind, message, field}` with the kind's status (and `Retry-After` when throttled).
fn error_response(e: &Error) -> Response {
    let body = ApiError::from(e);
    let mut r = json_response(
        status_of(body.kind),
        serde_json::to_vec(&body).unwrap_or_default(),
    );
    if let Error::Throttled {
        retry_after_secs, ..
    } = e
    {
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_secs));
    }
    r
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        error_response(&self)
    }
}

/// A command's JSON arguments: an empty body is `null` (a command without arguments).
fn parse_args(body: &Bytes) -> Result<serde_json::Value, Error> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(serde_json::Value::Null);
    }
    serde_json::from_slice(body).map_err(|e| Error::BadRequest {
        message: format!("the request body is not JSON: {e}"),
        field: None,
    })
}

/// Runs blocking work (the store, argon2) off the async threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|e| Err(Error::io("request", std::io::Error::other(e.to_string()))))
}

/// The host names a server answers to (DNS rebinding: a foreign page that makes its own
/// name point at our address still sends its own name in `Host`).
#[derive(Debug, Clone)]
struct Hosts(Arc<Vec<String>>);

impl Hosts {
    fn allows(&self, host: &str) -> bool {
        self.0.iter().any(|h| h.eq_ignore_ascii_case(host))
    }
}

/// Refuses (403) a request addressed to a host this server does not answer to. HTTP/2 names
/// the host in the request's authority, HTTP/1.1 in `Host`.
async fn check_host(
    axum::extract::State(hosts): axum::extract::State<Hosts>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .uri()
        .authority()
        .map(|a| a.as_str().to_owned())
        .or_else(|| {
            request
                .headers()
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .map(str::to_owned)
        })
        .unwrap_or_default();
    if hosts.allows(&host) {
        next.run(request).await
    } else {
        error_response(&Error::Forbidden(
            "this server answers only requests addressed to its own name".to_owned(),
        ))
    }
}

/// A file of the built UI (`/` is `index.html`); needs no credentials.
async fn static_file(assets: &dyn AssetSource, method: &Method, path: &str) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return error_response(&Error::BadRequest {
            message: "only GET is served outside /api/".to_owned(),
            field: None,
        });
    }
    let path = match path {
        "/" => "/index.html",
        p => p,
    };
    match assets.get(path) {
        None => error_response(&Error::NotFound {
            entity: "file",
            id: path.to_owned(),
        }),
        Some(bytes) => {
            let mut r = Response::new(Body::from(bytes));
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(assets::content_type(path)),
            );
            r
        }
    }
}
