//! The annual self-report as the app (`ct`, `export::pdf`) sends it to the typesetter
//! (`ct-typeset`), as JSON on the typesetter's standard input. Both sides use these types, so
//! the contract is written once: a field added here is sent and read, or neither side builds.
//! Every string is text to set, never markup.

use serde::{Deserialize, Serialize};

/// The whole report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The report's language (`en`, `fr`, `es`, `ar`, …): its hyphenation. Empty: English.
    #[serde(default)]
    pub lang: String,
    pub kicker: String,
    pub title: String,
    pub organisations: String,
    /// The organisations as the running head names them: all of them when they fit on a
    /// line, else how many.
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
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Status {
    pub label: String,
    pub count: u32,
    /// Share of all commitments, 0–1.
    pub share: f32,
    /// `#rrggbb`.
    pub color: String,
}

/// A chapter: one top-level category of a framework (WHS: a core responsibility).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Chapter {
    pub title: String,
    pub sections: Vec<Section>,
}

/// A category below it (WHS: a transformation); an empty title for a framework of one level.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub title: String,
    pub entries: Vec<Entry>,
}

/// One commitment and its report for the year, if any.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub title: String,
    pub notes: Vec<String>,
    pub description: String,
    /// What to say when there is no report.
    pub missing: String,
    pub report: Option<EntryReport>,
}

/// A commitment's report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EntryReport {
    pub status_line: String,
    pub narratives: Vec<Narrative>,
    pub evidence_title: String,
    pub evidence: Vec<Evidence>,
}

/// Achievements, challenges or next steps.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Narrative {
    pub title: String,
    pub blocks: Vec<Block>,
}

/// One piece of evidence; `url` only when it is safe to link.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub title: String,
    pub url: Option<String>,
}

/// A run of text with its styling.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Span {
    pub text: String,
    pub strong: bool,
    pub emph: bool,
    pub code: bool,
    /// A line break instead of text.
    pub br: bool,
    /// A safe link target, if the span is a link.
    pub link: Option<String>,
}

/// What a block is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A paragraph (also a table row, a list item's text, a footnote's text).
    #[default]
    P,
    /// A heading of the narrative: set as a bold paragraph, never as a heading of the report.
    H,
    /// Preformatted text in `text`: a code block, or a raw HTML block shown as its characters.
    Code,
    /// A thematic break.
    Rule,
}

/// One block of a narrative (from its Markdown), in reading order; nesting (list items,
/// quotes, footnotes) flattened into its indent, marker and quote rules.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Block {
    pub kind: Kind,
    pub spans: Vec<Span>,
    /// The text of a `Code` block.
    pub text: String,
    /// Indent steps: one per list item, quote or footnote the block is inside.
    pub indent: u8,
    /// The marker of the list item or footnote the block starts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marker: Option<Marker>,
    /// The indent steps at which a quote's rule stands left of the block, outermost first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<u8>,
}

/// A list item's or footnote's marker ("•", "3.", "[1]"), hung left of the item's text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marker {
    pub text: String,
    /// The indent step of the item's text (the block may be deeper, e.g. in a quote that
    /// starts the item).
    #[serde(default)]
    pub indent: u8,
}
