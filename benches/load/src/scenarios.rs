//! The three kinds of simulated user. Each signs in once with its password (a session cookie),
//! then repeats one transaction with a pause of a few seconds between:
//! - a focal point saves the draft of one of its reports (`update_report` on the version it
//!   last saw; on a conflict it reads the report again and saves once more), creating it first
//!   when there is none, and now and then keeps an autosave or opens "My work";
//! - a coordinator reads the dashboard, a page of the matrix or of the catalogue, a report, and
//!   now and then approves or returns a submitted one;
//! - a viewer searches for words of the data and opens a commitment found.
//!
//! Every call is a named Goose request (the command's name), so times are kept per kind.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::Instant;

use goose::prelude::*;
use rand::{random_bool, random_range};
use serde_json::{json, Value};

use crate::plan::{Plan, PASSWORD};
use crate::tally;

/// Set once before the run.
pub static PLAN: OnceLock<Plan> = OnceLock::new();

static NEXT_FOCAL_POINT: AtomicUsize = AtomicUsize::new(0);
static NEXT_COORDINATOR: AtomicUsize = AtomicUsize::new(0);
static NEXT_VIEWER: AtomicUsize = AtomicUsize::new(0);

fn plan() -> &'static Plan {
    PLAN.get().expect("the plan is set before Goose starts")
}

/// One simulated user's state between transactions.
#[derive(Debug, Clone, Default)]
struct Session {
    email: String,
    cookie: String,
    /// Focal points: their commitments, and for each the report (id, version) last seen.
    commitments: Vec<String>,
    reports: HashMap<String, (String, i64)>,
    saves: u64,
    /// Coordinators: report ids seen on the last matrix page.
    reports_seen: Vec<String>,
    /// Viewers: commitments found by the last search.
    found: Vec<String>,
}

/// What a call answered: the status (0: no answer) and the JSON body.
struct Answer {
    status: u16,
    body: Value,
    /// A refusal the scenario expects and handles (counted as a conflict, not an error).
    conflict: bool,
}

