//! Catalogue files, format only: a spreadsheet's rows read through a column mapping, or a JSON
//! catalogue, as commitment inputs; category cells read against a framework. The use case
//! (preview, apply, all or nothing) is `services::catalogue_import`.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::catalogue_file::CatalogueFile;
use super::mapping::MappedRow;
use super::values::{split_items, ListStyle, ITEM_SEPARATOR};
use crate::domain::{CategoryLink, CommitmentInput, Framework};
use crate::error::Error;

/// A template the user can download and fill in (any other layout goes through the column
/// mapping).
/// "Focal points" holds the e-mails of the accounts to assign (a team server's), separated by
/// `;`; it is left empty here, as an unknown e-mail refuses its row.
pub const TEMPLATE_CSV: &str = "Commitment ID,Type,Title,Description,Categories,Tags,Organisation,Organisation name,Focal points\n\
200020,Operational,Data for displacement,\"IOM commits to … (the full text of the commitment)\",3;4;3A;4B,data;displacement,IOM,International Organization for Migration,\n";

/// What a row would do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub enum RowAction {
    Add,
    Change,
    Unchanged,
    Refused,
    /// Every mapped cell of the row is empty.
    Skipped,
}

/// One row of the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportRow {
    /// The row number in the file (1-based, as a spreadsheet shows it; JSON: the entry's).
    pub row: u32,
    pub commitment_id: String,
    pub action: RowAction,
    /// For a change: the fields that differ.
    pub changes: Vec<String>,
    /// For a refusal: the column at fault (if one) and why.
    pub column: Option<String>,
    pub error: Option<String>,
}

/// A row read from the file, before checking against the database.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub row: u32,
    pub input: CommitmentInput,
    pub organisation_name: Option<String>,
    /// Category cells that name no category of the framework (as written).
    pub unknown_categories: Vec<String>,
    /// The e-mails of the accounts to assign as focal points (as written, without a name
    /// around them: "Ana <ana@example.org>" is "ana@example.org").
    pub focal_points: Vec<String>,
}

/// A catalogue row from its mapped values, for `framework`. Categories are read by code, by
/// name (case and accents aside) or, for WHS, as "CR3"; a trailing `?` marks a link as
/// inferred ("3A?"). Names no category has are returned in `unknown_categories`.
pub fn from_mapped(row: &MappedRow, framework: &Framework) -> Parsed {
    let get = |f: &str| row.values.get(f).cloned().unwrap_or_default();
    let mut categories = Vec::new();
    let mut unknown = Vec::new();
    let cell = get("categories");
    for item in split_items(&cell, ListStyle::Categories) {
        match category_link(&item, framework) {
            Some(link) => categories.push(link),
            None => unknown.push(item),
        }
    }
    let tags = get("tags")
        .split(ITEM_SEPARATOR)
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect();
    let focal_points = get("focal_points")
        .split(ITEM_SEPARATOR)
        .map(email_of)
        .filter(|e| !e.is_empty())
        .map(str::to_owned)
        .collect();
    let organisation = get("organisation");
    let organisation_name = get("organisation_name");
    Parsed {
        row: row.row,
        input: CommitmentInput {
            organisation: (!organisation.is_empty()).then_some(organisation),
            framework: Some(framework.code.clone()),
            commitment_id: get("id"),
            title: get("title"),
            kind: framework
                .type_named(&get("type"))
                .map(str::to_owned)
                .unwrap_or_else(|| get("type")),
            description: get("description"),
            categories,
            tags,
        },
        organisation_name: (!organisation_name.is_empty()).then_some(organisation_name),
        unknown_categories: unknown,
        focal_points,
    }
}

/// The address of "Name <address>", else the item trimmed.
fn email_of(item: &str) -> &str {
    let item = item.trim();
    match (item.rfind('<'), item.rfind('>')) {
        (Some(open), Some(close)) if open < close => item[open + 1..close].trim(),
        _ => item,
    }
}

/// One category cell item as a link, if it names a category of the framework.
pub fn category_link(item: &str, framework: &Framework) -> Option<CategoryLink> {
    let inferred = item.ends_with('?');
    let text = item.trim_end_matches('?').trim();
    let found = framework.category_by_code_or_name(text).or_else(|| {
        // WHS files write core responsibilities as "CR3" or "CR 3".
        let rest = text
            .get(2..)
            .filter(|_| text[..2].eq_ignore_ascii_case("cr"))?;
        framework.category(rest.trim()).filter(|c| c.level == 1)
    })?;
    Some(CategoryLink {
        code: found.code.clone(),
        inferred,
    })
}

/// Whether JSON text is a Commitment Tracker bundle (to say so, rather than how it fails as
/// a catalogue).
fn is_bundle(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text).is_ok_and(|v| {
        v.get("format").and_then(|f| f.as_str()) == Some(crate::export::bundle::FORMAT)
    })
}

fn bad(name: &str, message: impl std::fmt::Display) -> Error {
    Error::BadRequest {
        message: format!("{name}: {message}"),
        field: Some("file".to_owned()),
    }
}

/// The commitments of a JSON catalogue file (format 1 with WHS links, or format 2), each
/// in `framework` unless it names its own.
pub fn parse_json(name: &str, bytes: &[u8], framework: &str) -> Result<Vec<Parsed>, Error> {
    let text = super::text::decode(bytes).text;
    let file: CatalogueFile = serde_json::from_str(&text).map_err(|e| {
        if is_bundle(&text) {
            return bad(
                name,
                "this is a data bundle, not a catalogue: import it as a bundle (\"Import a data bundle\", `ct import bundle`)",
            );
        }
        bad(
            name,
            format!(
                "not a catalogue file (line {}, column {}: {e})",
                e.line(),
                e.column()
            ),
        )
    })?;
    let names: HashMap<String, String> = file
        .organisations
        .iter()
        .map(|o| (o.code.clone(), o.name.clone()))
        .collect();
    Ok(file
        .commitments
        .into_iter()
        .enumerate()
        .map(|(i, entry)| {
            let mut input = entry.into_input();
            input.framework.get_or_insert_with(|| framework.to_owned());
            Parsed {
                row: (i + 1) as u32,
                organisation_name: input
                    .organisation
                    .as_ref()
                    .and_then(|o| names.get(o).cloned()),
                input,
                unknown_categories: Vec::new(),
                focal_points: Vec::new(),
            }
        })
        .collect())
}
