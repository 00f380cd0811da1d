//! The team server: the real `ct serve --team` process, spoken to over real HTTP (and HTTPS)
//! on loopback by accounts made with the real `ct users add`, on both engines.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use commitment_tracker::api;
use commitment_tracker::domain::{Actor, ReportInput};
use commitment_tracker::http::notice_of;
use commitment_tracker::services::access::RuleKind;
use commitment_tracker::services::assignments::{self, Assignment};
use commitment_tracker::services::reports;
use serde_json::{json, Value};

use crate::support::{ct, dispatch, TestDb};

const PASSWORD: &str = "plum orchard ladder 42";

/// A server process on a seeded database with five accounts: an admin, a coordinator, two
/// focal points (Fiona is assigned `mine`, Felix `theirs`) and a viewer; each commitment has a
/// 2025 report.
struct Team {
    child: Child,
    base: String,
    agent: ureq::Agent,
    db: TestDb,
    mine: String,
    theirs: String,
    /// The report of `theirs`.
    their_report: String,
    _ui: tempfile::TempDir,
}

impl Drop for Team {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A UI build of two files.
fn ui_dir() -> tempfile::TempDir {
    let ui = tempfile::tempdir().unwrap();
    std::fs::write(
        ui.path().join("index.html"),
        "<!doctype html><title>CT</title>",
    )
    .unwrap();
    ui
}

/// Adds an account as an admin would, with the real `ct users add`.
fn add_user(db: &TestDb, email: &str, name: &str, role: &str) {
    let mut child = ct(&db.path())
        .args([
            "users",
            "add",
            email,
            "--name",
            name,
            "--role",
            role,
            "--password-stdin",
        ])
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

/// A new personal access token, from the real `ct users token` (its last line).
fn token(db: &TestDb, email: &str) -> String {
    let out = ct(&db.path())
        .args(["users", "token", email])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .unwrap()
        .trim()
        .to_owned()
}

fn commitment_uuid(db: &TestDb, commitment_id: &str) -> String {
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

fn draft() -> ReportInput {
    ReportInput {
        status: "InProgress".into(),
        achievements: "first steps".into(),
        challenges: String::new(),
        next_steps: String::new(),
        evidence: vec![],
        progress: None,
        tags: vec![],
    }
}

/// Starts `ct serve --team` with `extra` arguments; returns the child and the URL it printed.
fn spawn(db: &Path, ui: &Path, extra: &[&str]) -> (Child, String) {
    let mut child = ct(db)
        .args(["serve", "--team", "--listen", "127.0.0.1:0", "--ui-dir"])
        .arg(ui)
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("Serving a team on ")
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
        .to_owned();
    (child, url)
}

/// A client that opens a connection per request: the server closes a connection whose
/// request body it refused unread (a 401 before the body), and a pooled one could be that.
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_idle_connections(0)
        .build()
        .into()
}

fn start() -> Team {
    let db = TestDb::seeded();
    add_user(&db, "admin@example.org", "Ada Admin", "admin");
    add_user(&db, "coord@example.org", "Cora Coordinator", "coordinator");
    add_user(&db, "fiona@example.org", "Fiona Focal", "focal-point");
    add_user(&db, "felix@example.org", "Felix Focal", "focal-point");
    add_user(&db, "viewer@example.org", "Vic Viewer", "viewer");
    let mine = commitment_uuid(&db, "200009");
    let theirs = commitment_uuid(&db, "200001");
    let store = db.app.store();
    let setup = Actor::new("setup");
    for (commitment, user) in [(&mine, "fiona@example.org"), (&theirs, "felix@example.org")] {
        assignments::assign(
            store,
            &setup,
            &Assignment {
                commitment: commitment.clone(),
                user: user.to_owned(),
            },
        )
        .unwrap();
    }
    reports::create(store, &setup, "setup", &mine, 2025, &draft()).unwrap();
    let their_report = reports::create(store, &setup, "setup", &theirs, 2025, &draft())
        .unwrap()
        .id;
    let ui = ui_dir();
    let (child, base) = spawn(&db.path(), ui.path(), &[]);
    Team {
        child,
        base,
        agent: agent(),
        db,
        mine,
        theirs,
        their_report,
        _ui: ui,
    }
}

/// How a request proves who it is.
#[derive(Clone, Copy)]
enum Auth<'a> {
    Nobody,
    /// The session cookie, with the anti-CSRF header.
    Cookie(&'a str),
    /// The session cookie without the anti-CSRF header.
    CookieNoCsrf(&'a str),
    Bearer(&'a str),
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The session cookie's value set by this answer (`ct_session` on plain HTTP).
    fn session(&self) -> Option<String> {
        let set = self.header("set-cookie")?;
        let (name_value, _) = set.split_once(';').unwrap_or((set, ""));
        let (name, value) = name_value.split_once('=')?;
        assert!(name.ends_with("ct_session"), "{set}");
        Some(value.to_owned()).filter(|v| !v.is_empty())
    }
}

impl Team {
    fn send(&self, method: &str, path: &str, auth: Auth<'_>, body: &str) -> Reply {
        send(
            &self.agent,
            &self.base,
            "ct_session",
            method,
            path,
            auth,
            body,
        )
    }

    fn api(&self, cmd: &str, auth: Auth<'_>, args: Value) -> Reply {
        self.send("POST", &format!("/api/{cmd}"), auth, &args.to_string())
    }

    /// Signs in; the session cookie's value.
    fn sign_in(&self, email: &str) -> String {
        let r = self.send(
            "POST",
            "/auth/sign-in",
            Auth::Nobody,
            &json!({"email": email, "password": PASSWORD}).to_string(),
        );
        assert_eq!(r.status, 200, "{}", r.body);
        r.session().expect("a session cookie")
    }

    /// What a refused command must leave as it was: the audit log, the catalogue, the
    /// reports of both commitments, the cycles, the assignments and the settings.
    fn snapshot(&self) -> Value {
        let app = &self.db.app;
        let mut out = vec![];
        for (cmd, args) in [
            ("audit_log", json!({"commitment": self.mine})),
            ("audit_log", json!({"commitment": self.theirs})),
            ("list_commitments", json!({"includeRetired": true})),
            ("list_users", json!({})),
            ("list_reports", json!({"commitment": self.mine})),
            ("list_reports", json!({"commitment": self.theirs})),
            ("list_cycles", json!({})),
            ("list_assignees", json!({"commitment": self.mine})),
            ("server_settings", json!({})),
            ("catalogue", json!({})),
        ] {
            out.push(dispatch(app, cmd, args).unwrap());
        }
        Value::Array(out)
    }
}

fn send(
    agent: &ureq::Agent,
    base: &str,
    cookie_name: &str,
    method: &str,
    path: &str,
    auth: Auth<'_>,
    body: &str,
) -> Reply {
    let mut req = ureq::http::Request::builder()
        .method(method)
        .uri(format!("{base}{path}"))
        .header("content-type", "application/json");
    match auth {
        Auth::Nobody => req = req.header("x-ct-csrf", "1"),
        Auth::Cookie(c) => {
            req = req
                .header("cookie", format!("{cookie_name}={c}"))
                .header("x-ct-csrf", "1")
        }
        Auth::CookieNoCsrf(c) => req = req.header("cookie", format!("{cookie_name}={c}")),
        Auth::Bearer(t) => req = req.header("authorization", format!("Bearer {t}")),
    }
    let mut resp = agent.run(req.body(body.to_owned()).unwrap()).unwrap();
    let headers = resp
        .headers()
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or_default().to_owned()))
        .collect();
    Reply {
        status: resp.status().as_u16(),
        headers,
        body: resp.body_mut().read_to_string().unwrap_or_default(),
    }
}

fn assert_refused(r: &Reply, status: u16, kind: &str) {
    assert_eq!(r.status, status, "{}", r.body);
    assert_eq!(r.json()["kind"], kind, "{}", r.body);
}

#[test]
fn without_credentials_every_route_but_sign_in_and_the_ui_answers_401() {
    let t = start();
    for cmd in api::COMMANDS {
        let r = t.api(cmd, Auth::Nobody, json!({}));
        assert_refused(&r, 401, "unauthorized");
    }
    for (method, path) in [
        ("GET", "/api/list_commitments"),
        ("POST", "/upload?name=a.csv"),
        ("GET", "/download/0123456789abcdef0123456789abcdef"),
        ("GET", "/events"),
        ("GET", "/auth/session"),
        ("POST", "/auth/sign-out"),
        ("POST", "/auth/sign-out-everywhere"),
    ] {
        let r = t.send(method, path, Auth::Nobody, "");
        assert_refused(&r, 401, "unauthorized");
    }
    // A made-up cookie or token is no better than none.
    let r = t.api("whoami", Auth::Cookie("made-up"), json!({}));
    assert_refused(&r, 401, "unauthorized");
    let r = t.api("whoami", Auth::Bearer("ct_made-up"), json!({}));
    assert_refused(&r, 401, "unauthorized");
    // The page itself is open (it shows the sign-in form).
    let r = t.send("GET", "/", Auth::Nobody, "");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("<title>CT</title>"));
}

#[test]
fn a_role_that_may_not_is_refused_with_forbidden_and_nothing_is_written() {
    let t = start();
    let viewer = t.sign_in("viewer@example.org");
    let fiona = t.sign_in("fiona@example.org");
    let before = t.snapshot();
    let new = json!({"organisation": null, "commitmentId": "299999", "type": "Policy",
        "description": "d", "categories": [{"code": "2"}]});
    for (who, cmd, args) in [
        (&viewer, "create_commitment", new.clone()),
        (&fiona, "create_commitment", new.clone()),
        (
            &viewer,
            "create_report",
            json!({"commitment": t.mine, "year": 2026,
            "input": {"status": "InProgress"}}),
        ),
        (
            &fiona,
            "open_cycle",
            json!({"year": 2026, "deadline": "2027-03-31"}),
        ),
        (
            &fiona,
            "assign_commitment",
            json!({"commitment": t.theirs, "user": "fiona@example.org"}),
        ),
        (
            &fiona,
            "set_server_settings",
            json!({"separationOfDuties": false, "ssoSignUp": false}),
        ),
        (&viewer, "list_users", json!({})),
        // Only the server's own command line restores a backup or sets a self-declared name.
        (&fiona, "restore_backup", json!({"path": "/etc/passwd"})),
        (
            &fiona,
            "set_identity",
            json!({"name": "The Boss", "role": "Coordinator"}),
        ),
    ] {
        let r = t.api(cmd, Auth::Cookie(who), args);
        assert_refused(&r, 403, "forbidden");
    }
    // A focal point reaching another's report by its id.
    let report = t.api(
        "get_report",
        Auth::Cookie(&fiona),
        json!({"id": t.their_report}),
    );
    assert_eq!(report.status, 200, "reading is allowed: {}", report.body);
    let version = report.json()["version"].clone();
    let r = t.api(
        "update_report",
        Auth::Cookie(&fiona),
        json!({"id": t.their_report, "expectedVersion": version,
            "input": {"status": "Completed", "achievements": "not mine to write"}}),
    );
    assert_refused(&r, 403, "forbidden");
    let r = t.api(
        "submit_report",
        Auth::Cookie(&fiona),
        json!({"id": t.their_report, "expectedVersion": version}),
    );
    assert_refused(&r, 403, "forbidden");
    assert_eq!(t.snapshot(), before, "a refused call wrote something");

    // The same account may write its own commitment's report, recorded under its name.
    let r = t.api(
        "create_report",
        Auth::Cookie(&fiona),
        json!({"commitment": t.mine, "year": 2026, "input": {"status": "InProgress"}}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let history = dispatch(&t.db.app, "audit_log", json!({"commitment": t.mine})).unwrap();
    assert!(history.to_string().contains("Fiona Focal"), "{history}");
}

#[test]
fn a_cookie_request_that_changes_something_needs_the_csrf_header() {
    let t = start();
    // Signing in too (login CSRF).
    let r = t.send(
        "POST",
        "/auth/sign-in",
        Auth::CookieNoCsrf(""),
        &json!({"email": "coord@example.org", "password": PASSWORD}).to_string(),
    );
    assert_refused(&r, 403, "forbidden");
    assert!(r.session().is_none());
    let coord = t.sign_in("coord@example.org");
    let before = t.snapshot();
    let args = json!({"year": 2026, "deadline": "2027-03-31"});
    let r = t.api("open_cycle", Auth::CookieNoCsrf(&coord), args.clone());
    assert_refused(&r, 403, "forbidden");
    assert!(r.body.contains("x-ct-csrf"), "{}", r.body);
    let r = t.send("POST", "/auth/sign-out", Auth::CookieNoCsrf(&coord), "");
    assert_refused(&r, 403, "forbidden");
    let r = t.send(
        "POST",
        "/upload?name=a.csv",
        Auth::CookieNoCsrf(&coord),
        "x",
    );
    assert_refused(&r, 403, "forbidden");
    assert_eq!(t.snapshot(), before);
    // Reading needs no header; a bearer token (no ambient credential) needs none either.
    let r = t.send("GET", "/auth/session", Auth::CookieNoCsrf(&coord), "");
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["email"], "coord@example.org");
    let token = token(&t.db, "coord@example.org");
    let r = t.api("open_cycle", Auth::Bearer(&token), args);
    assert_eq!(r.status, 200, "{}", r.body);
    let r = t.api("whoami", Auth::Bearer(&token), json!({}));
    assert_eq!(r.json()["email"], "coord@example.org");
}

#[test]
fn each_sign_in_starts_a_new_session_and_signing_out_ends_it() {
    let t = start();
    // Session fixation: a value planted before signing in is not the one after.
    let planted = "planted-by-someone-else";
    let r = t.send(
        "POST",
        "/auth/sign-in",
        Auth::Cookie(planted),
        &json!({"email": "fiona@example.org", "password": PASSWORD}).to_string(),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let first = r.session().unwrap();
    assert_ne!(first, planted);
    let set = r.header("set-cookie").unwrap();
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(set.contains(attribute), "{set}");
    }
    // Plain HTTP: neither Secure nor the __Host- prefix (the browser would drop such a cookie).
    assert!(
        !set.contains("Secure") && set.starts_with("ct_session="),
        "{set}"
    );
    assert_eq!(r.json()["email"], "fiona@example.org");
    let second = t.sign_in("fiona@example.org");
    assert_ne!(first, second);
    let third = t.sign_in("fiona@example.org");

    let r = t.send("POST", "/auth/sign-out", Auth::Cookie(&first), "");
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.header("set-cookie").unwrap().contains("Max-Age=0"));
    let r = t.api("whoami", Auth::Cookie(&first), json!({}));
    assert_refused(&r, 401, "unauthorized");
    let r = t.api("whoami", Auth::Cookie(&second), json!({}));
    assert_eq!(r.status, 200, "another session goes on: {}", r.body);

    let r = t.send(
        "POST",
        "/auth/sign-out-everywhere",
        Auth::Cookie(&second),
        "",
    );
    assert_eq!(r.status, 200, "{}", r.body);
    for gone in [&second, &third] {
        let r = t.api("whoami", Auth::Cookie(gone), json!({}));
        assert_refused(&r, 401, "unauthorized");
    }
    let r = t.send("GET", "/events", Auth::Cookie(&third), "");
    assert_refused(&r, 401, "unauthorized");
}

#[test]
fn repeated_wrong_passwords_are_throttled() {
    let t = start();
    let wrong = json!({"email": "viewer@example.org", "password": "not the password at all"});
    let mut statuses = vec![];
    for _ in 0..8 {
        let r = t.send("POST", "/auth/sign-in", Auth::Nobody, &wrong.to_string());
        assert!(r.session().is_none());
        statuses.push(r.status);
        if r.status == 429 {
            assert_eq!(r.json()["kind"], "throttled");
            let wait: u64 = r.header("retry-after").unwrap().parse().unwrap();
            assert!(wait > 0);
        }
    }
    assert_eq!(statuses[0], 401, "{statuses:?}");
    assert_eq!(statuses.last(), Some(&429), "{statuses:?}");
    // Even the right password waits now.
    let right = json!({"email": "viewer@example.org", "password": PASSWORD});
    let r = t.send("POST", "/auth/sign-in", Auth::Nobody, &right.to_string());
    assert_refused(&r, 429, "throttled");
}

#[test]
fn no_answer_carries_a_password_hash_or_a_token() {
    let t = start();
    let admin = t.sign_in("admin@example.org");
    let token = token(&t.db, "admin@example.org");
    let mut bodies = vec![];
    for (cmd, args) in [
        ("whoami", json!({})),
        ("list_users", json!({})),
        ("list_assignees", json!({"commitment": t.mine})),
        ("get_identity", json!({})),
        ("audit_log", json!({"commitment": t.mine})),
    ] {
        let r = t.api(cmd, Auth::Cookie(&admin), args);
        assert_eq!(r.status, 200, "{cmd}: {}", r.body);
        bodies.push(r.body);
    }
    let r = t.send("GET", "/auth/session", Auth::Bearer(&token), "");
    bodies.push(r.body);
    // The whole database as a bundle, through a download.
    let r = t.api(
        "export_file",
        Auth::Cookie(&admin),
        json!({"jobId": "b1", "format": "Json"}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let id = r.json()["downloadId"].as_str().unwrap().to_owned();
    let r = t.send("GET", &format!("/download/{id}"), Auth::Cookie(&admin), "");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("200009"));
    bodies.push(r.body);
    for body in bodies {
        assert!(!body.contains("$argon2"), "a password hash: {body}");
        assert!(!body.contains(&token), "a token: {body}");
        assert!(!body.contains(&admin), "a session: {body}");
    }
}

#[test]
fn exports_are_downloaded_once_and_only_by_their_account() {
    let t = start();
    let viewer = t.sign_in("viewer@example.org");
    let coord = t.sign_in("coord@example.org");
    let r = t.api(
        "export_file",
        Auth::Cookie(&viewer),
        json!({"jobId": "e1", "format": "Csv"}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let id = r.json()["downloadId"].as_str().unwrap().to_owned();
    let path = format!("/download/{id}");
    let r = t.send("GET", &path, Auth::Cookie(&coord), "");
    assert_refused(&r, 404, "not_found");
    let r = t.send("GET", &path, Auth::Cookie(&viewer), "");
    assert_eq!(r.status, 200);
    assert!(r.header("content-disposition").unwrap().contains(".csv"));
    assert!(r.body.contains("200009"), "{}", r.body);
    let r = t.send("GET", &path, Auth::Cookie(&viewer), "");
    assert_refused(&r, 404, "not_found");
}

#[test]
fn no_client_names_a_path_on_the_server_and_files_come_as_uploads() {
    let t = start();
    let coord = t.sign_in("coord@example.org");
    let viewer = t.sign_in("viewer@example.org");
    let before = t.snapshot();
    let csv = "Commitment ID,Type,Core responsibilities,Description\n300001,Policy,2,Text\n";
    let on_disk = t.db.dir.path().join("c.csv");
    std::fs::write(&on_disk, csv).unwrap();
    let by_path = json!({"source": {"name": "c.csv", "path": on_disk}, "apply": true});
    let r = t.api("import_catalogue", Auth::Cookie(&coord), by_path.clone());
    assert_refused(&r, 403, "forbidden");
    assert!(r.body.contains("upload"), "{}", r.body);
    let r = t.api(
        "propose_mapping",
        Auth::Cookie(&viewer),
        json!({"source": {"name": "c.csv", "path": on_disk}, "kind": "Catalogue"}),
    );
    assert_refused(&r, 403, "forbidden");
    let written = t.db.dir.path().join("out.csv");
    let r = t.api(
        "export_file",
        Auth::Cookie(&viewer),
        json!({"jobId": "p", "format": "Csv", "path": written}),
    );
    assert_refused(&r, 403, "forbidden");
    assert!(!written.exists());
    assert_eq!(t.snapshot(), before);

    // The same file, uploaded, then previewed and applied by its id.
    let r = t.send("POST", "/upload?name=c.csv", Auth::Cookie(&coord), csv);
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["name"], "c.csv");
    assert_eq!(r.json()["bytes"], csv.len());
    let id = r.json()["uploadId"].as_str().unwrap().to_owned();
    let source = json!({"name": "c.csv", "uploadId": id});
    // Another account cannot use it.
    let r = t.api(
        "propose_mapping",
        Auth::Cookie(&viewer),
        json!({"source": source, "kind": "Catalogue"}),
    );
    assert_refused(&r, 404, "not_found");
    let r = t.api(
        "import_catalogue",
        Auth::Cookie(&coord),
        json!({"source": source}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["added"], 1);
    let r = t.api(
        "import_catalogue",
        Auth::Cookie(&coord),
        json!({"source": source, "apply": true}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(dispatch(
        &t.db.app,
        "find_commitment",
        json!({"commitmentId": "300001"})
    )
    .is_ok());
}

#[test]
fn a_colleagues_save_arrives_as_a_change_notice() {
    let t = start();
    let fiona = t.sign_in("fiona@example.org");
    let coord = t.sign_in("coord@example.org");
    let req = ureq::http::Request::builder()
        .uri(format!("{}/events", t.base))
        .header("cookie", format!("ct_session={fiona}"))
        .body(())
        .unwrap();
    let resp = t.agent.run(req).unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert!(resp.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let reader = BufReader::new(resp.into_body().into_reader());
        for line in reader.lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    // A read changes nothing and tells nobody; a save does.
    let r = t.api("list_commitments", Auth::Cookie(&coord), json!({}));
    assert_eq!(r.status, 200);
    let c = t
        .api(
            "get_commitment",
            Auth::Cookie(&coord),
            json!({"id": t.mine}),
        )
        .json();
    let mut input = json!({"organisation": null, "commitmentId": "200009", "type": c["type"],
        "description": "edited by the coordinator", "categories": c["categories"]});
    input["title"] = c["title"].clone();
    let r = t.api(
        "update_commitment",
        Auth::Cookie(&coord),
        json!({"id": t.mine, "expectedVersion": c["version"], "input": input}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let mut lines = vec![];
    let data = loop {
        let line = rx
            .recv_timeout(Duration::from_secs(10))
            .unwrap_or_else(|_| panic!("no notice arrived; the stream said {lines:?}"));
        if let Some(data) = line.strip_prefix("data:") {
            break data.trim().to_owned();
        }
        lines.push(line);
    };
    assert!(lines.iter().any(|l| l == "event: change"), "{lines:?}");
    let notice: Value = serde_json::from_str(&data).unwrap();
    assert_eq!(
        notice,
        json!({"command": "update_commitment", "entity": "commitment", "id": t.mine})
    );
}

#[test]
fn every_command_that_may_change_something_says_what_it_changes() {
    for cmd in api::COMMANDS {
        if api::rule_kind(cmd) != Some(RuleKind::Read) {
            assert!(
                notice_of(cmd).is_some(),
                "{cmd}: add it to http::events::notice_of"
            );
        }
    }
}

#[test]
fn security_headers_body_limits_and_foreign_hosts() {
    let t = start();
    let r = t.send("GET", "/", Auth::Nobody, "");
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("x-frame-options", "DENY"),
        ("cache-control", "no-store"),
    ] {
        assert_eq!(r.header(name), Some(value), "{name}");
    }
    assert!(r
        .header("content-security-policy")
        .unwrap()
        .contains("frame-ancestors 'none'"));
    assert_eq!(r.header("strict-transport-security"), None, "plain HTTP");
    let coord = t.sign_in("coord@example.org");
    let r = t.api("whoami", Auth::Cookie(&coord), json!({}));
    assert_eq!(r.header("cache-control"), Some("no-store"));
    // 8 MB of JSON is the most a command takes (files come through /upload): refused before
    // it is all read, so the body is written beside reading the answer.
    let addr = t.base.strip_prefix("http://").unwrap().to_owned();
    let mut stream = std::net::TcpStream::connect(&addr).unwrap();
    let size = 9 * 1024 * 1024;
    let head = format!(
        "POST /api/list_commitments HTTP/1.1\r\nHost: {addr}\r\nCookie: ct_session={coord}\r\n\
         x-ct-csrf: 1\r\nContent-Type: application/json\r\nContent-Length: {size}\r\n\r\n"
    );
    let mut writer = stream.try_clone().unwrap();
    let sender = std::thread::spawn(move || {
        use std::io::Write;
        let _ = writer.write_all(head.as_bytes());
        let _ = writer.write_all(&vec![b' '; size]);
    });
    let mut status_line = String::new();
    BufReader::new(&mut stream)
        .read_line(&mut status_line)
        .unwrap();
    assert!(status_line.contains(" 413 "), "{status_line}");
    drop(stream);
    let _ = sender.join();
    // DNS rebinding: our address under another name is refused.
    let port = t.base.rsplit(':').next().unwrap();
    let req = ureq::http::Request::builder()
        .uri(format!("{}/", t.base))
        .header("host", format!("evil.example:{port}"))
        .body(())
        .unwrap();
    let resp = t.agent.run(req).unwrap();
    assert_eq!(resp.status().as_u16(), 403);
}

#[test]
fn tls_is_served_with_a_given_certificate() {
    let db = TestDb::seeded();
    add_user(&db, "admin@example.org", "Ada Admin", "admin");
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (cert_file, key_file) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert_file, cert.cert.pem()).unwrap();
    std::fs::write(&key_file, cert.signing_key.serialize_pem()).unwrap();
    let ui = ui_dir();
    let (child, url) = spawn(
        &db.path(),
        ui.path(),
        &[
            "--tls-cert",
            cert_file.to_str().unwrap(),
            "--tls-key",
            key_file.to_str().unwrap(),
        ],
    );
    let _server = Killed(child);
    let port = url
        .strip_prefix("https://127.0.0.1:")
        .unwrap_or_else(|| panic!("{url}"));
    let base = format!("https://localhost:{port}");
    let roots = ureq::tls::RootCerts::Specific(std::sync::Arc::new(vec![
        ureq::tls::Certificate::from_der(cert.cert.der()).to_owned(),
    ]));
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_idle_connections(0)
        .tls_config(ureq::tls::TlsConfig::builder().root_certs(roots).build())
        .build()
        .into();
    let r = send(
        &agent,
        &base,
        "__Host-ct_session",
        "POST",
        "/auth/sign-in",
        Auth::Nobody,
        &json!({"email": "admin@example.org", "password": PASSWORD}).to_string(),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let set = r.header("set-cookie").unwrap().to_owned();
    assert!(set.starts_with("__Host-ct_session="), "{set}");
    assert!(set.contains("Secure") && set.contains("Path=/"), "{set}");
    assert!(r
        .header("strict-transport-security")
        .unwrap()
        .contains("max-age="));
    let session = set
        .split_once('=')
        .and_then(|(_, rest)| rest.split(';').next())
        .unwrap()
        .to_owned();
    let r = send(
        &agent,
        &base,
        "__Host-ct_session",
        "POST",
        "/api/whoami",
        Auth::Cookie(&session),
        "{}",
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["email"], "admin@example.org");
    // The cookie's plain-HTTP name means nothing on an HTTPS server.
    let r = send(
        &agent,
        &base,
        "ct_session",
        "POST",
        "/api/whoami",
        Auth::Cookie(&session),
        "{}",
    );
    assert_refused(&r, 401, "unauthorized");
}

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_server_for_the_network_must_know_its_public_name() {
    let dir = tempfile::tempdir().unwrap();
    let out = ct(&crate::support::fresh_db(dir.path(), "ct"))
        .args(["serve", "--team", "--listen", "0.0.0.0:0"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--public-url"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = ct(&crate::support::fresh_db(dir.path(), "ct2"))
        .args(["serve", "--team", "--listen", "127.0.0.1:0"])
        .args([
            "--public-url",
            "http://x.example",
            "--tls-cert",
            "c",
            "--tls-key",
            "k",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("https://"));
}
