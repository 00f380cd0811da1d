//! Importing report history from an organisation's spreadsheet (`ct import reports`, the
//! `import_reports` command): a preview that writes nothing, and an apply that writes every
//! row or none, in one transaction. Each report is saved through the report services
//! ([`reports::create_from_tx`], [`reports::save_content_tx`]) with the origin
//! [`Origin::Import`], so its revision and audit entry say "import" and name the file.

use crate::store::db::Conn;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::import_mapping::{resolve, MappingChoice, Resolved};
use super::reports::{self, current_year, Origin};
use crate::domain::report::validate_year;
use crate::domain::{time, Actor, ReportContent, ReviewState};
use crate::error::Error;
use crate::import::mapping::{self, ColumnMapping, ImportKind};
use crate::import::reports::{
    column_of, parse, ParsedRow, ReportImportRow, ReportRow, ReportRowAction,
};
use crate::services::access::WriteScope;
use crate::store::{self, Store};

/// How to read the file, beyond its columns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ReportImportOptions {
    /// The mapping: saved by name and/or chosen (see [`MappingChoice`]).
    pub choice: MappingChoice,
    /// The reporting year of rows without a year cell (the whole file's year).
    pub year: Option<i32>,
    /// Saves the mapping in force under this name, with a successful apply (a preview
    /// writes nothing).
    pub save_mapping: Option<String>,
}

/// The preview (or the result) of a report import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportImport {
    pub file: String,
    /// Whether the database was changed (apply, no row refused).
    pub applied: bool,
    pub added: u32,
    pub changed: u32,
    pub unchanged: u32,
    pub refused: u32,
    pub skipped: u32,
    /// The worksheet read (XLSX) and the header's row number (1-based).
    pub sheet: Option<String>,
    pub header_row: u32,
    pub columns: Vec<String>,
    pub ignored_columns: Vec<String>,
    pub unmapped_values: std::collections::BTreeMap<String, Vec<String>>,
    /// The mapping in force.
    pub mapping: ColumnMapping,
    pub rows: Vec<ReportImportRow>,
}

/// A write the apply will do.
enum Write {
    Create {
        commitment: String,
        year: i32,
        content: ReportContent,
        author: Option<String>,
    },
    Revise {
        report: String,
        version: i32,
        content: ReportContent,
    },
}

fn bad(name: &str, message: impl std::fmt::Display) -> Error {
    Error::BadRequest {
        message: format!("{name}: {message}"),
        field: Some("file".to_owned()),
    }
}

/// The report fields whose content differs (camelCase, as the UI names them).
fn changes(before: &ReportContent, after: &ReportContent) -> Vec<String> {
    let mut out = Vec::new();
    let mut check = |differs: bool, field: &str| {
        if differs {
            out.push(field.to_owned());
        }
    };
    check(before.status != after.status, "status");
    check(before.achievements != after.achievements, "achievements");
    check(before.challenges != after.challenges, "challenges");
    check(before.next_steps != after.next_steps, "nextSteps");
    check(before.evidence != after.evidence, "evidence");
    check(before.progress != after.progress, "progress");
    check(before.tags != after.tags, "tags");
    out
}

