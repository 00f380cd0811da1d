//! A real database (a file in a temp dir, or a new PostgreSQL database when `CT_TEST_PG` names
//! a cluster: the suite's second run), and helpers to run the real binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use commitment_tracker::domain::{Actor, CategoryLink, CommitmentFilter, CommitmentInput};
use commitment_tracker::{App, OpenOptions};
use tempfile::TempDir;

/// The URL of the test cluster's `postgres` database, when this run is on PostgreSQL.
pub fn postgres_cluster() -> Option<String> {
    std::env::var("CT_TEST_PG").ok().filter(|s| !s.is_empty())
}

/// Whether this run is on PostgreSQL; says so when a test of what only a SQLite file has
/// (its bytes on disk, its backups folder, its old schema versions) is skipped.
pub fn skip_on_postgres(what: &str) -> bool {
    let on = postgres_cluster().is_some();
    if on {
        eprintln!("skipped on PostgreSQL (a SQLite file's own): {what}");
    }
    on
}

/// A new, empty database for `--db`: the file `name`.sqlite3 in `dir`, or a new database in
/// the PostgreSQL test cluster (as a URL in a path, which `--db` and `App::open` read as one).
pub fn fresh_db(dir: &Path, name: &str) -> PathBuf {
    match postgres_cluster() {
        None => dir.join(format!("{name}.sqlite3")),
        Some(base) => PathBuf::from(new_postgres_database(&base)),
    }
}

/// A file named `name` beside the database file, or in a fresh temp folder when the database
/// is on PostgreSQL (kept for the whole run: the tests' outputs are small).
pub fn beside(db: &Path, name: &str) -> PathBuf {
    if postgres_cluster().is_some() {
        let dir = tempfile::tempdir().expect("temp dir").keep();
        return dir.join(name);
    }
    db.with_file_name(name)
}

fn new_postgres_database(base: &str) -> String {
    let name = format!("t_{}", uuid::Uuid::new_v4().simple());
    let mut client =
        postgres::Client::connect(base, postgres::NoTls).expect("connect to the test cluster");
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("create a test database");
    base.replacen("/postgres?", &format!("/{name}?"), 1)
}

/// A fresh database, opened (and seeded) as the app opens it.
pub struct TestDb {
    pub dir: TempDir,
    pub app: App,
    /// A focal point.
    pub actor: Actor,
    db: PathBuf,
    /// Drops the PostgreSQL database when the test ends (declared last: the app goes first).
    _dropped: DropDatabase,
}

/// Drops a test's PostgreSQL database at the end, so a run's cluster holds only the
/// databases of the tests still running (each is ~8 MB).
pub struct DropDatabase(Option<String>);

