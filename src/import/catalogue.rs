//! Catalogue import: commitments from CSV, XLSX or JSON. A preview shows, row by row, what
//! would be added, changed or refused; applying is all or nothing in one transaction. Every
//! refusal names the file, the row, the column and the problem.

use std::collections::HashMap;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::table::{read_csv, read_xlsx, whole_number_text, Table};
use super::MAX_IMPORT_BYTES;
use crate::domain::framework::WHS;
use crate::domain::{time, Actor, Catalogue, CategoryLink, CommitmentInput};
use crate::error::Error;
use crate::services::audit::record_tx;
use crate::services::commitments::insert_valid_tx;
use crate::services::seed::CatalogueFile;
use crate::store::{self, Store};

/// The columns a catalogue file may have (the first four are required).
pub const COLUMNS: [&str; 7] = [
    "Commitment ID",
    "Type",
    "Core responsibilities",
    "Description",
    "Transformations",
    "Organisation",
    "Organisation name",
];

/// A template the user can download and fill in.
pub const TEMPLATE_CSV: &str = "Commitment ID,Type,Core responsibilities,Description,Transformations,Organisation,Organisation name\n\
200020,Operational,3;4,\"IOM commits to … (the full text of the commitment)\",3A;4B,IOM,International Organization for Migration\n";

/// What a row would do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub enum RowAction {
    Add,
    Change,
    Unchanged,
    Refused,
}

/// One row of the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportRow {
    /// The row number in the file (the header is row 1).
    pub row: u32,
    pub commitment_id: String,
    pub action: RowAction,
    /// For a change: the fields that differ.
    pub changes: Vec<String>,
    /// For a refusal: the column at fault (if one) and why.
    pub column: Option<String>,
    pub error: Option<String>,
}

/// The preview (or the result) of a catalogue import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CatalogueImport {
    pub file: String,
    pub applied: bool,
    pub added: u32,
    pub changed: u32,
    pub unchanged: u32,
    pub refused: u32,
    pub rows: Vec<ImportRow>,
}

/// A row read from the file, before checking against the database.
struct Parsed {
    row: u32,
    input: CommitmentInput,
    organisation_name: Option<String>,
}

fn bad(name: &str, message: impl std::fmt::Display) -> Error {
    Error::BadRequest {
        message: format!("{name}: {message}"),
        field: Some("file".to_owned()),
    }
}

fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase()
}

/// Which of [`COLUMNS`] a header names.
fn column_of(header: &str) -> Option<usize> {
    match norm(header).as_str() {
        "commitmentid" | "id" => Some(0),
        "type" | "commitmenttype" => Some(1),
        "coreresponsibilities" | "coreresponsibility" | "cr" | "crs" => Some(2),
        "description" | "commitmentdescription" => Some(3),
        "transformations" | "transformation" => Some(4),
        "organisation" | "organization" | "org" => Some(5),
        "organisationname" | "organizationname" => Some(6),
        _ => None,
    }
}

