//! Commitments: what an organisation pledged, and the rules an edit must keep.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use unicode_normalization::UnicodeNormalization;

use super::catalogue::Catalogue;
use crate::error::Error;

/// The longest Commitment ID accepted.
pub const MAX_COMMITMENT_ID_LEN: usize = 32;
/// The longest description accepted, in characters.
pub const MAX_DESCRIPTION_LEN: usize = 20_000;

/// What kind of commitment it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub enum CommitmentType {
    Operational,
    Policy,
    Advocacy,
    Financial,
}

impl CommitmentType {
    /// All types, in display order.
    pub const ALL: [CommitmentType; 4] = [
        CommitmentType::Operational,
        CommitmentType::Policy,
        CommitmentType::Advocacy,
        CommitmentType::Financial,
    ];

    /// The stored and displayed name.
    pub const fn as_str(self) -> &'static str {
        match self {
            CommitmentType::Operational => "Operational",
            CommitmentType::Policy => "Policy",
            CommitmentType::Advocacy => "Advocacy",
            CommitmentType::Financial => "Financial",
        }
    }
}

impl fmt::Display for CommitmentType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CommitmentType {
    type Err = Error;

    /// Case-insensitive, so "policy" from a spreadsheet or the CLI is accepted.
    fn from_str(s: &str) -> Result<Self, Error> {
        let t = s.trim();
        CommitmentType::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(t))
            .ok_or_else(|| {
                Error::validation(
                    "type",
                    format!("type {t:?} is not one of Operational, Policy, Advocacy, Financial"),
                )
            })
    }
}

/// A commitment's link to a transformation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TransformationLink {
    /// "1A" … "5E".
    pub code: String,
    /// True when the link was reconstructed (the source had no heading for it) and a person
    /// has not confirmed it yet.
    #[serde(default)]
    pub inferred: bool,
}

impl TransformationLink {
    /// A link stated by the source or confirmed by a person.
    pub fn stated(code: &str) -> Self {
        TransformationLink {
            code: code.to_owned(),
            inferred: false,
        }
    }
}

/// A commitment as the catalogue list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CommitmentSummary {
    /// UUID v7.
    pub id: String,
    /// The public Commitment ID, e.g. "200005".
    pub commitment_id: String,
    /// The organisation's code.
    pub organisation: String,
    #[serde(rename = "type")]
    #[ts(rename = "type")]
    pub kind: CommitmentType,
    pub core_responsibilities: Vec<u8>,
    pub transformations: Vec<TransformationLink>,
    /// The first line (sentence) of the description.
    pub summary: String,
    pub retired: bool,
}

/// Which page of the catalogue list to read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct CommitmentPageQuery {
    pub filter: CommitmentFilter,
    /// How many rows of the list come before this page.
    pub offset: u32,
    /// Rows per page (default 200, at most 1,000).
    pub limit: Option<u32>,
}

/// One page of the catalogue list, and how long the whole list is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CommitmentPage {
    /// How many commitments the filter lets through in all.
    pub total: u32,
    /// Where this page starts in the list.
    pub offset: u32,
    pub rows: Vec<CommitmentSummary>,
}

/// Everything about one commitment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Commitment {
    /// UUID v7.
    pub id: String,
    pub commitment_id: String,
    pub organisation: String,
    pub organisation_name: String,
    #[serde(rename = "type")]
    #[ts(rename = "type")]
    pub kind: CommitmentType,
    pub description: String,
    pub core_responsibilities: Vec<u8>,
    pub transformations: Vec<TransformationLink>,
    pub retired_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// Bumped by every save; an update must name the version it was based on.
    pub version: i32,
}

/// How the catalogue list is narrowed. Every criterion is optional; they combine with AND.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct CommitmentFilter {
    /// Words that must all appear in the ID or the description (case-insensitive).
    pub search: Option<String>,
    #[serde(rename = "type")]
    #[ts(rename = "type")]
    pub kind: Option<CommitmentType>,
    /// A core responsibility number (1–5).
    pub core_responsibility: Option<u8>,
    /// A transformation code ("1A" … "5E").
    pub transformation: Option<String>,
    /// An organisation code.
    pub organisation: Option<String>,
    /// Whether retired commitments are listed too.
    pub include_retired: bool,
}

/// What a person enters to add or edit a commitment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CommitmentInput {
    /// The organisation's code; None means the only (or first) organisation.
    #[serde(default)]
    pub organisation: Option<String>,
    /// Text; a JSON catalogue written by a spreadsheet tool may give it as a number (200020 or
    /// 200020.0), taken as its digits.
    #[serde(deserialize_with = "id_text")]
    pub commitment_id: String,
    /// Checked here rather than by the deserialiser so a bad value is reported on its field.
    #[serde(rename = "type")]
    #[ts(rename = "type", as = "CommitmentType")]
    pub kind: String,
    pub description: String,
    #[serde(default)]
    pub core_responsibilities: Vec<u8>,
    #[serde(default)]
    pub transformations: Vec<TransformationLink>,
}

