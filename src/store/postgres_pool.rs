//! PostgreSQL connections: an `r2d2` pool of `postgres` clients, each with its prepared
//! statements, and the transactions the store's reads and writes run in.

use std::str::FromStr;
use std::time::Duration;

use postgres::{Client, IsolationLevel, NoTls};

use super::db::{Conn, StatementCache};
use super::migrations_pg;
use crate::error::Error;

/// The advisory lock every write transaction holds: writers take turns, as on SQLite.
const WRITE_LOCK: i64 = 0x4354_7231;

/// How many connections one process keeps to the server.
const POOL_SIZE: u32 = 8;

/// A client and the statements prepared on it.
pub struct PgClient {
    client: Client,
    statements: StatementCache,
}

/// Makes and checks pooled connections.
pub struct Manager {
    config: postgres::Config,
}

impl r2d2::ManageConnection for Manager {
    type Connection = PgClient;
    type Error = postgres::Error;

    fn connect(&self) -> Result<PgClient, postgres::Error> {
        Ok(PgClient {
            client: self.config.connect(NoTls)?,
            statements: StatementCache::default(),
        })
    }

    fn is_valid(&self, conn: &mut PgClient) -> Result<(), postgres::Error> {
        conn.client.simple_query("").map(|_| ())
    }

    fn has_broken(&self, conn: &mut PgClient) -> bool {
        conn.client.is_closed()
    }
}

/// The connections of one database.
pub struct Pool(r2d2::Pool<Manager>);

/// Parses a `postgres://` URL (libpq's syntax). A password may instead come from
/// `PGPASSWORD`, as for `psql` and `pg_dump`, so it need not sit in a command line.
pub fn config(url: &str) -> Result<postgres::Config, Error> {
    let mut config = postgres::Config::from_str(url).map_err(|e| Error::BadRequest {
        message: format!("the database URL cannot be read: {e}"),
        field: Some("db".to_owned()),
    })?;
    if config.get_password().is_none() {
        if let Some(password) = std::env::var_os("PGPASSWORD") {
            config.password(password.as_encoded_bytes());
        }
    }
    Ok(config)
}

/// One connection of its own (migrations, `ct migrate`), outside the pool.
pub fn connect(url: &str) -> Result<Client, Error> {
    let config = config(url)?;
    config
        .connect(NoTls)
        .map_err(|e| Error::Unreachable(connect_failure(&config, &e)))
}

/// Why a connection failed, in the server's words when it answered ("password
/// authentication failed for user …", "database … does not exist"), else where nobody did.
fn connect_failure(config: &postgres::Config, e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return db.message().to_owned();
    }
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .map(|h| match h {
            postgres::config::Host::Tcp(name) => name.clone(),
            postgres::config::Host::Unix(dir) => format!("the socket folder {}", dir.display()),
        })
        .collect();
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let at = if hosts.is_empty() {
        format!("localhost, port {port}")
    } else {
        format!("{}, port {port}", hosts.join(" or "))
    };
    let cause = std::error::Error::source(e).map_or(e.to_string(), |s| s.to_string());
    if e.to_string().contains("invalid configuration") {
        return format!("{cause} (a password goes in the URL, postgresql://user:password@host/db, or in PGPASSWORD)");
    }
    format!("no PostgreSQL server answers at {at} ({cause})")
}

/// Connects, checks that the database is new or ours and not newer, migrates it, and makes
/// the pool. Returns it with the schema versions before and after.
pub fn open(url: &str) -> Result<(Pool, u32, u32), Error> {
    let mut client = connect(url)?;
    let location = super::Location::Postgres(url.to_owned());
    let from = migrations_pg::guard(&mut client, &location)?;
    let to = migrations_pg::migrate(&mut client)?;
    drop(client);
    let pool = r2d2::Pool::builder()
        .max_size(POOL_SIZE)
        .min_idle(Some(1))
        // No ping on check-out (one more round trip for every read): a connection the server
        // dropped fails at its transaction's start and is then replaced (`begin`).
        .test_on_check_out(false)
        .connection_timeout(Duration::from_secs(15))
        .build(Manager {
            config: config(url)?,
        })
        .map_err(|e| Error::Unreachable(e.to_string()))?;
    Ok((Pool(pool), from, to))
}

impl Pool {
    fn get(&self) -> Result<r2d2::PooledConnection<Manager>, Error> {
        self.0.get().map_err(|e| Error::Unreachable(e.to_string()))
    }

    /// Whether a transaction's start failed on a connection the server dropped since its last
    /// use (a restart): connections are not pinged on check-out, so such a one is found by its
    /// first statement, which fails and closes it; the pool then drops it (`has_broken`) and
    /// the caller tries the next one. Nothing ran on it, so trying again changes nothing.
    fn retry(client: &Client, attempts: &mut u32) -> bool {
        *attempts += 1;
        client.is_closed() && *attempts <= POOL_SIZE + 1
    }

    /// `f` in a read-only, repeatable-read transaction: every statement sees one snapshot.
    pub fn read<T>(&self, f: impl FnOnce(&Conn<'_>) -> Result<T, Error>) -> Result<T, Error> {
        let mut attempts = 0;
        loop {
            let mut pooled = self.get()?;
            let PgClient { client, statements } = &mut *pooled;
            let error = match client
                .build_transaction()
                .isolation_level(IsolationLevel::RepeatableRead)
                .read_only(true)
                .start()
            {
                Ok(mut tx) => {
                    let out = f(&Conn::postgres(&mut tx, statements))?;
                    tx.commit()?;
                    return Ok(out);
                }
                Err(e) => e,
            };
            if !Self::retry(client, &mut attempts) {
                return Err(error.into());
            }
        }
    }

    /// `f` in a read-committed transaction holding the write lock; committed if `commit` and
    /// `f` succeeds, else rolled back.
    pub fn write<T>(
        &self,
        f: impl FnOnce(&Conn<'_>) -> Result<T, Error>,
        commit: bool,
    ) -> Result<T, Error> {
        let mut attempts = 0;
        loop {
            let mut pooled = self.get()?;
            let PgClient { client, statements } = &mut *pooled;
            let error = match client.transaction() {
                Ok(mut tx) => {
                    // A save is acknowledged only once it is in the server's write-ahead log
                    // on disk, whatever the server's default (`synchronous_commit=off` loses
                    // the last commits in a crash): what SQLite's synchronous=FULL promises.
                    tx.execute(
                        "SELECT pg_advisory_xact_lock($1), set_config('synchronous_commit', 'on', true)",
                        &[&WRITE_LOCK],
                    )?;
                    let out = f(&Conn::postgres(&mut tx, statements))?;
                    if commit {
                        tx.commit()?;
                    } else {
                        tx.rollback()?;
                    }
                    return Ok(out);
                }
                Err(e) => e,
            };
            if !Self::retry(client, &mut attempts) {
                return Err(error.into());
            }
        }
    }
}
