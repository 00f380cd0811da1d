//! The SQLite store: the only place (with `migrations/`) that holds SQL. One file per table
//! family; each function takes a `&Connection` (a `Transaction` derefs to one) so services
//! can compose several in one transaction through [`Store::write`].

pub mod audit;
pub mod autosaves;
pub mod catalogue;
pub mod commitments;
pub mod cycles;
pub mod export;
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
}

/// What opening found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenReport {
    /// The schema version before opening (0 for a new file).
    pub from_version: u32,
    /// The schema version now.
    pub to_version: u32,
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

        // WAL lets the window and `serve` read while the other writes. FULL makes every
        // committed transaction survive a power cut, not only a crash of the app: people type
        // these reports once, and a commit costs one more fsync at human pace.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;

        let to_version = migrations::migrate(&conn)?;
        Ok((
            Store {
                conn: Mutex::new(conn),
                path: path.to_owned(),
            },
            OpenReport {
                from_version,
                to_version,
            },
        ))
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
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
