//! Who is calling a team server: one layer ([`require_user`]) in front of every route that is
//! not a UI file or the sign-in endpoint, and extractors ([`Authenticated`], [`Credential`])
//! that read what it found. A handler cannot run without a signed-in account: the layer
//! answers 401 first, and the extractors answer 401 themselves should a route ever be mounted
//! outside the layer.
//!
//! Two ways to prove who one is: the session cookie (the browser), or `Authorization: Bearer
//! <token>` (a personal access token: `ct --server`). A request that changes something with
//! the cookie must also carry `x-ct-csrf: 1`: a cross-site form cannot send a header, and a
//! cross-site `fetch` with one needs a CORS preflight this server never grants. A token is no
//! ambient credential (the browser never adds it), so it needs no such header.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::team::Team;
use crate::app::App;
use crate::domain::SignedIn;
use crate::error::Error;
use crate::services::sign_in;

/// The header every state-changing request made with the session cookie carries.
pub const CSRF_HEADER: &str = "x-ct-csrf";

/// How a request proved who it is.
#[derive(Clone)]
pub enum Credential {
    /// The session cookie's value.
    Session(String),
    /// A personal access token.
    Token(String),
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never a secret in a log line.
        match self {
            Credential::Session(_) => f.write_str("Session(…)"),
            Credential::Token(_) => f.write_str("Token(…)"),
        }
    }
}

/// The session cookie's name and attributes.
///
/// Over HTTPS (TLS served here, or a `https://` public URL behind a proxy) the cookie is
/// `__Host-ct_session; Secure; HttpOnly; SameSite=Lax; Path=/`: the `__Host-` prefix makes
/// the browser refuse it unless it is Secure, has no Domain and has Path=/, so no other host
/// (a sibling subdomain) can plant or overwrite it. On plain HTTP (a loopback test or a trial
/// on one machine) a `__Host-` or Secure cookie would never be stored, so it is `ct_session`
/// without `Secure`; only that one name is read in each mode.
#[derive(Debug, Clone, Copy)]
pub struct CookiePolicy {
    pub secure: bool,
}

impl CookiePolicy {
    /// The cookie's name in this mode.
    pub fn name(self) -> &'static str {
        if self.secure {
            "__Host-ct_session"
        } else {
            "ct_session"
        }
    }

    fn attributes(self) -> &'static str {
        if self.secure {
            "Path=/; HttpOnly; SameSite=Lax; Secure"
        } else {
            "Path=/; HttpOnly; SameSite=Lax"
        }
    }

    /// `Set-Cookie` for a new session. No Max-Age: the browser forgets it when it closes, and
    /// the server ends it at its idle or absolute expiry whatever the browser keeps.
    pub fn set(self, secret: &str) -> Option<HeaderValue> {
        HeaderValue::from_str(&format!("{}={secret}; {}", self.name(), self.attributes())).ok()
    }

    /// `Set-Cookie` that makes the browser drop the cookie.
    pub fn clear(self) -> Option<HeaderValue> {
        HeaderValue::from_str(&format!(
            "{}=; Max-Age=0; {}",
            self.name(),
            self.attributes()
        ))
        .ok()
    }

    /// The session cookie's value in `headers`, if sent.
    fn read(self, headers: &HeaderMap) -> Option<String> {
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == self.name())
            .map(|(_, value)| value.trim().to_owned())
            .filter(|v| !v.is_empty())
    }
}

/// The credential a request carries: a bearer token first (a script), else the cookie.
fn credential(cookie: CookiePolicy, headers: &HeaderMap) -> Option<Credential> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, token) = v.trim().split_once(' ')?;
            scheme
                .eq_ignore_ascii_case("bearer")
                .then(|| token.trim().to_owned())
        })
        .filter(|t| !t.is_empty());
    match bearer {
        Some(t) => Some(Credential::Token(t)),
        None => cookie.read(headers).map(Credential::Session),
    }
}

/// Whether the request carries the anti-CSRF header.
pub fn has_csrf_header(headers: &HeaderMap) -> bool {
    headers.get(CSRF_HEADER).map(HeaderValue::as_bytes) == Some(b"1")
}

/// Methods that change nothing (and so need no anti-CSRF header).
fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The account a credential stands for (kind `unauthorized` when it is unknown, expired,
/// revoked, or its account is disabled).
pub async fn resolve(app: Arc<App>, credential: Credential) -> Result<SignedIn, Error> {
    super::blocking(move || match &credential {
        Credential::Session(secret) => sign_in::session_user(app.store(), secret),
        Credential::Token(token) => sign_in::token_user(app.store(), token),
    })
    .await
}

fn unauthorized() -> Error {
    Error::Unauthorized("sign in first".to_owned())
}

/// The layer in front of every protected route: 401 without a valid credential, 403 for a
/// cookie request that changes something without [`CSRF_HEADER`]; otherwise the request goes
/// on carrying the [`SignedIn`] account and its [`Credential`].
pub async fn require_user(
    State(team): State<Arc<Team>>,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(credential) = credential(team.cookie, request.headers()) else {
        return unauthorized().into_response();
    };
    if matches!(credential, Credential::Session(_))
        && !is_safe(request.method())
        && !has_csrf_header(request.headers())
    {
        return Error::Forbidden(format!(
            "a request that changes something must carry the header {CSRF_HEADER}: 1"
        ))
        .into_response();
    }
    match resolve(Arc::clone(&team.app), credential.clone()).await {
        Ok(user) => {
            request.extensions_mut().insert(user);
            request.extensions_mut().insert(credential);
            next.run(request).await
        }
        Err(e) => e.into_response(),
    }
}

/// The signed-in account of a request that passed [`require_user`].
#[derive(Debug, Clone)]
pub struct Authenticated(pub SignedIn);

impl<S: Send + Sync> FromRequestParts<S> for Authenticated {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Error> {
        parts
            .extensions
            .get::<SignedIn>()
            .cloned()
            .map(Authenticated)
            .ok_or_else(unauthorized)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Credential {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Error> {
        parts
            .extensions
            .get::<Credential>()
            .cloned()
            .ok_or_else(unauthorized)
    }
}

/// The address a sign-in comes from, for throttling: the peer's, or, when the peer is a
/// reverse proxy on this machine (loopback), the last address it appended to
/// `X-Forwarded-For` (the one it saw; earlier entries are the client's word).
pub fn client_addr(peer: SocketAddr, headers: &HeaderMap) -> IpAddr {
    if !peer.ip().is_loopback() {
        return peer.ip();
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .last()
        .and_then(|a| a.trim().parse::<IpAddr>().ok())
        .unwrap_or(peer.ip())
}
