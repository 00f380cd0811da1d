//! Yearly progress reports: what a focal point writes about a commitment for one year, and the
//! rules a save must keep.

use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Error;

/// The first reporting year: the World Humanitarian Summit (2016).
pub const FIRST_YEAR: i32 = 2016;
/// The longest narrative accepted (achievements, challenges, next steps), in characters.
pub const MAX_NARRATIVE_LEN: usize = 50_000;
/// The most evidence links and tags a report may hold.
pub const MAX_EVIDENCE: usize = 50;
pub const MAX_TAGS: usize = 20;
pub const MAX_TAG_LEN: usize = 40;
pub const MAX_TITLE_LEN: usize = 300;
pub const MAX_URL_LEN: usize = 2_000;

/// How far the commitment got that year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub enum ImplementationStatus {
    NotStarted,
    InProgress,
    SubstantialProgress,
    Completed,
    Discontinued,
    /// Nothing to report this year.
    NoUpdate,
}

impl ImplementationStatus {
    pub const ALL: [ImplementationStatus; 6] = [
        ImplementationStatus::NotStarted,
        ImplementationStatus::InProgress,
        ImplementationStatus::SubstantialProgress,
        ImplementationStatus::Completed,
        ImplementationStatus::Discontinued,
        ImplementationStatus::NoUpdate,
    ];

    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            ImplementationStatus::NotStarted => "NotStarted",
            ImplementationStatus::InProgress => "InProgress",
            ImplementationStatus::SubstantialProgress => "SubstantialProgress",
            ImplementationStatus::Completed => "Completed",
            ImplementationStatus::Discontinued => "Discontinued",
            ImplementationStatus::NoUpdate => "NoUpdate",
        }
    }

    /// The English label ("Substantial progress").
    pub fn label(self) -> &'static str {
        match self {
            ImplementationStatus::NotStarted => "Not started",
            ImplementationStatus::InProgress => "In progress",
            ImplementationStatus::SubstantialProgress => "Substantial progress",
            ImplementationStatus::Completed => "Completed",
            ImplementationStatus::Discontinued => "Discontinued",
            ImplementationStatus::NoUpdate => "No update",
        }
    }
}

impl FromStr for ImplementationStatus {
    type Err = Error;

    /// Accepts the stored name or the label, in any case ("in progress", "InProgress").
    fn from_str(s: &str) -> Result<Self, Error> {
        let norm = |x: &str| x.replace([' ', '_', '-'], "").to_ascii_lowercase();
        let want = norm(s);
        ImplementationStatus::ALL
            .into_iter()
            .find(|k| norm(k.as_str()) == want)
            .ok_or_else(|| {
                Error::validation(
                    "status",
                    format!(
                        "status {s:?} is not one of Not started, In progress, Substantial progress, Completed, Discontinued, No update"
                    ),
                )
            })
    }
}

/// Where a report is in its review, separate from how the commitment is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub enum ReviewState {
    Draft,
    Submitted,
    Returned,
    Approved,
}

impl ReviewState {
    pub const ALL: [ReviewState; 4] = [
        ReviewState::Draft,
        ReviewState::Submitted,
        ReviewState::Returned,
        ReviewState::Approved,
    ];

    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            ReviewState::Draft => "Draft",
            ReviewState::Submitted => "Submitted",
            ReviewState::Returned => "Returned",
            ReviewState::Approved => "Approved",
        }
    }

    /// Whether the content may be edited in this state.
    pub fn is_editable(self) -> bool {
        matches!(self, ReviewState::Draft | ReviewState::Returned)
    }
}

impl FromStr for ReviewState {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        ReviewState::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| Error::validation("reviewState", format!("unknown review state {s:?}")))
    }
}

/// A titled link to evidence (a document, a web page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EvidenceLink {
    pub title: String,
    pub url: String,
}

/// What a person writes in a report. Narratives are Markdown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportInput {
    /// Checked here rather than by the deserialiser so a bad value is reported on its field.
    #[ts(as = "ImplementationStatus")]
    pub status: String,
    #[serde(default)]
    pub achievements: String,
    #[serde(default)]
    pub challenges: String,
    #[serde(default)]
    pub next_steps: String,
    #[serde(default)]
    pub evidence: Vec<EvidenceLink>,
    /// 0–100, optional.
    #[serde(default)]
    pub progress: Option<u8>,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// Changes to a report's content: only the fields given change (`ct report set`); an absent
