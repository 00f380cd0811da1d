//! Autosaved editor text: typed but not saved yet, kept so a crash or a kill loses nothing.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::report::ReportInput;

/// Which editor: one commitment, one year (for the acting person).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DraftKey {
    /// The commitment's UUID.
    pub commitment: String,
    pub year: i32,
}

/// The editor's text as it was at `savedAt`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Autosave {
    pub commitment: String,
    pub year: i32,
    /// The report being edited, if it exists already.
    #[serde(default)]
    pub report_id: Option<String>,
    /// The report version the editor started from.
    #[serde(default)]
    pub base_version: Option<i32>,
    pub input: ReportInput,
    /// Set by the server when stored.
    #[serde(default)]
    pub saved_at: String,
}
