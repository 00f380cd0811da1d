//! Where the command line's commands run: the command table on this computer's database
//! (`api::dispatch` as [`Caller::Local`]), or a team server's table over HTTP (`--server URL
//! --token T`). Every command with a table equivalent goes through [`Backend::call`], so a
//! command prints the same and exits with the same code either way; only files cross the
//! network differently (an import's file is uploaded, an export is downloaded to the path
//! given).

use std::io::Read;
use std::path::Path;
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::api;
use crate::app::App;
use crate::domain::Caller;
use crate::error::{ApiError, Error, ErrorKind};
use crate::export::{write_atomically, ExportFormat, ExportOutcome, ExportScope};
use crate::services::exchange::{self, ExportRequest, FileSource};

/// The largest JSON answer read from a server (a whole catalogue's list is a few MB).
const MAX_ANSWER_BYTES: u64 = 512 * 1024 * 1024;

/// Where commands run.
pub enum Backend {
    /// This computer's database, as the person at it (everything allowed).
    Local(Box<App>),
    /// A team server, as the account whose token is given.
    Remote(Remote),
}

impl Backend {
    /// Runs the table's command `cmd` with `args`, decoding its result as `R`.
    ///
    /// Errors: the command's own (locally, or as the server answered them: same kind, message
    /// and field); a server that cannot be reached or answers something other than the
    /// table's JSON is an [`Error::Io`] naming its URL.
    pub fn call<A: Serialize, R: DeserializeOwned>(&self, cmd: &str, args: &A) -> Result<R, Error> {
        let args = serde_json::to_value(args).map_err(|e| Error::BadRequest {
            message: format!("could not encode the arguments of {cmd}: {e}"),
            field: None,
        })?;
        let value = match self {
            Backend::Local(app) => api::dispatch(app, &Caller::Local, cmd, args)?,
            Backend::Remote(r) => r.call(cmd, &args)?,
        };
        serde_json::from_value(value).map_err(|e| Error::BadRequest {
            message: format!("could not read the result of {cmd}: {e}"),
            field: None,
        })
    }

    /// The app, for the commands that run only on the database's own computer; `what` names
    /// the command in the refusal when the backend is a server.
    pub fn local(&self, what: &str) -> Result<&App, Error> {
        match self {
            Backend::Local(app) => Ok(app),
            Backend::Remote(_) => Err(refusal(what)),
        }
    }

    /// A file to import: named by its path here, or (on a server) uploaded first and named
    /// by the upload's id.
    ///
    /// Errors: the file cannot be read, is larger than an import may be, or the upload fails.
    pub fn source(&self, file: &Path) -> Result<FileSource, Error> {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match self {
            Backend::Local(_) => Ok(FileSource {
                name,
                path: Some(file.display().to_string()),
                content_base64: None,
                upload_id: None,
            }),
            Backend::Remote(r) => {
                let f = std::fs::File::open(file).map_err(|e| Error::io(file, e))?;
                let len = f.metadata().map_err(|e| Error::io(file, e))?.len();
                exchange::check_size(&name, len)?;
                let uploaded = r.upload(&name, f)?;
                Ok(FileSource {
                    name,
                    path: None,
                    content_base64: None,
                    upload_id: Some(uploaded.upload_id),
                })
            }
        }
    }

    /// Runs an export and leaves the file at `out` on this computer (from a server: written
    /// there, downloaded, and put in place only once complete).
    pub fn export(
        &self,
        format: ExportFormat,
        scope: ExportScope,
        bom: bool,
        out: &Path,
    ) -> Result<ExportOutcome, Error> {
        let mut req = ExportRequest {
            job_id: uuid::Uuid::new_v4().simple().to_string(),
            format,
            scope,
            path: None,
            bom,
        };
        match self {
            Backend::Local(_) => {
                req.path = Some(out.display().to_string());
                self.call("export_file", &req)
            }
            Backend::Remote(r) => {
                let made: ExportOutcome = self.call("export_file", &req)?;
                let id = made.download_id.ok_or_else(|| Error::BadRequest {
                    message: "the server wrote the export but offered no download".to_owned(),
                    field: None,
                })?;
                r.download(&id, out, made.rows)
            }
        }
    }
}

/// The refusal of a command that runs only on the database's own computer.
pub fn refusal(what: &str) -> Error {
    Error::BadRequest {
        message: format!(
            "`{what}` runs only on the server's own computer: run it there, without --server"
        ),
        field: None,
    }
}

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
        let base = url.trim().trim_end_matches('/').to_owned();
        if !(base.starts_with("https://") || base.starts_with("http://")) {
            return Err(Error::BadRequest {
                message: format!("--server {url:?}: give the server's address as https://…"),
                field: Some("server".to_owned()),
            });
        }
        if token.trim().is_empty() {
            return Err(Error::BadRequest {
                message: "--server needs a personal access token: --token or COMMITMENT_TRACKER_TOKEN (`ct users token EMAIL` on the server makes one)".to_owned(),
                field: Some("token".to_owned()),
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
            token: token.trim().to_owned(),
            agent,
        })
    }

    fn unreachable(&self, url: &str, e: impl std::fmt::Display) -> Error {
        let _ = self;
        Error::io(
            url,
            std::io::Error::other(format!("the server cannot be reached: {e}")),
        )
    }

    /// `POST /api/<cmd>` with the token; the result's JSON, or the error it answered.
    fn call(&self, cmd: &str, args: &Value) -> Result<Value, Error> {
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
    fn upload(&self, name: &str, file: std::fs::File) -> Result<Uploaded, Error> {
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
    fn download(&self, id: &str, out: &Path, rows: u64) -> Result<ExportOutcome, Error> {
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
struct Uploaded {
    upload_id: String,
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
