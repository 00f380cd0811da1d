//! Commitments: what an organisation pledged, and the rules an edit must keep.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use unicode_normalization::UnicodeNormalization;

use super::framework::{Catalogue, Framework};
use crate::error::Error;

/// The longest Commitment ID accepted.
pub const MAX_COMMITMENT_ID_LEN: usize = 32;
/// The longest description accepted, in characters.
pub const MAX_DESCRIPTION_LEN: usize = 20_000;

/// The longest title accepted, in characters.
pub const MAX_TITLE_LEN: usize = 300;

/// A commitment's link to one category of its framework.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CategoryLink {
    /// The category's code in the commitment's framework ("3", "3A", "T2").
    pub code: String,
    /// True when the link was reconstructed (the source had no heading for it) and a person
    /// has not confirmed it yet.
    #[serde(default)]
    pub inferred: bool,
}

impl CategoryLink {
    /// A link stated by the source or confirmed by a person.
    pub fn stated(code: &str) -> Self {
        CategoryLink {
            code: code.to_owned(),
            inferred: false,
        }
    }
}

/// A commitment as the catalogue list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CommitmentSummary {
    /// UUID v7.
    pub id: String,
    /// The public Commitment ID, e.g. "200005".
    pub commitment_id: String,
    /// The organisation's code.
    pub organisation: String,
    /// The framework's code.
    pub framework: String,
    /// A short name ("" when none was given).
    pub title: String,
    /// One of the framework's types ("" when it has none).
    #[serde(rename = "type")]
    #[ts(rename = "type")]
    pub kind: String,
    /// Its categories, in the framework's order.
    pub categories: Vec<CategoryLink>,
    /// The first line (sentence) of the description.
    pub summary: String,
    pub retired: bool,
    /// Its tags, as saved.
    pub tags: Vec<String>,
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CommitmentPage {
    /// How many commitments the filter lets through in all.
    pub total: u32,
    /// Where this page starts in the list.
    pub offset: u32,
    pub rows: Vec<CommitmentSummary>,
}

/// Everything about one commitment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Commitment {
    /// UUID v7.
    pub id: String,
    pub commitment_id: String,
    pub organisation: String,
    pub organisation_name: String,
    /// The framework's code.
    pub framework: String,
    /// A short name ("" when none was given).
    pub title: String,
    /// One of the framework's types ("" when it has none).
    #[serde(rename = "type")]
    #[ts(rename = "type")]
    pub kind: String,
    pub description: String,
    /// Its categories, in the framework's order.
    pub categories: Vec<CategoryLink>,
    /// Words to find and group it by.
    pub tags: Vec<String>,
    pub retired_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// Bumped by every save; an update must name the version it was based on.
    pub version: i32,
}

/// How the catalogue list is narrowed. Every criterion is optional; they combine with AND. A
/// criterion this version does not know is refused rather than ignored (a page of an older
/// version asking for `transformation` would otherwise get every commitment).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct CommitmentFilter {
    /// Words that must all appear in the ID or the description (case-insensitive).
    pub search: Option<String>,
    /// A commitment type (as its framework spells it, case-insensitive).
    #[serde(rename = "type")]
    #[ts(rename = "type")]
    pub kind: Option<String>,
    /// A framework code.
    pub framework: Option<String>,
    /// A category code, within `framework` (or within any framework when none is named):
    /// WHS core responsibility "3" or transformation "3A".
    pub category: Option<String>,
    /// An organisation code.
    pub organisation: Option<String>,
    /// Whether retired commitments are listed too.
    pub include_retired: bool,
}

impl CommitmentFilter {
    /// Checks that the named framework, category and type exist, so that a typo says so
    /// instead of listing nothing. Errors name the field (`framework`, `category`, `type`).
    pub fn check(&self, catalogue: &Catalogue) -> Result<(), Error> {
        fn given(v: &Option<String>) -> Option<&str> {
            v.as_deref().map(str::trim).filter(|v| !v.is_empty())
        }
        let scope: Vec<&Framework> = match given(&self.framework) {
            Some(code) => vec![catalogue.framework(code).ok_or_else(|| {
                Error::validation(
                    "framework",
                    format!("filter.framework: there is no framework {code:?}"),
                )
            })?],
            None => catalogue.frameworks.iter().collect(),
        };
        if let Some(kind) = given(&self.kind) {
            if !scope.iter().any(|f| f.type_named(kind).is_some()) {
                return Err(Error::validation(
                    "type",
                    format!("filter.type: no framework here has the commitment type {kind:?}"),
                ));
            }
        }
        if let Some(code) = given(&self.category) {
            if !scope.iter().any(|f| f.category(code).is_some()) {
                return Err(Error::validation(
                    "category",
                    format!("filter.category: there is no category {code:?}"),
                ));
            }
        }
        Ok(())
    }
}

