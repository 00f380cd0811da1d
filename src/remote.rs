//! A team server's command table over HTTP, as its personal-access-token clients call it:
//! `ct --server` and an offline copy's sync ([`crate::services::replica`]). Refusals come back
//! as the server's own `{kind, message, field}`; a server that cannot be reached is an
//! [`Error::Io`] of kind `NotConnected` ([`is_unreachable`]).

use std::io::Read;
use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use crate::error::{ApiError, Error, ErrorKind};
use crate::export::{write_atomically, ExportOutcome};

/// The largest JSON answer read from a server (a whole catalogue's list is a few MB).
const MAX_ANSWER_BYTES: u64 = 512 * 1024 * 1024;

/// A team server, reached with a personal access token.
pub struct Remote {
    /// Without a trailing slash.
    base: String,
    token: String,
    agent: ureq::Agent,
}

impl Remote {
    /// A server at `url` (`http://` or `https://`), called with `token`.
    ///
    /// Errors: `BadRequest` on field `server` for a URL of another scheme, on `token` for an
    /// empty token.
    pub fn new(url: &str, token: &str) -> Result<Remote, Error> {
        if token.trim().is_empty() {
            return Err(Error::BadRequest {
                message: "--server needs a personal access token: --token or COMMITMENT_TRACKER_TOKEN (`ct users token EMAIL` on the server makes one)".to_owned(),
                field: Some("token".to_owned()),
            });
        }
        let mut remote = Remote::unsigned(url)?;
        remote.token = token.trim().to_owned();
        Ok(remote)
    }

