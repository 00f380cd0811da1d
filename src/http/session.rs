//! The sign-in endpoints of a team server. The password check, the throttle and the sessions
//! are the core's ([`crate::services::sign_in`]); here they meet cookies and headers.
//!
//! - `POST /auth/sign-in` `{email, password}` (open; needs `x-ct-csrf: 1` against login CSRF):
//!   the [`SignedIn`] account, and a new session cookie (a new id at every sign-in, whatever
//!   cookie the browser sent). Wrong e-mail or password: 401; too many failures: 429 with
//!   `Retry-After`.
//! - `GET /auth/session`: the signed-in account, or 401.
//! - `POST /auth/sign-out`: ends this session and drops the cookie.
//! - `POST /auth/sign-out-everywhere`: ends every session of the account.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::auth::{self, Authenticated, CookiePolicy, Credential};
use super::team::Team;
use super::{blocking, ok_json};
use crate::domain::SignedIn;
use crate::error::Error;
use crate::services::sign_in;

/// The body of `POST /auth/sign-in`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SignInRequest {
    email: String,
    password: String,
}

/// A JSON answer that also sets (or drops) the session cookie.
fn with_cookie(value: &impl serde::Serialize, cookie: Option<axum::http::HeaderValue>) -> Response {
    let mut r = ok_json(value);
    if let Some(c) = cookie {
        r.headers_mut().insert(header::SET_COOKIE, c);
    }
    r
}

/// `POST /auth/sign-in`.
pub async fn sign_in(
    State(team): State<Arc<Team>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !auth::has_csrf_header(&headers) {
        return Error::Forbidden(format!(
            "signing in must carry the header {}: 1",
            auth::CSRF_HEADER
        ))
        .into_response();
    }
    let req: SignInRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return Error::BadRequest {
                message: format!("expected {{\"email\", \"password\"}}: {e}"),
                field: None,
            }
            .into_response()
        }
    };
    let addr = auth::client_addr(peer, &headers);
    let app = Arc::clone(&team.app);
    let throttle = Arc::clone(&team.throttle);
    let signed = blocking(move || {
        sign_in::password(app.store(), &throttle, &req.email, &req.password, addr)
    })
    .await;
    match signed {
        Ok((user, secret)) => with_cookie(&user, team.cookie.set(secret.as_str())),
        Err(e) => e.into_response(),
    }
}

/// `GET /auth/session`.
pub async fn session(Authenticated(user): Authenticated) -> Response {
    ok_json(&user)
}

/// `POST /auth/sign-out`: a session ends; a personal access token is revoked instead.
pub async fn sign_out(State(team): State<Arc<Team>>, credential: Credential) -> Response {
    let Credential::Session(secret) = credential else {
        return Error::BadRequest {
            message: "a personal access token is not signed out of: revoke it instead".to_owned(),
            field: None,
        }
        .into_response();
    };
    let app = Arc::clone(&team.app);
    match blocking(move || sign_in::sign_out(app.store(), &secret)).await {
        Ok(()) => cleared(team.cookie),
        Err(e) => e.into_response(),
    }
}

/// `POST /auth/sign-out-everywhere`: every session of the account ends (tokens stay; they
/// are revoked one by one).
pub async fn sign_out_everywhere(
    State(team): State<Arc<Team>>,
    Authenticated(user): Authenticated,
) -> Response {
    let app = Arc::clone(&team.app);
    let id = user.id.clone();
    match blocking(move || sign_in::sign_out_everywhere(app.store(), &id)).await {
        Ok(_) => cleared(team.cookie),
        Err(e) => e.into_response(),
    }
}

fn cleared(cookie: CookiePolicy) -> Response {
    with_cookie(&Option::<SignedIn>::None, cookie.clear())
}
