//! Query timings against their floor, on either engine or both in one run. Each operation runs
//! in-process N times after three warm-up runs (p50/p95), then the exact SQL it ran runs N times
//! outside the app, on the same database, and that is the floor. The ratio (p95 / floor p95)
//! shows what the app adds on top of the engine itself.
//!
//! - **SQLite** (`CT_BENCH_DB=FILE`): the statements are captured with SQLite's statement trace
//!   on every connection the store opens ([`Store::trace_sql`]: the writer and the read-only
//!   connections reads use), parameters inlined, and replayed on a connection of their own by
//!   the same bundled SQLite, each prepared afresh and stepped through every row and cell,
//!   timed by the wall clock (see `floor_sqlite` for why no longer by the `sqlite3` shell).
//! - **PostgreSQL** (`CT_BENCH_PG=URL`, a cluster of `scripts/pg-cluster.sh`): the statements
//!   are captured from the server's log. The bench turns `log_statement = all` on
//!   (`ALTER SYSTEM`, reload), runs the operation once to let every pooled backend take the
//!   setting (a backend reloads its settings before reading its next message), runs it once
//!   more and reads what that run logged: each prepared statement the app executed, with its
//!   parameters from the log's `DETAIL: parameters:` line, and each simple statement
//!   (`START TRANSACTION … READ ONLY`, `BEGIN`, `COMMIT`; the pool's empty validity check is
//!   left out: it is the app's cost). Then logging goes off again and `psql` replays them over
//!   the same unix socket: every statement is `PREPARE`d once (the server infers the parameter
//!   types, as it does for the app's unnamed-type `Parse`), then, N times after three warm-up
//!   rounds, the transaction statements and an `EXECUTE` per statement with the logged values
//!   as literals. The floor is the sum, per round, of psql's `\timing` (the client's wall clock
//!   around each statement: one round trip and the rows received, as the app pays). The log is
//!   `CT_BENCH_PG_LOG`, by default `log` in the URL's `host=` directory (where
//!   `scripts/pg-cluster.sh` writes it).
//!
//! Also, per engine: a report save's p50/p95 (no floor: one transaction of several writes,
//! whose cost is the commit's durability setting, printed beside it) and a CSV export of every
//! report through the export service, in-process (best and median of 5).
//!
//! Criterion reports means and medians with confidence intervals, but the targets here are p95
//! values, so this harness records every sample and reports percentiles. It prints numbers and
//! never asserts a time.
//!
//!   CT_BENCH_DB=target/bench-data/5k.sqlite3 CT_BENCH_PG=postgresql://ct@/bench?host=/tmp/c \
//!     cargo bench --bench queries [NAME FILTER]

use std::fmt::Write as _;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use commitment_tracker::domain::{
    Actor, CommitmentFilter, CommitmentPageQuery, CommitmentSummary, DashboardQuery, MatrixQuery,
    OpenCycle, SearchQuery,
};
use commitment_tracker::export::{ExportFormat, ExportScope, Job};
use commitment_tracker::services::{commitments, cycles, exchange, reports, search, status};
use commitment_tracker::store::Store;
use commitment_tracker::{App, OpenOptions};
use rusqlite::{Connection, OpenFlags};

/// One timed operation.
type Op<'a> = Box<dyn Fn() + 'a>;

fn percentile(samples: &mut [f64], p: f64) -> f64 {
    samples.sort_by(f64::total_cmp);
    let i = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[i]
}

/// What the operations need from one database (ids differ between two generated databases).
struct Data {
    all: Vec<CommitmentSummary>,
    one: String,
    rare: String,
}

const YEAR: i32 = 2020;
/// A past year with its cycle closed: the dashboard also lists what is overdue.
const OVERDUE_YEAR: i32 = 2021;

fn prepare(s: &Store) -> Data {
    let all = commitments::list(s, &CommitmentFilter::default()).unwrap();
    if cycles::list(s)
        .unwrap()
        .iter()
        .all(|c| c.year != OVERDUE_YEAR)
    {
        cycles::open(
            s,
            &Actor::coordinator("Bench"),
            &OpenCycle {
                year: OVERDUE_YEAR,
                deadline: format!("{}-03-31", OVERDUE_YEAR + 1),
            },
        )
        .unwrap();
    }
    Data {
        one: all[all.len() / 2].id.clone(),
        rare: all[all.len() / 3].commitment_id.clone(),
        all,
    }
}

