//! Browser mode: the same UI and the same command table over HTTP on a loopback address.
//!
//! `POST /api/<cmd>` runs a command (JSON body = arguments); anything else under `GET` is a
//! file of the built UI. Every request must name the bound loopback host (a page on another
//! origin that rebinds its DNS name to 127.0.0.1 is refused), and every API call must carry
//! the per-run token in the `x-ct-token` header (a header, not a cookie, so another site cannot
//! make the browser send it).

pub mod assets;

use std::io::Read;
use std::net::SocketAddr;
use std::sync::Arc;

use tiny_http::{Header, Method, Request, Response, Server};

pub use assets::{AssetSource, DirAssets};

use crate::api;
use crate::app::App;
use crate::error::{ApiError, Error, ErrorKind};

/// The largest request body accepted.
const MAX_BODY: u64 = 16 * 1024 * 1024;
/// How many requests are served at once.
const WORKERS: usize = 4;
/// The Content-Security-Policy of every page: only our own files and our own API.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// A bound, not yet running, browser-mode server.
pub struct BrowserServer {
    server: Arc<Server>,
    addr: SocketAddr,
    token: String,
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
        let server = Server::http(addr).map_err(|e| Error::Io {
            path: addr.to_string().into(),
            source: std::io::Error::other(e.to_string()),
        })?;
        let addr = server.server_addr().to_ip().ok_or_else(|| Error::Io {
            path: addr.to_string().into(),
            source: std::io::Error::other("not an IP socket"),
        })?;
        Ok(BrowserServer {
            server: Arc::new(server),
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
    pub fn run(self, app: Arc<App>, assets: Arc<dyn AssetSource>) {
        let ctx = Arc::new(Context {
            app,
            assets,
            token: self.token,
            hosts: allowed_hosts(self.addr),
        });
        let workers: Vec<_> = (0..WORKERS)
            .map(|_| {
                let server = Arc::clone(&self.server);
                let ctx = Arc::clone(&ctx);
                std::thread::spawn(move || {
                    for request in server.incoming_requests() {
                        ctx.handle(request);
                    }
                })
            })
            .collect();
        for w in workers {
            let _ = w.join();
        }
    }
}

/// The Host header values a request may carry.
fn allowed_hosts(addr: SocketAddr) -> Vec<String> {
    let port = addr.port();
    let mut hosts = vec![addr.to_string()];
    if addr.ip().is_loopback() {
        hosts.push(format!("localhost:{port}"));
    }
    hosts
}

struct Context {
    app: Arc<App>,
    assets: Arc<dyn AssetSource>,
    token: String,
    hosts: Vec<String>,
}

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn request_header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

fn status_of(kind: ErrorKind) -> u16 {
    match kind {
        ErrorKind::Validation | ErrorKind::Duplicate | ErrorKind::BadRequest => 400,
        ErrorKind::Forbidden => 403,
        ErrorKind::NotFound => 404,
        ErrorKind::Conflict | ErrorKind::Locked | ErrorKind::Cancelled => 409,
        ErrorKind::SchemaTooNew
        | ErrorKind::NotOurDatabase
        | ErrorKind::Storage
        | ErrorKind::Io => 500,
    }
}

impl Context {
    fn handle(&self, mut request: Request) {
        let response = self.respond(&mut request);
        let _ = request.respond(response);
    }

    fn respond(&self, request: &mut Request) -> Response<std::io::Cursor<Vec<u8>>> {
        let host_ok = request_header(request, "host").is_some_and(|h| {
            self.hosts
                .iter()
                .any(|allowed| allowed.eq_ignore_ascii_case(h))
        });
        if !host_ok {
            return error_response(&Error::Forbidden(
                "this server answers only requests addressed to its loopback address".to_owned(),
            ));
        }
        let url = request.url().to_owned();
        let path = url.split(['?', '#']).next().unwrap_or("/");
        if let Some(cmd) = path.strip_prefix("/api/") {
            if *request.method() != Method::Post {
                return error_response(&Error::BadRequest {
                    message: "API calls use POST".to_owned(),
                    field: None,
                });
            }
            if request_header(request, "x-ct-token") != Some(self.token.as_str()) {
                return error_response(&Error::Forbidden(
                    "missing or wrong token: open the URL that `serve` printed".to_owned(),
                ));
            }
            return match read_json(request) {
                Ok(args) => match api::dispatch(&self.app, cmd, args) {
                    Ok(value) => json_response(200, &value),
                    Err(e) => error_response(&e),
                },
                Err(e) => error_response(&e),
            };
        }
        if let Some(id) = path.strip_prefix("/download/") {
            if request_header(request, "x-ct-token") != Some(self.token.as_str()) {
                return error_response(&Error::Forbidden(
                    "missing or wrong token: open the URL that `serve` printed".to_owned(),
                ));
            }
            return self.download(id);
        }
        if *request.method() != Method::Get && *request.method() != Method::Head {
            return error_response(&Error::BadRequest {
                message: "only GET is served outside /api/".to_owned(),
                field: None,
            });
        }
        self.static_file(path)
    }

    /// An exported file, served once and then removed.
    fn download(&self, id: &str) -> Response<std::io::Cursor<Vec<u8>>> {
        let Some(path) = self.app.take_download(id) else {
            return error_response(&Error::NotFound {
                entity: "download",
                id: id.to_owned(),
            });
        };
        let bytes = std::fs::read(&path);
        let _ = std::fs::remove_file(&path);
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
                let mut r = Response::from_data(bytes);
                for h in [
                    header("content-type", assets::content_type(&name)),
                    header(
                        "content-disposition",
                        &format!("attachment; filename=\"{name}\""),
                    ),
                    header("cache-control", "no-store"),
                    header("x-content-type-options", "nosniff"),
                ]
                .into_iter()
                .flatten()
                {
                    r.add_header(h);
                }
                r
            }
        }
    }

