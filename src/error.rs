//! The core's one error type, and its serialised form for the UI (`{kind, message, field}`).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Everything a service call can refuse or fail with. The message is meant for a person.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input broke a rule; `field` names the input field (camelCase, as the UI sends it).
    #[error("{message}")]
    Validation { field: String, message: String },
    /// The value must be unique and is not.
    #[error("{message}")]
    Duplicate { field: String, message: String },
    /// No such record.
    #[error("{entity} {id} was not found")]
    NotFound { entity: &'static str, id: String },
    /// Someone else saved in between: the edit was based on an older version.
    #[error(
        "{entity} {id} was changed by someone else (you edited version {expected}, it is now at version {actual}); reload it and apply your change again"
    )]
    Conflict {
        entity: &'static str,
        id: String,
        expected: i32,
        actual: i32,
    },
    /// The person cancelled a long export or import; nothing was written.
    #[error("cancelled: nothing was written")]
    Cancelled,
    /// The record's state forbids the change (an approved report is locked until reopened).
    #[error("{0}")]
    Locked(String),
    /// The file was written by a newer version of the app; nothing was written to it.
    #[error(
        "{} was written by a newer version of Commitment Tracker (schema version {found}; this version knows up to {supported}); it was left untouched: please update the app",
        path.display()
    )]
    SchemaTooNew {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    /// The file is not a Commitment Tracker database; nothing was written to it.
    #[error("{} is not a Commitment Tracker database ({reason}); it was left untouched", path.display())]
    NotOurDatabase { path: PathBuf, reason: String },
    /// A request the command table could not understand (unknown command, malformed arguments).
    #[error("{message}")]
    BadRequest {
        message: String,
        field: Option<String>,
    },
    /// The request was refused: the caller's role or assignments do not allow it (browser
    /// mode: missing token, foreign host).
    #[error("{0}")]
    Forbidden(String),
    /// No one is signed in, or the session or token has expired or been revoked.
    #[error("{0}")]
    Unauthorized(String),
    /// Too many failed sign-ins: wait and try again.
    #[error("{message}")]
    Throttled {
        message: String,
        retry_after_secs: u64,
    },
    /// A service this server relies on (the organisation's OpenID provider) could not be
    /// reached or answered wrongly: nothing was changed; try again later.
    #[error("{0}")]
    Unavailable(String),
    /// A schema migration would have left the database inconsistent; it was rolled back.
    #[error("schema migration {version} was rolled back: {message}")]
    Migration { version: u32, message: String },
    /// SQLite failed.
    #[error("{}", storage_message(.0))]
    Storage(#[from] rusqlite::Error),
    /// PostgreSQL failed.
    #[error("{}", postgres_message(.0))]
    Postgres(#[from] postgres::Error),
    /// No PostgreSQL connection could be had (the server is down or refuses).
    #[error("the database server cannot be reached: {0}")]
    Unreachable(String),
    /// A stored value could not be read as the type the app expects.
    #[error("a stored value could not be read: {0}")]
    Cell(#[from] crate::store::db::CellError),
    /// The engine cannot do this (a SQLite file's copy on a PostgreSQL database).
    #[error("{0}")]
    Unsupported(String),
    /// E-mail could not be sent (the mail server is unreachable or refused); the notices
    /// concerned are tried again at the next run.
    #[error("{0}")]
    Mail(String),
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// This database is an offline copy of a team server and the server cannot be reached
    /// now: the command needs it (review steps, the catalogue). Nothing was changed here.
    #[error("{0}")]
    Offline(String),
    /// The other side speaks another version of the sync protocol: this app must be updated
    /// (nothing was sent or lost; pending edits stay until then).
    #[error("{0}")]
    Outdated(String),
    /// A team server refused or failed a command (`ct --server`): its kind, message and field
    /// as it answered them, so the command line says what it would have said on that computer.
    #[error("{message}")]
    Remote {
        kind: ErrorKind,
        message: String,
        field: Option<String>,
    },
}

impl Error {
    /// Whether this is a write to a pipe whose reader has gone (EPIPE), however wrapped.
    pub fn is_broken_pipe(&self) -> bool {
        let Error::Io { source, .. } = self else {
            return false;
        };
        let inner_csv = source
            .get_ref()
            .and_then(|e| e.downcast_ref::<csv::Error>())
            .and_then(|e| match e.kind() {
                csv::ErrorKind::Io(io) => Some(io.kind()),
                _ => None,
            });
        source.kind() == std::io::ErrorKind::BrokenPipe
            || inner_csv == Some(std::io::ErrorKind::BrokenPipe)
    }

    /// A validation error on `field`.
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Validation {
            field: field.into(),
            message: message.into(),
        }
    }

    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// The kind, as the UI sees it.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Validation { .. } => ErrorKind::Validation,
            Error::Duplicate { .. } => ErrorKind::Duplicate,
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::Conflict { .. } => ErrorKind::Conflict,
            Error::Locked(_) => ErrorKind::Locked,
            Error::Cancelled => ErrorKind::Cancelled,
            Error::SchemaTooNew { .. } => ErrorKind::SchemaTooNew,
            Error::NotOurDatabase { .. } => ErrorKind::NotOurDatabase,
            Error::BadRequest { .. } => ErrorKind::BadRequest,
            Error::Forbidden(_) => ErrorKind::Forbidden,
            Error::Unauthorized(_) => ErrorKind::Unauthorized,
            Error::Throttled { .. } => ErrorKind::Throttled,
            Error::Unavailable(_) => ErrorKind::Unavailable,
            Error::Offline(_) => ErrorKind::Offline,
            Error::Outdated(_) => ErrorKind::Outdated,
            Error::Storage(_)
            | Error::Postgres(_)
            | Error::Unreachable(_)
            | Error::Cell(_)
            | Error::Unsupported(_)
            | Error::Migration { .. } => ErrorKind::Storage,
            // A mail server is I/O beyond this process, as a file is.
            Error::Io { .. } | Error::Mail(_) => ErrorKind::Io,
            Error::Remote { kind, .. } => *kind,
        }
    }

    /// The input field the error is about, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Validation { field, .. } | Error::Duplicate { field, .. } => Some(field),
            Error::BadRequest { field, .. } | Error::Remote { field, .. } => field.as_deref(),
            _ => None,
        }
    }
}

