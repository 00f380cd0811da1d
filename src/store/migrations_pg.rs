//! PostgreSQL's schema migrations: numbered SQL files from `migrations/postgres/`, embedded in
//! the binary, each applied in its own transaction with its row in `ct_schema` (version, name,
//! checksum). That table is also the app's mark: a database that has tables but not it belongs
//! to another application and is left untouched.

use postgres::Client;

use super::Location;
use crate::error::Error;

/// (version, name, SQL). Append only: never edit a released migration.
const MIGRATIONS: &[(u32, &str, &str)] = &[
    (
        1,
        "0001_schema",
        include_str!("../../migrations/postgres/0001_schema.sql"),
    ),
    (
        2,
        "0002_accounts",
        include_str!("../../migrations/postgres/0002_accounts.sql"),
    ),
    (
        3,
        "0003_account_events",
        include_str!("../../migrations/postgres/0003_account_events.sql"),
    ),
    (
        4,
        "0004_sync",
        include_str!("../../migrations/postgres/0004_sync.sql"),
    ),
];

/// Held while migrating, so two processes opening a new database do not both migrate it.
const MIGRATION_LOCK: i64 = 0x4354_7232;

/// The schema version this build writes.
pub fn latest_version() -> u32 {
    MIGRATIONS.last().map_or(0, |m| m.0)
}

/// The names of the embedded migrations, in order.
pub fn names() -> Vec<&'static str> {
    MIGRATIONS.iter().map(|m| m.1).collect()
}

/// A migration's checksum (FNV-1a of its text): a released migration edited afterwards is
/// caught when a database that ran the old text is opened.
fn checksum(sql: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in sql.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Checks, reading only, that the database is new or ours and not from a newer app. Returns
/// its schema version (0 for a new database).
pub fn guard(client: &mut Client, location: &Location) -> Result<u32, Error> {
    let not_ours = |reason: &str| Error::NotOurDatabase {
        path: location.as_message_path(),
        reason: reason.to_owned(),
    };
    let ours: bool = client
        .query_one("SELECT to_regclass('ct_schema') IS NOT NULL", &[])?
        .get(0);
    if !ours {
        let tables: i64 = client
            .query_one(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'v', 'm', 'p')",
                &[],
            )?
            .get(0);
        return if tables > 0 {
            Err(not_ours("it holds tables of another application"))
        } else {
            Ok(0)
        };
    }
    let version: i32 = client
        .query_one("SELECT coalesce(max(version), 0) FROM ct_schema", &[])?
        .get(0);
    let version = u32::try_from(version).unwrap_or(0);
    if version > latest_version() {
        return Err(Error::SchemaTooNew {
            path: location.as_message_path(),
            found: version,
            supported: latest_version(),
        });
    }
    for row in client.query("SELECT version, checksum FROM ct_schema", &[])? {
        let (v, sum): (i32, String) = (row.get(0), row.get(1));
        let known = MIGRATIONS.iter().find(|m| i64::from(m.0) == i64::from(v));
        if let Some(&(_, name, sql)) = known {
            if checksum(sql) != sum {
                return Err(Error::NotOurDatabase {
                    path: location.as_message_path(),
                    reason: format!(
                        "its schema step {name} was not made by this app's text of it (its checksum differs); nothing was changed"
                    ),
                });
            }
        }
    }
    Ok(version)
}

/// The schema version, if the database carries the app's mark.
fn version_if_marked(client: &mut Client) -> Result<Option<u32>, Error> {
    let marked: bool = client
        .query_one("SELECT to_regclass('ct_schema') IS NOT NULL", &[])?
        .get(0);
    if !marked {
        return Ok(None);
    }
    let v: i32 = client
        .query_one("SELECT coalesce(max(version), 0) FROM ct_schema", &[])?
        .get(0);
    Ok(Some(u32::try_from(v).unwrap_or(0)))
}

/// Applies every migration newer than the database's version, each in one transaction with
/// its `ct_schema` row. Returns the version reached.
pub fn migrate(client: &mut Client) -> Result<u32, Error> {
    // Up to date: nothing is written, so a role without CREATE rights (the app's, where the
    // administrator set one up) opens it.
    if let Some(current) = version_if_marked(client)? {
        if current >= latest_version() {
            return Ok(current);
        }
    }
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS ct_schema (
            version integer PRIMARY KEY,
            name text NOT NULL,
            checksum text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now())",
    )?;
    let mut current: i32 = tx
        .query_one("SELECT coalesce(max(version), 0) FROM ct_schema", &[])?
        .get(0);
    for &(version, name, sql) in MIGRATIONS {
        let v = i32::try_from(version).unwrap_or(i32::MAX);
        if v <= current {
            continue;
        }
        tx.batch_execute(sql).map_err(|e| Error::Migration {
            version,
            message: e.to_string(),
        })?;
        tx.execute(
            "INSERT INTO ct_schema (version, name, checksum) VALUES ($1, $2, $3)",
            &[&v, &name, &checksum(sql)],
        )?;
        current = v;
    }
    tx.commit()?;
    Ok(u32::try_from(current).unwrap_or(0))
}
