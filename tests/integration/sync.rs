//! Offline copies of a team server (#17) on real parts: a real `ct serve --team` process (its
//! store on PostgreSQL in the suite's second run), copies that are SQLite files worked on with
//! the real `ct` (and the library where a process is not the point), the server stopped and
//! started again on the same address, and `ct sync` killed at random points.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use commitment_tracker::domain::{Actor, Caller, Report, ReportInput, ReviewAction};
use commitment_tracker::error::ErrorKind;
use commitment_tracker::services::assignments::{self, Assignment};
use commitment_tracker::services::{replica, reports};
use commitment_tracker::{App, OpenOptions};
use serde_json::{json, Value};

use crate::support::{ct, dispatch, stderr, stdout, TestDb};

const PASSWORD: &str = "plum orchard ladder 42";
const FIONA: &str = "fiona@example.org";
const FELIX: &str = "felix@example.org";

/// A team server: the real process on a seeded database, stopped and started again on the
/// same address (a copy keeps the address it was linked to).
struct Server {
    db: TestDb,
    child: Option<Child>,
    /// `127.0.0.1:PORT`, fixed by the first start.
    listen: String,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

impl Server {
    /// A seeded database with an admin, a coordinator and two focal points, `assigned`
    /// (Commitment ID, e-mails) and a 2025 report ("first steps") for each of `reported`.
    fn start(assigned: &[(&str, &[&str])], reported: &[&str]) -> Server {
        let db = TestDb::seeded();
        for (email, name, role) in [
            ("admin@example.org", "Ada Admin", "admin"),
            ("coord@example.org", "Cora Coordinator", "coordinator"),
            (FIONA, "Fiona Focal", "focal-point"),
            (FELIX, "Felix Focal", "focal-point"),
        ] {
            add_user(&db.path(), email, name, role);
        }
        let setup = Actor::new("setup");
        for (commitment_id, emails) in assigned {
            let commitment = uuid_of(&db, commitment_id);
            for email in *emails {
                assignments::assign(
                    db.app.store(),
                    &setup,
                    &Assignment {
                        commitment: commitment.clone(),
                        user: (*email).to_owned(),
                    },
                )
                .unwrap();
            }
        }
        for commitment_id in reported {
            let commitment = uuid_of(&db, commitment_id);
            reports::create(
                db.app.store(),
                &setup,
                "setup",
                &commitment,
                2025,
                &draft("first steps"),
            )
            .unwrap();
        }
        let mut server = Server {
            db,
            child: None,
            listen: "127.0.0.1:0".to_owned(),
            url: String::new(),
        };
        server.restart();
        server
    }