/// A commitment input that passed every rule that needs no database lookup beyond the
/// reference frame: trimmed, de-duplicated, sorted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCommitment {
    pub organisation: Option<String>,
    pub commitment_id: String,
    pub kind: CommitmentType,
    pub description: String,
    pub core_responsibilities: Vec<u8>,
    pub transformations: Vec<TransformationLink>,
}

impl CommitmentInput {
    /// Checks the input against the rules and the reference frame. The first broken rule is
    /// reported, naming its field.
    pub fn validate(&self, catalogue: &Catalogue) -> Result<ValidCommitment, Error> {
        let commitment_id = normalise_commitment_id(&self.commitment_id);
        if commitment_id.is_empty() {
            return Err(Error::validation(
                "commitmentId",
                "the Commitment ID is required",
            ));
        }
        if commitment_id.chars().count() > MAX_COMMITMENT_ID_LEN {
            return Err(Error::validation(
                "commitmentId",
                format!("the Commitment ID is longer than {MAX_COMMITMENT_ID_LEN} characters"),
            ));
        }
        if !commitment_id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        {
            return Err(Error::validation(
                "commitmentId",
                format!(
                    "the Commitment ID {commitment_id:?} may hold only letters, digits and - _ . /"
                ),
            ));
        }

        let kind: CommitmentType = self.kind.parse()?;

        let description = self.description.trim().to_owned();
        if description.is_empty() {
            return Err(Error::validation(
                "description",
                "the description is required",
            ));
        }
        if description.chars().count() > MAX_DESCRIPTION_LEN {
            return Err(Error::validation(
                "description",
                format!("the description is longer than {MAX_DESCRIPTION_LEN} characters"),
            ));
        }

        let mut core_responsibilities = self.core_responsibilities.clone();
        core_responsibilities.sort_unstable();
        core_responsibilities.dedup();
        if core_responsibilities.is_empty() {
            return Err(Error::validation(
                "coreResponsibilities",
                "choose at least one core responsibility",
            ));
        }
        if let Some(bad) = core_responsibilities
            .iter()
            .find(|n| !catalogue.has_core_responsibility(**n))
        {
            return Err(Error::validation(
                "coreResponsibilities",
                format!("core responsibility {bad} does not exist (they are numbered 1 to 5)"),
            ));
        }

        let mut transformations: Vec<TransformationLink> = Vec::new();
        for link in &self.transformations {
            let code = link.code.trim().to_ascii_uppercase();
            let Some(t) = catalogue.transformation(&code) else {
                return Err(Error::validation(
                    "transformations",
                    format!("transformation {code:?} does not exist (codes run from 1A to 5E)"),
                ));
            };
            if !core_responsibilities.contains(&t.core_responsibility) {
                return Err(Error::validation(
                    "transformations",
                    format!(
                        "transformation {code} belongs to core responsibility {}, which is not chosen",
                        t.core_responsibility
                    ),
                ));
            }
            match transformations.iter_mut().find(|l| l.code == code) {
                // A duplicate tick counts as confirmed if either copy is.
                Some(existing) => existing.inferred &= link.inferred,
                None => transformations.push(TransformationLink {
                    code,
                    inferred: link.inferred,
                }),
            }
        }
        transformations.sort_by(|a, b| a.code.cmp(&b.code));

        let organisation = match self.organisation.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(code) => Some(super::catalogue::validate_organisation_code(code)?),
        };

        Ok(ValidCommitment {
            organisation,
            commitment_id,
            kind,
            description,
            core_responsibilities,
            transformations,
        })
    }
}

/// A Commitment ID from JSON: a string, or a whole number (as a spreadsheet tool writes one).
fn id_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Id {
        Text(String),
        Whole(u64),
        Number(f64),
    }
    match Id::deserialize(d)? {
        Id::Text(s) => Ok(s),
        Id::Whole(n) => Ok(n.to_string()),
        Id::Number(f) if f.fract() == 0.0 && (0.0..1e15).contains(&f) => Ok((f as u64).to_string()),
        Id::Number(f) => Err(serde::de::Error::custom(format!(
            "the Commitment ID {f} is not a whole number; write it as text"
        ))),
    }
}

/// A Commitment ID as compared and stored: NFKC (full-width `２０００１` and a no-break space
/// are `20001` and a space), Arabic-Indic digits as ASCII ones (`٢٠٠٠٠١` is `200001`), trimmed.
/// An ID typed either way is the same commitment, never a second one beside it.
pub fn normalise_commitment_id(id: &str) -> String {
    id.nfkc()
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            '\u{06f0}'..='\u{06f9}' => char::from(b'0' + (c as u32 - 0x06f0) as u8),
            other => other,
        })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// The first line of a description, cut at the first sentence end if that comes sooner,
/// for lists.
pub fn summary_of(description: &str) -> String {
    const MAX: usize = 160;
    let line = description.lines().next().unwrap_or("").trim();
    let sentence = match line.find(". ") {
        Some(i) => &line[..=i],
        None => line,
    };
    if sentence.chars().count() <= MAX {
        sentence.to_owned()
    } else {
        let cut: String = sentence.chars().take(MAX - 1).collect();
        format!("{}…", cut.trim_end())
    }
}
