//! The JSON bundle: every record with full fidelity (commitments, reports, revisions, review
//! history, cycles, audit), with a format version. Restored into an empty database it
//! reproduces the same data exactly; imported into a colleague's copy it merges reports by
//! UUID, and a report changed on both sides is a conflict to resolve, never overwritten.

//!
//! Format only (bytes ⇄ rows and domain types); reading one from a database, restoring and
//! merging are `services::bundle_export` and `services::bundle_import`.

use std::collections::BTreeMap;
use std::io::Write;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use super::bundle_frameworks::upgrade_v1;
use crate::domain::{ReportContent, ReviewState};
use crate::error::Error;
use crate::store::export::BUNDLE_TABLES;
use crate::store::migrations;

/// The bundle's `format` value.
pub const FORMAT: &str = "commitment-tracker/bundle";
/// The bundle format this build writes and the newest it reads. Format 2 (schema 10) carries
/// frameworks and category links; format 1 is read by [`upgrade_v1`].
pub const FORMAT_VERSION: u32 = 2;
/// The largest bundle read.
pub const MAX_BUNDLE_BYTES: usize = 512 * 1024 * 1024;

/// One record: column → value.
pub type Row = Map<String, Json>;

/// A bundle file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Bundle {
    pub format: String,
    pub format_version: u32,
    /// The schema version of the database that wrote it.
    pub schema_version: u32,
    /// Table name → rows (column → value), in a stable order.
    pub tables: BTreeMap<String, Vec<Row>>,
}

/// A bundle of the given tables, as this build writes it.
pub fn new(tables: BTreeMap<String, Vec<Row>>) -> Bundle {
    Bundle {
        format: FORMAT.to_owned(),
        format_version: FORMAT_VERSION,
        schema_version: migrations::latest_version(),
        tables,
    }
}

/// Writes a bundle as pretty JSON; returns the records written. The output depends only on
/// the data (no timestamp of its own), so the same data gives the same bytes.
pub fn to_writer(bundle: &Bundle, out: &mut (dyn Write + Send)) -> Result<u64, Error> {
    let n = bundle.tables.values().map(|t| t.len() as u64).sum();
    serde_json::to_writer_pretty(&mut *out, bundle)
        .map_err(|e| Error::io("bundle export", e.into()))?;
    out.write_all(b"\n")
        .map_err(|e| Error::io("bundle export", e))?;
    Ok(n)
}

/// Reads a bundle from bytes, naming what is wrong and where.
pub fn parse(name: &str, bytes: &[u8]) -> Result<Bundle, Error> {
    let bad = |message: String| Error::BadRequest {
        message: format!("{name}: {message}"),
        field: Some("file".to_owned()),
    };
    if bytes.len() > MAX_BUNDLE_BYTES {
        return Err(bad(format!(
            "the file is larger than {} MB",
            MAX_BUNDLE_BYTES / 1024 / 1024
        )));
    }
    let text = crate::import::text::decode(bytes).text;
    let mut bundle: Bundle = serde_json::from_str(&text).map_err(|e| {
        let catalogue = serde_json::from_str::<Json>(&text)
            .is_ok_and(|v| v.get("tables").is_none() && v.get("commitments").is_some());
        if catalogue {
            return bad(
                "this is a catalogue file, not a bundle: import it as a catalogue (\"Catalogue import\", `ct import catalogue`)".to_owned(),
            );
        }
        bad(format!(
            "not a Commitment Tracker bundle (line {}, column {}: {e})",
            e.line(),
            e.column()
        ))
    })?;
    if bundle.format != FORMAT {
        return Err(bad(format!(
            "the format is {:?}, not {FORMAT:?}",
            bundle.format
        )));
    }
    if bundle.format_version > FORMAT_VERSION
        || bundle.schema_version > migrations::latest_version()
    {
        return Err(bad(format!(
            "it was written by a newer version of Commitment Tracker (bundle format {}, schema {}): update the app",
            bundle.format_version, bundle.schema_version
        )));
    }
    if bundle.format_version < 2 {
        upgrade_v1(&mut bundle.tables);
        bundle.format_version = FORMAT_VERSION;
    }
    for name_ in bundle.tables.keys() {
        if !BUNDLE_TABLES.iter().any(|(t, _)| t == name_) {
            return Err(bad(format!("unknown table {name_:?}")));
        }
    }
    Ok(bundle)
}

/// A table's rows (none when the bundle lacks the table).
pub fn rows<'a>(b: &'a Bundle, table: &str) -> &'a [Row] {
    b.tables.get(table).map(Vec::as_slice).unwrap_or(&[])
}

/// A text cell ("" when absent or not text).
pub fn text(row: &Row, col: &str) -> String {
    row.get(col)
        .and_then(Json::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// An integer cell (0 when absent or not a number).
pub fn int(row: &Row, col: &str) -> i64 {
    row.get(col).and_then(Json::as_i64).unwrap_or_default()
}

/// A report row's content.
pub fn report_content(r: &Row) -> Result<ReportContent, Error> {
    serde_json::from_value(Json::Object(content_fields(r))).map_err(|e| Error::BadRequest {
        message: format!("report {}: {e}", text(r, "id")),
        field: Some("file".to_owned()),
    })
}

/// A report row's review state.
pub fn report_state(r: &Row) -> Result<ReviewState, Error> {
    text(r, "review_state").parse()
}

/// A report row's content fields, as a ReportContent's JSON.
fn content_fields(r: &Row) -> Row {
    let parse =
        |col: &str| serde_json::from_str::<Json>(&text(r, col)).unwrap_or(Json::Array(vec![]));
    let mut m = Map::new();
    m.insert("status".into(), Json::from(text(r, "status")));
    m.insert("achievements".into(), Json::from(text(r, "achievements")));
    m.insert("challenges".into(), Json::from(text(r, "challenges")));
    m.insert("nextSteps".into(), Json::from(text(r, "next_steps")));
    m.insert("evidence".into(), parse("evidence"));
    m.insert(
        "progress".into(),
        r.get("progress").cloned().unwrap_or(Json::Null),
    );
    m.insert("tags".into(), parse("tags"));
    m
}
