//! `ct migrate`: copies a whole database from one engine to the other (SQLite file ⇄
//! PostgreSQL), into a new, empty database, then checks every table's row count and content
//! hash on both sides. The rows go through the store's generic table reads and inserts, in
//! one transaction of the target: a failed copy leaves the target as it was.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value as Json};

use crate::error::Error;
use crate::store::{self, Conn, Location, Store};

/// The tables beyond a bundle's (which are the shared data, parents before children): each
/// person's unsaved text and settings, the saved import mappings, and a team server's
/// accounts, sign-ins, assignments and settings. The search index is rebuilt by the target's
/// own triggers.
const LOCAL_TABLES: &[(&str, &str)] = &[
    ("autosaves", "account, commitment_id, year"),
    ("user_settings", "account, key"),
    ("import_mappings", "kind, name"),
    ("users", "id"),
    ("sessions", "id_hash"),
    ("access_tokens", "id"),
    ("assignments", "commitment_id, user_id"),
    ("server_settings", "key"),
    ("notices_sent", "key"),
    ("account_events", "at, id"),
    // Offline copies: a server's record of the changes they sent, a copy's link and pending
    // edits, and the changes feed last (its positions are the source's: the copies of a server
    // moved to the other engine go on from where they were).
    ("sync_applied", "change_id"),
    ("sync_link", "id"),
    ("sync_pending", "id"),
    ("sync_rows", "seq"),
];

/// Every table of the app's data, parents before children.
fn all_tables() -> impl Iterator<Item = &'static (&'static str, &'static str)> {
    store::export::BUNDLE_TABLES.iter().chain(LOCAL_TABLES)
}

/// The rows a new database holds from its migrations alone (the WHS framework): replaced by
/// the source's copy of them.
const SEEDED_BY_MIGRATIONS: &[&str] = &[
    "sync_rows",
    "categories",
    "framework_types",
    "framework_levels",
    "frameworks",
];

/// What a copy moved, table by table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CopyReport {
    pub from: String,
    pub to: String,
    /// Table → (rows, content hash), the same on both sides.
    pub tables: BTreeMap<String, TableCheck>,
}

/// One table's verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableCheck {
    pub rows: usize,
    pub hash: String,
}

/// Copies `from` (which must exist) into `to`, which must be a new or empty database of the
/// app.
pub fn copy(from: &Location, to: &Location) -> Result<CopyReport, Error> {
    if let Some(file) = from.file().filter(|f| !f.is_file()) {
        return Err(Error::BadRequest {
            message: format!(
                "{} does not exist: nothing was copied or created",
                file.display()
            ),
            field: Some("from".to_owned()),
        });
    }
    let (source, _) = Store::open(from)?;
    let (target, _) = Store::open(to)?;
    let tables = source.read(|src| {
        target.write(|dst| {
            refuse_unless_empty(dst, to)?;
            for t in SEEDED_BY_MIGRATIONS {
                store::export::clear_table(dst, t)?;
            }
            let mut checks = BTreeMap::new();
            for (table, order) in all_tables() {
                if *table == "sync_rows" {
                    // What the copy's own inserts added to the target's feed.
                    store::export::clear_table(dst, table)?;
                }
                let rows = store::export::dump_table(src, table, order)?;
                let cols = store::export::columns(dst, table)?;
                for row in &rows {
                    store::export::insert_row(dst, table, &cols, row)?;
                }
                checks.insert((*table).to_owned(), check(&rows));
            }
            store::sync_feed::continue_after_copy(dst)?;
            Ok(checks)
        })
    })?;
    // Read back through the target's own connection, after the commit.
    target.read(|dst| {
        for (table, order) in all_tables() {
            let again = check(&store::export::dump_table(dst, table, order)?);
            if tables.get(*table) != Some(&again) {
                return Err(Error::Migration {
                    version: 0,
                    message: format!(
                        "table {table} differs after the copy ({} rows, hash {} in the source; {} rows, hash {} in the target)",
                        tables.get(*table).map_or(0, |c| c.rows),
                        tables.get(*table).map_or("", |c| c.hash.as_str()),
                        again.rows,
                        again.hash
                    ),
                });
            }
        }
        Ok(())
    })?;
    Ok(CopyReport {
        from: from.display(),
        to: to.display(),
        tables,
    })
}

fn refuse_unless_empty(dst: &Conn<'_>, to: &Location) -> Result<(), Error> {
    for (table, _) in all_tables().filter(|(t, _)| !SEEDED_BY_MIGRATIONS.contains(t)) {
        let n = store::export::row_count(dst, table)?;
        if n > 0 {
            return Err(Error::BadRequest {
                message: format!(
                    "{} is not empty (its table {table} holds {n} {}): copy into a new, empty database (opening one with `ct` seeds IOM's catalogue into it unless --no-seed is given)",
                    to.display(),
                    if n == 1 { "row" } else { "rows" }
                ),
                field: Some("to".to_owned()),
            });
        }
    }
    Ok(())
}

/// Every table's row count and content hash: what a copy checks, and what a test compares to
/// prove that a refused call wrote nothing.
pub fn checks(store: &Store) -> Result<BTreeMap<String, TableCheck>, Error> {
    store.read(|conn| {
        let mut out = BTreeMap::new();
        for (table, order) in all_tables() {
            out.insert(
                (*table).to_owned(),
                check(&store::export::dump_table(conn, table, order)?),
            );
        }
        Ok(out)
    })
}

/// Row count and an order-independent content hash (FNV-1a of each row's JSON, sorted).
fn check(rows: &[Map<String, Json>]) -> TableCheck {
    let mut each: Vec<u64> = rows
        .iter()
        .map(|r| fnv(Json::Object(r.clone()).to_string().as_bytes()))
        .collect();
    each.sort_unstable();
    let all: Vec<u8> = each.iter().flat_map(|h| h.to_le_bytes()).collect();
    TableCheck {
        rows: rows.len(),
        hash: format!("{:016x}", fnv(&all)),
    }
}

fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