/// field (`None`) keeps its value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ReportChanges {
    pub status: Option<String>,
    pub achievements: Option<String>,
    pub challenges: Option<String>,
    pub next_steps: Option<String>,
    /// Replaces the list.
    pub evidence: Option<Vec<EvidenceLink>>,
    pub progress: Option<u8>,
    /// Replaces the list.
    pub tags: Option<Vec<String>>,
}

impl ReportChanges {
    /// `input` with these changes made.
    pub fn apply(&self, mut input: ReportInput) -> ReportInput {
        let set = |field: &mut String, value: &Option<String>| {
            if let Some(v) = value {
                field.clone_from(v);
            }
        };
        set(&mut input.status, &self.status);
        set(&mut input.achievements, &self.achievements);
        set(&mut input.challenges, &self.challenges);
        set(&mut input.next_steps, &self.next_steps);
        if let Some(e) = &self.evidence {
            input.evidence.clone_from(e);
        }
        if self.progress.is_some() {
            input.progress = self.progress;
        }
        if let Some(t) = &self.tags {
            input.tags.clone_from(t);
        }
        input
    }
}

/// A report's content as stored in a revision: the input, checked and normalised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportContent {
    pub status: ImplementationStatus,
    pub achievements: String,
    pub challenges: String,
    pub next_steps: String,
    pub evidence: Vec<EvidenceLink>,
    pub progress: Option<u8>,
    pub tags: Vec<String>,
}

/// One report: one commitment, one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// UUID v7.
    pub id: String,
    /// The commitment's UUID.
    pub commitment: String,
    /// The commitment's public ID, e.g. "200009".
    pub commitment_id: String,
    pub organisation: String,
    pub year: i32,
    #[serde(flatten)]
    #[ts(flatten)]
    pub content: ReportContent,
    pub review_state: ReviewState,
    /// Who wrote it first.
    pub author: String,
    pub created_at: String,
    pub updated_at: String,
    pub updated_by: String,
    /// The newest content revision.
    pub revision: i32,
    /// Bumped by every change; an update or transition names the version it was based on.
    pub version: i32,
}

/// A report as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportSummary {
    pub id: String,
    pub commitment: String,
    pub commitment_id: String,
    /// The commitment's organisation code (with the Commitment ID, its public address).
    pub organisation: String,
    pub year: i32,
    pub status: ImplementationStatus,
    pub review_state: ReviewState,
    /// The start of the achievements, as plain text.
    pub excerpt: String,
    pub author: String,
    pub updated_at: String,
    pub version: i32,
}

/// Checks a year: from the Summit (2016) to next year.
pub fn validate_year(year: i32, current_year: i32) -> Result<i32, Error> {
    if (FIRST_YEAR..=current_year + 1).contains(&year) {
        Ok(year)
    } else {
        Err(Error::validation(
            "year",
            format!(
                "the reporting year must be between {FIRST_YEAR} and {} (got {year})",
                current_year + 1
            ),
        ))
    }
}

/// Tags as kept: trimmed, empty ones and case-insensitive repeats dropped, each at most
/// `MAX_TAG_LEN` characters, at most `MAX_TAGS` of them. Errors name the field `tags`.
pub fn validate_tags(given: &[String]) -> Result<Vec<String>, Error> {
    let mut tags: Vec<String> = Vec::new();
    for tag in given {
        let tag = tag.trim().to_owned();
        if tag.is_empty() || tags.iter().any(|t| t.eq_ignore_ascii_case(&tag)) {
            continue;
        }
        check_len("tags", &format!("the tag {tag:?}"), &tag, MAX_TAG_LEN)?;
        tags.push(tag);
    }
    if tags.len() > MAX_TAGS {
        return Err(Error::validation(
            "tags",
            format!("at most {MAX_TAGS} tags are kept"),
        ));
    }
    Ok(tags)
}

fn check_len(field: &str, label: &str, text: &str, max: usize) -> Result<(), Error> {
    let count = text.chars().count();
    if count > max {
        return Err(Error::validation(
            field,
            format!("{label}: {count} characters, more than the {max} allowed"),
        ));
    }
    Ok(())
}

