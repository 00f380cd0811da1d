//! The SQLite store: the only place (with `migrations/`) that holds SQL. One file per table
//! family; each function takes a `&Connection` (a `Transaction` derefs to one) so services
//! can compose several in one transaction through [`Store::write`].

pub mod audit;
pub mod autosaves;
pub mod backup;
pub mod catalogue;
pub mod commitment_ids;
pub mod commitments;
pub mod cycles;
pub mod export;
pub mod filesystem;
pub mod import_mappings;
pub mod migrations;
pub mod organisations;
pub mod reports;
pub mod revisions;
pub mod search;
pub mod settings;
pub mod status;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::error::Error;

/// Written into every database's header so that a file of another program is never touched
/// ("CTr1").
pub const APPLICATION_ID: i32 = 0x4354_7231;

/// How long a writer waits for another process's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// One database file, shared by every caller of the process.
pub struct Store {
    conn: Mutex<Connection>,
    path: PathBuf,
    warning: Option<String>,
}

/// What opening found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenReport {
    /// The schema version before opening (0 for a new file).
    pub from_version: u32,
    /// The schema version now.
    pub to_version: u32,
    /// The copy taken before migrating, if the schema changed.
    pub pre_migration_backup: Option<PathBuf>,
}

/// The folder of automatic and manual copies: `backups/` next to the database file.
pub fn backup_dir(db: &Path) -> PathBuf {
    db.parent().unwrap_or(Path::new(".")).join("backups")
}

/// A new copy's path: `backups/<db name>-<UTC time>-<reason>.sqlite3`.
pub fn backup_path(db: &Path, reason: &str) -> PathBuf {
    let stem = db
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "db".to_owned());
    let when = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
    backup_dir(db).join(format!("{stem}-{when}-{reason}.sqlite3"))
}

impl Store {
    /// Opens (creating if needed) the database at `path`, refusing without a single write a
    /// file that is not ours or that a newer version of the app wrote, then applies pending
    /// migrations, each in its own transaction.
    pub fn open(path: &Path) -> Result<(Store, OpenReport), Error> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let from_version = migrations::guard(&conn, path)?;

        // WAL lets the window and `serve` read while the other writes, but it needs memory
        // shared between processes, which network file systems do not provide: there, use a
        // rollback journal and say so.
        let network = filesystem::network_filesystem(path);
        let journal = if network.is_some() { "DELETE" } else { "WAL" };
        conn.pragma_update(None, "journal_mode", journal)?;
        // FULL makes every committed transaction survive a power cut, not only a crash of the
        // app: people type these reports once, and a commit costs one more fsync at human pace.
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Without the planner stability guarantee, a statement with a join and a bound
        // parameter is marked "re-plan when rebound", and the statement cache clears bindings
        // on every return: each cached use was compiled again (a quarter of a catalogue
        // import's time). With it, a statement keeps the plan EXPLAIN QUERY PLAN showed.
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;

        // A copy before the schema changes, so an upgrade can always be undone.
        let mut pre_migration_backup = None;
        if from_version > 0 && from_version < migrations::latest_version() {
            let dest = backup_path(path, &format!("pre-v{}", migrations::latest_version()));
            if let Some(dir) = dest.parent() {
                std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            }
            backup::copy_to(&conn, &dest)?;
            pre_migration_backup = Some(dest);
        }
        let to_version = migrations::migrate(&conn)?;
        Ok((
            Store {
                conn: Mutex::new(conn),
                path: path.to_owned(),
                warning: network.map(|fs| {
                    format!("the database is on a network drive ({fs}); it uses a rollback journal instead of WAL there, which is safe but slower, and two computers must not write to it at the same time")
                }),
            },
            OpenReport {
                from_version,
                to_version,
                pre_migration_backup,
            },
        ))
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A warning about where the file lives (a network drive), if any.
    pub fn warning(&self) -> Option<&str> {
        self.warning.as_deref()
    }

    /// Runs `f` with the connection itself, outside any transaction (backups, restores).
    pub fn exclusive<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, Error>,
    ) -> Result<T, Error> {
        f(&mut self.lock())
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave a transaction open (it rolls back on
        // drop), so the connection is still sound.
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `f` with a read connection.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T, Error>) -> Result<T, Error> {
        f(&self.lock())
    }

    /// Runs `f` in one transaction like [`Store::write`], then rolls everything back: a dry
    /// run that reports what a change would do and changes nothing.
    pub fn dry_run<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.rollback()?;
        Ok(out)
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction (it takes the write lock at once, so two
    /// writers queue on the busy timeout instead of failing mid-way), committed only if `f`
    /// succeeds.
    pub fn write<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }
}

/// A new UUID v7 as text (time-ordered, so new rows land at the end of the index).
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// A text column borrowed from its row (no copy): for reads that stream many rows.
/// Checked with SIMD: an export of 50,000 reports checks ~100 MB of text, which std's check
/// made a tenth of the export's time.
pub(crate) fn row_text<'r>(row: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
    use rusqlite::types::{FromSqlError, Type, ValueRef};
    let failure = |e: Box<dyn std::error::Error + Send + Sync>| {
        rusqlite::Error::FromSqlConversionFailure(i, Type::Text, e)
    };
    match row.get_ref(i)? {
        ValueRef::Text(bytes) => {
            simdutf8::basic::from_utf8(bytes).map_err(|e| failure(Box::new(e)))
        }
        _ => Err(failure(Box::new(FromSqlError::InvalidType))),
    }
}
