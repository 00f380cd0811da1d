//! The JSON bundle: every record with full fidelity (commitments, reports, revisions, review
//! history, cycles, audit), with a format version. Restored into an empty database it
//! reproduces the same data exactly; imported into a colleague's copy it merges reports by
//! UUID, and a report changed on both sides is a conflict to resolve, never overwritten.

use crate::store::db::Conn;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};
use ts_rs::TS;

use super::bundle_check::{check, Frame};
use super::bundle_frameworks::{bring_in, upgrade_v1};
use super::Job;
use crate::domain::{time, Actor, ReportContent, ReviewState};
use crate::error::Error;
use crate::services::audit::record_tx;
use crate::services::reports::current_year;
use crate::store::export::{columns, dump_table, insert_row, is_empty, BUNDLE_TABLES};
use crate::store::{self, migrations, Store};

/// The bundle's `format` value.
pub const FORMAT: &str = "commitment-tracker/bundle";
/// The bundle format this build writes and the newest it reads. Format 2 (schema 10) carries
/// frameworks and category links; format 1 is read by [`upgrade_v1`].
pub const FORMAT_VERSION: u32 = 2;
/// The largest bundle read.
pub const MAX_BUNDLE_BYTES: usize = 512 * 1024 * 1024;

type Row = Map<String, Json>;

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

/// Writes the whole database as a bundle; returns the records written. The output depends
/// only on the data (no timestamp of its own), so the same data gives the same bytes.
pub fn write(store: &Store, job: &Job, out: &mut (dyn Write + Send)) -> Result<u64, Error> {
    let bundle = store.read(|conn| {
        let mut tables = BTreeMap::new();
        for (table, order) in BUNDLE_TABLES {
            let rows = dump_table(conn, table, order)?;
            for _ in &rows {
                job.tick()?;
            }
            tables.insert((*table).to_owned(), rows);
        }
        Ok(Bundle {
            format: FORMAT.to_owned(),
            format_version: FORMAT_VERSION,
            schema_version: migrations::latest_version(),
            tables,
        })
    })?;
    let n = bundle.tables.values().map(|t| t.len() as u64).sum();
    serde_json::to_writer_pretty(&mut *out, &bundle)
        .map_err(|e| Error::io("bundle export", e.into()))?;
    out.write_all(b"\n")
        .map_err(|e| Error::io("bundle export", e))?;
    Ok(n)
}

/// How to settle a report changed on both sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub enum Take {
    /// Keep this copy's version.
    Mine,
    /// Take the bundle's content (as a new revision; this copy's stays in the history).
    Theirs,
}

/// A decision about one conflict, by the local report's UUID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Resolution {
    pub report_id: String,
    pub take: Take,
}

/// A report changed on both sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BundleConflict {
    /// The local report's UUID (name it in a [`Resolution`]).
    pub report_id: String,
    pub commitment_id: String,
    pub year: i32,
    pub mine: ReportContent,
    pub mine_state: ReviewState,
    pub mine_updated_by: String,
    pub theirs: ReportContent,
    pub theirs_state: ReviewState,
    pub theirs_updated_by: String,
    /// What was done: "unresolved", "kept mine" or "took theirs".
    pub outcome: String,
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BundleImport {
    /// "restore" (into an empty database) or "merge".
    pub mode: String,
    pub dry_run: bool,
    /// Records restored, by table (restore mode).
    pub restored: BTreeMap<String, u32>,
    pub organisations_added: u32,
    pub commitments_added: u32,
    pub reports_added: u32,
    /// Reports brought up to the bundle's newer version.
    pub reports_updated: u32,
    pub reports_unchanged: u32,
    pub conflicts: Vec<BundleConflict>,
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

fn rows<'a>(b: &'a Bundle, table: &str) -> &'a [Row] {
    b.tables.get(table).map(Vec::as_slice).unwrap_or(&[])
}