fn ops<'a>(s: &'a Store, d: &'a Data) -> Vec<(&'static str, Op<'a>)> {
    let text = |t: &str, year: Option<i32>| SearchQuery {
        text: t.into(),
        year,
        ..Default::default()
    };
    vec![
        (
            "catalogue page of 200 (what the catalogue asks for first), with its total",
            Box::new(|| {
                commitments::page(s, &CommitmentPageQuery::default()).unwrap();
            }),
        ),
        (
            "catalogue page of 200 further down (offset 2,000)",
            Box::new(|| {
                commitments::page(
                    s,
                    &CommitmentPageQuery {
                        offset: 2_000,
                        ..Default::default()
                    },
                )
                .unwrap();
            }),
        ),
        (
            "catalogue list, all commitments",
            Box::new(|| {
                commitments::list(s, &CommitmentFilter::default()).unwrap();
            }),
        ),
        (
            "catalogue list, filtered (CR3, Operational)",
            Box::new(|| {
                commitments::list(
                    s,
                    &CommitmentFilter {
                        framework: Some("WHS".to_owned()),
                        category: Some("3".to_owned()),
                        kind: Some("Operational".to_owned()),
                        ..Default::default()
                    },
                )
                .unwrap();
            }),
        ),
        (
            "dashboard aggregates (one year)",
            Box::new(|| {
                status::dashboard(s, &DashboardQuery { year: Some(YEAR) }).unwrap();
            }),
        ),
        (
            "dashboard of a year past its deadline (200 overdue listed)",
            Box::new(|| {
                status::dashboard(
                    s,
                    &DashboardQuery {
                        year: Some(OVERDUE_YEAR),
                    },
                )
                .unwrap();
            }),
        ),
        (
            "one commitment's timeline",
            Box::new(|| {
                status::timeline(s, &d.one).unwrap();
            }),
        ),
        (
            "matrix page of 200 rows",
            Box::new(|| {
                status::matrix(
                    s,
                    &MatrixQuery {
                        offset: 1000.min(d.all.len() as u32 / 2),
                        limit: Some(200),
                        ..Default::default()
                    },
                )
                .unwrap();
            }),
        ),
        (
            "full-text search, common word",
            Box::new(move || {
                search::search(s, &text("displacement", None)).unwrap();
            }),
        ),
        (
            "full-text search, rare word",
            Box::new(move || {
                search::search(s, &text(&d.rare, None)).unwrap();
            }),
        ),
        (
            "full-text search, Chinese two-character word (移民; 1 organisation in 20 writes Chinese)",
            Box::new(move || {
                search::search(s, &text("移民", None)).unwrap();
            }),
        ),
        (
            "full-text search, Chinese one-character word in one year (疏, 2020)",
            Box::new(move || {
                search::search(s, &text("疏", Some(YEAR))).unwrap();
            }),
        ),
        (
            "full-text search, Chinese and Latin words (国际移民组织 displacement)",
            Box::new(move || {
                search::search(s, &text("国际移民组织 displacement", None)).unwrap();
            }),
        ),
    ]
}

/// Runs `op` with the SQLite statement trace on; returns the SQL it ran (triggers excluded).
fn capture_sqlite(s: &Store, op: &dyn Fn()) -> Vec<String> {
    let sql = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&sql);
    s.trace_sql(Some(Arc::new(move |stmt: &str| {
        sink.lock().unwrap().push(stmt.to_owned())
    })))
    .unwrap();
    op();
    s.trace_sql(None).unwrap();
    let out = sql.lock().unwrap().clone();
    out
}

/// Per-round milliseconds of the statements, run `n` times after 3 warm-up rounds on a
/// read-only connection of their own to the same file, by the same bundled SQLite as the app:
/// each statement prepared afresh (as a shell does) and stepped through every row, every cell
/// read. (Until 2026-11-30 the `sqlite3` shell ran them, but Debian 12's is SQLite 3.40, which
/// lacks `string_agg(… ORDER BY …)` (3.44) that the shared SQL of decision 0004 uses: those
/// statements failed in it, silently, and their "floor" was the time to fail.)
fn floor_sqlite(db: &Path, statements: &[String], n: usize) -> Option<Vec<f64>> {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    let round = || -> rusqlite::Result<f64> {
        let t = Instant::now();
        for sql in statements {
            let mut stmt = conn.prepare(sql)?;
            let columns = stmt.column_count();
            let mut rows = stmt.raw_query();
            while let Some(row) = rows.next()? {
                for i in 0..columns {
                    std::hint::black_box(row.get_ref(i)?);
                }
            }
        }
        Ok(t.elapsed().as_secs_f64() * 1000.0)
    };
    if statements.is_empty() {
        return None;
    }
    let rounds: rusqlite::Result<Vec<f64>> = (0..n + 3).map(|_| round()).collect();
    match rounds {
        Ok(r) => Some(r[3..].to_vec()),
        Err(e) => {
            eprintln!("bench: SQLite could not run the captured statements: {e}");
            None
        }
    }
}

