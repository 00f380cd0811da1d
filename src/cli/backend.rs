//! Where the command line's commands run: the command table on this computer's database
//! (`api::dispatch` as [`Caller::Local`]), or a team server's table over HTTP (`--server URL
//! --token T`). Every command with a table equivalent goes through [`Backend::call`], so a
//! command prints the same and exits with the same code either way; only files cross the
//! network differently (an import's file is uploaded, an export is downloaded to the path
//! given).

use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::api;
use crate::app::App;
use crate::domain::Caller;
use crate::error::Error;
use crate::export::{ExportFormat, ExportOutcome, ExportScope};
pub use crate::remote::Remote;
use crate::services::exchange::{self, ExportRequest, FileSource};

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