    /// A server at `url`, before any credential (to sign in).
    fn unsigned(url: &str) -> Result<Remote, Error> {
        let base = url.trim().trim_end_matches('/').to_owned();
        if !(base.starts_with("https://") || base.starts_with("http://")) {
            return Err(Error::BadRequest {
                message: format!("--server {url:?}: give the server's address as https://…"),
                field: Some("server".to_owned()),
            });
        }
        let agent: ureq::Agent = ureq::Agent::config_builder()
            // Refusals come back as the table's JSON errors, which are read, not thrown.
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(30)))
            .user_agent(concat!("commitment-tracker/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Ok(Remote {
            base,
            token: String::new(),
            agent,
        })
    }

    /// Signs in to the server at `url` with an e-mail and password, makes a personal access
    /// token labelled `label` (valid `days`), and ends that sign-in's session: a desktop copy
    /// keeps the token, never the password.
    ///
    /// Errors: the server's (`unauthorized` for a wrong password, `throttled`); unreachable.
    pub fn sign_in(
        url: &str,
        email: &str,
        password: &str,
        label: &str,
        days: u32,
    ) -> Result<Remote, Error> {
        let remote = Remote::unsigned(url)?;
        let sign_in = format!("{}/auth/sign-in", remote.base);
        let body = serde_json::json!({ "email": email, "password": password }).to_string();
        let response = remote
            .agent
            .post(&sign_in)
            .header("content-type", "application/json")
            .header("x-ct-csrf", "1")
            .send(body.as_bytes())
            .map_err(|e| remote.unreachable(&sign_in, e))?;
        // `name=value` of the session cookie (its attributes stay behind).
        let cookie = response
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(str::to_owned);
        remote.json_answer(&sign_in, response)?;
        let cookie = cookie.ok_or_else(|| Error::Remote {
            kind: ErrorKind::Io,
            message: format!("{sign_in}: the server signed in but set no session cookie"),
            field: None,
        })?;
        let with_cookie = |path: &str, body: String| -> Result<Value, Error> {
            let url = format!("{}{path}", remote.base);
            let response = remote
                .agent
                .post(&url)
                .header("cookie", &cookie)
                .header("x-ct-csrf", "1")
                .header("content-type", "application/json")
                .send(body.as_bytes())
                .map_err(|e| remote.unreachable(&url, e))?;
            remote.json_answer(&url, response)
        };
        let made = with_cookie(
            "/api/create_token",
            serde_json::json!({ "label": label, "days": days }).to_string(),
        )?;
        let token = made
            .get("token")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| {
                not_the_table(
                    &sign_in,
                    200,
                    &serde_json::Error::io(std::io::Error::other("no token in the answer")),
                )
            })?;
        // The token is what is kept; the session is not needed any more.
        let _ = with_cookie("/auth/sign-out", String::new());
        Remote::new(url, &token)
    }

    /// How the server at `url` lets people sign in (`GET /auth/methods`), before anything
    /// else: also tells that it can be reached and is a team server.
    ///
    /// Errors: unreachable ([`is_unreachable`]); not a team server.
    pub fn sign_in_methods(url: &str) -> Result<crate::domain::SignInMethods, Error> {
        let remote = Remote::unsigned(url)?;
        let methods = format!("{}/auth/methods", remote.base);
        let response = remote
            .agent
            .get(&methods)
            .call()
            .map_err(|e| remote.unreachable(&methods, e))?;
        let value = remote.json_answer(&methods, response)?;
        serde_json::from_value(value).map_err(|e| not_the_table(&methods, 200, &e))
    }

    /// Exchanges a native sign-in's one-time code and the app's secret for a personal access
    /// token (`POST /auth/native/token`); a [`Remote`] calling with it.
    ///
    /// Errors: the server's (`unauthorized`: unknown, used, expired or another app's code).
    pub fn exchange_code(
        url: &str,
        code: &str,
        verifier: &str,
        label: &str,
    ) -> Result<Remote, Error> {
        let remote = Remote::unsigned(url)?;
        let exchange = format!("{}/auth/native/token", remote.base);
        let body = serde_json::json!({ "code": code, "verifier": verifier, "label": label });
        let response = remote
            .agent
            .post(&exchange)
            .header("content-type", "application/json")
            .send(body.to_string().as_bytes())
            .map_err(|e| remote.unreachable(&exchange, e))?;
        let made = remote.json_answer(&exchange, response)?;
        let token = made
            .get("token")
            .and_then(Value::as_str)
            .ok_or_else(|| Error::Remote {
                kind: ErrorKind::Io,
                message: format!("{exchange}: the answer holds no token"),
                field: None,
            })?;
        Remote::new(url, token)
    }

    /// The server's address, without a trailing slash.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The token the calls carry.
    pub fn token(&self) -> &str {
        &self.token
    }

    fn unreachable(&self, url: &str, e: impl std::fmt::Display) -> Error {
        let _ = self;
        Error::io(
            url,
            std::io::Error::new(
                std::io::ErrorKind::NotConnected,
                format!("the server cannot be reached: {e}"),
            ),
        )
    }

    /// `POST /api/<cmd>` with the token; the result's JSON, or the error it answered.
    pub fn call(&self, cmd: &str, args: &Value) -> Result<Value, Error> {
        let url = format!("{}/api/{cmd}", self.base);
        let body = serde_json::to_vec(args).map_err(|e| Error::BadRequest {
            message: format!("could not encode the arguments of {cmd}: {e}"),
            field: None,
        })?;
        // A token is no ambient credential: unlike the browser's cookie it needs no CSRF
        // header.
        let response = self
            .agent
            .post(&url)
            .header("authorization", &format!("Bearer {}", self.token))
            .header("content-type", "application/json")
            .send(&body[..])
            .map_err(|e| self.unreachable(&url, e))?;
        self.json_answer(&url, response)
    }

    /// `POST /upload?name=NAME` with the file as the body (streamed).
    pub fn upload(&self, name: &str, file: std::fs::File) -> Result<Uploaded, Error> {
        let url = format!("{}/upload", self.base);
        let response = self
            .agent
            .post(&url)
            .query("name", name)
            .header("authorization", &format!("Bearer {}", self.token))
            .header("content-type", "application/octet-stream")
            .send(file)
            .map_err(|e| self.unreachable(&url, e))?;
        let value = self.json_answer(&url, response)?;
        serde_json::from_value(value).map_err(|e| not_the_table(&url, 200, &e))
    }

    /// A JSON answer: the value on success, else the error the server said.
    fn json_answer(
        &self,
        url: &str,
        mut response: ureq::http::Response<ureq::Body>,
    ) -> Result<Value, Error> {
        let status = response.status();
        let bytes = response
            .body_mut()
            .with_config()
            .limit(MAX_ANSWER_BYTES)
            .read_to_vec()
            .map_err(|e| self.unreachable(url, e))?;
        if status.is_success() {
            serde_json::from_slice(&bytes).map_err(|e| not_the_table(url, status.as_u16(), &e))
        } else {
            Err(refused(url, status.as_u16(), &bytes))
        }
    }

    /// `GET /download/<id>` into `out` (atomically); the outcome names `out`, as a local
    /// export's does.
    pub fn download(&self, id: &str, out: &Path, rows: u64) -> Result<ExportOutcome, Error> {
        let url = format!("{}/download/{id}", self.base);
        let mut response = self
            .agent
            .get(&url)
            .header("authorization", &format!("Bearer {}", self.token))
            .call()
            .map_err(|e| self.unreachable(&url, e))?;
        let status = response.status();
        if !status.is_success() {
            let mut bytes = Vec::new();
            let _ = response
                .body_mut()
                .as_reader()
                .take(64 * 1024)
                .read_to_end(&mut bytes);
            return Err(refused(&url, status.as_u16(), &bytes));
        }
        let mut reader = response.body_mut().with_config().limit(u64::MAX).reader();
        write_atomically(out, |w| {
            std::io::copy(&mut reader, w).map_err(|e| self.unreachable(&url, e))?;
            Ok(rows)
        })
    }
}

