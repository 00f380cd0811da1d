//! The audit log: who changed what, when, with the record before and after.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One entry of the append-only audit log.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    pub id: String,
    pub at: String,
    pub actor: String,
    /// "commitment" or "report".
    pub entity_type: String,
    pub entity_id: String,
    /// The commitment concerned (the entity itself, or the report's commitment).
    pub commitment: String,
    /// create, update, retire, restore, submit, approve, return, reopen, restore_revision,
    /// import.
    pub action: String,
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
