//! Revisions of a report's content, and what changed between two of them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::report::ReportContent;

/// A saved content of a report, without the content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RevisionSummary {
    pub revision: i32,
    pub actor: String,
    /// The signed-in account that saved it (a team server); None on one computer.
    pub actor_id: Option<String>,
    /// "create", "update", "restore" or "import".
    pub action: String,
    /// For a restore: which revision was brought back.
    pub restored_from: Option<i32>,
    pub created_at: String,
    /// For an import: the imported file's name.
    pub source: Option<String>,
}

/// A saved content of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Revision {
    #[serde(flatten)]
    #[ts(flatten)]
    pub summary: RevisionSummary,
    pub content: ReportContent,
}

/// One field that differs between two revisions, as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FieldChange {
    /// camelCase field name: status, progress, achievements, challenges, nextSteps, evidence,
    /// tags.
    pub field: String,
    pub before: String,
    pub after: String,
}

/// What changed from one revision to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RevisionDiff {
    pub from: i32,
    pub to: i32,
    pub changes: Vec<FieldChange>,
}

fn fields(c: &ReportContent) -> [(&'static str, String); 7] {
    [
        ("status", c.status.label().to_owned()),
        (
            "progress",
            c.progress.map(|p| format!("{p}%")).unwrap_or_default(),
        ),
        ("achievements", c.achievements.clone()),
        ("challenges", c.challenges.clone()),
        ("nextSteps", c.next_steps.clone()),
        (
            "evidence",
            c.evidence
                .iter()
                .map(|e| format!("{} <{}>", e.title, e.url))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        ("tags", c.tags.join(", ")),
    ]
}

/// The fields that differ from `a` to `b`, in form order.
pub fn diff(a: &ReportContent, b: &ReportContent) -> Vec<FieldChange> {
    fields(a)
        .into_iter()
        .zip(fields(b))
        .filter(|((_, x), (_, y))| x != y)
        .map(|((field, before), (_, after))| FieldChange {
            field: field.to_owned(),
            before,
            after,
        })
        .collect()
}
