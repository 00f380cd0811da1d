//! Backups: automatic (before every migration, once a day on start; rotated) and manual, and
//! restores that check a file before replacing anything and keep what they replace.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Error;
use crate::store::{self, backup, migrations, Store};

/// One copy of the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupFile {
    pub path: String,
    pub file_name: String,
    pub bytes: u64,
    /// "daily", "pre-v4", "manual", "before-restore", …
    pub reason: String,
    /// Seconds since the Unix epoch (UTC).
    pub modified: u64,
}

/// A restore request: the file to bring back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RestoreRequest {
    pub path: String,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RestoreOutcome {
    /// The copy of the data that was replaced.
    pub replaced_kept_at: String,
    /// The restored file's schema version (migrated to the current one since).
    pub restored_schema_version: u32,
}

/// The database file; a PostgreSQL database's copies are `pg_dump`'s, which the server's
/// administrator runs (the message says how).
fn db_file(store: &Store) -> Result<&Path, Error> {
    store.file().ok_or_else(|| {
        let url = store.location().display();
        Error::Unsupported(format!(
            "this database is on PostgreSQL, whose copies the server's administrator makes: back it up with `pg_dump --format=custom --file=FILE '{url}'` and restore a copy with `pg_restore --clean --if-exists --single-transaction --dbname='{url}' FILE`, with FILE the copy's name and the password in place of *** (or in PGPASSWORD); see the README's \"Backups on PostgreSQL\""
        ))
    })
}

/// Reasons whose copies rotate; manual ones and those taken before a restore are kept.
const ROTATED: [&str; 2] = ["daily", "pre-v"];

fn reason_of(name: &str) -> String {
    // <stem>-<time>-<reason>.sqlite3: the stem and the reason may hold dashes, the time
    // (20261128T011500.123Z) does not.
    let base = name.trim_end_matches(".sqlite3");
    let parts: Vec<&str> = base.split('-').collect();
    match parts
        .iter()
        .position(|p| p.len() >= 16 && p.contains('T') && p.ends_with('Z'))
    {
        Some(i) => parts[i + 1..].join("-"),
        None => String::new(),
    }
}

fn describe(path: PathBuf) -> Option<BackupFile> {
    let meta = std::fs::metadata(&path).ok()?;
    let file_name = path.file_name()?.to_string_lossy().into_owned();
    if !file_name.ends_with(".sqlite3") {
        return None;
    }
    Some(BackupFile {
        reason: reason_of(&file_name),
        bytes: meta.len(),
        modified: meta
            .modified()
            .ok()
            .and_then(|m| m.duration_since(SystemTime::UNIX_EPOCH).ok())
            .map(|d| d.as_secs())
            .unwrap_or(0),
        path: path.display().to_string(),
        file_name,
    })
}

/// The copies of this database, newest first.
pub fn list(store: &Store) -> Result<Vec<BackupFile>, Error> {
    list_of(db_file(store)?)
}

/// The copies of the database at `db`, newest first.
fn list_of(db: &Path) -> Result<Vec<BackupFile>, Error> {
    let dir = store::backup_dir(db);
    let mut files: Vec<BackupFile> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .filter_map(|e| describe(e.path()))
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(Error::io(dir, e)),
    };
    files.sort_by(|a, b| b.file_name.cmp(&a.file_name));
    Ok(files)
}

/// Takes a copy now, while the app runs; `reason` ends up in its name.
pub fn create(store: &Store, reason: &str) -> Result<BackupFile, Error> {
    let dest = store::backup_path(db_file(store)?, reason);
    let dir = store::backup_dir(db_file(store)?);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    store.exclusive(|conn| backup::copy_to(conn, &dest))?;
    describe(dest.clone())
        .ok_or_else(|| Error::io(dest, std::io::Error::other("the copy was not written")))
}

/// Deletes the oldest automatic copies beyond `keep` (manual ones are never deleted).
pub fn rotate(store: &Store, keep: usize) -> Result<u32, Error> {
    rotate_of(db_file(store)?, keep)
}

fn rotate_of(db: &Path, keep: usize) -> Result<u32, Error> {
    let mut removed = 0;
    let automatic: Vec<BackupFile> = list_of(db)?
        .into_iter()
        .filter(|b| ROTATED.iter().any(|r| b.reason.starts_with(r)))
        .collect();
    for old in automatic.iter().skip(keep) {
        std::fs::remove_file(&old.path).map_err(|e| Error::io(&old.path, e))?;
        removed += 1;
    }
    Ok(removed)
}

/// Whether the newest daily copy of the database at `db` is less than a day old.
fn daily_is_fresh(db: &Path) -> Result<bool, Error> {
    let day = Duration::from_secs(24 * 3600).as_secs();
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    Ok(list_of(db)?
        .iter()
        .any(|b| b.reason == "daily" && now.saturating_sub(b.modified) < day))
}

/// Takes the daily copy if the newest automatic one is more than a day old.
pub fn daily_if_due(store: &Store, keep: usize) -> Result<Option<BackupFile>, Error> {
    if daily_is_fresh(db_file(store)?)? {
        return Ok(None);
    }
    let made = create(store, "daily")?;
    rotate(store, keep)?;
    Ok(Some(made))
}

/// The daily copy, taken on a thread of its own through its own read-only connection, so that
/// opening a large database is not held up by copying it (a 676 MB file took seconds). A copy
/// cut short by the app closing is left as a `.partial` file, never listed, and removed by
/// a later day's copy.
pub fn daily_in_background(
    db: PathBuf,
    keep: usize,
) -> std::thread::JoinHandle<Result<Option<BackupFile>, Error>> {
    std::thread::spawn(move || {
        if daily_is_fresh(&db)? {
            return Ok(None);
        }
        remove_stale_partials(&db);
        let dir = store::backup_dir(&db);
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let dest = store::backup_path(&db, "daily");
        backup::copy_file_to(&db, &dest)?;
        rotate_of(&db, keep)?;
        Ok(describe(dest))
    })
}

/// Removes copies left unfinished over an hour ago (the app closed while writing them).
fn remove_stale_partials(db: &Path) {
    let Ok(entries) = std::fs::read_dir(store::backup_dir(db)) else {
        return;
    };
    let hour = Duration::from_secs(3600);
    for e in entries.filter_map(Result::ok) {
        let stale = e.file_name().to_string_lossy().ends_with(backup::PARTIAL)
            && e.metadata()
                .ok()
                .and_then(|m| m.modified().ok())
                .and_then(|m| m.elapsed().ok())
                .is_some_and(|age| age > hour);
        if stale {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Replaces the database's content with a backup file's: the file is checked first (intact,
/// ours, not from a newer version); the current content is kept as a copy; the result is
/// migrated to the current schema and checked.
pub fn restore(store: &Store, path: &Path) -> Result<RestoreOutcome, Error> {
    db_file(store)?;
    let inspection = backup::inspect(path)?;
    let kept = create(store, "before-restore")?;
    store.exclusive(|conn| {
        backup::restore_from(conn, path)?;
        migrations::migrate(conn)?;
        let health = backup::health(conn)?;
        if health != "ok" {
            return Err(Error::NotOurDatabase {
                path: path.to_owned(),
                reason: format!("after the restore: {health}"),
            });
        }
        Ok(())
    })?;
    Ok(RestoreOutcome {
        replaced_kept_at: kept.path,
        restored_schema_version: inspection.schema_version,
    })
}
