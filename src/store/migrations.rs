//! Schema migrations: numbered SQL files from `migrations/`, embedded in the binary. The
//! schema version lives in the file's `user_version`, the app's mark in `application_id`.

use std::path::Path;

use rusqlite::{Connection, ErrorCode, TransactionBehavior};

use super::APPLICATION_ID;
use crate::error::Error;

/// (version, name, SQL). Append only: never edit a released migration.
const MIGRATIONS: &[(u32, &str, &str)] = &[
    (
        1,
        "0001_catalogue",
        include_str!("../../migrations/0001_catalogue.sql"),
    ),
    (
        2,
        "0002_agenda_for_humanity",
        include_str!("../../migrations/0002_agenda_for_humanity.sql"),
    ),
    (
        3,
        "0003_reports",
        include_str!("../../migrations/0003_reports.sql"),
    ),
    (
        4,
        "0004_status_and_search",
        include_str!("../../migrations/0004_status_and_search.sql"),
    ),
    (
        5,
        "0005_search_vocabulary",
        include_str!("../../migrations/0005_search_vocabulary.sql"),
    ),
    (
        6,
        "0006_report_status_index",
        include_str!("../../migrations/0006_report_status_index.sql"),
    ),
    (
        7,
        "0007_report_year_index",
        include_str!("../../migrations/0007_report_year_index.sql"),
    ),
    (
        8,
        "0008_commitment_order_index",
        include_str!("../../migrations/0008_commitment_order_index.sql"),
    ),
    (
        9,
        "0009_search_unspaced_scripts",
        include_str!("../../migrations/0009_search_unspaced_scripts.sql"),
    ),
    (
        10,
        "0010_frameworks",
        include_str!("../../migrations/0010_frameworks.sql"),
    ),
    (
        11,
        "0011_import",
        include_str!("../../migrations/0011_import.sql"),
    ),
    (
        12,
        "0012_accounts",
        include_str!("../../migrations/0012_accounts.sql"),
    ),
    (
        13,
        "0013_account_events",
        include_str!("../../migrations/0013_account_events.sql"),
    ),
    (
        14,
        "0014_sync",
        include_str!("../../migrations/0014_sync.sql"),
    ),
    (
        15,
        "0015_search_unspaced_prefilter",
        include_str!("../../migrations/0015_search_unspaced_prefilter.sql"),
    ),
];

/// The names of the embedded migrations, in order.
pub fn names() -> Vec<&'static str> {
    MIGRATIONS.iter().map(|m| m.1).collect()
}

/// The schema version this build writes.
pub fn latest_version() -> u32 {
    MIGRATIONS.last().map_or(0, |m| m.0)
}

/// Checks, reading only, that the file is new or ours and not from a newer app. Returns its
/// schema version.
pub fn guard(conn: &Connection, path: &Path) -> Result<u32, Error> {
    let not_ours = |reason: String| Error::NotOurDatabase {
        path: path.to_owned(),
        reason,
    };
    let app_id: i32 = match conn.pragma_query_value(None, "application_id", |r| r.get(0)) {
        Ok(v) => v,
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == ErrorCode::NotADatabase => {
            return Err(not_ours("it is not an SQLite file".to_owned()));
        }
        Err(e) => return Err(e.into()),
    };
    let version: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if app_id == 0 {
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
        if tables > 0 || version > 0 {
            return Err(not_ours(
                "it is an SQLite database of another program".to_owned(),
            ));
        }
    } else if app_id != APPLICATION_ID {
        return Err(not_ours(format!(
            "its application id is {app_id:#x}, not {APPLICATION_ID:#x}"
        )));
    }
    if version > latest_version() {
        return Err(Error::SchemaTooNew {
            path: path.to_owned(),
            found: version,
            supported: latest_version(),
        });
    }
    Ok(version)
}

/// Applies every migration newer than the file's version, each in its own transaction with
/// its version bump, so a crash leaves the old schema or the new one, never a mix.
///
/// Foreign keys are off while migrations run (a table rebuild drops and renames a table that
/// others reference; with them on, the drop would cascade) and checked before each commit, as
/// SQLite documents for schema changes: a migration that leaves a broken reference is rolled
/// back.
pub fn migrate(conn: &Connection) -> Result<u32, Error> {
    migrate_to(conn, latest_version())
}

/// [`migrate`], stopping at `target` (tests make files as an older version left them).
pub fn migrate_to(conn: &Connection, target: u32) -> Result<u32, Error> {
    let enforced: bool = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
    conn.pragma_update(None, "foreign_keys", false)?;
    let result = apply_each(conn, target);
    conn.pragma_update(None, "foreign_keys", enforced)?;
    result
}

fn apply_each(conn: &Connection, target: u32) -> Result<u32, Error> {
    let mut current: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for &(version, _name, sql) in MIGRATIONS {
        if version <= current || version > target {
            continue;
        }
        let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the lock.
        let now: u32 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if now >= version {
            current = now;
            tx.commit()?;
            continue;
        }
        let broken_before = broken_references(&tx)?;
        tx.execute_batch(sql)?;
        if broken_references(&tx)? > broken_before {
            return Err(Error::Migration {
                version,
                message: "a row would point at a missing row".to_owned(),
            });
        }
        failpoint_pause(version);
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
        current = version;
    }
    Ok(current)
}

/// How many rows point at a missing row. A migration may not add one (a file that already had
/// some, from outside the app, still opens).
fn broken_references(conn: &Connection) -> Result<i64, Error> {
    Ok(
        conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })?,
    )
}

/// Test builds only: `CT_FAILPOINT_MIGRATION=<version>:<ms>` pauses inside that migration's
/// transaction, so a test can kill the process mid-migration.
#[cfg(debug_assertions)]
fn failpoint_pause(version: u32) {
    if let Ok(spec) = std::env::var("CT_FAILPOINT_MIGRATION") {
        if let Some((v, ms)) = spec.split_once(':') {
            if v.parse() == Ok(version) {
                std::thread::sleep(std::time::Duration::from_millis(ms.parse().unwrap_or(0)));
            }
        }
    }
}

#[cfg(not(debug_assertions))]
fn failpoint_pause(_version: u32) {}