impl Drop for DropDatabase {
    fn drop(&mut self) {
        let (Some(url), Some(base)) = (self.0.take(), postgres_cluster()) else {
            return;
        };
        let name = url
            .rsplit_once('/')
            .and_then(|(_, tail)| tail.split('?').next())
            .unwrap_or_default()
            .to_owned();
        if let Ok(mut c) = postgres::Client::connect(&base, postgres::NoTls) {
            let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

impl TestDb {
    pub fn seeded() -> TestDb {
        Self::open(true)
    }

    pub fn empty() -> TestDb {
        Self::open(false)
    }

    fn open(seed: bool) -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let actor = Actor::new("Test Focal Point");
        let db = fresh_db(dir.path(), "test");
        let app = App::open(
            &db,
            OpenOptions {
                seed,
                actor: actor.clone(),
                account: "tester".to_owned(),
                ..Default::default()
            },
        )
        .expect("open database");
        // The day's first backup is taken in the background: let it land, so that tests
        // counting backups see a settled directory.
        app.wait_for_daily_backup().expect("daily backup");
        let dropped = DropDatabase(postgres_cluster().and(db.to_str().map(str::to_owned)));
        TestDb {
            dir,
            app,
            actor,
            db,
            _dropped: dropped,
        }
    }

    /// The database as `--db` takes it: the file's path, or the PostgreSQL URL.
    pub fn path(&self) -> PathBuf {
        self.db.clone()
    }

    /// Commitment IDs the filter lets through, in list order.
    pub fn ids(&self, filter: &CommitmentFilter) -> Vec<String> {
        commitment_tracker::services::commitments::list(self.app.store(), filter)
            .expect("list")
            .into_iter()
            .map(|c| c.commitment_id)
            .collect()
    }

    pub fn all_ids(&self) -> Vec<String> {
        self.ids(&CommitmentFilter {
            include_retired: true,
            ..Default::default()
        })
    }
}

/// A valid new commitment.
pub fn input(id: &str) -> CommitmentInput {
    CommitmentInput {
        organisation: None,
        framework: None,
        commitment_id: id.to_owned(),
        title: String::new(),
        kind: "Policy".to_owned(),
        description: "IOM commits to publish its displacement data openly.".to_owned(),
        categories: vec![CategoryLink::stated("3"), CategoryLink::stated("3A")],
        tags: vec![],
    }
}

/// The real `ct` binary.
pub fn ct(db: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ct"));
    cmd.arg("--db")
        .arg(db)
        .env_remove("COMMITMENT_TRACKER_DB")
        .env_remove("COMMITMENT_TRACKER_SERVER")
        .env_remove("COMMITMENT_TRACKER_TOKEN");
    cmd
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The bytes of a file (none if it does not exist), to prove that something left it
/// untouched; for a PostgreSQL database (its URL), every row of every table as text.
pub fn bytes(path: &Path) -> Vec<u8> {
    if let Some(url) = path.to_str().filter(|p| p.starts_with("postgresql://")) {
        // A "file beside it" (a WAL's name made from the URL) names no socket folder.
        let socket = url.rsplit_once("host=").map_or("", |(_, h)| h);
        return if Path::new(socket).is_dir() {
            database_rows(url)
        } else {
            Vec::new()
        };
    }
    match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

/// Every row of every table of a PostgreSQL database, as text in a stable order.
fn database_rows(url: &str) -> Vec<u8> {
    let mut client = postgres::Client::connect(url, postgres::NoTls).expect("connect");
    let tables: Vec<String> = client
        .query(
            "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema()
              ORDER BY tablename",
            &[],
        )
        .expect("tables")
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut out = Vec::new();
    for t in tables {
        let rows: String = client
            .query_one(
                &format!(
                    "SELECT coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '') FROM {t} x"
                ),
                &[],
            )
            .expect("rows")
            .get(0);
        out.extend(format!("{t}\n{rows}\n").into_bytes());
    }
    out
}

/// The WHS core responsibility numbers among a commitment's categories (codes "1"…"5").
pub fn crs(categories: &[CategoryLink]) -> Vec<u8> {
    categories
        .iter()
        .filter_map(|l| l.code.parse().ok())
        .collect()
}

/// The WHS transformation links among a commitment's categories (codes "1A"…"5E").
pub fn transformations(categories: &[CategoryLink]) -> Vec<CategoryLink> {
    categories
        .iter()
        .filter(|l| l.code.parse::<u8>().is_err())
        .cloned()
        .collect()
}

/// The dashboard's WHS groups of one level (1: core responsibilities, 2: transformations).
pub fn whs_groups(
    d: &commitment_tracker::domain::Dashboard,
    level: u8,
) -> Vec<commitment_tracker::domain::Breakdown> {
    d.by_framework
        .iter()
        .filter(|f| f.framework == "WHS")
        .flat_map(|f| &f.levels)
        .filter(|l| l.level == level)
        .flat_map(|l| l.groups.clone())
        .collect()
}

/// Runs a command of the table as the person at this computer (one computer: every rule
/// allows it).
pub fn dispatch(
    app: &commitment_tracker::app::App,
    cmd: &str,
    args: serde_json::Value,
) -> Result<serde_json::Value, commitment_tracker::error::Error> {
    commitment_tracker::api::dispatch(app, &commitment_tracker::domain::Caller::Local, cmd, args)
}
