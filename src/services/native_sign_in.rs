//! Single sign-on for the desktop app and `ct` (RFC 8252, "OAuth 2.0 for Native Apps"), on the
//! team server's side. The app opens the system browser at `/auth/oidc/start?native=<its
//! loopback address>&challenge=<S256 of a secret it keeps>`; the person signs in at the
//! organisation's provider as in the browser; at the callback, instead of a session cookie, the
//! server sends the browser to the app's loopback address with a one-time code, which the app
//! exchanges, with its secret, for a personal access token (`POST /auth/native/token`).
//!
//! The code is useless without the secret (a page or another program on the computer that
//! sees the redirect cannot use it), lives two minutes, and works once. Only loopback
//! addresses (`http://127.0.0.1:PORT/…`, `http://[::1]:PORT/…`) are accepted as the app's
//! address, as RFC 8252 §7.3 and §8.3 say: no site can receive a code.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::domain::NewToken;
use crate::error::Error;
use crate::services::{accounts, secrets};
use crate::store::Store;

/// How long a code waits for its exchange.
const CODE_LIFETIME: Duration = Duration::from_secs(120);

/// At most this many codes wait at once (a flood of sign-ins cannot fill memory).
const MAX_CODES: usize = 10_000;

/// How long the token a native sign-in makes lasts (days).
pub const TOKEN_DAYS: u32 = 365;

/// The app behind a sign-in: where to send its code, and the challenge its secret must meet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NativeClient {
    pub redirect: String,
    pub challenge: String,
}

impl NativeClient {
    /// Checks the app's loopback address and challenge (43 base64url characters: a SHA-256).
    ///
    /// Errors: `bad_request` on field `native` for an address that is not loopback HTTP with
    /// a port, on `challenge` for a malformed challenge.
    pub fn new(redirect: &str, challenge: &str) -> Result<NativeClient, Error> {
        let loopback = ["http://127.0.0.1:", "http://[::1]:"]
            .iter()
            .find_map(|p| redirect.strip_prefix(p));
        let port_ok = loopback.is_some_and(|rest| {
            let port = rest.split(['/', '?']).next().unwrap_or_default();
            port.parse::<u16>().is_ok_and(|p| p > 0)
        });
        if !port_ok || redirect.contains('#') {
            return Err(Error::BadRequest {
                message: format!(
                    "{redirect:?} is not an app's loopback address (http://127.0.0.1:PORT/…)"
                ),
                field: Some("native".to_owned()),
            });
        }
        let well_formed = challenge.len() == 43
            && challenge
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !well_formed {
            return Err(Error::BadRequest {
                message: "the challenge must be the base64url SHA-256 of the app's secret"
                    .to_owned(),
                field: Some("challenge".to_owned()),
            });
        }
        Ok(NativeClient {
            redirect: redirect.to_owned(),
            challenge: challenge.to_owned(),
        })
    }

    /// The app's address with `key=value` added to its query.
    pub fn redirect_with(&self, key: &str, value: &str) -> String {
        let value: String =
            openidconnect::url::form_urlencoded::byte_serialize(value.as_bytes()).collect();
        let sep = if self.redirect.contains('?') {
            '&'
        } else {
            '?'
        };
        format!("{}{sep}{key}={value}", self.redirect)
    }
}

/// The S256 challenge of a secret (base64url of its SHA-256), as the app computes it.
pub fn challenge_of(secret: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(secret.as_bytes()))
}

struct Code {
    user_id: String,
    challenge: String,
    created: Instant,
}

/// The codes given to apps and not yet exchanged (a single server process holds them, as it
/// holds the pending sign-ins).
#[derive(Default)]
pub struct NativeCodes {
    codes: Mutex<HashMap<String, Code>>,
}

impl NativeCodes {
    /// A one-time code for `user_id`'s sign-in through `client`.
    ///
    /// Errors: `throttled` when too many codes wait.
    pub fn issue(&self, user_id: &str, client: &NativeClient) -> Result<String, Error> {
        let code = secrets::new_secret("")?;
        let now = Instant::now();
        let mut codes = self.codes.lock().unwrap_or_else(PoisonError::into_inner);
        codes.retain(|_, c| now.saturating_duration_since(c.created) <= CODE_LIFETIME);
        if codes.len() >= MAX_CODES {
            return Err(Error::Throttled {
                message: "too many sign-ins are in progress: try again in a minute".to_owned(),
                retry_after_secs: 60,
            });
        }
        codes.insert(
            secrets::digest(&code),
            Code {
                user_id: user_id.to_owned(),
                challenge: client.challenge.clone(),
                created: now,
            },
        );
        Ok(code)
    }

    /// Exchanges a code and the app's secret for a personal access token labelled `label`.
    /// The code is used up whatever the outcome.
    ///
    /// Errors: `unauthorized` for an unknown, used or expired code, or a secret that does not
    /// meet the challenge; `validation` for an empty label.
    pub fn exchange(
        &self,
        store: &Store,
        code: &str,
        verifier: &str,
        label: &str,
    ) -> Result<NewToken, Error> {
        let found = self
            .codes
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&secrets::digest(code));
        let again = "sign in again from the app";
        let Some(found) = found else {
            return Err(Error::Unauthorized(format!(
                "this sign-in code is unknown or was already used: {again}"
            )));
        };
        if found.created.elapsed() > CODE_LIFETIME {
            return Err(Error::Unauthorized(format!(
                "this sign-in code expired: {again}"
            )));
        }
        if !secrets::same(&challenge_of(verifier), &found.challenge) {
            return Err(Error::Unauthorized(format!(
                "this sign-in code was given to another app: {again}"
            )));
        }
        accounts::create_token(store, &found.user_id, label, TOKEN_DAYS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    #[test]
    fn only_loopback_addresses_with_a_port_are_an_apps() {
        for ok in [
            "http://127.0.0.1:49152/signed-in",
            "http://[::1]:8080/",
            "http://127.0.0.1:5000",
        ] {
            assert!(NativeClient::new(ok, CHALLENGE).is_ok(), "{ok}");
        }
        for bad in [
            "https://evil.example/cb",
            "http://127.0.0.1.evil.example:80/",
            "http://localhost:5000/",
            "http://127.0.0.1/",
            "http://127.0.0.1:0/",
            "http://127.0.0.1:5000/#x",
            "javascript:alert(1)",
        ] {
            let e = NativeClient::new(bad, CHALLENGE).unwrap_err();
            assert_eq!(e.field(), Some("native"), "{bad}");
        }
        let e = NativeClient::new("http://127.0.0.1:5000/", "short").unwrap_err();
        assert_eq!(e.field(), Some("challenge"));
    }

    #[test]
    fn the_challenge_is_rfc_7636s_s256() {
        // RFC 7636, appendix B.
        assert_eq!(
            challenge_of("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            CHALLENGE
        );
    }

    #[test]
    fn the_redirect_keeps_its_query() {
        let c = NativeClient::new("http://127.0.0.1:5000/cb?x=1", CHALLENGE).unwrap();
        assert_eq!(
            c.redirect_with("code", "a b"),
            "http://127.0.0.1:5000/cb?x=1&code=a+b"
        );
    }
}