/// Machine-readable error kinds, stable across versions (the UI switches on them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    Validation,
    NotFound,
    Conflict,
    Locked,
    Cancelled,
    Duplicate,
    SchemaTooNew,
    NotOurDatabase,
    BadRequest,
    Forbidden,
    Unauthorized,
    Throttled,
    Unavailable,
    /// An offline copy's server cannot be reached, and the command needs it.
    Offline,
    /// The app is older (or newer) than the server's sync protocol: update it.
    Outdated,
    Storage,
    Io,
}

/// An error as the UI receives it, from either transport.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ApiError {
    pub kind: ErrorKind,
    pub message: String,
    pub field: Option<String>,
}

impl From<&Error> for ApiError {
    fn from(e: &Error) -> Self {
        ApiError {
            kind: e.kind(),
            message: e.to_string(),
            field: e.field().map(str::to_owned),
        }
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        ApiError::from(&e)
    }
}

impl From<ApiError> for Error {
    /// An error as a team server answered it: the variants that carry only a message and a
    /// field come back as themselves, the others as [`Error::Remote`] with the same kind,
    /// message and field.
    fn from(e: ApiError) -> Self {
        let ApiError {
            kind,
            message,
            field,
        } = e;
        match (kind, field) {
            (ErrorKind::Validation, Some(field)) => Error::Validation { field, message },
            (ErrorKind::Duplicate, Some(field)) => Error::Duplicate { field, message },
            (ErrorKind::BadRequest, field) => Error::BadRequest { message, field },
            (ErrorKind::Forbidden, None) => Error::Forbidden(message),
            (ErrorKind::Unauthorized, None) => Error::Unauthorized(message),
            (ErrorKind::Locked, None) => Error::Locked(message),
            (ErrorKind::Offline, None) => Error::Offline(message),
            (ErrorKind::Outdated, None) => Error::Outdated(message),
            (kind, field) => Error::Remote {
                kind,
                message,
                field,
            },
        }
    }
}

/// A person-readable message for a PostgreSQL failure.
fn postgres_message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("database error: {} ({})", db.message(), db.code().code()),
        None if e.is_closed() => {
            "the connection to the database server was lost: the change was not saved; try again once the server is back".to_owned()
        }
        None => format!("database error: {e}"),
    }
}

/// A person-readable message for a storage failure; the ones people can act on say what to do.
fn storage_message(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => {
            "the disk is full: the change was not saved (what you typed is kept); free some space and save again".to_owned()
        }
        Some(ErrorCode::ReadOnly) => {
            "the database file is read-only: the change was not saved (what you typed is kept); check the file's permissions".to_owned()
        }
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            "the database is busy with another program's change: try again in a moment".to_owned()
        }
        Some(ErrorCode::CannotOpen) => format!("the database file cannot be opened ({e})"),
        _ => format!("database error: {e}"),
    }
}