    fn static_file(&self, path: &str) -> Response<std::io::Cursor<Vec<u8>>> {
        let path = if path == "/" { "/index.html" } else { path };
        match self.assets.get(path) {
            Some(bytes) => {
                let mut r = Response::from_data(bytes);
                for h in [
                    header("content-type", assets::content_type(path)),
                    header("content-security-policy", CSP),
                    header("x-content-type-options", "nosniff"),
                    header("referrer-policy", "no-referrer"),
                    header("cache-control", "no-store"),
                ]
                .into_iter()
                .flatten()
                {
                    r.add_header(h);
                }
                r
            }
            None => error_response(&Error::NotFound {
                entity: "file",
                id: path.to_owned(),
            }),
        }
    }
}

fn read_json(request: &mut Request) -> Result<serde_json::Value, Error> {
    let mut body = Vec::new();
    request
        .as_reader()
        .take(MAX_BODY + 1)
        .read_to_end(&mut body)
        .map_err(|e| Error::io("request body", e))?;
    if body.len() as u64 > MAX_BODY {
        return Err(Error::BadRequest {
            message: format!("the request body is larger than {MAX_BODY} bytes"),
            field: None,
        });
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(serde_json::Value::Null);
    }
    serde_json::from_slice(&body).map_err(|e| Error::BadRequest {
        message: format!("the request body is not JSON: {e}"),
        field: None,
    })
}

fn json_response(status: u16, value: &impl serde::Serialize) -> Response<std::io::Cursor<Vec<u8>>> {
    let body = serde_json::to_vec(value).unwrap_or_else(|_| b"null".to_vec());
    let mut r = Response::from_data(body).with_status_code(status);
    for h in [
        header("content-type", "application/json; charset=utf-8"),
        header("cache-control", "no-store"),
        header("x-content-type-options", "nosniff"),
    ]
    .into_iter()
    .flatten()
    {
        r.add_header(h);
    }
    r
}

fn error_response(e: &Error) -> Response<std::io::Cursor<Vec<u8>>> {
    let body = ApiError::from(e);
    json_response(status_of(body.kind), &body)
}
