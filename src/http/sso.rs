//! Single sign-on's endpoints on a team server; the flow itself is the core's
//! ([`crate::services::oidc`]). All three are open (one signs in through them):
//!
//! - `GET /auth/methods`: [`SignInMethods`], so the sign-in page knows whether to offer
//!   "Sign in with your organisation".
//! - `GET /auth/oidc/start`: 302 to the provider's sign-in page, with a short-lived cookie
//!   holding the sign-in's state (`__Host-ct_oidc` over HTTPS, `ct_oidc` on plain HTTP; 10
//!   minutes; SameSite=Lax, so it comes back on the provider's redirect, a top-level GET).
//! - `GET /auth/oidc/callback?code&state` (or `?error&error_description&state`): the state
//!   must equal the cookie's and name a pending sign-in; then the session cookie is set
//!   exactly as `POST /auth/sign-in` sets it, and 302 to `/`. Any refusal: 302 to
//!   `/?sign_in_error=<message>` (the sign-in page shows the message). The state cookie is
//!   dropped either way.
//!
//! - `GET /auth/oidc/start?native=<loopback URL>&challenge=<S256>`: the same, begun by the
//!   desktop app or `ct` through the system browser; the callback then sends the browser to
//!   the app's loopback URL with `?code=` (or `?error=`) instead of setting a cookie.
//! - `POST /auth/native/token` `{code, verifier, label}`: the app's code and secret for a
//!   personal access token (`NewToken`); 401 for a code unknown, used, expired, or another
//!   app's ([`crate::services::native_sign_in`]).
//!
//! Without single sign-on configured, `start`, `callback` and `native/token` answer 404.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::auth::CookiePolicy;
use super::team::Team;
use super::{blocking, ok_json};
use crate::domain::SignInMethods;
use crate::error::Error;
use crate::services::native_sign_in::NativeClient;
use crate::services::oidc::{Callback, PENDING_MINUTES};

/// The state cookie's name and attributes, Secure with the `__Host-` prefix over HTTPS like
/// the session cookie's.
fn state_cookie_name(policy: CookiePolicy) -> &'static str {
    if policy.secure {
        "__Host-ct_oidc"
    } else {
        "ct_oidc"
    }
}

fn state_cookie(policy: CookiePolicy, value: &str, max_age: u64) -> Option<HeaderValue> {
    let secure = if policy.secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{}={value}; Max-Age={max_age}; Path=/; HttpOnly; SameSite=Lax{secure}",
        state_cookie_name(policy)
    ))
    .ok()
}

fn read_state_cookie(policy: CookiePolicy, headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == state_cookie_name(policy))
        .map(|(_, value)| value.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// 302 to `location` with these cookies.
fn found(location: &str, cookies: impl IntoIterator<Item = Option<HeaderValue>>) -> Response {
    let mut r = StatusCode::FOUND.into_response();
    if let Ok(l) = HeaderValue::from_str(location) {
        r.headers_mut().insert(header::LOCATION, l);
    }
    for c in cookies.into_iter().flatten() {
        r.headers_mut().append(header::SET_COOKIE, c);
    }
    r
}

fn not_configured() -> Response {
    Error::NotFound {
        entity: "single sign-on",
        id: "(not configured on this server)".to_owned(),
    }
    .into_response()
}

/// `GET /auth/methods`.
pub async fn methods(State(team): State<Arc<Team>>) -> Response {
    ok_json(&SignInMethods {
        password: true,
        single_sign_on: team.sso.is_some(),
    })
}

/// The query of `GET /auth/oidc/start` (both empty for the web UI's sign-in).
#[derive(Debug, Default, serde::Deserialize)]
pub struct StartQuery {
    native: Option<String>,
    challenge: Option<String>,
}

/// `GET /auth/oidc/start`.
pub async fn start(State(team): State<Arc<Team>>, Query(q): Query<StartQuery>) -> Response {
    let Some(oidc) = team.sso.clone() else {
        return not_configured();
    };
    let native = match (q.native.as_deref(), q.challenge.as_deref()) {
        (None, None) => None,
        (redirect, challenge) => {
            match NativeClient::new(redirect.unwrap_or_default(), challenge.unwrap_or_default()) {
                Ok(n) => Some(n),
                Err(e) => return e.into_response(),
            }
        }
    };
    let begun = blocking(move || match native {
        Some(n) => oidc.begin_native(n),
        None => oidc.begin(),
    });
    match begun.await {
        Ok(started) => found(
            &started.url,
            [state_cookie(
                team.cookie,
                &started.state,
                PENDING_MINUTES * 60,
            )],
        ),
        Err(e) => e.into_response(),
    }
}

/// `GET /auth/oidc/callback`.
pub async fn callback(
    State(team): State<Arc<Team>>,
    Query(answer): Query<Callback>,
    headers: HeaderMap,
) -> Response {
    let Some(oidc) = team.sso.clone() else {
        return not_configured();
    };
    let browser_state = read_state_cookie(team.cookie, &headers);
    let app = Arc::clone(&team.app);
    let codes = Arc::clone(&team.native_codes);
    let signed = blocking(move || {
        let state = answer.state.as_deref().unwrap_or_default();
        let pending = oidc.claim(state, browser_state.as_deref())?;
        match pending.native().cloned() {
            // The app's answer goes to the app, success or refusal.
            Some(native) => Ok(Finished::App(
                oidc.account(app.store(), pending, &answer)
                    .and_then(|user| codes.issue(&user.id, &native))
                    .map_or_else(
                        |e| native.redirect_with("error", &e.to_string()),
                        |code| native.redirect_with("code", &code),
                    ),
            )),
            None => oidc
                .complete(app.store(), pending, &answer)
                .map(|(_, secret)| Finished::Browser(secret)),
        }
    })
    .await;
    let drop_state = state_cookie(team.cookie, "", 0);
    match signed {
        Ok(Finished::Browser(secret)) => found("/", [team.cookie.set(secret.as_str()), drop_state]),
        Ok(Finished::App(location)) => found(&location, [drop_state]),
        Err(e) => {
            let message: String =
                openidconnect::url::form_urlencoded::byte_serialize(e.to_string().as_bytes())
                    .collect();
            found(&format!("/?sign_in_error={message}"), [drop_state])
        }
    }
}

/// Where a sign-in's callback ends.
enum Finished {
    /// The web UI: a session.
    Browser(crate::services::sign_in::SessionSecret),
    /// The desktop app or `ct`: its loopback address with the code or the refusal.
    App(String),
}

/// The body of `POST /auth/native/token`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenExchange {
    code: String,
    verifier: String,
    label: String,
}

/// `POST /auth/native/token`.
pub async fn native_token(State(team): State<Arc<Team>>, body: axum::body::Bytes) -> Response {
    if team.sso.is_none() {
        return not_configured();
    }
    let req: TokenExchange = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return Error::BadRequest {
                message: format!("expected {{\"code\", \"verifier\", \"label\"}}: {e}"),
                field: None,
            }
            .into_response()
        }
    };
    let app = Arc::clone(&team.app);
    let codes = Arc::clone(&team.native_codes);
    match blocking(move || codes.exchange(app.store(), &req.code, &req.verifier, &req.label)).await
    {
        Ok(token) => ok_json(&token),
        Err(e) => e.into_response(),
    }
}
