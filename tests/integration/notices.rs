//! E-mail notices of a team server, sent by the real `ct notices send` (and the server's
//! background thread) to a real SMTP server on loopback (`tests/support/smtp_sink.py`,
//! Debian's python3-aiosmtpd), which writes each message it receives as a file.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{Datelike, Days, Utc};
use commitment_tracker::domain::{
    Actor, OpenCycle, Report, ReportInput, ReviewAction, ReviewState, Role,
};
use commitment_tracker::mail::Mailer;
use commitment_tracker::services::{commitments, cycles, notices, reports};
use commitment_tracker::store::{self, Store};
use commitment_tracker::{App, OpenOptions};
use serde_json::Value;

use crate::support::{ct, stderr, stdout, TestDb};

const FROM: &str = "Commitment Tracker <tracker@example.org>";
const PUBLIC_URL: &str = "https://ct.example.org";

/// The SMTP server process; killed when dropped.
struct Sink {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl Sink {
    fn start(dir: &Path, extra: &[&str]) -> Sink {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/smtp_sink.py");
        // Debian's interpreter, which has python3-aiosmtpd (a python3 earlier on PATH, such as
        // pyenv's, may not).
        let python = if Path::new("/usr/bin/python3").exists() {
            "/usr/bin/python3"
        } else {
            "python3"
        };
        let mut child = Command::new(python)
            .arg(&script)
            .arg(dir)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the SMTP sink (python3)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("read the sink's port");
        let port = line.trim().parse().unwrap_or_else(|_| {
            let _ = child.kill();
            panic!(
                "the SMTP sink did not start (is python3-aiosmtpd installed? scripts/setup-debian.sh installs it): {line:?}"
            )
        });
        Sink {
            child,
            port,
            dir: dir.to_owned(),
        }
    }

    fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, oldest first.
    fn messages(&self) -> Vec<Value> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        names.retain(|p| p.extension().is_some_and(|x| x == "json"));
        names.sort();
        names
            .iter()
            .map(|p| serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap())
            .collect()
    }
}

impl Sink {
    /// Every message as received on the wire.
    fn raw(&self) -> Vec<Vec<u8>> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        names.retain(|p| p.extension().is_some_and(|x| x == "eml"));
        names.sort();
        names.iter().map(|p| std::fs::read(p).unwrap()).collect()
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What `notices send --format json` printed, with its exit status.
struct Run {
    out: Output,
    json: Value,
}

impl Run {
    fn sent(&self) -> Vec<(String, String, String)> {
        self.lines("sent")
    }

    fn failed(&self) -> Vec<(String, String, String)> {
        self.lines("failed")
    }

    fn lines(&self, list: &str) -> Vec<(String, String, String)> {
        self.json[list]
            .as_array()
            .unwrap_or_else(|| panic!("{list} in {}", self.json))
            .iter()
            .map(|n| {
                let s = |k: &str| n[k].as_str().unwrap_or_default().to_owned();
                (s("kind"), s("to"), s("subject"))
            })
            .collect()
    }
}

fn send(db: &Path, smtp_url: &str) -> Run {
    let out = ct(db)
        .args([
            "notices",
            "send",
            "--format",
            "json",
            "--smtp-url",
            smtp_url,
        ])
        .args(["--mail-from", FROM, "--public-url", PUBLIC_URL])
        .env_remove("COMMITMENT_TRACKER_SMTP_URL")
        .output()
        .unwrap();
    let json = serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| {
        panic!(
            "notices send printed no JSON ({e}): {}{}",
            stdout(&out),
            stderr(&out)
        )
    });
    Run { out, json }
}

/// The messages' text with the wire's CRLF made LF.
fn text(m: &Value, part: &str) -> String {
    m[part].as_str().unwrap_or_default().replace("\r\n", "\n")
}

struct Person {
    id: String,
    email: &'static str,
    name: &'static str,
    role: Role,
}

impl Person {
    fn actor(&self) -> Actor {
        Actor::user(&self.id, self.name, self.role)
    }
}