impl Answer {
    fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Runs a command as the signed-in user, timed by Goose under `name`. With `conflicts`, a
/// version conflict (409 `conflict`) or a report made meanwhile by someone else (400
/// `duplicate`) is expected: counted as a conflict, not a failure. Any other non-2xx answer is
/// an error.
async fn call(
    user: &mut GooseUser,
    cmd: &str,
    name: &'static str,
    args: Value,
    conflicts: bool,
) -> Result<Answer, Box<TransactionError>> {
    let cookie = user
        .get_session_data::<Session>()
        .map(|s| s.cookie.clone())
        .unwrap_or_default();
    let builder = user
        .get_request_builder(&GooseMethod::Post, &format!("/api/{cmd}"))?
        .header("cookie", cookie)
        .header("x-ct-csrf", "1")
        .json(&args);
    let request = GooseRequest::builder()
        .set_request_builder(builder)
        .name(name)
        .build();
    let mut goose = user.request(request).await?;
    let response = match goose.response {
        Ok(r) => r,
        Err(e) => {
            tally::error(name, 0, "", &e.to_string());
            return Ok(Answer {
                status: 0,
                body: Value::Null,
                conflict: false,
            });
        }
    };
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    let mut answer = Answer {
        status,
        body,
        conflict: false,
    };
    if !answer.ok() {
        let kind = answer.body["kind"].as_str().unwrap_or("").to_owned();
        if conflicts
            && ((status == 409 && kind == "conflict") || (status == 400 && kind == "duplicate"))
        {
            answer.conflict = true;
            tally::conflict(name);
            user.set_success(&mut goose.request)?;
        } else {
            let message = answer.body["message"].as_str().unwrap_or("").to_owned();
            tally::error(name, status, &kind, &message);
        }
    }
    Ok(answer)
}

/// `POST /auth/sign-in` with the account's password; keeps the cookies it sets.
async fn sign_in(user: &mut GooseUser, email: String) -> TransactionResult {
    let builder = user
        .get_request_builder(&GooseMethod::Post, "/auth/sign-in")?
        .header("x-ct-csrf", "1")
        .json(&json!({"email": email, "password": PASSWORD}));
    let request = GooseRequest::builder()
        .set_request_builder(builder)
        .name("sign_in")
        .build();
    let started = Instant::now();
    let goose = user.request(request).await?;
    let mut cookie = Vec::new();
    match goose.response {
        Ok(r) if r.status().is_success() => {
            for value in r.headers().get_all("set-cookie") {
                if let Some(pair) = value.to_str().ok().and_then(|v| v.split(';').next()) {
                    cookie.push(pair.trim().to_owned());
                }
            }
            tally::signed_in(started.elapsed());
        }
        Ok(r) => {
            let status = r.status().as_u16();
            let body: Value = r.json().await.unwrap_or(Value::Null);
            tally::error(
                "sign_in",
                status,
                body["kind"].as_str().unwrap_or(""),
                body["message"].as_str().unwrap_or(""),
            );
        }
        Err(e) => tally::error("sign_in", 0, "", &e.to_string()),
    }
    let session = Session {
        email,
        cookie: cookie.join("; "),
        ..Session::default()
    };
    user.set_session_data(session);
    Ok(())
}

fn session(user: &mut GooseUser) -> &mut Session {
    user.get_session_data_unchecked_mut::<Session>()
}

const STATUSES: [&str; 4] = [
    "In progress",
    "Substantial progress",
    "Completed",
    "Not started",
];

/// Words the generated data is written in (`ct generate`'s vocabulary), for drafts and
/// searches.
const WORDS: [&str; 24] = [
    "displacement",
    "shelter",
    "protection",
    "resilience",
    "communities",
    "livelihoods",
    "preparedness",
    "coordination",
    "assessment",
    "training",
    "evacuation",
    "relocation",
    "cash",
    "réfugiés",
    "santé",
    "protección",
    "capacitación",
    "referral",
    "monitoring",
    "funding",
    "climate",
    "disaster",
    "accountability",
    "youth",
];

fn words(n: usize) -> String {
    (0..n)
        .map(|_| WORDS[random_range(0..WORDS.len())])
        .collect::<Vec<_>>()
        .join(" ")
}

/// A draft of about 1,500 characters that names who saved it and which save it is.
fn draft(email: &str, n: u64) -> Value {
    json!({
        "status": STATUSES[random_range(0..STATUSES.len())],
        "achievements": format!("{email}, save {n}: {}", words(110)),
        "challenges": words(30),
        "nextSteps": words(30),
        "progress": random_range(0..=100u8),
        "tags": [],
    })
}

// ---------------------------------------------------------------------------------- focal points

pub async fn focal_point_sign_in(user: &mut GooseUser) -> TransactionResult {
    let plan = plan();
    let n = NEXT_FOCAL_POINT.fetch_add(1, Ordering::Relaxed) % plan.focal_points.len();
    let fp = plan.focal_points[n].clone();
    sign_in(user, fp.email).await?;
    session(user).commitments = fp.commitments;
    Ok(())
}

/// The report of `commitment` for the cycle's year: found, or created with a first draft.
async fn open_report(
    user: &mut GooseUser,
    commitment: &str,
) -> Result<Option<(String, i64)>, Box<TransactionError>> {
    let year = plan().year;
    let key = json!({"commitment": commitment, "year": year});
    let found = call(user, "find_report", "find_report", key.clone(), false).await?;
    if !found.ok() {
        return Ok(None);
    }
    if found.body.is_object() {
        return Ok(report_key(&found.body));
    }
    let s = session(user);
    s.saves += 1;
    let input = draft(&s.email, s.saves);
    let made = call(
        user,
        "create_report",
        "create_report",
        json!({"commitment": commitment, "year": year, "input": input}),
        true,
    )
    .await?;
    if made.ok() {
        tally::acknowledged(&made.body);
        return Ok(report_key(&made.body));
    }
    if made.conflict {
        // The other focal point of this commitment made it meanwhile.
        let found = call(user, "find_report", "find_report", key, false).await?;
        if found.ok() && found.body.is_object() {
            return Ok(report_key(&found.body));
        }
    }
    Ok(None)
}

fn report_key(report: &Value) -> Option<(String, i64)> {
    Some((
        report["id"].as_str()?.to_owned(),
        report["version"].as_i64()?,
    ))
}

pub async fn focal_point_edit(user: &mut GooseUser) -> TransactionResult {
    let year = plan().year;
    let s = session(user);
    if s.commitments.is_empty() {
        return Ok(());
    }
    let commitment = s.commitments[random_range(0..s.commitments.len())].clone();
    let known = s.reports.get(&commitment).cloned();
    let (id, mut version) = match known {
        Some(k) => k,
        None => match open_report(user, &commitment).await? {
            Some(k) => {
                session(user).reports.insert(commitment.clone(), k.clone());
                // A new report's first draft was just saved: the next edit is the next turn.
                return Ok(());
            }
            None => return Ok(()),
        },
    };
    let s = session(user);
    s.saves += 1;
    let input = draft(&s.email, s.saves);
    if random_bool(0.3) {
        // The editor keeps the text typed since the last save.
        call(
            user,
            "autosave_put",
            "autosave_put",
            json!({"commitment": commitment, "year": year, "reportId": id,
                   "baseVersion": version, "input": input}),
            false,
        )
        .await?;
    }
    for _attempt in 0..2 {
        let saved = call(
            user,
            "update_report",
            "update_report",
            json!({"id": id, "expectedVersion": version, "input": input}),
            true,
        )
        .await?;
        if saved.ok() {
            tally::acknowledged(&saved.body);
            if let Some(k) = report_key(&saved.body) {
                session(user).reports.insert(commitment.clone(), k);
            }
            break;
        }
        if !saved.conflict {
            break;
        }
        // Someone else saved since: read it again (as the editor does) and save on top.
        let fresh = call(
            user,
            "get_report",
            "get_report (after a conflict)",
            json!({"id": id}),
            false,
        )
        .await?;
        match report_key(&fresh.body) {
            Some(k) if fresh.ok() => {
                version = k.1;
                session(user).reports.insert(commitment.clone(), k);
            }
            _ => break,
        }
    }
    if random_bool(plan().my_work_share) {
        call(user, "my_work", "my_work", json!({"year": year}), false).await?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------- coordinators

pub async fn coordinator_sign_in(user: &mut GooseUser) -> TransactionResult {
    let plan = plan();
    let n = NEXT_COORDINATOR.fetch_add(1, Ordering::Relaxed) % plan.coordinators.len();
    sign_in(user, plan.coordinators[n].clone()).await
}

/// A catalogue filter: everything, or one WHS core responsibility.
fn some_filter() -> Value {
    if random_bool(0.5) {
        json!({})
    } else {
        json!({"category": random_range(1..=5).to_string()})
    }
}

/// Rows per page, as the UI asks for them.
const PAGE: u32 = 200;

fn some_offset(total: u32, page: u32) -> u32 {
    random_range(0..total.div_ceil(page).max(1)) * page
}

pub async fn coordinator_browse(user: &mut GooseUser) -> TransactionResult {
    let plan = plan();
    let roll = random_range(0..100);
    if roll < 30 {
        let year = if random_bool(0.8) {
            plan.year
        } else {
            random_range(2016..plan.year)
        };
        call(user, "dashboard", "dashboard", json!({"year": year}), false).await?;
    } else if roll < 65 {
        let filter = some_filter();
        // An unfiltered page anywhere in the catalogue; a filtered one among the first fifth.
        let total = if filter.as_object().is_some_and(|f| f.is_empty()) {
            plan.commitments
        } else {
            plan.commitments / 5
        };
        let page = call(
            user,
            "matrix",
            "matrix",
            json!({"filter": filter, "offset": some_offset(total, PAGE), "limit": PAGE}),
            false,
        )
        .await?;
        let mut seen = Vec::new();
        for row in page.body["rows"].as_array().into_iter().flatten() {
            for cell in row["cells"].as_array().into_iter().flatten() {
                if let Some(id) = cell["reportId"].as_str() {
                    seen.push((id.to_owned(), cell["reviewState"] == "Submitted"));
                }
            }
        }
        let submitted: Vec<String> = seen
            .iter()
            .filter(|(_, s)| *s)
            .map(|(id, _)| id.clone())
            .collect();
        session(user).reports_seen = seen.into_iter().map(|(id, _)| id).collect();
        if !submitted.is_empty() && random_bool(0.5) {
            review_one(user, &submitted[random_range(0..submitted.len())]).await?;
        }
    } else if roll < 90 {
        let filter = some_filter();
        call(
            user,
            "list_commitments_page",
            "list_commitments_page",
            json!({"filter": filter, "offset": some_offset(plan.commitments / 5, PAGE), "limit": PAGE}),
            false,
        )
        .await?;
    } else {
        let seen = &session(user).reports_seen;
        if seen.is_empty() {
            call(
                user,
                "dashboard",
                "dashboard",
                json!({"year": plan.year}),
                false,
            )
            .await?;
        } else {
            let id = seen[random_range(0..seen.len())].clone();
            call(user, "get_report", "get_report", json!({"id": id}), false).await?;
        }
    }
    Ok(())
}

/// Opens a submitted report and, one time in four, approves or returns it. Two coordinators
/// may pick the same one: the second's step is a conflict.
async fn review_one(user: &mut GooseUser, id: &str) -> TransactionResult {
    let report = call(user, "get_report", "get_report", json!({"id": id}), false).await?;
    if !report.ok() || report.body["reviewState"] != "Submitted" || !random_bool(0.25) {
        return Ok(());
    }
    let Some((_, version)) = report_key(&report.body) else {
        return Ok(());
    };
    if random_bool(0.5) {
        call(
            user,
            "approve_report",
            "approve_report",
            json!({"id": id, "expectedVersion": version}),
            true,
        )
        .await?;
    } else {
        call(
            user,
            "return_report",
            "return_report",
            json!({"id": id, "expectedVersion": version,
                   "comment": "Please add the figures for the second half of the year."}),
            true,
        )
        .await?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------- viewers

pub async fn viewer_sign_in(user: &mut GooseUser) -> TransactionResult {
    let plan = plan();
    let n = NEXT_VIEWER.fetch_add(1, Ordering::Relaxed) % plan.viewers.len();
    sign_in(user, plan.viewers[n].clone()).await
}

/// Chinese words of the generated data (one report in twenty has a Chinese paragraph).
const CHINESE: [&str; 4] = ["流离失所", "庇护所", "社区", "合作伙伴"];

pub async fn viewer_search(user: &mut GooseUser) -> TransactionResult {
    let plan = plan();
    let roll = random_range(0..100);
    let text = if roll < 55 {
        words(1)
    } else if roll < 80 {
        words(2)
    } else if roll < 95 {
        // Typing: the last word is a prefix.
        let w = words(1);
        w.chars().take(4).collect()
    } else {
        CHINESE[random_range(0..CHINESE.len())].to_owned()
    };
    let mut query = json!({"text": text, "filter": {}, "limit": 50});
    if random_bool(0.2) {
        query["year"] = json!(random_range(2016..plan.year));
    }
    let hits = call(user, "search", "search", query, false).await?;
    let found: Vec<String> = hits
        .body
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|h| h["commitment"].as_str().map(str::to_owned))
        .collect();
    session(user).found = found;
    let found = &session(user).found;
    if !found.is_empty() && random_bool(0.6) {
        let id = found[random_range(0..found.len())].clone();
        call(
            user,
            "get_commitment",
            "get_commitment",
            json!({"id": id}),
            false,
        )
        .await?;
    }
    Ok(())
}