/// Reads the file and checks every row against the database (reads only).
fn plan(
    conn: &Conn<'_>,
    name: &str,
    bytes: &[u8],
    options: &ReportImportOptions,
    scope: &WriteScope,
) -> Result<(ReportImport, Vec<Write>), Error> {
    let kind = ImportKind::Reports;
    let Resolved { table, mapping } = resolve(conn, kind, name, bytes, &options.choice)?;
    if table.rows.is_empty() {
        return Err(bad(name, "the file has a header but no reports"));
    }
    mapping::check(kind, name, &mapping)?;
    let missing = mapping::missing_required(kind, &mapping);
    if !missing.is_empty() {
        return Err(bad(
            name,
            format!(
                "no column is mapped to {} (the columns are: {}); map a column to it",
                missing.join(", "),
                table.header.join(", "),
            ),
        ));
    }
    if let Some(y) = options.year {
        validate_year(y, current_year())?;
    }
    let mapped = mapping::apply(kind, name, &table, &mapping)?;
    let parsed = parse(name, &mapped, &mapping, options.year);
    let mut rows = Vec::with_capacity(parsed.len());
    let mut writes = Vec::new();
    let mut seen: HashMap<(String, i32), u32> = HashMap::new();
    let by_public_id = store::commitment_ids::by_public_id(conn)?;
    for p in parsed {
        let r: ReportRow = match p {
            ParsedRow::Done(done) => {
                rows.push(done);
                continue;
            }
            ParsedRow::Report(r) => r,
        };
        let refuse = |field: Option<&str>, error: String| {
            let column = field.and_then(|f| column_of(&mapping, f));
            let at = column
                .as_ref()
                .map(|c| format!(", column {c}"))
                .unwrap_or_default();
            ReportImportRow {
                row: r.row,
                commitment_id: r.commitment_id.clone(),
                year: Some(r.year),
                action: ReportRowAction::Refused,
                changes: vec![],
                column,
                error: Some(format!("{name}: row {}{at}: {error}", r.row)),
                content: None,
            }
        };
        if let Err(e) = validate_year(r.year, current_year()) {
            rows.push(refuse(Some("year"), e.to_string()));
            continue;
        }
        let found = by_public_id
            .get(&r.commitment_id)
            .map_or(&[][..], Vec::as_slice);
        let commitment = match found {
            [(id, _)] => id.clone(),
            [] => {
                rows.push(refuse(
                    Some("id"),
                    format!("no commitment has the Commitment ID {}", r.commitment_id),
                ));
                continue;
            }
            many => {
                rows.push(refuse(
                    Some("id"),
                    format!(
                        "the Commitment ID {} exists in several organisations ({}); import one organisation's file at a time",
                        r.commitment_id,
                        many.iter().map(|(_, o)| o.as_str()).collect::<Vec<_>>().join(", ")
                    ),
                ));
                continue;
            }
        };
        if !scope.allows(&commitment) {
            rows.push(refuse(
                Some("id"),
                format!(
                    "you are not a focal point of commitment {}: a coordinator assigns commitments",
                    r.commitment_id
                ),
            ));
            continue;
        }
        if let Some(first) = seen.get(&(commitment.clone(), r.year)) {
            rows.push(refuse(
                Some("id"),
                format!(
                    "the {} report of {} appears again (first on row {first})",
                    r.year, r.commitment_id
                ),
            ));
            continue;
        }
        seen.insert((commitment.clone(), r.year), r.row);
        let row = |action, changes, content| ReportImportRow {
            row: r.row,
            commitment_id: r.commitment_id.clone(),
            year: Some(r.year),
            action,
            changes,
            column: None,
            error: None,
            content: Some(content),
        };
        match store::reports::find(conn, &commitment, r.year)? {
            None => {
                rows.push(row(ReportRowAction::Add, vec![], r.content.clone()));
                writes.push(Write::Create {
                    commitment,
                    year: r.year,
                    content: r.content,
                    author: r.author,
                });
            }
            Some(existing) if existing.content == r.content => {
                rows.push(row(ReportRowAction::Unchanged, vec![], r.content));
            }
            Some(existing) if !existing.review_state.is_editable() => {
                let state = match existing.review_state {
                    ReviewState::Approved => "approved and locked",
                    _ => "submitted and waiting for review",
                };
                rows.push(refuse(
                    None,
                    format!(
                        "the {} report of {} is {state}: the file's content differs, and a coordinator must {} it before it can take a new revision",
                        r.year,
                        r.commitment_id,
                        if existing.review_state == ReviewState::Approved { "reopen" } else { "return" }
                    ),
                ));
            }
            Some(existing) => {
                let diff = changes(&existing.content, &r.content);
                rows.push(row(ReportRowAction::Change, diff, r.content.clone()));
                writes.push(Write::Revise {
                    report: existing.id,
                    version: existing.version,
                    content: r.content,
                });
            }
        }
    }
    rows.sort_by_key(|r| r.row);
    let count = |a: ReportRowAction| rows.iter().filter(|r| r.action == a).count() as u32;
    let result = ReportImport {
        file: name.to_owned(),
        applied: false,
        added: count(ReportRowAction::Add),
        changed: count(ReportRowAction::Change),
        unchanged: count(ReportRowAction::Unchanged),
        refused: count(ReportRowAction::Refused),
        skipped: count(ReportRowAction::Skipped),
        sheet: table.sheet.clone(),
        header_row: table.header_row,
        columns: mapped.columns,
        ignored_columns: mapped.ignored_columns,
        unmapped_values: mapped.unmapped_values,
        mapping,
        rows,
    };
    Ok((result, writes))
}