/// Adds an account (as `ct users add` will) and returns it.
fn person(s: &Store, email: &'static str, name: &'static str, role: Role) -> Person {
    let id = store::new_id();
    let now = commitment_tracker::domain::time::now();
    s.write(|tx| {
        store::users::insert(
            tx,
            &store::users::NewRow {
                id: &id,
                email,
                name,
                role,
                password_hash: None,
                oidc: None,
                now: &now,
            },
        )
    })
    .unwrap();
    Person {
        id,
        email,
        name,
        role,
    }
}

fn disable(s: &Store, p: &Person) {
    let now = commitment_tracker::domain::time::now();
    s.write(|tx| store::users::set_disabled(tx, &p.id, true, &now))
        .unwrap();
}

fn commitment(s: &Store, public_id: &str) -> String {
    commitments::find_by_commitment_id(s, None, public_id)
        .unwrap()
        .id
}

fn assign(s: &Store, commitment: &str, p: &Person) {
    let now = commitment_tracker::domain::time::now();
    s.write(|tx| store::assignments::add(tx, commitment, &p.id, &now))
        .unwrap();
}

fn content() -> ReportInput {
    ReportInput {
        status: "In progress".into(),
        achievements: "Formé 120 enquêteurs ; تدريب 120 عداداً.".into(),
        challenges: "Access to two regions was limited.".into(),
        next_steps: "Four more countries.".into(),
        evidence: vec![],
        progress: Some(40),
        tags: vec![],
    }
}

fn write_report(s: &Store, by: &Person, commitment: &str, year: i32) -> Report {
    reports::create(s, &by.actor(), "t", commitment, year, &content()).unwrap()
}

fn review(
    s: &Store,
    by: &Person,
    r: &Report,
    action: ReviewAction,
    comment: Option<&str>,
) -> Report {
    reports::review(s, &by.actor(), &r.id, r.version, action, comment).unwrap()
}

/// The team of the stories: two focal points on IOM 200009 (one with an Arabic name), a
/// disabled one, a coordinator, a disabled coordinator and an admin.
struct Team {
    zoe: Person,
    layla: Person,
    dan: Person,
    carla: Person,
    cora: Person,
    c9: String,
}

fn team(s: &Store) -> Team {
    let zoe = person(s, "zoe@example.org", "Zoé Lefèvre", Role::FocalPoint);
    let layla = person(s, "layla@example.org", "ليلى حداد", Role::FocalPoint);
    let dan = person(s, "dan@example.org", "Dan Disabled", Role::FocalPoint);
    let carla = person(
        s,
        "carla@example.org",
        "Carla Coordinator",
        Role::Coordinator,
    );
    let cora = person(s, "cora@example.org", "Cora Gone", Role::Coordinator);
    person(s, "ada@example.org", "Ada Admin", Role::Admin);
    let c9 = commitment(s, "200009");
    for p in [&zoe, &layla, &dan] {
        assign(s, &c9, p);
    }
    disable(s, &dan);
    disable(s, &cora);
    Team {
        zoe,
        layla,
        dan,
        carla,
        cora,
        c9,
    }
}