/// WHS core responsibilities from "3;4", "CR3, CR4" or their names.
fn parse_crs(cell: &str, catalogue: &Catalogue) -> Result<Vec<CategoryLink>, String> {
    let Some(whs) = catalogue.framework(WHS) else {
        return Err("the WHS framework is missing from this database".to_owned());
    };
    let mut out = Vec::new();
    // Names contain commas and colons, so try whole names first.
    let mut rest = cell.to_lowercase();
    for cr in whs.at_level(1) {
        let name = cr.name.to_lowercase();
        if rest.contains(&name) {
            out.push(CategoryLink::stated(&cr.code));
            rest = rest.replace(&name, " ");
        }
    }
    for token in rest
        .split([';', ',', '|', '/', '\n'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        let digits = token.trim_start_matches("cr").trim();
        match whs.category(digits).filter(|c| c.level == 1) {
            Some(c) => out.push(CategoryLink::stated(&c.code)),
            None => {
                return Err(format!(
                    "{token:?} is not a core responsibility (1–5, CR1–CR5 or a name)"
                ))
            }
        }
    }
    Ok(out)
}

/// Transformations from "3A;4B?" (a trailing ? marks an inferred link).
fn parse_links(cell: &str) -> Vec<CategoryLink> {
    cell.split([';', ',', '|', '/', ' ', '\n'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| CategoryLink {
            code: t.trim_end_matches('?').to_ascii_uppercase(),
            inferred: t.ends_with('?'),
        })
        .collect()
}

fn parse_table(
    name: &str,
    t: &Table,
    catalogue: &Catalogue,
) -> Result<(Vec<Parsed>, Vec<ImportRow>), Error> {
    let mut index: [Option<usize>; 7] = [None; 7];
    for (i, h) in t.header.iter().enumerate() {
        if h.is_empty() {
            continue;
        }
        match column_of(h) {
            Some(c) if index[c].is_none() => index[c] = Some(i),
            Some(_) => return Err(bad(name, format!("row 1: the column {h:?} appears twice"))),
            None => {
                return Err(bad(
                    name,
                    format!(
                        "row 1: the column {h:?} is not one of: {}",
                        COLUMNS.join(", ")
                    ),
                ))
            }
        }
    }
    let missing: Vec<&str> = (0..4)
        .filter(|c| index[*c].is_none())
        .map(|c| COLUMNS[c])
        .collect();
    if !missing.is_empty() {
        return Err(bad(
            name,
            format!("row 1: required column(s) missing: {}", missing.join(", ")),
        ));
    }
    if t.rows.is_empty() {
        return Err(bad(name, "the file has a header but no commitments"));
    }
    let mut parsed = Vec::new();
    let mut refused = Vec::new();
    for (row, cells) in &t.rows {
        let get = |c: usize| {
            index[c]
                .and_then(|i| cells.get(i))
                .cloned()
                .unwrap_or_default()
        };
        let id = whole_number_text(&get(0)).to_owned();
        match parse_crs(&get(2), catalogue) {
            Err(e) => refused.push(ImportRow {
                row: *row,
                commitment_id: id,
                action: RowAction::Refused,
                changes: vec![],
                column: Some(COLUMNS[2].to_owned()),
                error: Some(e),
            }),
            Ok(crs) => {
                let org = get(5);
                let org_name = get(6);
                parsed.push(Parsed {
                    row: *row,
                    input: CommitmentInput {
                        organisation: (!org.is_empty()).then_some(org),
                        framework: Some(WHS.to_owned()),
                        commitment_id: id,
                        title: String::new(),
                        kind: get(1),
                        description: get(3),
                        categories: crs.into_iter().chain(parse_links(&get(4))).collect(),
                        tags: Vec::new(),
                    },
                    organisation_name: (!org_name.is_empty()).then_some(org_name),
                })
            }
        }
    }
    Ok((parsed, refused))
}

/// Whether JSON text is a Commitment Tracker bundle (to say so, rather than how it fails as
/// a catalogue).
fn is_bundle(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text).is_ok_and(|v| {
        v.get("format").and_then(|f| f.as_str()) == Some(crate::export::bundle::FORMAT)
    })
}

fn parse_json(name: &str, bytes: &[u8]) -> Result<Vec<Parsed>, Error> {
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
            let input = entry.into_input();
            Parsed {
                row: (i + 1) as u32,
                organisation_name: input
                    .organisation
                    .as_ref()
                    .and_then(|o| names.get(o).cloned()),
                input,
            }
        })
        .collect())
}

/// The column a validation field belongs to.
fn column_for(field: Option<&str>) -> Option<String> {
    let c = match field? {
        "commitmentId" => COLUMNS[0],
        "type" => COLUMNS[1],
        "categories" => COLUMNS[2],
        "description" => COLUMNS[3],
        "organisation" => COLUMNS[5],
        _ => return None,
    };
    Some(c.to_owned())
}

/// Reads the file (by extension: .csv, .xlsx, .json) and previews, or applies, it.
pub fn import(
    store: &Store,
    actor: &Actor,
    name: &str,
    bytes: &[u8],
    apply: bool,
) -> Result<CatalogueImport, Error> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(bad(
            name,
            format!(
                "the file is larger than {} MB",
                MAX_IMPORT_BYTES / 1024 / 1024
            ),
        ));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(bad(name, "the file is empty"));
    }
    let catalogue = store.read(store::catalogue::load)?;
    let lower = name.to_lowercase();
    let (parsed, refused) = if lower.ends_with(".json") {
        (parse_json(name, bytes)?, Vec::new())
    } else if lower.ends_with(".xlsx") || lower.ends_with(".xlsm") || lower.ends_with(".xls") {
        parse_table(name, &read_xlsx(name, bytes)?, &catalogue)?
    } else if lower.ends_with(".csv") || lower.ends_with(".txt") {
        parse_table(name, &read_csv(name, bytes)?, &catalogue)?
    } else {
        return Err(bad(name, "the file must be .csv, .xlsx or .json"));
    };
    let run = |tx: &rusqlite::Transaction<'_>| plan(tx, actor, name, parsed, refused, apply);
    if !apply {
        return store.dry_run(run);
    }
    store.write(|tx| {
        let result = run(tx)?;
        if let Some(first) = result.rows.iter().find(|r| r.action == RowAction::Refused) {
            // All or nothing: one refused row rolls the whole import back.
            return Err(bad(
                name,
                format!(
                    "row {}{}: {} ({} row(s) refused; nothing was imported)",
                    first.row,
                    first
                        .column
                        .as_ref()
                        .map(|c| format!(", column {c}"))
                        .unwrap_or_default(),
                    first.error.clone().unwrap_or_default(),
                    result.refused
                ),
            ));
        }
        Ok(result)
    })
}