/// What a person enters to add or edit a commitment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CommitmentInput {
    /// The organisation's code; None means the only (or first) organisation.
    #[serde(default)]
    pub organisation: Option<String>,
    /// The framework's code; None means WHS if it exists, else the first framework.
    #[serde(default)]
    pub framework: Option<String>,
    /// Text; a JSON catalogue written by a spreadsheet tool may give it as a number (200020 or
    /// 200020.0), taken as its digits.
    #[serde(deserialize_with = "id_text")]
    pub commitment_id: String,
    /// Checked here rather than by the deserialiser so a bad value is reported on its field.
    /// A short name (optional).
    #[serde(default)]
    pub title: String,
    /// One of the framework's types; "" when it has none.
    #[serde(rename = "type", default)]
    #[ts(rename = "type")]
    pub kind: String,
    pub description: String,
    #[serde(default)]
    pub categories: Vec<CategoryLink>,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// A commitment input that passed every rule that needs no database lookup beyond the
/// frameworks: trimmed, de-duplicated, sorted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCommitment {
    pub organisation: Option<String>,
    /// The framework's code, as stored.
    pub framework: String,
    pub commitment_id: String,
    pub title: String,
    /// One of the framework's types as it spells it, or "".
    pub kind: String,
    pub description: String,
    /// In the framework's order.
    pub categories: Vec<CategoryLink>,
    pub tags: Vec<String>,
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

        let framework = catalogue.resolve(self.framework.as_deref())?;
        let kind = validate_kind(framework, &self.kind)?;
        let title = self.title.trim().to_owned();
        if title.chars().count() > MAX_TITLE_LEN {
            return Err(Error::validation(
                "title",
                format!("the title is longer than {MAX_TITLE_LEN} characters"),
            ));
        }

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

        let categories = validate_categories(framework, &self.categories)?;
        let tags = super::report::validate_tags(&self.tags)?;

        let organisation = match self.organisation.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(code) => Some(super::catalogue::validate_organisation_code(code)?),
        };

        Ok(ValidCommitment {
            organisation,
            framework: framework.code.clone(),
            commitment_id,
            title,
            kind,
            description,
            categories,
            tags,
        })
    }
}

/// The type as the framework spells it; "" when the framework has no types.
fn validate_kind(framework: &Framework, kind: &str) -> Result<String, Error> {
    let kind = kind.trim();
    if framework.types.is_empty() {
        if kind.is_empty() {
            return Ok(String::new());
        }
        return Err(Error::validation(
            "type",
            format!(
                "framework {} has no commitment types; leave the type empty (it was {kind:?})",
                framework.code
            ),
        ));
    }
    framework
        .type_named(kind)
        .map(str::to_owned)
        .ok_or_else(|| {
            Error::validation(
                "type",
                format!("type {kind:?} is not one of {}", framework.types.join(", ")),
            )
        })
}

/// Links checked against the framework: each category exists, each one below the top has its
/// parent linked too, and enough top-level ones are linked. Returned level by level in the
/// framework's order, a duplicate counting as confirmed if either copy is.
fn validate_categories(
    framework: &Framework,
    links: &[CategoryLink],
) -> Result<Vec<CategoryLink>, Error> {
    let mut out: Vec<(usize, CategoryLink)> = Vec::new();
    for link in links {
        let Some(pos) = framework
            .category(&link.code)
            .and_then(|c| framework.categories.iter().position(|x| x.code == c.code))
        else {
            return Err(Error::validation(
                "categories",
                format!(
                    "{:?} is not a category of framework {}",
                    link.code.trim(),
                    framework.code
                ),
            ));
        };
        let code = framework.categories[pos].code.clone();
        match out.iter_mut().find(|(_, l)| l.code == code) {
            Some((_, existing)) => existing.inferred &= link.inferred,
            None => out.push((
                pos,
                CategoryLink {
                    code,
                    inferred: link.inferred,
                },
            )),
        }
    }
    for (pos, _) in &out {
        let c = &framework.categories[*pos];
        if let Some(parent) = &c.parent {
            if !out.iter().any(|(_, l)| &l.code == parent) {
                let parent_level = framework.level_name(c.level.saturating_sub(1));
                return Err(Error::validation(
                    "categories",
                    format!(
                        "{} {} belongs to {} {parent}, which is not chosen",
                        framework.level_name(c.level).to_lowercase(),
                        c.code,
                        parent_level.to_lowercase()
                    ),
                ));
            }
        }
    }
    let top = out
        .iter()
        .filter(|(pos, _)| framework.categories[*pos].level == 1)
        .count();
    if (top as u32) < framework.min_categories {
        let level = framework.level_name(1).to_lowercase();
        let wanted = match framework.min_categories {
            1 => format!("at least one {level}"),
            n => format!("at least {n} of level {level}"),
        };
        return Err(Error::validation("categories", format!("choose {wanted}")));
    }
    // Level by level, each in the framework's order ("3;4;3A;4B"), as the store lists them.
    out.sort_by_key(|(pos, _)| (framework.categories[*pos].level, *pos));
    Ok(out.into_iter().map(|(_, l)| l).collect())
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