#[test]
fn returned_and_submitted_reports_mail_their_people_once_and_history_is_not_mailed() {
    let db = TestDb::seeded();
    let s = db.app.store();
    let t = team(s);
    let sink = Sink::start(&db.dir.path().join("mail"), &[]);
    let year = Utc::now().year() - 1;

    // History from before notices started: never mailed.
    let r = write_report(s, &t.zoe, &t.c9, year);
    let r = review(s, &t.zoe, &r, ReviewAction::Submit, None);
    let r = review(s, &t.carla, &r, ReviewAction::Return, Some("Old comment."));
    let first = send(&db.path(), &sink.url());
    assert!(first.out.status.success(), "{}", stderr(&first.out));
    assert_eq!(first.sent(), vec![], "the first run only starts the clock");
    assert_eq!(sink.messages().len(), 0);

    // A submission: the enabled coordinators hear of it (not the disabled one, and not the
    // admin, since there is a coordinator).
    let r = reports::update(s, &t.zoe.actor(), "t", &r.id, r.version, &content()).unwrap();
    let r = review(s, &t.zoe, &r, ReviewAction::Submit, None);
    let run = send(&db.path(), &sink.url());
    assert!(run.out.status.success(), "{}", stderr(&run.out));
    let subject = format!("Submitted for review: IOM 200009 report {year}");
    assert_eq!(
        run.sent(),
        vec![(
            "submitted".to_owned(),
            t.carla.email.to_owned(),
            subject.clone()
        )]
    );
    let m = sink.messages();
    assert_eq!(m.len(), 1);
    assert_eq!(m[0]["envelopeTo"], serde_json::json!([t.carla.email]));
    assert_eq!(m[0]["subject"], subject.as_str());
    assert_eq!(m[0]["from"], FROM);
    let body = text(&m[0], "text");
    assert!(body.contains("Zoé Lefèvre submitted"), "{body}");
    let link = format!("{PUBLIC_URL}/#/commitments/IOM/200009/reports/{year}");
    assert!(body.contains(&link), "{body}");
    assert!(text(&m[0], "html").contains(&format!("<a href=\"{link}\">")));

    // A return with a comment in French and Arabic: both enabled focal points, not the
    // disabled one, nor the coordinator who returned it.
    let comment = "Merci Zoé : ajoutez les chiffres <2025> & les sources.\nشكراً، أضيفي الأرقام.";
    review(s, &t.carla, &r, ReviewAction::Return, Some(comment));
    let run = send(&db.path(), &sink.url());
    assert!(run.out.status.success(), "{}", stderr(&run.out));
    let subject = format!("Returned for changes: IOM 200009 report {year}");
    let mut sent = run.sent();
    sent.sort();
    assert_eq!(
        sent,
        vec![
            (
                "returned".to_owned(),
                t.layla.email.to_owned(),
                subject.clone()
            ),
            (
                "returned".to_owned(),
                t.zoe.email.to_owned(),
                subject.clone()
            ),
        ]
    );
    let m = sink.messages();
    assert_eq!(m.len(), 3);
    let to_layla = m
        .iter()
        .find(|m| m["envelopeTo"][0] == t.layla.email)
        .expect("Layla's e-mail");
    assert_eq!(
        to_layla["to"],
        format!("{} <{}>", t.layla.name, t.layla.email)
    );
    assert_eq!(to_layla["subject"], subject.as_str());
    let body = text(to_layla, "text");
    assert!(body.starts_with("Hello ليلى حداد,"), "{body}");
    assert!(body.contains("Carla Coordinator returned"), "{body}");
    assert!(
        body.contains(
            "> Merci Zoé : ajoutez les chiffres <2025> & les sources.\n> شكراً، أضيفي الأرقام."
        ),
        "{body}"
    );
    assert!(body.contains(&link));
    let html = text(to_layla, "html");
    assert!(
        html.contains(
            "Merci Zoé : ajoutez les chiffres &lt;2025&gt; &amp; les sources.\nشكراً، أضيفي الأرقام."
        ),
        "{html}"
    );
    for m in &m {
        for nobody in [t.dan.email, t.cora.email, "ada@example.org"] {
            assert_ne!(m["envelopeTo"][0], nobody, "{m}");
        }
    }

    // On the wire, every byte is ASCII (encoded words in headers, quoted-printable or base64
    // bodies): servers without 8BITMIME take them too.
    for raw in sink.raw() {
        assert!(raw.is_ascii(), "{}", String::from_utf8_lossy(&raw));
    }

    // Nothing twice.
    let again = send(&db.path(), &sink.url());
    assert!(again.out.status.success());
    assert_eq!(again.sent(), vec![]);
    assert_eq!(sink.messages().len(), 3);
    let table = ct(&db.path())
        .args([
            "notices",
            "send",
            "--smtp-url",
            &sink.url(),
            "--mail-from",
            FROM,
        ])
        .output()
        .unwrap();
    assert_eq!(stdout(&table), "no notices are due\n");
}