/// Checks every row against the database (adding and changing as it goes, inside the caller's
/// transaction, so later rows see earlier ones).
fn plan(
    tx: &Connection,
    actor: &Actor,
    name: &str,
    parsed: Vec<Parsed>,
    mut rows: Vec<ImportRow>,
    apply: bool,
) -> Result<CatalogueImport, Error> {
    let catalogue = store::catalogue::load(tx)?;
    let mut seen: HashMap<(String, String), u32> = HashMap::new();
    for p in parsed {
        let refuse = |column: Option<String>, error: String| ImportRow {
            row: p.row,
            commitment_id: p.input.commitment_id.clone(),
            action: RowAction::Refused,
            changes: vec![],
            column,
            error: Some(error),
        };
        let valid = match p.input.validate(&catalogue) {
            Ok(v) => v,
            Err(e) => {
                rows.push(refuse(column_for(e.field()), e.to_string()));
                continue;
            }
        };
        let org_code = match &valid.organisation {
            Some(code) => code.clone(),
            None => match store::organisations::list(tx)?.into_iter().next() {
                Some(o) => o.code,
                None => {
                    rows.push(refuse(
                        Some(COLUMNS[5].to_owned()),
                        "name the organisation".to_owned(),
                    ));
                    continue;
                }
            },
        };
        let key = (org_code.to_uppercase(), valid.commitment_id.clone());
        if let Some(first) = seen.get(&key) {
            rows.push(refuse(
                Some(COLUMNS[0].to_owned()),
                format!(
                    "Commitment ID {} appears again (first on row {first})",
                    valid.commitment_id
                ),
            ));
            continue;
        }
        seen.insert(key, p.row);
        let org = match store::organisations::by_code(tx, &org_code)? {
            Some(o) => o,
            None => {
                let name = p.organisation_name.as_deref().unwrap_or(&org_code);
                let name = match crate::domain::catalogue::validate_organisation_name(name) {
                    Ok(n) => n,
                    Err(e) => {
                        rows.push(refuse(Some(COLUMNS[6].to_owned()), e.to_string()));
                        continue;
                    }
                };
                store::organisations::insert(tx, &store::new_id(), &org_code, &name, &time::now())?
            }
        };
        match store::commitments::id_by_public_id(tx, &org.id, &valid.commitment_id)? {
            None => {
                insert_valid_tx(tx, actor, &org, &valid)?;
                rows.push(ImportRow {
                    row: p.row,
                    commitment_id: valid.commitment_id.clone(),
                    action: RowAction::Add,
                    changes: vec![],
                    column: None,
                    error: None,
                });
            }
            Some(id) => {
                let current = store::commitments::get(tx, &id)?;
                let mut changes = Vec::new();
                if current.kind != valid.kind {
                    changes.push(COLUMNS[1].to_owned());
                }
                if current.framework != valid.framework || current.categories != valid.categories {
                    changes.push(COLUMNS[2].to_owned());
                }
                if current.description != valid.description {
                    changes.push(COLUMNS[3].to_owned());
                }
                if current.title != valid.title {
                    changes.push("Title".to_owned());
                }
                let action = if changes.is_empty() {
                    RowAction::Unchanged
                } else {
                    RowAction::Change
                };
                if action == RowAction::Change {
                    store::commitments::update(
                        tx,
                        &id,
                        current.version,
                        &valid,
                        &actor.name,
                        &time::now(),
                    )?;
                    let after = store::commitments::get(tx, &id)?;
                    record_tx(
                        tx,
                        actor,
                        "commitment",
                        &id,
                        &id,
                        "import",
                        Some(&current),
                        Some(&after),
                    )?;
                }
                rows.push(ImportRow {
                    row: p.row,
                    commitment_id: valid.commitment_id.clone(),
                    action,
                    changes,
                    column: None,
                    error: None,
                });
            }
        }
    }
    rows.sort_by_key(|r| r.row);
    let count = |a: RowAction| rows.iter().filter(|r| r.action == a).count() as u32;
    Ok(CatalogueImport {
        file: name.to_owned(),
        applied: apply && count(RowAction::Refused) == 0,
        added: count(RowAction::Add),
        changed: count(RowAction::Change),
        unchanged: count(RowAction::Unchanged),
        refused: count(RowAction::Refused),
        rows,
    })
}