/// Sums `times` (seconds, one per statement) by round, in milliseconds.
fn per_round(times: &[f64], per: usize, n: usize) -> Option<Vec<f64>> {
    if per == 0 || times.len() < per * n {
        return None;
    }
    Some(
        times[times.len() - per * n..]
            .chunks(per)
            .map(|c| c.iter().sum::<f64>() * 1000.0)
            .collect(),
    )
}

/// One statement the app sent to PostgreSQL, as its server logged it.
#[derive(Debug, Clone, PartialEq)]
enum PgStatement {
    /// A simple query (`BEGIN`, `COMMIT`, `START TRANSACTION …`).
    Simple(String),
    /// A prepared statement executed with these parameters (SQL literals or `NULL`).
    Execute(String, Vec<String>),
}

/// The server log and a connection to switch statement logging on and off.
struct PgLog {
    url: String,
    path: PathBuf,
    admin: postgres::Client,
    admin_pid: i32,
}

impl PgLog {
    fn open(url: &str) -> Result<PgLog, String> {
        let path = match std::env::var_os("CT_BENCH_PG_LOG") {
            Some(p) => PathBuf::from(p),
            None => {
                let host = url
                    .split(['?', '&'])
                    .find_map(|kv| kv.strip_prefix("host="))
                    .ok_or("no host= in the URL: set CT_BENCH_PG_LOG to the server's log")?;
                Path::new(host).join("log")
            }
        };
        std::fs::metadata(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut admin =
            postgres::Client::connect(url, postgres::NoTls).map_err(|e| e.to_string())?;
        let admin_pid: i32 = admin
            .query_one("SELECT pg_backend_pid()", &[])
            .map_err(|e| e.to_string())?
            .get(0);
        Ok(PgLog {
            url: url.to_owned(),
            path,
            admin,
            admin_pid,
        })
    }

    fn show(&mut self, setting: &str) -> String {
        self.admin
            .query_one(&format!("SHOW {setting}"), &[])
            .map(|r| r.get(0))
            .unwrap_or_else(|_| "?".to_owned())
    }

    fn logging(&mut self, on: bool) {
        let set = if on {
            "ALTER SYSTEM SET log_statement = 'all'"
        } else {
            "ALTER SYSTEM RESET log_statement"
        };
        // Two messages: ALTER SYSTEM refuses to run in a transaction block.
        self.admin.batch_execute(set).unwrap();
        self.admin.batch_execute("SELECT pg_reload_conf()").unwrap();
        // The postmaster passes the reload on to every backend by a signal.
        std::thread::sleep(Duration::from_millis(200));
    }

    fn len(&self) -> u64 {
        std::fs::metadata(&self.path).map(|m| m.len()).unwrap_or(0)
    }

    /// Runs `op` twice with statement logging on; returns what the second run sent.
    fn capture(&mut self, op: &dyn Fn()) -> Vec<PgStatement> {
        self.logging(true);
        op();
        let start = self.len();
        op();
        let end = self.len();
        self.logging(false);
        let mut text = String::new();
        let mut f = std::fs::File::open(&self.path).unwrap();
        f.seek(SeekFrom::Start(start)).unwrap();
        f.take(end - start).read_to_string(&mut text).unwrap();
        parse_log(&text, self.admin_pid)
    }
}

/// The statements in a stretch of a server log (`stderr` format, default prefix
/// `%m [%p] `), leaving out those of `skip_pid`'s backend and empty ones.
fn parse_log(text: &str, skip_pid: i32) -> Vec<PgStatement> {
    // An entry is a line and its continuation lines (which start with a tab).
    let mut entries: Vec<String> = Vec::new();
    for line in text.split('\n') {
        match line.strip_prefix('\t') {
            Some(more) if !entries.is_empty() => {
                let last = entries.last_mut().unwrap();
                last.push('\n');
                last.push_str(more);
            }
            _ => entries.push(line.to_owned()),
        }
    }
    let skip = format!("[{skip_pid}] ");
    let mut out = Vec::new();
    for e in entries.iter().filter(|e| !e.contains(&skip)) {
        if let Some((_, m)) = e.split_once(" LOG:  ") {
            if let Some(sql) = m.strip_prefix("statement: ") {
                if !sql.trim().is_empty() {
                    out.push(PgStatement::Simple(sql.to_owned()));
                }
            } else if let Some(rest) = m.strip_prefix("execute ") {
                if rest.starts_with("fetch from ") {
                    continue;
                }
                if let Some((_, sql)) = rest.split_once(": ") {
                    out.push(PgStatement::Execute(sql.to_owned(), Vec::new()));
                }
            }
        } else if let Some((_, m)) = e.split_once(" DETAIL:  parameters: ") {
            if let Some(PgStatement::Execute(_, params)) = out.last_mut() {
                *params = parse_parameters(m);
            }
        }
    }
    out
}

/// `$1 = 'a''b', $2 = NULL` → `['a''b'`, `NULL]`.
fn parse_parameters(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(eq) = rest.find(" = ") {
        rest = &rest[eq + 3..];
        if let Some(after) = rest.strip_prefix("NULL") {
            out.push("NULL".to_owned());
            rest = after;
        } else if rest.starts_with('\'') {
            let b = rest.as_bytes();
            let mut i = 1;
            while i < b.len() {
                if b[i] == b'\'' {
                    if b.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    break;
                }
                i += 1;
            }
            out.push(rest[..=i.min(b.len() - 1)].to_owned());
            rest = &rest[(i + 1).min(rest.len())..];
        } else {
            break;
        }
    }
    out
}

/// Per-round milliseconds of the statements, replayed `n` times (after 3 warm-up rounds) by
/// psql: each statement prepared once, then executed with its logged parameters.
fn floor_pg(url: &str, statements: &[PgStatement], n: usize) -> Option<Vec<f64>> {
    let mut distinct: Vec<&str> = Vec::new();
    let mut script = String::from("\\set ON_ERROR_STOP 1\n\\o /dev/null\n");
    for s in statements {
        if let PgStatement::Execute(sql, _) = s {
            if !distinct.contains(&sql.as_str()) {
                writeln!(script, "PREPARE ct{} AS {};", distinct.len(), sql).unwrap();
                distinct.push(sql);
            }
        }
    }
    let mut round = String::new();
    for s in statements {
        match s {
            PgStatement::Simple(sql) => writeln!(round, "{};", sql.trim_end_matches(';')),
            PgStatement::Execute(sql, params) => {
                let i = distinct.iter().position(|d| d == sql).unwrap();
                if params.is_empty() {
                    writeln!(round, "EXECUTE ct{i};")
                } else {
                    writeln!(round, "EXECUTE ct{i}({});", params.join(", "))
                }
            }
        }
        .unwrap();
    }
    for _ in 0..3 {
        script.push_str(&round);
    }
    script.push_str("\\timing on\n");
    for _ in 0..n {
        script.push_str(&round);
    }
    let mut child = Command::new("psql")
        .args(["-X", "-q", url])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let writer = std::thread::spawn(move || stdin.write_all(script.as_bytes()));
    let out = child.wait_with_output().ok()?;
    writer.join().ok()?.ok()?;
    if !out.status.success() {
        eprintln!(
            "bench: psql could not replay the statements: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
        return None;
    }
    // "Time: 0.412 ms" (and "Time: 1234.567 ms (00:01.235)" above a second).
    let times: Vec<f64> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("Time: "))
        .filter_map(|l| l.split_whitespace().next()?.parse::<f64>().ok())
        .map(|ms| ms / 1000.0)
        .collect();
    per_round(&times, statements.len(), n)
}

/// One engine under test.
struct Engine {
    label: &'static str,
    app: App,
    data: Data,
}

/// How an engine's floor is measured. SQLite: on the file; PostgreSQL: from the server log.
enum Floor {
    Sqlite(PathBuf),
    Postgres(Option<Box<PgLog>>),
}

fn open(db: &str) -> App {
    App::open(
        db,
        OpenOptions {
            seed: false,
            daily_backup: false,
            ..Default::default()
        },
    )
    .unwrap()
}

/// p50, p95 of `n` timed runs after 3 warm-up runs.
fn time(op: &dyn Fn(), n: usize) -> (f64, f64) {
    for _ in 0..3 {
        op();
    }
    let mut ours: Vec<f64> = (0..n)
        .map(|_| {
            let t = Instant::now();
            op();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    (percentile(&mut ours, 0.5), percentile(&mut ours, 0.95))
}

fn cells(p50: f64, p95: f64, floor: Option<Vec<f64>>) -> String {
    match floor {
        Some(mut f) => {
            let (f50, f95) = (percentile(&mut f, 0.5), percentile(&mut f, 0.95));
            format!(
                "{p50:.2} | {p95:.2} | {f50:.2} | {f95:.2} | {:.2}×",
                p95 / f95.max(0.001)
            )
        }
        None => format!("{p50:.2} | {p95:.2} | – | – | –"),
    }
}

fn main() {
    // `cargo bench` passes --bench; any other argument filters operations by name.
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with("--"));
    let n: usize = std::env::var("CT_BENCH_ITERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    let show_sql = std::env::var_os("CT_BENCH_SHOW_SQL").is_some();
    check_log_reader();
    let mut engines: Vec<Engine> = Vec::new();
    let mut floors: Vec<Floor> = Vec::new();
    // PostgreSQL first: its columns are the ones issue 15 asks about; SQLite's stand beside.
    if let Ok(url) = std::env::var("CT_BENCH_PG") {
        let app = open(&url);
        let log = PgLog::open(&url)
            .inspect_err(|e| eprintln!("bench: no psql floor on PostgreSQL ({e})"))
            .ok()
            .map(Box::new);
        let data = prepare(app.store());
        engines.push(Engine {
            label: "PostgreSQL",
            app,
            data,
        });
        floors.push(Floor::Postgres(log));
    }
    if let Ok(db) = std::env::var("CT_BENCH_DB") {
        let app = open(&db);
        let data = prepare(app.store());
        engines.push(Engine {
            label: "SQLite",
            app,
            data,
        });
        floors.push(Floor::Sqlite(PathBuf::from(db)));
    }
    assert!(
        !engines.is_empty(),
        "set CT_BENCH_DB to a generated SQLite file and/or CT_BENCH_PG to a generated PostgreSQL \
         database's URL (scripts/bench.sh)"
    );

    let mut header = String::from("| operation |");
    let mut rule = String::from("| --- |");
    for (e, floor) in engines.iter().zip(&floors) {
        let floor = match floor {
            Floor::Sqlite(_) => "sqlite3",
            Floor::Postgres(_) => "psql",
        };
        write!(
            header,
            " {0} p50 ms | {0} p95 ms | {1} floor p50 ms | {1} floor p95 ms | {0} p95 / floor |",
            e.label, floor
        )
        .unwrap();
        rule.push_str(" ---: | ---: | ---: | ---: | ---: |");
    }
    println!("{header}\n{rule}");

    let per_engine: Vec<Vec<(&'static str, Op)>> = engines
        .iter()
        .map(|e| ops(e.app.store(), &e.data))
        .collect();
    let names: Vec<&'static str> = per_engine[0].iter().map(|(name, _)| *name).collect();
    for (i, name) in names.iter().enumerate() {
        if filter.as_deref().is_some_and(|f| !name.contains(f)) {
            continue;
        }
        let mut row = format!("| {name} |");
        for ((e, ops), floor) in engines.iter().zip(&per_engine).zip(floors.iter_mut()) {
            let op = ops[i].1.as_ref();
            let (p50, p95) = time(op, n);
            let floor = match floor {
                Floor::Sqlite(db) => {
                    let statements = capture_sqlite(e.app.store(), op);
                    if show_sql {
                        // For EXPLAIN QUERY PLAN by hand: what the operation ran.
                        for s in &statements {
                            eprintln!("-- SQLite: {name}\n{s};");
                        }
                    }
                    floor_sqlite(db, &statements, n)
                }
                Floor::Postgres(Some(log)) => {
                    let statements = log.capture(op);
                    if show_sql {
                        for s in &statements {
                            eprintln!("-- PostgreSQL: {name}\n{s:?}");
                        }
                    }
                    floor_pg(&log.url, &statements, n)
                }
                Floor::Postgres(None) => None,
            };
            write!(row, " {} |", cells(p50, p95, floor)).unwrap();
        }
        println!("{row}");
    }

    // Saving one report: revision, audit entry and index update in one transaction.
    if filter.as_deref().is_none_or(|f| "save".contains(f)) {
        let mut row = String::from("| save one report (revision + audit + index");
        let mut numbers = String::new();
        for (e, floor) in engines.iter().zip(floors.iter_mut()) {
            let durability = match floor {
                Floor::Sqlite(_) => "SQLite synchronous=FULL".to_owned(),
                Floor::Postgres(Some(log)) => format!(
                    "PostgreSQL synchronous_commit={}, fsync={}",
                    log.show("synchronous_commit"),
                    log.show("fsync")
                ),
                Floor::Postgres(None) => "PostgreSQL".to_owned(),
            };
            write!(row, "; {durability}").unwrap();
            let (p50, p95) = save(e.app.store(), &e.data, n);
            write!(numbers, " {} |", cells(p50, p95, None)).unwrap();
        }
        println!("{row}) |{numbers}");
    }

    // Every report as CSV through the export service, in-process.
    if filter.as_deref().is_none_or(|f| "CSV export".contains(f)) {
        let mut row = String::new();
        let mut rows_written = 0;
        for e in &engines {
            let path = std::env::temp_dir().join(format!("ct-bench-{}.csv", std::process::id()));
            let mut runs: Vec<f64> = (0..5)
                .map(|_| {
                    let t = Instant::now();
                    let o = exchange::export_to(
                        &e.app,
                        ExportFormat::Csv,
                        &ExportScope::default(),
                        false,
                        &path,
                        &Job::unwatched(),
                    )
                    .unwrap();
                    rows_written = o.rows;
                    t.elapsed().as_secs_f64() * 1000.0
                })
                .collect();
            std::fs::remove_file(&path).ok();
            runs.sort_by(f64::total_cmp);
            write!(
                row,
                " {:.0} (best) | {:.0} (median) | – | – | – |",
                runs[0], runs[2]
            )
            .unwrap();
        }
        println!(
            "| CSV export of every report ({rows_written} rows; ms, best and median of 5) |{row}"
        );
    }
}

/// p50, p95 of `n` saves of one editable report.
fn save(s: &Store, d: &Data, n: usize) -> (f64, f64) {
    let actor = Actor::new("Bench");
    // A report that may be edited (a draft or returned one).
    let editable = d
        .all
        .iter()
        .flat_map(|c| reports::list_for_commitment(s, &c.id).unwrap())
        .find(|r| r.review_state.is_editable())
        .expect("the generated data has drafts");
    let target = reports::get(s, &editable.id).unwrap();
    let mut input = target.content.to_input();
    let mut version = target.version;
    let mut saves: Vec<f64> = (0..n)
        .map(|i| {
            input.achievements.push_str(&format!(" Save {i}."));
            let t = Instant::now();
            let saved = reports::update(s, &actor, "bench", &target.id, version, &input).unwrap();
            version = saved.version;
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    (percentile(&mut saves, 0.5), percentile(&mut saves, 0.95))
}

/// The log reader on a sample of the server's log (run first: a wrong reading would time
/// other SQL than the app's).
fn check_log_reader() {
    let log = "2026-11-30 20:31:00.001 UTC [7] LOG:  statement: START TRANSACTION\n\
               2026-11-30 20:31:00.002 UTC [7] LOG:  execute s1: SELECT a\n\
               \tFROM t WHERE x = $1 AND y = $2\n\
               2026-11-30 20:31:00.002 UTC [7] DETAIL:  parameters: $1 = 'it''s, a', $2 = NULL\n\
               2026-11-30 20:31:00.003 UTC [8] LOG:  statement: SELECT pg_reload_conf()\n\
               2026-11-30 20:31:00.004 UTC [7] LOG:  statement: \n\
               2026-11-30 20:31:00.005 UTC [7] LOG:  statement: COMMIT\n";
    assert_eq!(
        parse_log(log, 8),
        vec![
            PgStatement::Simple("START TRANSACTION".into()),
            PgStatement::Execute(
                "SELECT a\nFROM t WHERE x = $1 AND y = $2".into(),
                vec!["'it''s, a'".into(), "NULL".into()]
            ),
            PgStatement::Simple("COMMIT".into()),
        ]
    );
}