#[test]
fn without_coordinators_the_admins_hear_of_a_submission() {
    let db = TestDb::seeded();
    let s = db.app.store();
    let zoe = person(s, "zoe@example.org", "Zoé Lefèvre", Role::FocalPoint);
    let ada = person(s, "ada@example.org", "Ada Admin", Role::Admin);
    let c9 = commitment(s, "200009");
    assign(s, &c9, &zoe);
    let sink = Sink::start(&db.dir.path().join("mail"), &[]);
    assert!(send(&db.path(), &sink.url()).sent().is_empty());
    let r = write_report(s, &zoe, &c9, Utc::now().year() - 1);
    review(s, &zoe, &r, ReviewAction::Submit, None);
    let run = send(&db.path(), &sink.url());
    assert_eq!(
        run.sent()
            .into_iter()
            .map(|(kind, to, _)| (kind, to))
            .collect::<Vec<_>>(),
        vec![("submitted".to_owned(), ada.email.to_owned())]
    );
}

#[test]
fn deadlines_are_announced_14_and_3_days_before_each_once() {
    let db = TestDb::seeded();
    let s = db.app.store();
    let t = team(s);
    let sink = Sink::start(&db.dir.path().join("mail"), &[]);
    let co = t.carla.actor();
    let today = Utc::now().date_naive();
    let year = today.year() - 1;
    let open = |year: i32, days: u64| {
        let deadline = today.checked_add_days(Days::new(days)).unwrap();
        cycles::open(
            s,
            &co,
            &OpenCycle {
                year,
                deadline: deadline.format("%Y-%m-%d").to_string(),
            },
        )
        .unwrap();
    };
    // Zoé: 200009 has no report, 200010 a draft. Layla: 200009 (no report) and 200011,
    // submitted. A viewer assigned by hand hears nothing.
    let c10 = commitment(s, "200010");
    let c11 = commitment(s, "200011");
    assign(s, &c10, &t.zoe);
    assign(s, &c11, &t.layla);
    write_report(s, &t.zoe, &c10, year);
    let r = write_report(s, &t.layla, &c11, year);
    review(s, &t.layla, &r, ReviewAction::Submit, None);
    let viewer = person(s, "vic@example.org", "Vic Viewer", Role::Viewer);
    assign(s, &c11, &viewer);

    open(year, 20);
    assert_eq!(
        send(&db.path(), &sink.url()).sent(),
        vec![],
        "20 days before"
    );

    open(year, 14);
    let run = send(&db.path(), &sink.url());
    assert!(run.out.status.success(), "{}", stderr(&run.out));
    let mut sent = run.sent();
    sent.sort();
    assert_eq!(
        sent,
        vec![
            (
                "deadline".to_owned(),
                t.layla.email.to_owned(),
                format!("Reports for {year} due in 14 days (1 report to submit)")
            ),
            (
                "deadline".to_owned(),
                t.zoe.email.to_owned(),
                format!("Reports for {year} due in 14 days (2 reports to submit)")
            ),
        ]
    );
    let m = sink.messages();
    let to_zoe = m
        .iter()
        .find(|m| m["envelopeTo"][0] == t.zoe.email)
        .unwrap();
    let body = text(to_zoe, "text");
    assert!(body.contains("- IOM 200009"), "{body}");
    assert!(body.contains("- IOM 200010"), "{body}");
    assert!(body.contains(": not started\n"), "{body}");
    assert!(body.contains(": draft\n"), "{body}");
    assert!(!body.contains("200011"), "{body}");
    assert!(body.contains(&format!(
        "{PUBLIC_URL}/#/commitments/IOM/200010/reports/{year}"
    )));
    assert!(body.contains(&format!("Your work: {PUBLIC_URL}/#/my-work")));
    assert_eq!(send(&db.path(), &sink.url()).sent(), vec![], "once");

    // Layla submits 200009 meanwhile: the 3-day reminder goes to Zoé alone.
    let r = write_report(s, &t.layla, &t.c9, year);
    review(s, &t.layla, &r, ReviewAction::Submit, None);
    open(year, 3);
    let run = send(&db.path(), &sink.url());
    let deadline_notices: Vec<_> = run
        .sent()
        .into_iter()
        .filter(|(kind, _, _)| kind == "deadline")
        .collect();
    assert_eq!(
        deadline_notices,
        vec![(
            "deadline".to_owned(),
            t.zoe.email.to_owned(),
            format!("Reports for {year} due in 3 days (1 report to submit)")
        )]
    );
    assert_eq!(send(&db.path(), &sink.url()).sent(), vec![], "once");

    // A cycle first seen 2 days before its deadline (the server was down): the 3-day
    // reminder, not a stale 14-day one; none once the deadline has passed.
    let c12 = commitment(s, "200012");
    assign(s, &c12, &t.zoe);
    open(year - 1, 2);
    let keys: Vec<String> = send(&db.path(), &sink.url()).json["sent"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["key"].as_str().unwrap().to_owned())
        .collect();
    // Zoé and Layla, each once, with the 3-day reminder.
    assert_eq!(keys.len(), 2, "{keys:?}");
    for key in &keys {
        assert!(
            key.starts_with(&format!("deadline:{}:3:", year - 1)),
            "{keys:?}"
        );
    }
    let before = sink.messages().len();
    let passed = today.checked_sub_days(Days::new(1)).unwrap();
    cycles::open(
        s,
        &co,
        &OpenCycle {
            year: year - 2,
            deadline: passed.format("%Y-%m-%d").to_string(),
        },
    )
    .unwrap();
    assert_eq!(send(&db.path(), &sink.url()).sent(), vec![]);
    assert_eq!(sink.messages().len(), before);
}

