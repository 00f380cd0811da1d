//! Argument and result types that exist only at the command boundary.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::app::App;
use crate::domain::{CommitmentInput, ReportChanges, ReportInput, Role};
use crate::error::Error;
use crate::store::{migrations, Engine};

/// No arguments (`{}`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct NoArgs {}

/// The UI's word that the first catalogue list is painted, with the moments it noted on the
/// way (the window's cold-start probe prints them; nothing is stored).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct UiReady {
    pub marks: Vec<StartupMark>,
}

/// A moment of the page's start: milliseconds since the page began loading.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StartupMark {
    pub name: String,
    pub at_ms: f64,
}

/// A record named by its UUID.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ById {
    pub id: String,
}

/// A framework named by its code (e.g. WHS).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ByCode {
    pub code: String,
}

/// A commitment named by its public Commitment ID, in one organisation (by code) or in
/// whichever single organisation has it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ByCommitmentId {
    #[serde(default)]
    pub organisation: Option<String>,
    pub commitment_id: String,
}

/// A record named by its UUID and the version the caller last saw.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VersionedId {
    pub id: String,
    pub expected_version: i32,
}

/// An edit of a commitment, based on the version the editor loaded.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UpdateCommitment {
    pub id: String,
    pub expected_version: i32,
    pub input: CommitmentInput,
}

/// A commitment named by its UUID.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ByCommitment {
    pub commitment: String,
}

/// A new report: one commitment (UUID), one year.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct NewReport {
    pub commitment: String,
    pub year: i32,
    pub input: ReportInput,
}

/// Changes to the report of one commitment (UUID) and year, which is created as a draft if
/// there is none (from last year's with `fromLastYear`): `ct report set`.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SetReport {
    pub commitment: String,
    pub year: i32,
    pub changes: ReportChanges,
    #[serde(default)]
    pub from_last_year: bool,
}

/// An edit of a report, based on the version the editor loaded.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UpdateReport {
    pub id: String,
    pub expected_version: i32,
    pub input: ReportInput,
}

/// A review step on a report; `comment` is required to return or reopen.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReviewRequest {
    pub id: String,
    pub expected_version: i32,
    #[serde(default)]
    pub comment: Option<String>,
}

/// One revision of a report.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RevisionRef {
    pub id: String,
    pub revision: i32,
}

/// Two revisions of a report to compare.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DiffRequest {
    pub id: String,
    pub from: i32,
    pub to: i32,
}

/// Bring back a revision of a report, based on the version the page shows.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RestoreRevision {
    pub id: String,
    pub expected_version: i32,
    pub revision: i32,
}

/// An account named by e-mail (without case) or UUID.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct UserRef {
    pub user: String,
}

/// The account history to read: one account's (e-mail or UUID) or everyone's, newest first.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct AccountHistoryQuery {
    pub user: Option<String>,
    /// At most this many entries (default 200).
    pub limit: Option<u32>,
}

/// An account (e-mail or UUID) and the role it is to have.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct UserRole {
    pub user: String,
    pub role: Role,
}

/// A new password for an account (e-mail or UUID): at least 12 characters, not a common one.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PasswordReset {
    pub user: String,
    pub password: String,
}

/// A new personal access token for the caller's own account: a label and a life in days
/// (1–365; default 90).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct TokenRequest {
    pub label: String,
    pub days: Option<u32>,
}

/// About the running app.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    /// The database file, or the PostgreSQL URL without its password.
    pub db_path: String,
    /// The engine it runs on (a PostgreSQL database's copies are the server's, not the app's).
    pub engine: Engine,
    pub schema_version: u32,
    /// This year (UTC): the default reporting year.
    pub current_year: i32,
    /// The first reporting year (2016, the Summit).
    pub first_year: i32,
    /// A warning about where the database lives (a network drive), if any.
    pub storage_warning: Option<String>,
    /// The most characters a report narrative may hold (the editor counts down to it).
    pub max_narrative_len: u32,
    /// The most characters a commitment's description may hold (the form counts down to it).
    pub max_description_len: u32,
    /// The database was created by this start of the app (the window then offers to use it
    /// on this computer only or to connect it to a team server).
    pub new_database: bool,
}

impl AppInfo {
    /// The running app's facts.
    pub fn of(app: &App) -> AppInfo {
        AppInfo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            db_path: app.store().location().display(),
            engine: app.store().engine(),
            schema_version: match app.store().engine() {
                Engine::Sqlite => migrations::latest_version(),
                Engine::Postgres => crate::store::migrations_pg::latest_version(),
            },
            current_year: crate::services::reports::current_year(),
            first_year: crate::domain::report::FIRST_YEAR,
            storage_warning: app.store().warning().map(str::to_owned),
            max_narrative_len: crate::domain::report::MAX_NARRATIVE_LEN as u32,
            max_description_len: crate::domain::commitment::MAX_DESCRIPTION_LEN as u32,
            new_database: app.open_report().from_version == 0,
        }
    }
}

/// Decodes a command's arguments; `null` counts as `{}`. A malformed field is named.
pub fn parse<T: DeserializeOwned>(cmd: &str, args: Value) -> Result<T, Error> {
    let args = if args.is_null() {
        Value::Object(Default::default())
    } else {
        args
    };
    serde_path_to_error::deserialize(args).map_err(|e| {
        // A bad value is named by where it is ("offset", "filter.type"); a missing field only
        // in serde_json's message ("missing field `commitmentId`").
        let path = e.path().to_string();
        let message = e.inner().to_string();
        let field = e
            .path()
            .iter()
            .rev()
            .find_map(|segment| match segment {
                serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                _ => None,
            })
            .filter(|_| !message.starts_with("missing field"))
            .or_else(|| {
                message
                    .split('`')
                    .nth(1)
                    .filter(|f| f.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
                    .map(str::to_owned)
            });
        let at = if path == "." {
            String::new()
        } else {
            format!(" (at {path})")
        };
        Error::BadRequest {
            message: format!("bad arguments for {cmd}: {message}{at}"),
            field,
        }
    })
}