/// Whether a link may be shown as a link: web and mail addresses only (never `javascript:`).
pub fn is_safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["https://", "http://", "mailto:"]
        .iter()
        .any(|p| lower.starts_with(p) && lower.len() > p.len())
}

impl ReportInput {
    /// Checks the input; the first broken rule is reported, naming its field.
    pub fn validate(&self) -> Result<ReportContent, Error> {
        let status: ImplementationStatus = self.status.parse()?;
        let trim = |s: &str| s.trim_end().to_owned();
        let (achievements, challenges, next_steps) = (
            trim(&self.achievements),
            trim(&self.challenges),
            trim(&self.next_steps),
        );
        check_len(
            "achievements",
            "the achievements",
            &achievements,
            MAX_NARRATIVE_LEN,
        )?;
        check_len(
            "challenges",
            "the challenges",
            &challenges,
            MAX_NARRATIVE_LEN,
        )?;
        check_len(
            "nextSteps",
            "the next steps",
            &next_steps,
            MAX_NARRATIVE_LEN,
        )?;
        if let Some(p) = self.progress {
            if p > 100 {
                return Err(Error::validation(
                    "progress",
                    format!("progress is a percentage from 0 to 100 (got {p})"),
                ));
            }
        }
        if self.evidence.len() > MAX_EVIDENCE {
            return Err(Error::validation(
                "evidence",
                format!("a report holds at most {MAX_EVIDENCE} evidence links"),
            ));
        }
        let mut evidence = Vec::with_capacity(self.evidence.len());
        for (i, e) in self.evidence.iter().enumerate() {
            let n = i + 1;
            let title = e.title.trim().to_owned();
            let url = e.url.trim().to_owned();
            if title.is_empty() {
                return Err(Error::validation(
                    "evidence",
                    format!("evidence link {n} has no title"),
                ));
            }
            check_len(
                "evidence",
                &format!("the title of evidence link {n}"),
                &title,
                MAX_TITLE_LEN,
            )?;
            check_len(
                "evidence",
                &format!("the address of evidence link {n}"),
                &url,
                MAX_URL_LEN,
            )?;
            if !is_safe_url(&url) {
                return Err(Error::validation(
                    "evidence",
                    format!(
                        "evidence link {n} ({title}) must start with https://, http:// or mailto:"
                    ),
                ));
            }
            evidence.push(EvidenceLink { title, url });
        }
        let tags = validate_tags(&self.tags)?;
        Ok(ReportContent {
            status,
            achievements,
            challenges,
            next_steps,
            evidence,
            progress: self.progress,
            tags,
        })
    }
}

impl ReportContent {
    /// What a submission needs beyond a valid save: something to say, unless the status says
    /// there is nothing.
    pub fn check_submittable(&self) -> Result<(), Error> {
        let quiet = matches!(
            self.status,
            ImplementationStatus::NoUpdate | ImplementationStatus::NotStarted
        );
        if !quiet && self.achievements.trim().is_empty() {
            return Err(Error::validation(
                "achievements",
                "describe the year's achievements before submitting (or set the status to No update)",
            ));
        }
        Ok(())
    }

    /// Back to an input (to prefill an editor from a previous year).
    pub fn to_input(&self) -> ReportInput {
        ReportInput {
            status: self.status.as_str().to_owned(),
            achievements: self.achievements.clone(),
            challenges: self.challenges.clone(),
            next_steps: self.next_steps.clone(),
            evidence: self.evidence.clone(),
            progress: self.progress,
            tags: self.tags.clone(),
        }
    }
}

/// The start of a narrative as plain text (Markdown markup, links and HTML tags removed),
/// for lists.
pub fn excerpt_of(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    const MAX: usize = 140;
    let mut plain = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => plain.push_str(&t),
            // Blocks start and end with a space: a tight list item's text and a code block
            // inside it have no paragraph between them.
            Event::SoftBreak | Event::HardBreak | Event::Start(_) | Event::End(_) => {
                plain.push(' ')
            }
            _ => {}
        }
        if plain.len() > MAX * 4 {
            break;
        }
    }
    let plain = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    if plain.chars().count() <= MAX {
        plain
    } else {
        let cut: String = plain.chars().take(MAX - 1).collect();
        format!("{}…", cut.trim_end())
    }
}