#[test]
fn when_the_mail_server_is_down_the_run_fails_and_the_next_one_sends() {
    let db = TestDb::seeded();
    let s = db.app.store();
    let t = team(s);
    let down = Sink::start(&db.dir.path().join("unused"), &[]);
    let url = down.url();
    assert!(send(&db.path(), &url).sent().is_empty());
    drop(down); // nothing listens on its port any more

    let r = write_report(s, &t.zoe, &t.c9, Utc::now().year() - 1);
    let r = review(s, &t.zoe, &r, ReviewAction::Submit, None);
    review(
        s,
        &t.carla,
        &r,
        ReviewAction::Return,
        Some("Add the sources."),
    );
    let run = send(&db.path(), &url);
    assert!(
        !run.out.status.success(),
        "exit status {:?}",
        run.out.status
    );
    assert_eq!(run.sent(), vec![]);
    assert_eq!(run.failed().len(), 2, "{}", run.json);
    let err = stderr(&run.out);
    assert!(
        err.contains("2 of 2 notices could not be sent")
            && err.contains(&format!(
                "the mail server {} cannot be used",
                &url["smtp://".len()..]
            ))
            && err.contains("tried again at the next run"),
        "{err}"
    );
    // Also in a table, and with a dry run: still owed.
    let dry = ct(&db.path())
        .args(["notices", "send", "--dry-run"])
        .output()
        .unwrap();
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert_eq!(stdout(&dry).matches("would send: returned to ").count(), 2);

    let sink = Sink::start(&db.dir.path().join("mail"), &[]);
    let run = send(&db.path(), &sink.url());
    assert!(run.out.status.success(), "{}", stderr(&run.out));
    assert_eq!(run.sent().len(), 2);
    assert_eq!(sink.messages().len(), 2);
    assert_eq!(send(&db.path(), &sink.url()).sent(), vec![]);
}

#[test]
fn an_address_the_server_refuses_does_not_hold_back_the_others() {
    let db = TestDb::seeded();
    let s = db.app.store();
    let t = team(s);
    let sink = Sink::start(
        &db.dir.path().join("mail"),
        &["--reject", "layla@example.org"],
    );
    assert!(send(&db.path(), &sink.url()).sent().is_empty());
    let r = write_report(s, &t.zoe, &t.c9, Utc::now().year() - 1);
    let r = review(s, &t.zoe, &r, ReviewAction::Submit, None);
    review(
        s,
        &t.carla,
        &r,
        ReviewAction::Return,
        Some("Add the sources."),
    );
    let run = send(&db.path(), &sink.url());
    assert!(!run.out.status.success());
    assert_eq!(run.sent().len(), 1);
    assert_eq!(run.sent()[0].1, t.zoe.email);
    assert_eq!(run.failed().len(), 1);
    assert_eq!(run.failed()[0].1, t.layla.email);
    let why = run.json["failed"][0]["error"].as_str().unwrap();
    assert!(
        why.contains("refused the e-mail") && why.contains("550"),
        "{why}"
    );
    // Tried again (and refused again) at the next run; Zoé's is not sent twice.
    let again = send(&db.path(), &sink.url());
    assert_eq!(again.sent(), vec![]);
    assert_eq!(again.failed().len(), 1);
    assert_eq!(sink.messages().len(), 1);
}

