//! The report as the app sends it (`export::pdf` in the core serialises the same shape). Every
//! string is text to set, never markup.

use serde::Deserialize;

/// The whole report.
#[derive(Deserialize)]
pub struct Report {
    /// The report's language (`en`, `fr`, `es`, …): its hyphenation. Empty: English.
    #[serde(default)]
    pub lang: String,
    pub kicker: String,
    pub title: String,
    pub organisations: String,
    pub running_head: String,
    pub generated: String,
    pub summary: String,
    pub status_header: String,
    pub count_header: String,
    pub statuses: Vec<Status>,
    pub note: String,
    pub chapters: Vec<Chapter>,
}

/// One row of the summary table.
#[derive(Deserialize)]
pub struct Status {
    pub label: String,
    pub count: u32,
    /// Share of all commitments, 0–1.
    pub share: f32,
    /// `#rrggbb`.
    pub color: String,
}

/// A chapter: one top-level category of a framework (WHS: a core responsibility).
#[derive(Deserialize)]
pub struct Chapter {
    pub title: String,
    pub sections: Vec<Section>,
}

/// A transformation.
#[derive(Deserialize)]
pub struct Section {
    pub title: String,
    pub entries: Vec<Entry>,
}

/// One commitment and its report for the year, if any.
#[derive(Deserialize)]
pub struct Entry {
    pub title: String,
    pub notes: Vec<String>,
    pub description: String,
    pub missing: String,
    pub report: Option<EntryReport>,
}

/// A commitment's report.
#[derive(Deserialize)]
pub struct EntryReport {
    pub status_line: String,
    pub narratives: Vec<Narrative>,
    pub evidence_title: String,
    pub evidence: Vec<Evidence>,
}

/// Achievements, challenges or next steps.
#[derive(Deserialize)]
pub struct Narrative {
    pub title: String,
    pub blocks: Vec<Block>,
}

/// One piece of evidence; `url` only when it is safe to link.
#[derive(Deserialize)]
pub struct Evidence {
    pub title: String,
    pub url: Option<String>,
}

/// A block of a narrative (from its Markdown), flattened: "p", "h" (the narrative's own
/// heading, set bold, never a heading of the report), "code" (preformatted `text`) or "rule".
#[derive(Deserialize)]
pub struct Block {
    pub kind: String,
    #[serde(default)]
    pub spans: Vec<Span>,
    #[serde(default)]
    pub text: String,
    /// Indent steps (list items, quotes, footnotes it is inside).
    #[serde(default)]
    pub indent: u8,
    /// A list item's or footnote's marker, hung left of the block's first line.
    #[serde(default)]
    pub marker: Option<Marker>,
    /// The indent steps at which a quote's rule stands.
    #[serde(default)]
    pub quotes: Vec<u8>,
}

/// A list item's or footnote's marker, hung left of indent step `indent`.
#[derive(Deserialize)]
pub struct Marker {
    pub text: String,
    #[serde(default)]
    pub indent: u8,
}

/// A run of text with one style, or a line break.
#[derive(Deserialize, Default, Clone)]
pub struct Span {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub strong: bool,
    #[serde(default)]
    pub emph: bool,
    #[serde(default)]
    pub code: bool,
    #[serde(default)]
    pub br: bool,
    #[serde(default)]
    pub link: Option<String>,
}