fn text(row: &Row, col: &str) -> String {
    row.get(col)
        .and_then(Json::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// Imports a bundle: a restore into an empty database, a merge into one that holds data. All
/// or nothing, in one transaction; with `dry_run` nothing is kept.
pub fn import(
    store: &Store,
    actor: &Actor,
    bundle: &Bundle,
    resolutions: &[Resolution],
    dry_run: bool,
) -> Result<BundleImport, Error> {
    let run = |tx: &Conn<'_>| -> Result<BundleImport, Error> {
        let (frameworks, categories) = store::catalogue::ids(tx)?;
        let frame = Frame::new(
            store::catalogue::load(tx)?,
            frameworks,
            categories,
            &bundle.tables,
        )?;
        check(&bundle.tables, &frame, current_year())?;
        let mut out = if is_empty(tx)? {
            restore(tx, bundle)?
        } else {
            merge(tx, actor, bundle, resolutions)?
        };
        out.dry_run = dry_run;
        Ok(out)
    };
    if dry_run {
        store.dry_run(run)
    } else {
        store.write(run)
    }
}

fn check_columns(conn: &Conn<'_>, table: &str, rows: &[Row]) -> Result<Vec<String>, Error> {
    let cols = columns(conn, table)?;
    for (i, row) in rows.iter().enumerate() {
        if let Some(bad) = row.keys().find(|k| !cols.contains(k)) {
            return Err(Error::BadRequest {
                message: format!("table {table}, record {}: unknown field {bad:?}", i + 1),
                field: Some("file".to_owned()),
            });
        }
    }
    Ok(cols)
}

pub(super) fn insert_all(conn: &Conn<'_>, table: &str, rows: &[Row]) -> Result<u32, Error> {
    let cols = check_columns(conn, table, rows)?;
    for (i, row) in rows.iter().enumerate() {
        insert_row(conn, table, &cols, row).map_err(|e| Error::BadRequest {
            message: format!("table {table}, record {}: {e}", i + 1),
            field: Some("file".to_owned()),
        })?;
    }
    Ok(rows.len() as u32)
}

fn restore(tx: &Conn<'_>, bundle: &Bundle) -> Result<BundleImport, Error> {
    let mut out = BundleImport {
        mode: "restore".to_owned(),
        ..Default::default()
    };
    let (map, frameworks) = bring_in(tx, &bundle.tables)?;
    out.restored.insert("frameworks".to_owned(), frameworks);
    for (table, _) in BUNDLE_TABLES {
        let n = match *table {
            "frameworks" | "framework_levels" | "framework_types" | "categories" => continue,
            "commitments" => {
                let mapped: Vec<Row> = rows(bundle, table)
                    .iter()
                    .map(|r| map.commitment(r))
                    .collect();
                insert_all(tx, table, &mapped)?
            }
            "commitment_categories" => {
                let mapped: Vec<Row> = rows(bundle, table).iter().map(|r| map.link(r)).collect();
                insert_all(tx, table, &mapped)?
            }
            _ => insert_all(tx, table, rows(bundle, table))?,
        };
        out.restored.insert((*table).to_owned(), n);
    }
    Ok(out)
}

fn merge(
    tx: &Conn<'_>,
    actor: &Actor,
    bundle: &Bundle,
    resolutions: &[Resolution],
) -> Result<BundleImport, Error> {
    let mut out = BundleImport {
        mode: "merge".to_owned(),
        ..Default::default()
    };
    // Organisations by code.
    let remote_orgs: HashMap<String, String> = rows(bundle, "organisations")
        .iter()
        .map(|o| (text(o, "id"), text(o, "code")))
        .collect();
    for o in rows(bundle, "organisations") {
        if store::organisations::by_code(tx, &text(o, "code"))?.is_none() {
            insert_all(tx, "organisations", std::slice::from_ref(o))?;
            out.organisations_added += 1;
        }
    }
    let (map, _) = bring_in(tx, &bundle.tables)?;
    // Commitments by organisation and public ID (each copy seeded its own UUIDs).
    let mut commitment_map: HashMap<String, String> = HashMap::new();
    for c in rows(bundle, "commitments") {
        let remote_id = text(c, "id");
        let org_code = remote_orgs
            .get(&text(c, "organisation_id"))
            .cloned()
            .unwrap_or_default();
        let org =
            store::organisations::by_code(tx, &org_code)?.ok_or_else(|| Error::BadRequest {
                message: format!(
                    "commitment {}: its organisation is missing from the bundle",
                    text(c, "public_id")
                ),
                field: Some("file".to_owned()),
            })?;
        let local = store::commitments::id_by_public_id(tx, &org.id, &text(c, "public_id"))?;
        let local_id = match local {
            Some(id) => id,
            None => {
                let mut row = map.commitment(c);
                row.insert("organisation_id".to_owned(), Json::from(org.id.clone()));
                insert_all(tx, "commitments", &[row])?;
                let links: Vec<Row> = rows(bundle, "commitment_categories")
                    .iter()
                    .filter(|l| text(l, "commitment_id") == remote_id)
                    .map(|l| map.link(l))
                    .collect();
                insert_all(tx, "commitment_categories", &links)?;
                let after = store::commitments::get(tx, &remote_id)?;
                record_tx(
                    tx,
                    actor,
                    "commitment",
                    &remote_id,
                    &remote_id,
                    "import",
                    None::<&()>,
                    Some(&after),
                )?;
                out.commitments_added += 1;
                remote_id.clone()
            }
        };
        commitment_map.insert(remote_id, local_id);
    }
    // Reports by UUID, then by commitment and year.
    let history = |table: &str, report: &str| -> Vec<Row> {
        rows(bundle, table)
            .iter()
            .filter(|r| text(r, "report_id") == report)
            .cloned()
            .collect()
    };
    for r in rows(bundle, "reports") {
        let remote_id = text(r, "id");
        let Some(local_c) = commitment_map.get(&text(r, "commitment_id")).cloned() else {
            return Err(Error::BadRequest {
                message: format!("report {remote_id}: its commitment is missing from the bundle"),
                field: Some("file".to_owned()),
            });
        };
        let year = r.get("year").and_then(Json::as_i64).unwrap_or_default() as i32;
        let revisions = history("report_revisions", &remote_id);
        let events = history("review_events", &remote_id);
        let by_id = store::reports::get(tx, &remote_id).ok();
        let local = match by_id {
            Some(l) => Some(l),
            None => store::reports::find(tx, &local_c, year)?,
        };
        let mut row = r.clone();
        row.insert("commitment_id".to_owned(), Json::from(local_c.clone()));
        let Some(local) = local else {
            insert_all(tx, "reports", &[row])?;
            insert_all(tx, "report_revisions", &revisions)?;
            insert_all(tx, "review_events", &events)?;
            let after = store::reports::get(tx, &remote_id)?;
            record_tx(
                tx,
                actor,
                "report",
                &remote_id,
                &local_c,
                "import",
                None::<&()>,
                Some(&after),
            )?;
            out.reports_added += 1;
            continue;
        };
        let ids = |v: &[Row]| {
            v.iter()
                .map(|x| text(x, "id"))
                .collect::<BTreeSet<String>>()
        };
        let theirs: BTreeSet<String> = ids(&revisions).union(&ids(&events)).cloned().collect();
        let mine: BTreeSet<String> = if local.id == remote_id {
            store::export::history_ids(tx, &local.id)?
        } else {
            BTreeSet::new()
        };
        if local.id == remote_id && theirs.is_subset(&mine) {
            out.reports_unchanged += 1;
        } else if local.id == remote_id && mine.is_subset(&theirs) {
            // Theirs descends from mine: bring this copy forward, history included.
            let new_revisions: Vec<Row> = revisions
                .into_iter()
                .filter(|x| !mine.contains(&text(x, "id")))
                .collect();
            let new_events: Vec<Row> = events
                .into_iter()
                .filter(|x| !mine.contains(&text(x, "id")))
                .collect();
            store::export::replace_report(tx, &row)?;
            insert_all(tx, "report_revisions", &new_revisions)?;
            insert_all(tx, "review_events", &new_events)?;
            let after = store::reports::get(tx, &local.id)?;
            record_tx(
                tx,
                actor,
                "report",
                &local.id,
                &local_c,
                "import",
                Some(&local),
                Some(&after),
            )?;
            out.reports_updated += 1;
        } else {
            let theirs_content: ReportContent =
                serde_json::from_value(Json::Object(remote_content(r))).map_err(|e| {
                    Error::BadRequest {
                        message: format!("report {remote_id}: {e}"),
                        field: Some("file".to_owned()),
                    }
                })?;
            let theirs_state: ReviewState = text(r, "review_state").parse()?;
            let take = resolutions
                .iter()
                .find(|x| x.report_id == local.id)
                .map(|x| x.take);
            let outcome = match take {
                None => "unresolved",
                Some(Take::Mine) => "kept mine",
                Some(Take::Theirs) => {
                    take_theirs(tx, actor, &local, &theirs_content)?;
                    "took theirs"
                }
            };
            out.conflicts.push(BundleConflict {
                report_id: local.id.clone(),
                commitment_id: local.commitment_id.clone(),
                year,
                mine: local.content.clone(),
                mine_state: local.review_state,
                mine_updated_by: local.updated_by.clone(),
                theirs: theirs_content,
                theirs_state,
                theirs_updated_by: text(r, "updated_by"),
                outcome: outcome.to_owned(),
            });
        }
    }
    // Cycles this copy does not have yet.
    for c in rows(bundle, "reporting_cycles") {
        let year = c.get("year").and_then(Json::as_i64).unwrap_or_default() as i32;
        if store::cycles::get(tx, year)?.is_none() {
            insert_all(tx, "reporting_cycles", std::slice::from_ref(c))?;
        }
    }
    Ok(out)
}

/// A report row's content fields, as a ReportContent's JSON.
fn remote_content(r: &Row) -> Row {
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

fn take_theirs(
    tx: &Conn<'_>,
    actor: &Actor,
    local: &crate::domain::Report,
    theirs: &ReportContent,
) -> Result<(), Error> {
    if !local.review_state.is_editable() {
        return Err(Error::Locked(format!(
            "the {} report of {} is {}: it cannot take the bundle's version until it is returned or reopened",
            local.year,
            local.commitment_id,
            local.review_state.as_str().to_lowercase()
        )));
    }
    let now = time::now();
    let revision = local.revision + 1;
    store::reports::update_content(
        tx,
        &local.id,
        local.version,
        theirs,
        ReviewState::Draft,
        revision,
        &actor.name,
        &now,
    )?;
    let json = store::reports::content_json(theirs);
    store::revisions::insert(
        tx,
        &store::new_id(),
        &local.id,
        revision,
        &json,
        &actor.name,
        "update",
        None,
        &now,
    )?;
    let after = store::reports::get(tx, &local.id)?;
    record_tx(
        tx,
        actor,
        "report",
        &local.id,
        &local.commitment,
        "import",
        Some(local),
        Some(&after),
    )
}