#[test]
fn a_mail_server_with_a_password_from_the_environment_which_help_never_shows() {
    let db = TestDb::seeded();
    let s = db.app.store();
    let t = team(s);
    let sink = Sink::start(
        &db.dir.path().join("mail"),
        &["--user", "tracker", "--password", "s3cret@pass"],
    );
    let url = format!("smtp://tracker:s3cret%40pass@127.0.0.1:{}", sink.port);
    let run = |extra: &[&str]| {
        ct(&db.path())
            .args(["notices", "send"])
            .args(extra)
            .env("COMMITMENT_TRACKER_SMTP_URL", &url)
            .env("COMMITMENT_TRACKER_MAIL_FROM", "tracker@example.org")
            .output()
            .unwrap()
    };
    let help = run(&["--help"]);
    assert!(stdout(&help).contains("COMMITMENT_TRACKER_SMTP_URL"));
    assert!(!stdout(&help).contains("s3cret"), "{}", stdout(&help));
    assert!(run(&[]).status.success());
    review(
        s,
        &t.zoe,
        &write_report(s, &t.zoe, &t.c9, Utc::now().year() - 1),
        ReviewAction::Submit,
        None,
    );
    let out = run(&[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!(
            "sent: submitted to carla@example.org: Submitted for review: IOM 200009 report {}\n",
            Utc::now().year() - 1
        )
    );
    assert_eq!(sink.messages().len(), 1);

    // A wrong password: refused, with the server named and the password not shown.
    review(
        s,
        &t.zoe,
        &write_report(s, &t.zoe, &commitment(s, "200010"), Utc::now().year() - 1),
        ReviewAction::Submit,
        None,
    );
    let out = ct(&db.path())
        .args(["notices", "send", "--mail-from", "tracker@example.org"])
        .args([
            "--smtp-url",
            &format!("smtp://tracker:wrong@127.0.0.1:{}", sink.port),
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("cannot be used") && stderr(&out).contains("535"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("wrong"), "{}", stderr(&out));
    // No mail server at all: said so.
    let out = ct(&db.path())
        .args(["notices", "send"])
        .env_remove("COMMITMENT_TRACKER_SMTP_URL")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("no mail server is configured"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_server_s_background_thread_sends_what_is_due() {
    let db = TestDb::seeded();
    let s = db.app.store();
    let t = team(s);
    let sink = Sink::start(&db.dir.path().join("mail"), &[]);
    // Notices started a while ago (as on a server that has been running).
    s.write(|tx| store::server_settings::put(tx, notices::SINCE_KEY, "2020-01-01T00:00:00.000Z"))
        .unwrap();
    let r = write_report(s, &t.zoe, &t.c9, Utc::now().year() - 1);
    let r = review(s, &t.zoe, &r, ReviewAction::Submit, None);
    assert_eq!(r.review_state, ReviewState::Submitted);

    // As `ct serve --team` starts it, on an app of its own (the server's `Arc<App>`).
    let app = Arc::new(
        App::open(
            db.path(),
            OpenOptions {
                seed: false,
                daily_backup: false,
                ..Default::default()
            },
        )
        .unwrap(),
    );
    let mailer = Mailer::new(&sink.url(), FROM).unwrap();
    let options = notices::NoticeOptions {
        public_url: Some(PUBLIC_URL.into()),
    };
    // The first pass runs at once; the next one would be in an hour.
    notices::spawn(app, mailer, options, Duration::from_secs(3600)).unwrap();
    let started = Instant::now();
    while sink.messages().is_empty() && started.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let m = sink.messages();
    assert_eq!(m.len(), 1, "the thread sent nothing within 30 s");
    assert_eq!(m[0]["envelopeTo"][0], t.carla.email);
}
