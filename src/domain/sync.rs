//! Offline copies of a team server (docs/decisions/0007-offline-sync.md): the feed a copy
//! pulls, the edits it pushes, and what it keeps while the server cannot be reached.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};
use ts_rs::TS;

use super::{ReportContent, ReportInput, Role};

/// The version of the sync protocol this build speaks. A server answers a client of another
/// version with kind `outdated`, and the client keeps its pending edits until it is updated.
pub const PROTOCOL: u32 = 1;

/// One row of the changes feed: a row of one of the copied tables as it is now on the server,
/// or its deletion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FeedRow {
    /// The feed position of the row's latest change.
    #[ts(type = "number")]
    pub seq: i64,
    /// The table (one of `store::sync_feed::FEED_TABLES`).
    pub table: String,
    /// The key columns' values, as text.
    pub key: Vec<String>,
    /// The row's columns (None: it was deleted).
    pub row: Option<Map<String, Json>>,
}

/// `sync_pull`: the changes after feed position `since`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PullRequest {
    pub protocol: u32,
    /// The position the client holds everything up to (0: nothing yet).
    #[ts(type = "number")]
    pub since: i64,
    /// At most this many rows (default and maximum: 5,000).
    #[serde(default)]
    pub limit: Option<u32>,
}

/// One page of the feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PullPage {
    pub protocol: u32,
    pub rows: Vec<FeedRow>,
    /// The position to ask from next (the client holds everything up to it once the page is
    /// applied).
    #[ts(type = "number")]
    pub next: i64,
    /// Whether more changes follow.
    pub more: bool,
}

/// One edit made on a copy, as it is sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PushChange {
    /// New at every edit (a UUID): a change sent twice is applied once.
    pub change_id: String,
    /// Earlier ids of this edit that were sent and never answered: if the server applied one,
    /// the edit is based on what that made.
    #[serde(default)]
    pub supersedes: Vec<String>,
    /// The report's UUID (made on the copy for a report new there).
    pub report_id: String,
    /// The commitment's UUID.
    pub commitment: String,
    pub year: i32,
    /// The server's version the edit was based on (None: a report new on the copy).
    pub base_version: Option<i32>,
    pub content: ReportContent,
}

/// `sync_push`: edits made on a copy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PushRequest {
    pub protocol: u32,
    pub changes: Vec<PushChange>,
}

/// What became of one pushed change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "outcome", rename_all = "camelCase")]
pub enum PushOutcome {
    /// Saved: the report is now at `version`.
    #[serde(rename_all = "camelCase")]
    Applied { version: i32 },
    /// Someone else saved first (or wrote that year's report): nothing was overwritten.
    #[serde(rename_all = "camelCase")]
    Conflict { server_version: Option<i32> },
    /// The server refused it (the report is submitted or approved, the account may not
    /// write it, the content breaks a rule): `message` says why.
    #[serde(rename_all = "camelCase")]
    Refused { kind: String, message: String },
}

/// The outcome of one change of a push.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PushResult {
    pub change_id: String,
    #[serde(flatten)]
    pub outcome: PushOutcome,
}

/// `sync_push`'s answer, change by change in the order sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PushAnswer {
    pub protocol: u32,
    pub results: Vec<PushResult>,
}

/// Where an edit made on a copy stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub enum PendingState {
    /// Waiting to be sent.
    Pending,
    /// The server's report moved on since the edit's base: the person chooses.
    Conflict,
    /// The server refused it (see the message); kept until the person chooses.
    Refused,
    /// A report of this database from before it was linked: sent only when the person says
    /// so.
    Offered,
}

impl PendingState {
    pub fn as_str(self) -> &'static str {
        match self {
            PendingState::Pending => "Pending",
            PendingState::Conflict => "Conflict",
            PendingState::Refused => "Refused",
            PendingState::Offered => "Offered",
        }
    }

    /// The state stored as `s` (an unknown one reads as Pending: it is kept and sent).
    pub fn parse(s: &str) -> PendingState {
        match s {
            "Conflict" => PendingState::Conflict,
            "Refused" => PendingState::Refused,
            "Offered" => PendingState::Offered,
            _ => PendingState::Pending,
        }
    }
}

/// An edit made on this copy that the server has not acknowledged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PendingChange {
    /// Its number here (`ct sync --keep-mine N`).
    #[ts(type = "number")]
    pub number: i64,
    pub report_id: String,
    /// The commitment's UUID and public ID.
    pub commitment: String,
    pub commitment_id: String,
    pub year: i32,
    pub state: PendingState,
    /// The server's version the edit was based on (None: new here).
    pub base_version: Option<i32>,
    /// The text written here.
    pub content: ReportContent,
    /// For a conflict: the server's text and version now.
    pub server_content: Option<ReportContent>,
    pub server_version: Option<i32>,
    /// Who saved the server's text, and when (the merge view names them).
    pub server_updated_by: Option<String>,
    pub server_updated_at: Option<String>,
    /// Why the server refused it.
    pub message: Option<String>,
    pub made_at: String,
    pub updated_at: String,
}

/// The team server this database is a copy of, and where the copy stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatus {
    /// Whether this database is linked to a team server (the rest is empty when not).
    pub linked: bool,
    pub server: Option<String>,
    pub email: Option<String>,
    pub name: Option<String>,
    pub role: Option<Role>,
    /// When the copy last finished a sync (RFC 3339).
    pub last_synced_at: Option<String>,
    /// When a sync was last tried.
    pub last_attempt_at: Option<String>,
    /// Why the last try failed (None: it succeeded).
    pub last_error: Option<String>,
    /// The last try could not reach the server.
    pub offline: bool,
    /// The app must be updated to go on syncing.
    pub outdated: bool,
    /// The server's feed position this copy holds: it moves when changes arrive (the UI
    /// reloads what it shows then).
    #[ts(type = "number")]
    pub position: i64,
    /// Edits not yet on the server, conflicts first.
    pub pending: Vec<PendingChange>,
}

/// What one sync did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncOutcome {
    /// Edits the server saved.
    pub pushed: usize,
    /// Rows received from the server.
    pub pulled: usize,
    /// Edits waiting for the person's choice (conflicts and refusals).
    pub conflicts: usize,
    pub status: SyncStatus,
}

/// `link_server`: make this database an offline copy of a team server's, signing in with a
/// personal access token or an e-mail and password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LinkRequest {
    /// https://… (http:// on loopback).
    pub server: String,
    #[serde(default)]
    pub token: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub password: Option<String>,
}

/// `link_server_sso`: link through the server's single sign-on in the system browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SsoLinkRequest {
    pub server: String,
}

/// How a person settles a conflict, a refusal or an offered report. (Named `SyncResolution`
/// in TypeScript: the bundle import's `Resolution` has that file.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "choice", rename_all = "camelCase")]
#[ts(rename = "SyncResolution")]
pub enum Resolution {
    /// Send this copy's text over the server's (whose text stays in its revisions).
    KeepMine,
    /// Drop this copy's text and take the server's (this copy's text is kept in its backups).
    TakeTheirs,
    /// Send this text, merged from both by the person.
    Merged { content: ReportInput },
}

/// `resolve_sync`: settle pending edit `number`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ResolveRequest {
    #[ts(type = "number")]
    pub number: i64,
    pub resolution: Resolution,
}
