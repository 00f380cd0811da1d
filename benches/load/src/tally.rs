//! What the run counts beside Goose's times: conflicts (expected refusals the users handle),
//! errors (every other non-2xx answer or failed request, over the whole run, ramp included),
//! sign-in times, and the last content the server acknowledged for each report; after the
//! run, the read-back of those reports (lost updates) and the Markdown summary.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use goose::metrics::GooseMetrics;
use serde_json::{json, Value};

use crate::plan::{Admin, Config};
use crate::Failure;

#[derive(Default)]
struct Tally {
    conflicts: BTreeMap<String, u64>,
    /// (call, status, kind) → count and one message.
    errors: BTreeMap<(String, u16, String), (u64, String)>,
    sign_ins: Vec<Duration>,
    /// Report id → (version, content) of the newest save the server acknowledged.
    acknowledged: HashMap<String, (i64, Value)>,
}

static TALLY: Mutex<Option<Tally>> = Mutex::new(None);

fn tally() -> MutexGuard<'static, Option<Tally>> {
    // A panic elsewhere while holding the lock leaves the counts as they were: still usable.
    let mut guard = TALLY.lock().unwrap_or_else(|p| p.into_inner());
    if guard.is_none() {
        *guard = Some(Tally::default());
    }
    guard
}

fn with<T>(f: impl FnOnce(&mut Tally) -> T) -> T {
    let mut guard = tally();
    f(guard.get_or_insert_with(Tally::default))
}

pub fn conflict(call: &str) {
    with(|t| *t.conflicts.entry(call.to_owned()).or_default() += 1);
}

pub fn error(call: &str, status: u16, kind: &str, message: &str) {
    with(|t| {
        let e = t
            .errors
            .entry((call.to_owned(), status, kind.to_owned()))
            .or_insert((0, message.chars().take(160).collect()));
        e.0 += 1;
    });
}

pub fn signed_in(took: Duration) {
    with(|t| t.sign_ins.push(took));
}

/// The fields of a report that are its content (what a save changes).
fn content(report: &Value) -> Value {
    let mut c = json!({});
    for field in [
        "status",
        "achievements",
        "challenges",
        "nextSteps",
        "evidence",
        "progress",
        "tags",
    ] {
        c[field] = report[field].clone();
    }
    c
}

/// A report the server answered 200 to a save with: remembered if it is the newest version
/// acknowledged for it (two focal points may share a report).
pub fn acknowledged(report: &Value) {
    let (Some(id), Some(version)) = (report["id"].as_str(), report["version"].as_i64()) else {
        return;
    };
    with(|t| {
        let newer = t
            .acknowledged
            .get(id)
            .is_none_or(|(known, _)| version > *known);
        if newer {
            t.acknowledged
                .insert(id.to_owned(), (version, content(report)));
        }
    });
}

/// The read-back of every report saved during the run.
#[derive(Debug, Default)]
pub struct Check {
    pub reports: usize,
    /// Stored content differs from the last acknowledged, or the stored version is older.
    pub lost: usize,
    /// Stored version newer than any acknowledged: a save whose answer never arrived.
    pub unacknowledged: usize,
    pub examples: Vec<String>,
}

pub async fn read_back(admin: &Admin) -> Result<Check, Failure> {
    let saved: Vec<(String, (i64, Value))> = with(|t| {
        t.acknowledged
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    });
    let mut check = Check {
        reports: saved.len(),
        ..Check::default()
    };
    for (id, (version, acknowledged)) in saved {
        let stored = admin.call("get_report", json!({"id": id})).await?;
        let stored_version = stored["version"].as_i64().unwrap_or(-1);
        if stored_version > version {
            check.unacknowledged += 1;
        } else if stored_version < version || content(&stored) != acknowledged {
            check.lost += 1;
            if check.examples.len() < 5 {
                check.examples.push(format!(
                    "{id}: acknowledged version {version}, stored version {stored_version}"
                ));
            }
        }
    }
    Ok(check)
}

