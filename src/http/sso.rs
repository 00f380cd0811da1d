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
//! Without single sign-on configured, `start` and `callback` answer 404.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::auth::CookiePolicy;
use super::team::Team;
use super::{blocking, ok_json};
use crate::domain::SignInMethods;
use crate::error::Error;
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

/// `GET /auth/oidc/start`.
pub async fn start(State(team): State<Arc<Team>>) -> Response {
    let Some(oidc) = team.sso.clone() else {
        return not_configured();
    };
    match blocking(move || oidc.begin()).await {
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
    let signed =
        blocking(move || oidc.finish(app.store(), &answer, browser_state.as_deref())).await;
    let drop_state = state_cookie(team.cookie, "", 0);
    match signed {
        Ok((_, secret)) => found("/", [team.cookie.set(secret.as_str()), drop_state]),
        Err(e) => {
            let message: String =
                openidconnect::url::form_urlencoded::byte_serialize(e.to_string().as_bytes())
                    .collect();
            found(&format!("/?sign_in_error={message}"), [drop_state])
        }
    }
}
