//! Personal browser mode (`ct serve`): one person, this computer, a loopback address. The API
//! and downloads need the per-run token in the `x-ct-token` header (a header, not a cookie,
//! so another site cannot make the browser send it); commands run as [`Caller::Local`].

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::{Method, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::Router;
use subtle::ConstantTimeEq;

use super::events::{run_command, Events};
use super::{
    check_host, error_response, files, headers, io_err, ok_json, parse_args, static_file,
    AssetSource, Hosts,
};
use crate::app::App;
use crate::domain::Caller;
use crate::error::Error;

/// The largest request body accepted (a 20 MB import, base64-encoded, fits).
const MAX_BODY: usize = 64 * 1024 * 1024;

/// A bound, not yet running, browser-mode server.
pub struct BrowserServer {
    listener: std::net::TcpListener,
    addr: SocketAddr,
    token: String,
}

impl BrowserServer {
    /// Binds `host:port` (port 0 picks a free one). Only loopback addresses are accepted: a
    /// server for others is the team server (`--team`), with accounts.
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
                    "browser mode serves only this computer (a loopback address such as 127.0.0.1), not {host}; to serve a team, use `serve --team`"
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
            events: Events::default(),
        });
        let hosts = Hosts(Arc::new(vec![
            addr.to_string(),
            format!("localhost:{}", addr.port()),
        ]));
        // Everything but the UI's files needs the token: those routes are under its layer.
        let protected = Router::new()
            .route("/api/{cmd}", any(api_call))
            .route("/download/{id}", get(download))
            .layer(middleware::from_fn_with_state(
                Arc::clone(&ctx),
                require_token,
            ));
        let router = Router::new()
            .merge(protected)
            .fallback(ui_file)
            .layer(DefaultBodyLimit::max(MAX_BODY))
            .layer(middleware::from_fn_with_state(hosts, check_host))
            .with_state(ctx);
        let router = headers::secure(router, false);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_io()
            .enable_time()
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

struct Context {
    app: Arc<App>,
    assets: Arc<dyn AssetSource>,
    token: String,
    events: Events,
}

/// Refuses (403) a request without this run's token; compared in constant time.
async fn require_token(State(ctx): State<Arc<Context>>, request: Request, next: Next) -> Response {
    let given = request
        .headers()
        .get("x-ct-token")
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if bool::from(given.ct_eq(ctx.token.as_bytes())) {
        next.run(request).await
    } else {
        error_response(&Error::Forbidden(
            "missing or wrong token: open the URL that `serve` printed".to_owned(),
        ))
    }
}

async fn api_call(
    State(ctx): State<Arc<Context>>,
    Path(cmd): Path<String>,
    method: Method,
    body: Bytes,
) -> Response {
    if method != Method::POST {
        return error_response(&Error::BadRequest {
            message: "API calls use POST".to_owned(),
            field: None,
        });
    }
    let args = match parse_args(&body) {
        Ok(a) => a,
        Err(e) => return error_response(&e),
    };
    match run_command(Arc::clone(&ctx.app), &ctx.events, Caller::Local, cmd, args).await {
        Ok(value) => ok_json(&value),
        Err(e) => error_response(&e),
    }
}

/// An exported file, served once and then removed.
async fn download(State(ctx): State<Arc<Context>>, Path(id): Path<String>) -> Response {
    files::send(&ctx.app, ctx.app.local_account(), &id)
        .await
        .into_response()
}

async fn ui_file(State(ctx): State<Arc<Context>>, method: Method, uri: Uri) -> Response {
    static_file(ctx.assets.as_ref(), &method, uri.path()).await
}