/// What `POST /upload` answers.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Uploaded {
    pub upload_id: String,
}

/// A refusal as the server answered it: the table's `{kind, message, field}`, or (from
/// something in front of it, a proxy's error page) the status and the start of the body.
fn refused(url: &str, status: u16, body: &[u8]) -> Error {
    match serde_json::from_slice::<ApiError>(body) {
        Ok(e) => Error::from(e),
        Err(_) => Error::Remote {
            kind: match status {
                401 => ErrorKind::Unauthorized,
                403 => ErrorKind::Forbidden,
                404 => ErrorKind::NotFound,
                429 => ErrorKind::Throttled,
                _ => ErrorKind::Io,
            },
            message: format!(
                "{url}: the server answered {status}: {}",
                String::from_utf8_lossy(&body[..body.len().min(200)]).trim()
            ),
            field: None,
        },
    }
}

fn not_the_table(url: &str, status: u16, e: &serde_json::Error) -> Error {
    Error::Remote {
        kind: ErrorKind::Io,
        message: format!(
            "{url}: the server answered {status} with something other than the command table's JSON ({e}): is this a Commitment Tracker team server?"
        ),
        field: None,
    }
}

/// Whether `e` says the server could not be reached (rather than answering).
pub fn is_unreachable(e: &Error) -> bool {
    matches!(e, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::NotConnected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_keeps_the_servers_kind_message_and_field() {
        let body = br#"{"kind":"not_found","message":"commitment 999 was not found","field":null}"#;
        let e = refused("http://h/api/find_commitment", 404, body);
        assert_eq!(e.kind(), ErrorKind::NotFound);
        assert_eq!(e.to_string(), "commitment 999 was not found");
        let body =
            br#"{"kind":"validation","message":"a new report needs a status","field":"status"}"#;
        let e = refused("http://h/api/set_report", 400, body);
        assert!(matches!(e, Error::Validation { .. }));
        assert_eq!(e.field(), Some("status"));
    }

    #[test]
    fn a_page_from_something_else_says_the_status_and_what_it_said() {
        let e = refused("http://h/api/search", 502, b"<html>Bad Gateway</html>");
        assert_eq!(e.kind(), ErrorKind::Io);
        assert!(e.to_string().contains("502"), "{e}");
        assert!(e.to_string().contains("Bad Gateway"), "{e}");
    }

    #[test]
    fn a_server_address_must_be_http_and_a_token_given() {
        assert_eq!(
            Remote::new("ftp://x", "t")
                .err()
                .and_then(|e| e.field().map(str::to_owned)),
            Some("server".to_owned())
        );
        assert_eq!(
            Remote::new("https://x", " ")
                .err()
                .and_then(|e| e.field().map(str::to_owned)),
            Some("token".to_owned())
        );
        assert!(Remote::new("https://ct.example.org/", "t").is_ok());
    }
}
