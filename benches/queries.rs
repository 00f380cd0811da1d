//! Query timings against their floor: each operation runs in-process N times (p50/p95), then
//! the exact SQL it ran (captured with SQLite's statement trace, parameters inlined) runs N times
//! in the `sqlite3` command-line shell on the same file, timed by its `.timer` (CPU time: its
//! wall clock has 1 ms resolution). The ratio shows
//! what the app adds on top of SQLite itself.
//!
//! Criterion reports means and medians with confidence intervals, but the targets here are p95
//! values, so this harness records every sample and reports percentiles.
//!
//!   CT_BENCH_DB=target/bench-data/5k.sqlite3 cargo bench --bench queries

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use commitment_tracker::domain::{
    Actor, CommitmentFilter, CommitmentPageQuery, DashboardQuery, MatrixQuery, OpenCycle,
    SearchQuery,
};
use commitment_tracker::services::{commitments, cycles, reports, search, status};
use commitment_tracker::{App, OpenOptions};
use rusqlite::trace::{TraceEvent, TraceEventCodes};

/// One timed operation.
type Op<'a> = Box<dyn Fn() + 'a>;

fn percentile(samples: &mut [f64], p: f64) -> f64 {
    samples.sort_by(f64::total_cmp);
    let i = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[i]
}

