//! The audit log: who changed what, when, with the record before and after.

use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Error;

/// The kind of record an entry is about (stored as `commitment` or `report`, the values the
/// `audit_log.entity_type` CHECK allows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AuditEntity {
    Commitment,
    Report,
}

impl AuditEntity {
    pub const ALL: [AuditEntity; 2] = [AuditEntity::Commitment, AuditEntity::Report];

    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            AuditEntity::Commitment => "commitment",
            AuditEntity::Report => "report",
        }
    }
}

impl FromStr for AuditEntity {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        AuditEntity::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| Error::validation("entityType", format!("unknown audit entity {s:?}")))
    }
}

/// What was done to the record (stored as the snake_case name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Create,
    Update,
    /// A commitment retired.
    Retire,
    /// A retired commitment brought back.
    Restore,
    Submit,
    Approve,
    Return,
    Reopen,
    /// An old revision of a report brought back as a new one.
    RestoreRevision,
    /// Read from a file (the entry's `source` names it).
    Import,
    /// A focal point assigned to a commitment (`after` names the account).
    Assign,
    /// A focal point's assignment removed (`before` names the account).
    Unassign,
}

impl AuditAction {
    pub const ALL: [AuditAction; 12] = [
        AuditAction::Create,
        AuditAction::Update,
        AuditAction::Retire,
        AuditAction::Restore,
        AuditAction::Submit,
        AuditAction::Approve,
        AuditAction::Return,
        AuditAction::Reopen,
        AuditAction::RestoreRevision,
        AuditAction::Import,
        AuditAction::Assign,
        AuditAction::Unassign,
    ];

    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            AuditAction::Create => "create",
            AuditAction::Update => "update",
            AuditAction::Retire => "retire",
            AuditAction::Restore => "restore",
            AuditAction::Submit => "submit",
            AuditAction::Assign => "assign",
            AuditAction::Unassign => "unassign",
            AuditAction::Approve => "approve",
            AuditAction::Return => "return",
            AuditAction::Reopen => "reopen",
            AuditAction::RestoreRevision => "restore_revision",
            AuditAction::Import => "import",
        }
    }
}

impl From<super::ReviewAction> for AuditAction {
    fn from(a: super::ReviewAction) -> Self {
        use super::ReviewAction as R;
        match a {
            R::Submit => AuditAction::Submit,
            R::Approve => AuditAction::Approve,
            R::Return => AuditAction::Return,
            R::Reopen => AuditAction::Reopen,
        }
    }
}

impl FromStr for AuditAction {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        AuditAction::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| Error::validation("action", format!("unknown audit action {s:?}")))
    }
}

/// One entry of the append-only audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    pub id: String,
    pub at: String,
    pub actor: String,
    /// The signed-in account behind the change (a team server); None on one computer.
    pub actor_id: Option<String>,
    /// A commitment or a report.
    pub entity_type: AuditEntity,
    pub entity_id: String,
    /// The commitment concerned (the entity itself, or the report's commitment).
    pub commitment: String,
    /// What was done.
    pub action: AuditAction,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    /// For an import: the imported file's name.
    pub source: Option<String>,
}

/// Which entries to list: one commitment's trail (itself and its reports) or one record's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct AuditQuery {
    /// A commitment's UUID: its entries and its reports'.
    pub commitment: Option<String>,
    /// A commitment's or report's UUID: its entries only.
    pub entity: Option<String>,
    /// At most this many, newest first (default 200).
    pub limit: Option<u32>,
}
