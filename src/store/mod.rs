//! The store: the only place (with `migrations/`) that holds SQL. One file per table family;
//! each function takes a [`Conn`] (either engine's connection or transaction) so services
//! compose several in one transaction through [`Store::write`]. See `db.rs` for how one SQL
//! text serves both engines, and `docs/decisions/0004-two-engines.md` for why.

pub mod access_tokens;
pub mod account_events;
pub mod assignments;
pub mod audit;
pub mod autosaves;
pub mod backup;
pub mod catalogue;
pub mod commitment_ids;
pub mod commitments;
pub mod cycles;
pub mod db;
pub mod export;
pub mod filesystem;
pub mod import_mappings;
pub mod location;
pub mod migrations;
pub mod migrations_pg;
pub mod notices;
pub mod organisations;
pub mod postgres_pool;
pub mod replica;
pub mod reports;
pub mod revisions;
pub mod schema;
pub mod search;
pub mod search_pg;
pub mod server_settings;
pub mod sessions;
pub mod settings;
pub mod status;
pub mod sync_feed;
pub mod users;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::config::DbConfig;
use rusqlite::trace::{TraceEvent, TraceEventCodes};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};

pub use db::{Conn, Engine};
pub use location::Location;

use crate::error::Error;

/// Written into every database's header so that a file of another program is never touched
/// ("CTr1").
pub const APPLICATION_ID: i32 = 0x4354_7231;

/// How long a writer waits for another process's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// How many read-only SQLite connections are kept open between reads.
const SQLITE_READERS: usize = 4;

/// One database, shared by every caller of the process.
pub struct Store {
    engine: EngineStore,
    location: Location,
    warning: Option<String>,
}

enum EngineStore {
    /// One writer (SQLite allows one at a time) and read-only connections beside it, so an
    /// export or a dashboard does not hold up a save (WAL lets them read while it writes).
    Sqlite {
        writer: Mutex<Connection>,
        readers: Mutex<Vec<Connection>>,
        path: PathBuf,
        /// What [`Store::trace_sql`] set: given to each read connection opened.
        trace: Mutex<Option<SqlTrace>>,
    },
    Postgres(postgres_pool::Pool),
}

/// Receives each statement a SQLite connection runs, its parameters inlined
/// ([`Store::trace_sql`]).
pub type SqlTrace = Arc<dyn Fn(&str) + Send + Sync>;