/// Runs `op` once with the statement trace on; returns the SQL it ran (triggers excluded).
fn capture(app: &App, op: &dyn Fn()) -> Vec<String> {
    let sql = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&sql);
    app.store()
        .exclusive(|c| {
            c.trace_v2(
                TraceEventCodes::SQLITE_TRACE_STMT,
                Some(move |e: TraceEvent<'_>| {
                    if let TraceEvent::Stmt(stmt, text) = e {
                        if !text.starts_with("--") {
                            let expanded = stmt.expanded_sql().unwrap_or_else(|| text.to_owned());
                            sink.lock().unwrap().push(expanded);
                        }
                    }
                }),
            )?;
            Ok(())
        })
        .unwrap();
    op();
    app.store()
        .exclusive(|c| Ok(c.trace_v2(TraceEventCodes::empty(), None::<fn(TraceEvent<'_>)>)?))
        .unwrap();
    let out = sql.lock().unwrap().clone();
    out
}

/// Per-iteration milliseconds of the statements, run `n` times by the sqlite3 shell.
fn floor(db: &Path, statements: &[String], n: usize) -> Option<Vec<f64>> {
    let mut script = String::from(".timer on\n.output /dev/null\n");
    for _ in 0..n {
        for s in statements {
            script.push_str(s.trim_end_matches(';'));
            script.push_str(";\n");
        }
    }
    let mut child = Command::new("sqlite3")
        .arg(db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    // Written from another thread: the shell's output would fill its pipe while we still write.
    let mut stdin = child.stdin.take()?;
    let writer = std::thread::spawn(move || stdin.write_all(script.as_bytes()));
    let out = child.wait_with_output().ok()?;
    writer.join().ok()?.ok()?;
    let times: Vec<f64> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("Run Time: real "))
        // "0.001 user 0.000812 sys 0.000105": wall time has 1 ms resolution in this shell, so
        // the floor is the CPU time (user + sys, microseconds), which for a warm, in-memory
        // query is its wall time.
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            Some(f.get(2)?.parse::<f64>().ok()? + f.get(4)?.parse::<f64>().ok()?)
        })
        .collect();
    let per = statements.len();
    if per == 0 || times.len() < per * n {
        return None;
    }
    Some(
        times
            .chunks(per)
            .map(|c| c.iter().sum::<f64>() * 1000.0)
            .collect(),
    )
}

fn main() {
    // `cargo bench` passes --bench; any other argument filters operations by name.
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with("--"));
    let db = std::env::var("CT_BENCH_DB")
        .expect("set CT_BENCH_DB to a generated database (scripts/bench.sh)");
    let n: usize = std::env::var("CT_BENCH_ITERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    let db = Path::new(&db);
    let app = App::open(
        db,
        OpenOptions {
            seed: false,
            daily_backup: false,
            ..Default::default()
        },
    )
    .unwrap();
    let s = app.store();
    let all = commitments::list(s, &CommitmentFilter::default()).unwrap();
    let one = all[all.len() / 2].id.clone();
    let year = 2020;
    let rare = all[all.len() / 3].commitment_id.clone();

    // A past year with its cycle closed: the dashboard also lists what is overdue.
    let overdue_year = 2021;
    if cycles::list(s)
        .unwrap()
        .iter()
        .all(|c| c.year != overdue_year)
    {
        cycles::open(
            s,
            &Actor::coordinator("Bench"),
            &OpenCycle {
                year: overdue_year,
                deadline: format!("{}-03-31", overdue_year + 1),
            },
        )
        .unwrap();
    }

    let ops: Vec<(&str, bool, Op)> = vec![
        (
            "catalogue page of 200 (what the catalogue asks for first), with its total",
            true,
            Box::new(|| {
                commitments::page(s, &CommitmentPageQuery::default()).unwrap();
            }),
        ),
        (
            "catalogue page of 200 further down (offset 2,000)",
            true,
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
            true,
            Box::new(|| {
                commitments::list(s, &CommitmentFilter::default()).unwrap();
            }),
        ),
        (
            "catalogue list, filtered (CR3, Operational)",
            true,
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
            true,
            Box::new(|| {
                status::dashboard(s, &DashboardQuery { year: Some(year) }).unwrap();
            }),
        ),
        (
            "dashboard of a year past its deadline (200 overdue listed)",
            true,
            Box::new(|| {
                status::dashboard(
                    s,
                    &DashboardQuery {
                        year: Some(overdue_year),
                    },
                )
                .unwrap();
            }),
        ),
        (
            "one commitment's timeline",
            true,
            Box::new(|| {
                status::timeline(s, &one).unwrap();
            }),
        ),
        (
            "matrix page of 200 rows",
            true,
            Box::new(|| {
                status::matrix(
                    s,
                    &MatrixQuery {
                        offset: 1000.min(all.len() as u32 / 2),
                        limit: Some(200),
                        ..Default::default()
                    },
                )
                .unwrap();
            }),
        ),
        (
            "full-text search, common word",
            true,
            Box::new(|| {
                search::search(
                    s,
                    &SearchQuery {
                        text: "displacement".into(),
                        ..Default::default()
                    },
                )
                .unwrap();
            }),
        ),
        (
            "full-text search, rare word",
            true,
            Box::new(|| {
                search::search(
                    s,
                    &SearchQuery {
                        text: rare.clone(),
                        ..Default::default()
                    },
                )
                .unwrap();
            }),
        ),
        (
            "full-text search, Chinese two-character word (移民; 1 organisation in 20 writes Chinese)",
            true,
            Box::new(|| {
                search::search(
                    s,
                    &SearchQuery {
                        text: "移民".into(),
                        ..Default::default()
                    },
                )
                .unwrap();
            }),
        ),
        (
            "full-text search, Chinese one-character word in one year (疏, 2020)",
            true,
            Box::new(|| {
                search::search(
                    s,
                    &SearchQuery {
                        text: "疏".into(),
                        year: Some(year),
                        ..Default::default()
                    },
                )
                .unwrap();
            }),
        ),
        (
            "full-text search, Chinese and Latin words (国际移民组织 displacement)",
            true,
            Box::new(|| {
                search::search(
                    s,
                    &SearchQuery {
                        text: "国际移民组织 displacement".into(),
                        ..Default::default()
                    },
                )
                .unwrap();
            }),
        ),
    ];

    println!("| operation | p50 ms | p95 ms | floor p50 ms | floor p95 ms | p95 ratio |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for (name, with_floor, op) in &ops {
        if filter.as_deref().is_some_and(|f| !name.contains(f)) {
            continue;
        }
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
        let (p50, p95) = (percentile(&mut ours, 0.5), percentile(&mut ours, 0.95));
        let floor_ms = if *with_floor {
            let statements = capture(&app, op.as_ref());
            if std::env::var_os("CT_BENCH_SHOW_SQL").is_some() {
                // For EXPLAIN QUERY PLAN by hand: what the operation ran.
                for s in &statements {
                    eprintln!("-- {name}\n{s};");
                }
            }
            floor(db, &statements, n)
        } else {
            None
        };
        match floor_ms {
            Some(mut f) => {
                let (f50, f95) = (percentile(&mut f, 0.5), percentile(&mut f, 0.95));
                println!(
                    "| {name} | {p50:.2} | {p95:.2} | {f50:.2} | {f95:.2} | {:.2}× |",
                    p95 / f95.max(0.001)
                );
            }
            None => println!("| {name} | {p50:.2} | {p95:.2} | – | – | – |"),
        }
    }

    // Saving one report: revision, audit entry and index update in one transaction.
    if filter.as_deref().is_none_or(|f| "save".contains(f)) {
        let actor = Actor::new("Bench");
        // A report that may be edited (a draft or returned one).
        let editable = all
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
                let saved =
                    reports::update(s, &actor, "bench", &target.id, version, &input).unwrap();
                version = saved.version;
                t.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        println!(
            "| save one report (revision + audit + index, synchronous=FULL) | {:.2} | {:.2} | – | – | – |",
            percentile(&mut saves, 0.5),
            percentile(&mut saves, 0.95)
        );
    }
}
