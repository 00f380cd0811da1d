//! Copies of the database file: taken while the app runs (`VACUUM INTO`), checked before they
//! are trusted, and restored through SQLite's online backup API.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::{migrations, APPLICATION_ID};
use crate::error::Error;

/// The suffix of a copy being written; renamed to `dest` once complete, so a copy cut short
/// (the app closed, the disk full) is never taken for a backup.
pub const PARTIAL: &str = ".partial";

/// Writes a consistent, compacted copy of the open database to `dest` (which must not exist).
pub fn copy_to(conn: &Connection, dest: &Path) -> Result<(), Error> {
    let mut partial = dest.as_os_str().to_owned();
    partial.push(PARTIAL);
    let partial = std::path::PathBuf::from(partial);
    let written = conn
        .execute("VACUUM INTO ?1", [partial.to_string_lossy()])
        .map_err(Error::from)
        .and_then(|_| std::fs::rename(&partial, dest).map_err(|e| Error::io(dest, e)));
    if written.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    written
}

/// As `copy_to`, through a read-only connection of its own to the database at `db`: in WAL
/// mode the app's connection goes on reading and writing while the copy is made.
pub fn copy_file_to(db: &Path, dest: &Path) -> Result<(), Error> {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    copy_to(&conn, dest)
}

/// What a candidate file for a restore holds.
pub struct Inspection {
    pub schema_version: u32,
}

/// Checks, reading only, that `path` is an intact Commitment Tracker database this version can
/// open: integrity, application id and schema version.
pub fn inspect(path: &Path) -> Result<Inspection, Error> {
    let not_ours = |reason: String| Error::NotOurDatabase {
        path: path.to_owned(),
        reason,
    };
    if !path.is_file() {
        return Err(Error::io(
            path,
            std::io::Error::from(std::io::ErrorKind::NotFound),
        ));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let app_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(|_| not_ours("it is not an SQLite file".to_owned()))?;
    if app_id != APPLICATION_ID {
        return Err(not_ours(format!("its application id is {app_id:#x}")));
    }
    let version: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > migrations::latest_version() {
        return Err(Error::SchemaTooNew {
            path: path.to_owned(),
            found: version,
            supported: migrations::latest_version(),
        });
    }
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(not_ours(format!(
            "it is damaged (integrity check: {check})"
        )));
    }
    Ok(Inspection {
        schema_version: version,
    })
}

/// Replaces the open database's content with the file's, page by page, while it stays open.
pub fn restore_from(conn: &mut Connection, src: &Path) -> Result<(), Error> {
    conn.restore(rusqlite::MAIN_DB, src, rusqlite::backup::NO_PROGRESS)?;
    Ok(())
}

/// `PRAGMA integrity_check` and `foreign_key_check` of the open database: "ok" or the problems.
pub fn health(conn: &Connection) -> Result<String, Error> {
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    let fk: i64 = conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
        r.get(0)
    })?;
    Ok(if check == "ok" && fk == 0 {
        "ok".to_owned()
    } else {
        format!("integrity: {check}; foreign key problems: {fk}")
    })
}