/// What importing the file `name` would do, row by row. Reads only: the database is not
/// written (not even a saved mapping). Errors (`BadRequest` naming the file): unreadable
/// file, unknown mapped column or field, no column for a required field; `Validation`:
/// `--year` out of range, unknown saved mapping.
pub fn preview(
    store: &Store,
    name: &str,
    bytes: &[u8],
    options: &ReportImportOptions,
    scope: &WriteScope,
) -> Result<ReportImport, Error> {
    store.read(|conn| Ok(plan(conn, name, bytes, options, scope)?.0))
}

/// The most refusals an apply's error lists one by one.
const LISTED_REFUSALS: usize = 50;

/// Imports the file `name`: every row or none, in one transaction. A refused row refuses
/// the whole file (`BadRequest` listing each refusal: file, row, column, problem) and the
/// database is left as it was. With `options.save_mapping`, the mapping in force is saved
/// in the same transaction. Errors as [`preview`], and storage.
pub fn apply(
    store: &Store,
    actor: &Actor,
    account: &str,
    name: &str,
    bytes: &[u8],
    options: &ReportImportOptions,
    scope: &WriteScope,
) -> Result<ReportImport, Error> {
    let save_as = match options.save_mapping.as_deref().map(str::trim) {
        Some("") => return Err(Error::validation("saveMapping", "name the mapping to save")),
        other => other,
    };
    store.write(|tx| {
        let (mut result, writes) = plan(tx, name, bytes, options, scope)?;
        if result.refused > 0 {
            let refusals: Vec<&str> = result
                .rows
                .iter()
                .filter_map(|r| r.error.as_deref())
                .collect();
            let mut message = format!(
                "{} row(s) refused; nothing was imported:\n{}",
                result.refused,
                refusals
                    .iter()
                    .take(LISTED_REFUSALS)
                    .copied()
                    .collect::<Vec<_>>()
                    .join("\n")
            );
            if refusals.len() > LISTED_REFUSALS {
                message.push_str(&format!(
                    "\n… and {} more",
                    refusals.len() - LISTED_REFUSALS
                ));
            }
            return Err(Error::BadRequest {
                message,
                field: Some("file".to_owned()),
            });
        }
        let origin = Origin::Import { source: name };
        for w in writes {
            match w {
                Write::Create {
                    commitment,
                    year,
                    content,
                    author,
                } => {
                    reports::create_from_tx(
                        tx,
                        actor,
                        account,
                        &commitment,
                        year,
                        &content,
                        origin,
                        author.as_deref(),
                    )?;
                }
                Write::Revise {
                    report,
                    version,
                    content,
                } => {
                    reports::save_content_tx(
                        tx, actor, account, &report, version, &content, origin,
                    )?;
                }
            }
        }
        if let Some(save_as) = save_as {
            store::import_mappings::put(
                tx,
                ImportKind::Reports,
                save_as,
                &result.mapping,
                &time::now(),
            )?;
        }
        result.applied = true;
        Ok(result)
    })
}
