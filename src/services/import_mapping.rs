//! Choosing how an import reads a file: the proposal for its columns, a mapping saved by
//! name, the person's own choices on top, and what the file looks like through the result.

use crate::store::db::Conn;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Error;
use crate::import::mapping::{self, ColumnMapping, ImportKind, MappedRow};
use crate::import::table::{read_table, Table, TableOptions};
use crate::import::MAX_IMPORT_BYTES;
use crate::store::{self, Store};

/// How many mapped rows a proposal shows.
pub const PREVIEW_ROWS: usize = 20;

/// The person's choices for one import: a saved mapping to start from, and/or explicit
/// choices over it (or over the proposal, when no saved mapping is named).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct MappingChoice {
    /// A mapping saved earlier (`import_mappings`) for this kind.
    pub mapping_name: Option<String>,
    /// Fields mapped here replace the saved or proposed ones (and their columns are taken
    /// from any other field); values are added; a sheet or header row replaces.
    pub mapping: ColumnMapping,
}

/// A file seen through a mapping, before importing: one call gives the UI everything to
/// choose with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MappingProposal {
    pub file: String,
    pub kind: ImportKind,
    /// The fields of the kind, in order.
    pub fields: Vec<mapping::ImportField>,
    /// The workbook's worksheets (empty for CSV) and the one read.
    pub sheets: Vec<String>,
    pub sheet: Option<String>,
    /// The header's row number (1-based).
    pub header_row: u32,
    /// The header's columns, in order.
    pub columns: Vec<String>,
    /// The mapping in force: saved or proposed, with the person's choices over it.
    pub mapping: ColumnMapping,
    /// Required fields no column is mapped to.
    pub missing_fields: Vec<String>,
    pub ignored_columns: Vec<String>,
    /// Enumerated field → values that mean nothing yet (to map before importing).
    pub unmapped_values: std::collections::BTreeMap<String, Vec<String>>,
    /// The first [`PREVIEW_ROWS`] rows as mapped.
    pub rows: Vec<MappedRow>,
    pub total_rows: u32,
}

fn bad(name: &str, message: impl std::fmt::Display) -> Error {
    Error::BadRequest {
        message: format!("{name}: {message}"),
        field: Some("file".to_owned()),
    }
}

/// A table read and the mapping to read it with.
pub struct Resolved {
    pub table: Table,
    pub mapping: ColumnMapping,
}

/// Reads the file `name` and settles the mapping: the saved one named in `choice` (else the
/// proposal for the file), with `choice.mapping` over it. Errors (`BadRequest`, naming the
/// file): too large, empty, unreadable; a saved mapping that does not exist.
pub fn resolve(
    conn: &Conn<'_>,
    kind: ImportKind,
    name: &str,
    bytes: &[u8],
    choice: &MappingChoice,
) -> Result<Resolved, Error> {
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
    let saved =
        match &choice.mapping_name {
            Some(n) => Some(store::import_mappings::get(conn, kind, n)?.ok_or_else(|| {
                Error::Validation {
                    field: "mappingName".to_owned(),
                    message: format!("there is no saved {} mapping named {n:?}", kind.as_str()),
                }
            })?),
            None => None,
        };
    let explicit = &choice.mapping;
    let options = TableOptions {
        sheet: explicit
            .sheet
            .clone()
            .or_else(|| saved.as_ref().and_then(|s| s.sheet.clone())),
        header_row: explicit
            .header_row
            .or_else(|| saved.as_ref().and_then(|s| s.header_row)),
    };
    let table = read_table(name, bytes, &options)?;
    let mut mapping = match saved {
        Some(s) => s,
        None => mapping::propose_for_table(kind, &table),
    };
    overlay(&mut mapping, explicit);
    Ok(Resolved { table, mapping })
}

/// Puts the person's explicit choices over a saved or proposed mapping.
fn overlay(base: &mut ColumnMapping, explicit: &ColumnMapping) {
    for (field, columns) in &explicit.fields {
        // A column chosen for this field no longer serves another one.
        for (other, cols) in base.fields.iter_mut() {
            if other != field && !explicit.fields.contains_key(other) {
                cols.retain(|c| !columns.contains(c));
            }
        }
        base.fields.insert(field.clone(), columns.clone());
    }
    base.fields.retain(|_, c| !c.is_empty());
    for (field, values) in &explicit.values {
        base.values
            .entry(field.clone())
            .or_default()
            .extend(values.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    if explicit.sheet.is_some() {
        base.sheet = explicit.sheet.clone();
    }
    if explicit.header_row.is_some() {
        base.header_row = explicit.header_row;
    }
}

/// The file `name` as the import of `kind` would read it (reads only; nothing is written).
pub fn propose(
    store: &Store,
    kind: ImportKind,
    name: &str,
    bytes: &[u8],
    choice: &MappingChoice,
) -> Result<MappingProposal, Error> {
    let Resolved { table, mapping } =
        store.read(|conn| resolve(conn, kind, name, bytes, choice))?;
    let mapped = mapping::apply(kind, name, &table, &mapping)?;
    Ok(MappingProposal {
        file: name.to_owned(),
        kind,
        fields: mapping::field_list(kind),
        sheets: table.sheets.clone(),
        sheet: table.sheet.clone(),
        header_row: table.header_row,
        columns: mapped.columns,
        missing_fields: mapping::missing_required(kind, &mapping)
            .into_iter()
            .map(str::to_owned)
            .collect(),
        mapping,
        ignored_columns: mapped.ignored_columns,
        unmapped_values: mapped.unmapped_values,
        total_rows: mapped.rows.len() as u32,
        rows: mapped.rows.into_iter().take(PREVIEW_ROWS).collect(),
    })
}

/// The names of the mappings saved for `kind`.
pub fn saved_names(store: &Store, kind: ImportKind) -> Result<Vec<String>, Error> {
    store.read(|conn| store::import_mappings::names(conn, kind))
}