    /// Starts the process (again, on the same address: a moment after a stop the port may
    /// still be held, so a start that could not bind is tried again).
    fn restart(&mut self) {
        assert!(self.child.is_none(), "the server is running");
        for _ in 0..50 {
            if self.try_start() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("the server did not start on {}", self.listen);
    }

    fn try_start(&mut self) -> bool {
        let mut child = ct(&self.db.path())
            .args(["--keep-backups", "0", "serve", "--team", "--listen"])
            .arg(&self.listen)
            .args(["--ui-dir", "/nonexistent"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        if line.is_empty() {
            // It ended without serving (the address was taken).
            let _ = child.wait();
            return false;
        }
        let url = line
            .trim()
            .strip_prefix("Serving a team on ")
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .to_owned();
        self.listen = url.trim_start_matches("http://").to_owned();
        self.url = url;
        self.child = Some(child);
        true
    }

    /// Ends the process at once (SIGKILL: no goodbye to the clients).
    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    fn token(&self, email: &str) -> String {
        let out = ct(&self.db.path())
            .args(["--keep-backups", "0", "users", "token", email])
            .output()
            .unwrap();
        ok(&out).lines().last().unwrap().trim().to_owned()
    }

    fn uuid(&self, commitment_id: &str) -> String {
        uuid_of(&self.db, commitment_id)
    }

    /// The server's report of a commitment for a year.
    fn report(&self, commitment_id: &str, year: i32) -> Option<Report> {
        reports::find(self.db.app.store(), &self.uuid(commitment_id), year).unwrap()
    }

    /// The achievements of every revision of a report, oldest first.
    fn revision_texts(&self, report_id: &str) -> Vec<String> {
        let store = self.db.app.store();
        let mut list = reports::revisions(store, report_id).unwrap();
        list.reverse();
        list.iter()
            .map(|r| {
                reports::revision(store, report_id, r.revision)
                    .unwrap()
                    .content
                    .achievements
            })
            .collect()
    }

    /// Someone else's edit on the server, through its own store.
    fn edit_as(&self, name: &str, commitment_id: &str, year: i32, text: &str) -> Report {
        let r = self.report(commitment_id, year).unwrap();
        reports::update(
            self.db.app.store(),
            &Actor::new(name),
            name,
            &r.id,
            r.version,
            &draft(text),
        )
        .unwrap()
    }
}

fn add_user(db: &Path, email: &str, name: &str, role: &str) {
    let mut child = ct(db)
        .args([
            "--keep-backups",
            "0",
            "users",
            "add",
            email,
            "--name",
            name,
            "--role",
            role,
        ])
        .arg("--password-stdin")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(PASSWORD.as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success(), "ct users add {email}");
}

fn uuid_of(db: &TestDb, commitment_id: &str) -> String {
    dispatch(
        &db.app,
        "find_commitment",
        json!({ "commitmentId": commitment_id }),
    )
    .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn draft(text: &str) -> ReportInput {
    ReportInput {
        status: "InProgress".into(),
        achievements: text.into(),
        challenges: String::new(),
        next_steps: String::new(),
        evidence: vec![],
        progress: None,
        tags: vec![],
    }
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        stdout(out),
        stderr(out)
    );
    stdout(out)
}

/// `ct` on a copy (a SQLite file: copies always are).
fn on(copy: &Path) -> Command {
    let mut cmd = ct(copy);
    cmd.args(["--no-seed", "--keep-backups", "0"]);
    cmd
}

/// Runs `cmd` with `input` on its standard input.
fn with_input(mut cmd: Command, input: &str) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn link_with_token(copy: &Path, server: &Server, email: &str) -> Value {
    let out = on(copy)
        .args(["--token", &server.token(email)])
        .args(["link", "--server", &server.url, "--format", "json"])
        .output()
        .unwrap();
    serde_json::from_str(&ok(&out)).unwrap()
}

fn link_with_password(copy: &Path, server: &Server, email: &str) -> Value {
    let mut cmd = on(copy);
    cmd.args([
        "link",
        "--server",
        &server.url,
        "--email",
        email,
        "--format",
        "json",
    ]);
    serde_json::from_str(&ok(&with_input(cmd, PASSWORD))).unwrap()
}

/// `ct report set` of the achievements (read from standard input).
fn set_text(copy: &Path, commitment_id: &str, year: i32, text: &str) -> Output {
    let mut cmd = on(copy);
    cmd.args(["report", "set", "--commitment", commitment_id, "--year"])
        .arg(year.to_string())
        .args(["--status", "in progress", "--achievements", "-"]);
    with_input(cmd, text)
}

/// `ct sync --format json`, which must succeed.
fn sync(copy: &Path) -> Value {
    let out = on(copy)
        .args(["sync", "--format", "json"])
        .output()
        .unwrap();
    serde_json::from_str(&ok(&out)).unwrap()
}

/// `ct sync --status --format json`.
fn status(copy: &Path) -> Value {
    let out = on(copy)
        .args(["sync", "--status", "--format", "json"])
        .output()
        .unwrap();
    serde_json::from_str(&ok(&out)).unwrap()
}

/// The pending edits of `status`, as (number, Commitment ID, year, state, achievements).
fn pending(status: &Value) -> Vec<(i64, String, i64, String, String)> {
    status["pending"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["number"].as_i64().unwrap(),
                p["commitmentId"].as_str().unwrap().to_owned(),
                p["year"].as_i64().unwrap(),
                p["state"].as_str().unwrap().to_owned(),
                p["content"]["achievements"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The number of the pending edit of a commitment's report for a year.
fn number_of(copy: &Path, commitment_id: &str, year: i64) -> i64 {
    pending(&status(copy))
        .into_iter()
        .find(|p| p.1 == commitment_id && p.2 == year)
        .unwrap_or_else(|| panic!("no pending edit of {commitment_id} {year}"))
        .0
}

/// `ct sync --keep-mine N` or `--take-theirs N`.
fn resolve(copy: &Path, how: &str, number: i64) -> Value {
    let out = on(copy)
        .args(["sync", how, &number.to_string(), "--format", "json"])
        .output()
        .unwrap();
    serde_json::from_str(&ok(&out)).unwrap()
}

/// The copy opened by the library (no backup, no seed).
fn open_copy(copy: &Path) -> App {
    App::open(
        copy,
        OpenOptions {
            seed: false,
            daily_backup: false,
            keep_backups: 0,
            ..Default::default()
        },
    )
    .unwrap()
}

/// The copy's report of a commitment (by its UUID) for a year.
fn copy_report(app: &App, commitment: &str, year: i32) -> Option<Report> {
    reports::find(app.store(), commitment, year).unwrap()
}

/// The copy's reports by commitment and year.
fn copy_reports_of(copy: &Path, server: &Server, year: i32, ids: &[&str]) -> Vec<Option<Report>> {
    let app = open_copy(copy);
    ids.iter()
        .map(|id| copy_report(&app, &server.uuid(id), year))
        .collect()
}

#[test]
fn offline_edits_on_two_copies_meet_one_conflict_kept_mine_one_taken_theirs() {
    let mut server = Server::start(
        &[("200002", &[FIONA, FELIX]), ("200003", &[FIONA, FELIX])],
        &["200002", "200003"],
    );
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.sqlite3"), dir.path().join("b.sqlite3"));
    let linked = link_with_token(&a, &server, FIONA);
    assert_eq!(linked["status"]["email"], FIONA);
    let linked = link_with_password(&b, &server, FELIX);
    assert_eq!(linked["status"]["email"], FELIX);
    assert_eq!(linked["status"]["role"], "FocalPoint");
    for copy in [&a, &b] {
        let r = copy_reports_of(copy, &server, 2025, &["200002"])
            .remove(0)
            .unwrap();
        assert_eq!(r.content.achievements, "first steps");
        assert_eq!(r.id, server.report("200002", 2025).unwrap().id);
    }

    // The server goes away; both people go on writing.
    server.stop();
    for (copy, who) in [(&a, "Fiona"), (&b, "Felix")] {
        for id in ["200002", "200003"] {
            ok(&set_text(copy, id, 2025, &format!("{who} offline on {id}")));
        }
        // Reads work offline.
        let shown = ok(&on(copy)
            .args(["report", "show", "--commitment", "200002", "--year", "2025"])
            .output()
            .unwrap());
        assert!(
            shown.contains(&format!("{who} offline on 200002")),
            "{shown}"
        );
        // A sync says offline, and the edits wait.
        let out = on(copy).args(["sync"]).output().unwrap();
        assert!(!out.status.success());
        assert!(
            stderr(&out).contains("cannot be reached"),
            "{}",
            stderr(&out)
        );
        let s = status(copy);
        assert_eq!(s["offline"], true);
        let p = pending(&s);
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p.iter().all(|p| p.3 == "Pending"));
    }

    // A review step needs the server: kind offline, and nothing changes.
    let app = open_copy(&a);
    let x = copy_report(&app, &server.uuid("200002"), 2025).unwrap();
    let before = replica::status(app.store()).unwrap().pending;
    let err = commitment_tracker::api::dispatch(
        &app,
        &Caller::Local,
        "submit_report",
        json!({ "id": x.id, "expectedVersion": x.version }),
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Offline, "{err}");
    assert!(
        err.to_string()
            .contains("Submitting a report needs a connection"),
        "{err}"
    );
    let after = copy_report(&app, &server.uuid("200002"), 2025).unwrap();
    assert_eq!(after, x);
    assert_eq!(replica::status(app.store()).unwrap().pending, before);
    drop(app);
    let out = on(&a)
        .args([
            "report",
            "submit",
            "--commitment",
            "200002",
            "--year",
            "2025",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("needs a connection"),
        "{}",
        stderr(&out)
    );

    // Back: Fiona's edits arrive first; Felix's two meet them.
    server.restart();
    assert_eq!(
        server.report("200002", 2025).unwrap().review_state,
        commitment_tracker::domain::ReviewState::Draft,
        "the refused submit did not reach the server"
    );
    let out = sync(&a);
    assert_eq!(
        (out["pushed"].as_i64(), out["conflicts"].as_i64()),
        (Some(2), Some(0))
    );
    let out = sync(&b);
    assert_eq!(
        (out["pushed"].as_i64(), out["conflicts"].as_i64()),
        (Some(0), Some(2))
    );
    let p = pending(&out["status"]);
    assert!(p.iter().all(|p| p.3 == "Conflict"), "{p:?}");
    // While the conflict stands, Felix still sees his own text, and the server keeps Fiona's.
    let shown = copy_reports_of(&b, &server, 2025, &["200002", "200003"]);
    assert_eq!(
        shown[0].as_ref().unwrap().content.achievements,
        "Felix offline on 200002"
    );
    assert_eq!(
        server.report("200002", 2025).unwrap().content.achievements,
        "Fiona offline on 200002"
    );
    let theirs = out["status"]["pending"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["commitmentId"] == "200002")
        .unwrap()["serverContent"]["achievements"]
        .clone();
    assert_eq!(theirs, "Fiona offline on 200002");

    // 200002: Felix keeps his; 200003: he takes Fiona's.
    let out = resolve(&b, "--keep-mine", number_of(&b, "200002", 2025));
    assert_eq!(out["pushed"], 1, "{out}");
    let out = resolve(&b, "--take-theirs", number_of(&b, "200003", 2025));
    assert_eq!(pending(&out["status"]), vec![]);
    sync(&a);

    let x = server.report("200002", 2025).unwrap();
    let y = server.report("200003", 2025).unwrap();
    assert_eq!(x.content.achievements, "Felix offline on 200002");
    assert_eq!(y.content.achievements, "Fiona offline on 200003");
    // Nothing lost: the text Felix's overwrote is in the revisions, once.
    assert_eq!(
        server.revision_texts(&x.id),
        [
            "first steps",
            "Fiona offline on 200002",
            "Felix offline on 200002"
        ]
    );
    assert_eq!(
        server.revision_texts(&y.id),
        ["first steps", "Fiona offline on 200003"]
    );
    // Both copies hold what the server holds, revisions included.
    for copy in [&a, &b] {
        let app = open_copy(copy);
        for r in [&x, &y] {
            let here = copy_report(&app, &r.commitment, 2025).unwrap();
            assert_eq!(
                (&here.id, here.version, &here.content),
                (&r.id, r.version, &r.content)
            );
            assert_eq!(
                reports::revisions(app.store(), &r.id).unwrap().len(),
                reports::revisions(server.db.app.store(), &r.id)
                    .unwrap()
                    .len()
            );
        }
        assert!(replica::status(app.store()).unwrap().pending.is_empty());
    }
}

#[test]
fn a_focal_points_copy_refuses_what_is_not_theirs_and_keeps_what_the_server_refused() {
    let server = Server::start(
        &[("200004", &[FIONA]), ("200005", &[FELIX])],
        &["200004", "200005"],
    );
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.sqlite3");
    link_with_token(&a, &server, FIONA);

    // Not assigned to Fiona: refused on the copy (forbidden), nothing pending.
    let app = open_copy(&a);
    let theirs = copy_report(&app, &server.uuid("200005"), 2025).unwrap();
    let err = commitment_tracker::api::dispatch(
        &app,
        &Caller::Local,
        "update_report",
        json!({ "id": theirs.id, "expectedVersion": theirs.version, "input": draft("not mine") }),
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Forbidden, "{err}");
    drop(app);
    let out = set_text(&a, "200005", 2025, "not mine either");
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stderr(&out).contains("focal point"), "{}", stderr(&out));
    let out = set_text(&a, "200005", 2024, "nor a new one");
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert_eq!(pending(&status(&a)), vec![]);
    let shown = copy_reports_of(&a, &server, 2025, &["200005"])
        .remove(0)
        .unwrap();
    assert_eq!(shown.content.achievements, "first steps");

    // Fiona edits her report on the copy; meanwhile someone else submits it on the server.
    // The server refuses her edit; her text is kept, with the reason.
    ok(&set_text(&a, "200004", 2025, "Fiona's late addition"));
    let r = server.report("200004", 2025).unwrap();
    reports::review(
        server.db.app.store(),
        &Actor::new("Cora Coordinator"),
        &r.id,
        r.version,
        ReviewAction::Submit,
        None,
    )
    .unwrap();
    let out = sync(&a);
    assert_eq!(
        (out["pushed"].as_i64(), out["conflicts"].as_i64()),
        (Some(0), Some(1))
    );
    let p = out["status"]["pending"].as_array().unwrap()[0].clone();
    assert_eq!(p["state"], "Refused", "{p}");
    assert!(p["message"].as_str().unwrap().contains("submitted"), "{p}");
    assert_eq!(p["content"]["achievements"], "Fiona's late addition");
    let here = copy_reports_of(&a, &server, 2025, &["200004"])
        .remove(0)
        .unwrap();
    assert_eq!(here.content.achievements, "Fiona's late addition");
    let there = server.report("200004", 2025).unwrap();
    assert_eq!(there.content.achievements, "first steps");
    assert_eq!(server.revision_texts(&there.id), ["first steps"]);
    // Kept through later syncs, until she chooses.
    sync(&a);
    assert_eq!(pending(&status(&a))[0].3, "Refused");
    let out = resolve(&a, "--take-theirs", number_of(&a, "200004", 2025));
    assert_eq!(pending(&out["status"]), vec![]);
    let here = copy_reports_of(&a, &server, 2025, &["200004"])
        .remove(0)
        .unwrap();
    assert_eq!(here.content.achievements, "first steps");
    assert_eq!(
        here.review_state,
        commitment_tracker::domain::ReviewState::Submitted
    );
}

#[test]
fn a_new_report_written_on_both_copies_is_one_conflict_and_one_report() {
    let server = Server::start(&[("200006", &[FIONA, FELIX])], &[]);
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.sqlite3"), dir.path().join("b.sqlite3"));
    link_with_token(&a, &server, FIONA);
    link_with_token(&b, &server, FELIX);
    let commitment = server.uuid("200006");

    for (year, how) in [(2024, "--keep-mine"), (2026, "--take-theirs")] {
        ok(&set_text(&a, "200006", year, &format!("Fiona's {year}")));
        ok(&set_text(&b, "200006", year, &format!("Felix's {year}")));
        let out = sync(&a);
        assert_eq!(out["pushed"], 1, "{out}");
        let made = server.report("200006", year).unwrap();
        // The report keeps the id made on Fiona's copy.
        let fionas = copy_reports_of(&a, &server, year, &["200006"])
            .remove(0)
            .unwrap();
        assert_eq!(made.id, fionas.id);
        let out = sync(&b);
        assert_eq!(
            (out["pushed"].as_i64(), out["conflicts"].as_i64()),
            (Some(0), Some(1)),
            "{out}"
        );
        let p = &out["status"]["pending"][0];
        assert_eq!(p["state"], "Conflict");
        assert_eq!(
            p["serverContent"]["achievements"],
            format!("Fiona's {year}")
        );
        // Felix's copy now knows the report by the server's id, with his text on it.
        let felixs = copy_reports_of(&b, &server, year, &["200006"])
            .remove(0)
            .unwrap();
        assert_eq!(felixs.id, made.id);
        assert_eq!(felixs.content.achievements, format!("Felix's {year}"));

        resolve(&b, how, number_of(&b, "200006", year as i64));
        sync(&a);
        let want = match how {
            "--keep-mine" => format!("Felix's {year}"),
            _ => format!("Fiona's {year}"),
        };
        let there = server.report("200006", year).unwrap();
        assert_eq!(there.id, made.id);
        assert_eq!(there.content.achievements, want);
        for copy in [&a, &b] {
            let app = open_copy(copy);
            let here = reports::list_for_commitment(app.store(), &commitment).unwrap();
            let of_year: Vec<_> = here.iter().filter(|r| r.year == year).collect();
            assert_eq!(
                of_year.len(),
                1,
                "one report of {year} on {}",
                copy.display()
            );
            let r = copy_report(&app, &commitment, year).unwrap();
            assert_eq!((&r.id, &r.content), (&there.id, &there.content));
            assert!(replica::status(app.store()).unwrap().pending.is_empty());
        }
    }
    let all = reports::list_for_commitment(server.db.app.store(), &commitment).unwrap();
    assert_eq!(all.len(), 2, "no duplicate reports on the server");
}

#[test]
fn linking_a_personal_database_backs_it_up_and_offers_its_reports() {
    let server = Server::start(&[("200002", &[FIONA]), ("200003", &[FIONA])], &["200002"]);
    let dir = tempfile::tempdir().unwrap();
    let personal = dir.path().join("mine.sqlite3");
    // A personal database of the same catalogue, with three reports of its own: one the
    // server holds with the same text (not offered), two that differ.
    let mut seed = ct(&personal);
    seed.args([
        "--keep-backups",
        "0",
        "report",
        "set",
        "--commitment",
        "200002",
    ])
    .args([
        "--year",
        "2025",
        "--status",
        "In progress",
        "--achievements",
        "-",
    ]);
    ok(&with_input(seed, "first steps"));
    ok(&set_text(&personal, "200002", 2024, "my 2024 on 200002"));
    ok(&set_text(&personal, "200003", 2025, "my 2025 on 200003"));
    let before = std::fs::read(&personal).unwrap_or_default();
    assert!(!before.is_empty());

    let out = link_with_token(&personal, &server, FIONA);
    let offered = pending(&out["status"]);
    assert_eq!(offered.len(), 2, "{offered:?}");
    assert!(offered.iter().all(|p| p.3 == "Offered"), "{offered:?}");
    let backups: Vec<PathBuf> = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("before-link"))
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    let backup = open_copy(&backups[0]);
    let kept =
        reports::list_for_commitment(backup.store(), &uuid_of_app(&backup, "200003")).unwrap();
    assert_eq!(kept.len(), 1, "the backup holds the personal reports");
    drop(backup);
    // Offered reports are not sent by a sync.
    assert_eq!(sync(&personal)["pushed"], 0);
    assert!(server.report("200002", 2024).is_none());

    // Upload one, drop the other.
    resolve(
        &personal,
        "--keep-mine",
        number_of(&personal, "200002", 2024),
    );
    resolve(
        &personal,
        "--take-theirs",
        number_of(&personal, "200003", 2025),
    );
    assert_eq!(pending(&status(&personal)), vec![]);
    let up = server.report("200002", 2024).unwrap();
    assert_eq!(up.content.achievements, "my 2024 on 200002");
    assert!(
        server.report("200003", 2025).is_none(),
        "the dropped one was not sent"
    );
    let app = open_copy(&personal);
    assert_eq!(
        copy_report(&app, &server.uuid("200002"), 2024).unwrap().id,
        up.id
    );
    assert!(copy_report(&app, &server.uuid("200003"), 2025).is_none());
}

fn uuid_of_app(app: &App, commitment_id: &str) -> String {
    dispatch(
        app,
        "find_commitment",
        json!({ "commitmentId": commitment_id }),
    )
    .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A stand-in for a team server of a newer protocol on the same address: it answers every
/// request 426 with kind `outdated`, as a real one does.
struct NewerServer {
    stop: Arc<AtomicBool>,
    addr: String,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl NewerServer {
    fn bind(addr: &str) -> NewerServer {
        // The old process's port may take a moment to be free.
        let deadline = Instant::now() + Duration::from_secs(10);
        let listener = loop {
            match TcpListener::bind(addr) {
                Ok(l) => break l,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(e) => panic!("bind {addr}: {e}"),
            }
        };
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    return;
                }
                if let Ok(s) = stream {
                    answer_outdated(s);
                }
            }
        });
        NewerServer {
            stop,
            addr: addr.to_owned(),
            thread: Some(thread),
        }
    }
}

impl Drop for NewerServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(&self.addr);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn answer_outdated(mut s: TcpStream) {
    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
    // Read the head, then the body it announces.
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match s.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let head = String::from_utf8_lossy(&head).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    let _ = s.read_exact(&mut body);
    let answer = json!({
        "kind": "outdated",
        "message": "this app is older than the team server (sync protocol 1; the server speaks 2): please update the app. Your edits not yet sent are kept and will be sent once it is updated",
        "field": null,
    })
    .to_string();
    let _ = write!(
        s,
        "HTTP/1.1 426 Upgrade Required\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}",
        answer.len()
    );
}

#[test]
fn another_protocol_version_is_told_to_update_and_loses_nothing() {
    let mut server = Server::start(&[("200002", &[FIONA])], &["200002"]);
    let token = server.token(FIONA);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_idle_connections(0)
        .build()
        .into();
    let post = |cmd: &str, body: Value| -> (u16, Value) {
        let mut r = agent
            .post(format!("{}/api/{cmd}", server.url))
            .header("authorization", &format!("Bearer {token}"))
            .header("content-type", "application/json")
            .send(body.to_string().as_bytes())
            .unwrap();
        let status = r.status().as_u16();
        (
            status,
            serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap(),
        )
    };
    for (cmd, extra) in [
        ("sync_pull", json!({ "since": 0 })),
        ("sync_push", json!({ "changes": [] })),
    ] {
        for (protocol, says) in [(0, "please update the app"), (2, "ask its administrator")] {
            let mut body = extra.clone();
            body["protocol"] = json!(protocol);
            let (code, answer) = post(cmd, body);
            let shown: String = answer.to_string().chars().take(300).collect();
            assert_eq!(code, 426, "{cmd} protocol {protocol}: {shown}");
            assert_eq!(answer["kind"], "outdated", "{shown}");
            let message = answer["message"].as_str().unwrap();
            assert!(
                message.contains(says),
                "{cmd} protocol {protocol}: {message}"
            );
            assert!(message.contains("sync protocol"), "{message}");
        }
        // The version spoken now is answered.
        let mut body = extra.clone();
        body["protocol"] = json!(1);
        assert_eq!(post(cmd, body).0, 200);
    }

    // A copy whose server now speaks another version keeps its edits and says so.
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.sqlite3");
    link_with_token(&a, &server, FIONA);
    ok(&set_text(&a, "200002", 2025, "written before the upgrade"));
    server.stop();
    let newer = NewerServer::bind(&server.listen);
    let out = on(&a).args(["sync"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("please update the app"),
        "{}",
        stderr(&out)
    );
    let s = status(&a);
    assert_eq!(
        (s["outdated"].as_bool(), s["offline"].as_bool()),
        (Some(true), Some(false))
    );
    assert!(
        s["lastError"].as_str().unwrap().contains("please update"),
        "{s}"
    );
    assert_eq!(pending(&s).len(), 1);
    assert_eq!(pending(&s)[0].4, "written before the upgrade");
    let human = ok(&on(&a).args(["sync", "--status"]).output().unwrap());
    assert!(human.contains("please update the app"), "{human}");
    // Review steps say so too, and change nothing.
    let out = on(&a)
        .args([
            "report",
            "submit",
            "--commitment",
            "200002",
            "--year",
            "2025",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("please update"), "{}", stderr(&out));
    drop(newer);

    // Once both speak the same version again, the edit arrives.
    server.restart();
    let out = sync(&a);
    assert_eq!(out["pushed"], 1, "{out}");
    assert_eq!(out["status"]["outdated"], false);
    assert_eq!(
        server.report("200002", 2025).unwrap().content.achievements,
        "written before the upgrade"
    );
}

/// A small random generator (xorshift), seeded from the clock or `CT_SYNC_KILL_SEED`, so a
/// failing run can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// How many `ct sync` processes the kill test ends by SIGKILL in the middle of their work
/// (`CT_SYNC_KILLS`, default 100).
fn kills_wanted() -> usize {
    std::env::var("CT_SYNC_KILLS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100)
}

/// The copy's edits of the kill test's reports: every text acknowledged (`ct report set`
/// exited 0), in order, after the server's first.
struct Acked {
    texts: HashMap<String, Vec<String>>,
}

/// The invariants after any step: every acknowledged edit is on the server or still pending
/// here; no edit reached the server twice, or out of order; the copy shows its person's latest
/// text. With `settled` (after a sync that finished, nobody writing): nothing pending, and
/// the copy holds exactly what the server holds.
fn check(server: &Server, copy: &Path, ids: &[&str], acked: &Acked, settled: bool, step: usize) {
    let app = open_copy(copy);
    let status = replica::status(app.store()).unwrap();
    for id in ids {
        let commitment = server.uuid(id);
        let texts = &acked.texts[*id];
        let latest = texts.last().unwrap();
        let there = server.report(id, 2025).unwrap();
        let here = copy_report(&app, &commitment, 2025).unwrap();
        assert_eq!(
            &here.content.achievements, latest,
            "step {step}: {id} as shown on the copy"
        );
        let waiting: Vec<_> = status
            .pending
            .iter()
            .filter(|p| p.commitment == commitment && p.year == 2025)
            .collect();
        assert!(
            waiting.len() <= 1,
            "step {step}: one pending edit per report"
        );
        match waiting.first() {
            Some(p) => {
                assert_eq!(&p.content.achievements, latest, "step {step}: {id} pending");
                assert_eq!(
                    p.state,
                    commitment_tracker::domain::sync::PendingState::Pending,
                    "step {step}: {id}: {:?}",
                    p.message
                );
            }
            None => assert_eq!(
                &there.content.achievements, latest,
                "step {step}: {id} is neither pending nor on the server"
            ),
        }
        // The server's revisions: each text once, in the order written, each one that was
        // acknowledged here (a text overwritten before it was sent never reaches it).
        let revs = server.revision_texts(&there.id);
        let distinct: HashSet<&String> = revs.iter().collect();
        assert_eq!(
            distinct.len(),
            revs.len(),
            "step {step}: {id} applied twice: {revs:?}"
        );
        let mut rest = texts.iter();
        for t in &revs {
            assert!(
                rest.any(|a| a == t),
                "step {step}: {id}: revision {t:?} out of order or never acknowledged: {revs:?} / {texts:?}"
            );
        }
        // A killed client's last request may still be at work on the server (its changes
        // are applied one by one): revisions read after the report may be newer than it.
        let at = usize::try_from(there.revision).unwrap();
        assert_eq!(
            revs.get(at - 1),
            Some(&there.content.achievements),
            "step {step}: {id}"
        );
        if settled {
            assert_eq!(at, revs.len(), "step {step}: {id}");
        }
    }
    if settled {
        assert!(
            status.pending.is_empty(),
            "step {step}: {:?}",
            status.pending
        );
        assert_eq!(status.last_error, None, "step {step}");
        // Every report and revision the server holds, as the server holds it.
        let theirs = all_reports(&server.db.app);
        let mine = all_reports(&app);
        assert_eq!(
            mine, theirs,
            "step {step}: the copy differs from the server"
        );
    }
}

/// Every report (id, version, state, achievements, revision count), ordered by id.
fn all_reports(app: &App) -> Vec<(String, i32, String, String, usize)> {
    let list: Value = dispatch(app, "list_commitments", json!({ "includeRetired": true })).unwrap();
    let mut out = Vec::new();
    for c in list.as_array().unwrap() {
        let id = c["id"].as_str().unwrap();
        for r in reports::list_for_commitment(app.store(), id).unwrap() {
            let full = reports::get(app.store(), &r.id).unwrap();
            let revs = reports::revisions(app.store(), &r.id).unwrap().len();
            out.push((
                full.id,
                full.version,
                format!("{:?}", full.review_state),
                full.content.achievements,
                revs,
            ));
        }
    }
    out.sort();
    out
}

#[test]
fn a_sync_killed_at_random_points_with_the_server_restarting_loses_and_doubles_nothing() {
    let ids = ["200010", "200011", "200012", "200013"];
    let assigned: Vec<(&str, &[&str])> = ids.iter().map(|id| (*id, &[FIONA][..])).collect();
    let mut reported: Vec<&str> = ids.to_vec();
    // Reports a colleague edits on the server meanwhile: pulls have work to do.
    reported.extend(["200014", "200015"]);
    let mut server = Server::start(&assigned, &reported);
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("k.sqlite3");
    link_with_token(&copy, &server, FIONA);

    let seed = std::env::var("CT_SYNC_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    eprintln!("kill test seed: CT_SYNC_KILL_SEED={seed}");
    let mut rng = Rng(seed);
    let mut acked = Acked {
        texts: ids
            .iter()
            .map(|id| ((*id).to_owned(), vec!["first steps".to_owned()]))
            .collect(),
    };

    // How long a whole sync with two edits to send takes here: kills land anywhere in it.
    let mut span = Duration::ZERO;
    for round in 0..3 {
        for id in &ids[..2] {
            let text = format!("calibration {round} on {id}");
            ok(&set_text(&copy, id, 2025, &text));
            acked.texts.get_mut(*id).unwrap().push(text);
        }
        let t = Instant::now();
        sync(&copy);
        span = span.max(t.elapsed());
    }
    check(&server, &copy, &ids, &acked, true, 0);
    let span_ms = span.as_millis() as u64 + 20;
    eprintln!("a sync takes up to {span_ms} ms here: kills fall in 0..{span_ms} ms");

    let wanted = kills_wanted();
    let (mut kills, mut finished, mut restarts, mut step) = (0, 0, 0, 0);
    let started = Instant::now();
    while kills < wanted {
        step += 1;
        // New edits on the copy, most of the time one or two.
        for _ in 0..rng.below(3) {
            let id = ids[rng.below(ids.len() as u64) as usize];
            let text = format!("step {step} on {id} ({})", rng.next() % 1000);
            let out = set_text(&copy, id, 2025, &text);
            ok(&out);
            acked.texts.get_mut(id).unwrap().push(text);
        }
        // A colleague's edit on the server, now and then.
        if rng.below(4) == 0 {
            let other = ["200014", "200015"][rng.below(2) as usize];
            server.edit_as(
                "Cora Coordinator",
                other,
                2025,
                &format!("Cora at step {step}"),
            );
        }
        let restart = step % 10 == 5;
        let mut child = on(&copy)
            .args(["sync"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.below(span_ms)));
        if restart {
            // The server goes down under the sync (and the sync then lives on a little).
            server.stop();
            std::thread::sleep(Duration::from_millis(rng.below(span_ms / 2)));
        }
        match child.try_wait().unwrap() {
            Some(_) => finished += 1,
            None => {
                child.kill().unwrap();
                child.wait().unwrap();
                kills += 1;
            }
        }
        if restart {
            server.restart();
            restarts += 1;
        }
        check(&server, &copy, &ids, &acked, false, step);
        if step % 15 == 0 {
            sync(&copy);
            check(&server, &copy, &ids, &acked, true, step);
        }
    }
    sync(&copy);
    check(&server, &copy, &ids, &acked, true, step);
    let edits: usize = acked.texts.values().map(|t| t.len() - 1).sum();
    eprintln!(
        "kill test: {kills} syncs killed, {finished} ended by themselves, {restarts} server restarts, {edits} edits, {step} steps, {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(restarts >= 5);
}

#[test]
fn unlinking_keeps_the_copys_text_and_a_database_server_cannot_be_a_copy() {
    let server = Server::start(&[("200001", &[FIONA])], &[]);
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.db");
    link_with_token(&copy, &server, FIONA);
    let mut srv = server;
    srv.stop();
    let out = set_text(&copy, "200001", 2025, "Written offline, then unlinked.");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(pending(&status(&copy)).len(), 1);

    let out = on(&copy).arg("unlink").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let s = status(&copy);
    assert_eq!((s["linked"].as_bool(), pending(&s).len()), (Some(false), 0));
    // A personal database again: the text stays, and edits are saved as any edit is.
    let out = on(&copy)
        .args(["report", "show", "--commitment", "200001", "--year", "2025"])
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains("Written offline, then unlinked."),
        "{}",
        stdout(&out)
    );
    let out = set_text(&copy, "200001", 2025, "Edited after unlinking.");
    assert!(out.status.success(), "{}", stderr(&out));
    let app = open_copy(&copy);
    // No edit is left waiting for a server the database no longer has.
    let left = app
        .store()
        .read(commitment_tracker::store::replica::pending)
        .unwrap();
    assert!(left.is_empty(), "{left:?}");
    let r = reports::find(app.store(), &uuid_of_app(&app, "200001"), 2025)
        .unwrap()
        .unwrap();
    assert_eq!(reports::revisions(app.store(), &r.id).unwrap().len(), 1);
    drop(app);

    // A PostgreSQL database is a server's, never a copy: refused before anything is asked.
    let db = TestDb::seeded();
    if db.app.store().file().is_none() {
        let err = commitment_tracker::api::dispatch(
            &db.app,
            &Caller::Local,
            "link_server",
            json!({ "server": "http://127.0.0.1:9", "token": "ct_x" }),
        )
        .unwrap_err();
        assert_eq!(
            (err.kind(), err.field()),
            (ErrorKind::BadRequest, Some("db")),
            "{err}"
        );
        assert!(!replica::status(db.app.store()).unwrap().linked);
    }
}