/// A time in microseconds as milliseconds with one decimal.
fn ms(us: u64) -> String {
    format!("{:.1}", us as f64 / 1000.0)
}

/// The p95 target of a kind of call: saves (and review steps) 150 ms, reads 100 ms; sign-in
/// has none (it is meant to cost an argon2id hash).
fn target(call: &str) -> Option<u64> {
    match call {
        "sign_in" => None,
        "update_report" | "create_report" | "autosave_put" | "approve_report" | "return_report" => {
            Some(150)
        }
        _ => Some(100),
    }
}

pub fn summary(metrics: &GooseMetrics, check: &Check, config: &Config, engine: &str) -> String {
    let guard = tally();
    let empty = Tally::default();
    let t = guard.as_ref().unwrap_or(&empty);
    let seconds = metrics.duration.max(1) as f64;
    let mut out = String::new();
    let a = config.accounts;
    let _ = writeln!(
        out,
        "### {}: {} users ({} focal points, {} coordinators, {} viewers), {} s measured, server on {engine}",
        config.label,
        metrics.maximum_users,
        a.focal_points,
        a.coordinators,
        a.viewers,
        metrics.duration
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "| call | requests | per s | p50 ms | p95 ms | p99 ms | max ms | p95 target ms | failed | conflicts |"
    );
    let _ = writeln!(
        out,
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |"
    );
    let mut rows: Vec<_> = metrics.requests.values().collect();
    rows.sort_by(|x, y| x.path.cmp(&y.path));
    let (mut total, mut failed) = (0usize, 0usize);
    for r in rows {
        let name = r.path.as_str();
        let count = r.success_count + r.fail_count;
        total += count;
        failed += r.fail_count;
        let times = &r.raw_data;
        let p95 = times.percentile_us(0.95);
        let verdict = match target(name) {
            None => "–".to_owned(),
            Some(limit) if p95 <= limit * 1000 => format!("≤ {limit} ✓"),
            Some(limit) => format!("≤ {limit} ✗"),
        };
        let _ = writeln!(
            out,
            "| {name} | {count} | {:.1} | {} | {} | {} | {} | {verdict} | {} | {} |",
            count as f64 / seconds,
            ms(times.percentile_us(0.50)),
            ms(p95),
            ms(times.percentile_us(0.99)),
            ms(times.maximum_time_us),
            r.fail_count,
            t.conflicts.get(name).copied().unwrap_or(0),
        );
    }
    let _ = writeln!(
        out,
        "| **all** | {total} | {:.1} | | | | | | {failed} | {} |",
        total as f64 / seconds,
        t.conflicts.values().sum::<u64>(),
    );
    let _ = writeln!(out);
    let errors: u64 = t.errors.values().map(|(n, _)| n).sum();
    let mut sign_ins = t.sign_ins.clone();
    sign_ins.sort();
    let took = |d: Option<&Duration>| d.map(|d| d.as_millis()).unwrap_or(0);
    let _ = writeln!(
        out,
        "- Errors over the whole run (ramp included; non-2xx other than handled conflicts, or no answer): **{errors}**"
    );
    for ((call, status, kind), (n, message)) in &t.errors {
        let _ = writeln!(out, "  - {call}: {n} × {status} {kind} ({message})");
    }
    let _ = writeln!(
        out,
        "- Conflicts handled (a save on an older version, re-read and saved again; a review step that lost a race; a report created meanwhile by the other focal point): {}",
        t.conflicts.values().sum::<u64>()
    );
    let _ = writeln!(
        out,
        "- Lost updates: **{}** of {} reports saved (stored content differs from the last acknowledged save); {} stored a newer save whose answer never arrived",
        check.lost, check.reports, check.unacknowledged
    );
    for e in &check.examples {
        let _ = writeln!(out, "  - {e}");
    }
    let _ = writeln!(
        out,
        "- Sign-ins during the ramp (argon2id): {} (median {} ms, slowest {} ms)",
        sign_ins.len(),
        took(sign_ins.get(sign_ins.len() / 2)),
        took(sign_ins.last())
    );
    out
}