/// Sets (or with `None` removes) the statement trace of one SQLite connection. Statements run by
/// triggers (SQLite's text for them starts with `--`) are left out.
fn set_trace(conn: &mut Connection, sink: Option<&SqlTrace>) -> Result<(), Error> {
    match sink {
        Some(sink) => {
            let sink = Arc::clone(sink);
            conn.trace_v2(
                TraceEventCodes::SQLITE_TRACE_STMT,
                Some(move |e: TraceEvent<'_>| {
                    if let TraceEvent::Stmt(stmt, text) = e {
                        if !text.starts_with("--") {
                            sink(&stmt.expanded_sql().unwrap_or_else(|| text.to_owned()));
                        }
                    }
                }),
            )?
        }
        None => conn.trace_v2(TraceEventCodes::empty(), None::<fn(TraceEvent<'_>)>)?,
    }
    Ok(())
}

/// What opening found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenReport {
    /// The schema version before opening (0 for a new database).
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

fn sqlite_connection(path: &Path, flags: OpenFlags) -> Result<Connection, Error> {
    let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Without the planner stability guarantee, a statement with a join and a bound
    // parameter is marked "re-plan when rebound", and the statement cache clears bindings
    // on every return: each cached use was compiled again (a quarter of a catalogue
    // import's time). With it, a statement keeps the plan EXPLAIN QUERY PLAN showed.
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}

impl Store {
    /// Opens the database at `location`, refusing without a single write one that is not
    /// ours or that a newer version of the app wrote, then applies pending migrations, each in
    /// its own transaction. A new file, or a new empty PostgreSQL database, is created.
    pub fn open(location: &Location) -> Result<(Store, OpenReport), Error> {
        if let Some(scheme) = location.mistyped_url() {
            return Err(Error::BadRequest {
                message: format!(
                    "{} looks like a URL with the scheme {scheme:?}, which is not one this app reads: a PostgreSQL database is postgresql://user:password@host/database (or postgres://); a file is a path",
                    location.display()
                ),
                field: Some("db".to_owned()),
            });
        }
        match location {
            Location::File(path) => Self::open_file(path),
            Location::Postgres(url) => {
                let (pool, from_version, to_version) = postgres_pool::open(url)?;
                Ok((
                    Store {
                        engine: EngineStore::Postgres(pool),
                        location: location.clone(),
                        warning: None,
                    },
                    OpenReport {
                        from_version,
                        to_version,
                        pre_migration_backup: None,
                    },
                ))
            }
        }
    }

    fn open_file(path: &Path) -> Result<(Store, OpenReport), Error> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let conn = sqlite_connection(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        )?;
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
                engine: EngineStore::Sqlite {
                    writer: Mutex::new(conn),
                    readers: Mutex::new(Vec::new()),
                    path: path.to_owned(),
                    trace: Mutex::new(None),
                },
                location: Location::File(path.to_owned()),
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

    /// Where the database is.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// The engine it runs on.
    pub fn engine(&self) -> Engine {
        match self.engine {
            EngineStore::Sqlite { .. } => Engine::Sqlite,
            EngineStore::Postgres(_) => Engine::Postgres,
        }
    }

    /// The database file, for a SQLite database.
    pub fn file(&self) -> Option<&Path> {
        match &self.engine {
            EngineStore::Sqlite { path, .. } => Some(path),
            EngineStore::Postgres(_) => None,
        }
    }

    /// A warning about where the file lives (a network drive), if any.
    pub fn warning(&self) -> Option<&str> {
        self.warning.as_deref()
    }

    /// Runs `f` with the SQLite writer connection itself, outside any transaction (backups,
    /// restores). PostgreSQL has no such connection: its copies are `pg_dump`'s.
    pub fn exclusive<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, Error>,
    ) -> Result<T, Error> {
        match &self.engine {
            EngineStore::Sqlite { writer, .. } => f(&mut lock(writer)),
            EngineStore::Postgres(_) => Err(Error::Unsupported(
                "this database is on PostgreSQL: its copies are made with pg_dump (see `ct backup`)"
                    .to_owned(),
            )),
        }
    }

    /// For benchmarks and diagnostics: hands each statement that the SQLite writer and read
    /// connections run from now on to `sink` (parameters inlined, statements of triggers left
    /// out), or stops with `None`. Idle read connections are closed, so the next reads open
    /// connections that carry the trace; a read running on another thread meanwhile is not
    /// traced. On PostgreSQL the server's log shows the statements (`log_statement = all`), so
    /// this is refused there.
    pub fn trace_sql(&self, sink: Option<SqlTrace>) -> Result<(), Error> {
        match &self.engine {
            EngineStore::Sqlite {
                writer,
                readers,
                trace,
                ..
            } => {
                set_trace(&mut lock(writer), sink.as_ref())?;
                *lock(trace) = sink;
                lock(readers).clear();
                Ok(())
            }
            EngineStore::Postgres(_) => Err(Error::Unsupported(
                "on PostgreSQL the server's log shows the statements (log_statement = all)"
                    .to_owned(),
            )),
        }
    }

    /// Runs `f` with a read connection (a read-only snapshot on PostgreSQL).
    pub fn read<T>(&self, f: impl FnOnce(&Conn<'_>) -> Result<T, Error>) -> Result<T, Error> {
        match &self.engine {
            EngineStore::Sqlite {
                readers,
                path,
                trace,
                ..
            } => {
                let taken = lock(readers).pop();
                let conn = match taken {
                    Some(c) => c,
                    None => {
                        let mut c = sqlite_connection(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
                        c.pragma_update(None, "query_only", true)?;
                        if let Some(sink) = lock(trace).as_ref() {
                            set_trace(&mut c, Some(sink))?;
                        }
                        c
                    }
                };
                let out = f(&Conn::sqlite(&conn));
                let mut kept = lock(readers);
                if kept.len() < SQLITE_READERS {
                    kept.push(conn);
                }
                out
            }
            EngineStore::Postgres(pool) => pool.read(f),
        }
    }

    /// Runs `f` in one transaction like [`Store::write`], then rolls everything back: a dry
    /// run that reports what a change would do and changes nothing.
    pub fn dry_run<T>(&self, f: impl FnOnce(&Conn<'_>) -> Result<T, Error>) -> Result<T, Error> {
        match &self.engine {
            EngineStore::Sqlite { writer, .. } => {
                let mut conn = lock(writer);
                let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
                let out = f(&Conn::sqlite(&tx))?;
                tx.rollback()?;
                Ok(out)
            }
            EngineStore::Postgres(pool) => pool.write(f, false),
        }
    }

    /// Runs `f` in one transaction, committed only if `f` succeeds. Writers take turns: on
    /// SQLite by `BEGIN IMMEDIATE` (it takes the write lock at once, so two writers queue on
    /// the busy timeout instead of failing mid-way), on PostgreSQL by a transaction-scoped
    /// advisory lock, so a read that decides a write is never stale by the time it commits.
    pub fn write<T>(&self, f: impl FnOnce(&Conn<'_>) -> Result<T, Error>) -> Result<T, Error> {
        match &self.engine {
            EngineStore::Sqlite { writer, .. } => {
                let mut conn = lock(writer);
                let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
                let out = f(&Conn::sqlite(&tx))?;
                tx.commit()?;
                Ok(out)
            }
            EngineStore::Postgres(pool) => pool.write(f, true),
        }
    }
}

/// Lets code that runs beside the app (the notices thread) take either an `Arc<Store>` or
/// whatever owns one.
impl AsRef<Store> for Store {
    fn as_ref(&self) -> &Store {
        self
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock cannot leave a transaction open (it rolls back on
    // drop), so the connection is still sound.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A new UUID v7 as text (time-ordered, so new rows land at the end of the index).
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args;

    #[test]
    fn the_trace_sees_reads_on_read_connections_and_writes_and_stops() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::open(&Location::File(dir.path().join("t.sqlite3"))).unwrap();
        let read = |s: &Store, x: &str| {
            s.read(|c| c.query_one("SELECT 'read ' || ?1", args![x], |r| r.get::<String>(0)))
                .unwrap()
        };
        // A read connection opened before the trace, now idle in the pool.
        read(&store, "before");
        let seen = Arc::new(Mutex::new(Vec::<String>::new()));
        let sink = Arc::clone(&seen);
        store
            .trace_sql(Some(Arc::new(move |s: &str| {
                sink.lock().unwrap().push(s.to_owned())
            })))
            .unwrap();
        read(&store, "traced");
        store
            .write(|c| c.query_one("SELECT 'write'", args![], |r| r.get::<String>(0)))
            .unwrap();
        store.trace_sql(None).unwrap();
        read(&store, "after");
        let seen = seen.lock().unwrap().clone();
        assert!(
            seen.contains(&"SELECT 'read ' || 'traced'".to_owned()),
            "{seen:?}"
        );
        assert!(seen.contains(&"SELECT 'write'".to_owned()), "{seen:?}");
        assert!(
            !seen
                .iter()
                .any(|s| s.contains("before") || s.contains("after")),
            "{seen:?}"
        );
    }
}
