//! Browser mode: the real `ct serve` process, spoken to over real HTTP.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};

use crate::support::ct;

struct Server {
    child: Child,
    addr: String,
    token: String,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let ui = dir.path().join("ui");
    std::fs::create_dir_all(ui.join("assets")).unwrap();
    std::fs::write(ui.join("index.html"), "<!doctype html><title>CT</title>").unwrap();
    std::fs::write(ui.join("assets/app.js"), "console.log(1)").unwrap();
    std::fs::write(dir.path().join("secret.txt"), "not for the web").unwrap();
    let mut child = ct(&crate::support::fresh_db(dir.path(), "ct"))
        .args(["serve", "--port", "0", "--ui-dir"])
        .arg(&ui)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("Serving on http://")
        .expect(&line)
        .to_owned();
    let (addr, token) = url.split_once("/?token=").unwrap();
    Server {
        child,
        addr: addr.to_owned(),
        token: token.to_owned(),
        _dir: dir,
    }
}

struct Reply {
    status: u16,
    headers: String,
    body: String,
}

impl Reply {
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// One raw HTTP/1.1 exchange, so the Host header is exactly what the test says.
fn request(
    s: &Server,
    method: &str,
    path: &str,
    host: &str,
    token: Option<&str>,
    body: &str,
) -> Reply {
    let mut stream = TcpStream::connect(&s.addr).unwrap();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
        body.len()
    );
    if let Some(t) = token {
        req.push_str(&format!("x-ct-token: {t}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    stream.write_all(req.as_bytes()).unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    Reply {
        status,
        headers: head.to_ascii_lowercase(),
        body: body.to_owned(),
    }
}

fn api(s: &Server, cmd: &str, body: &str) -> Reply {
    request(
        s,
        "POST",
        &format!("/api/{cmd}"),
        &s.addr,
        Some(&s.token),
        body,
    )
}

#[test]
fn the_command_table_answers_over_http() {
    let s = start();
    let r = api(
        &s,
        "list_commitments",
        r#"{"framework":"WHS","category":"4B"}"#,
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let ids: Vec<String> = r
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["commitmentId"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, ["200003", "200012"]);

    // The catalogue page asks a page at a time; a bad page is refused naming its field.
    let r = api(
        &s,
        "list_commitments_page",
        r#"{"filter":{"framework":"WHS","category":"4B"},"offset":1,"limit":1}"#,
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["total"], 2);
    assert_eq!(r.json()["offset"], 1);
    assert_eq!(r.json()["rows"][0]["commitmentId"], "200012");
    // A filter field this version does not know (an older page's) is refused, not ignored.
    let r = api(&s, "list_commitments", r#"{"transformation":"4B"}"#);
    assert_eq!(r.status, 400, "{}", r.body);
    let r = api(&s, "list_commitments_page", r#"{"offset":-1}"#);
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(r.json()["kind"], "bad_request");
    assert_eq!(r.json()["field"], "offset", "{}", r.body);
    let r = api(
        &s,
        "list_commitments_page",
        r#"{"filter":{"type":"Poetry"},"offset":0}"#,
    );
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(r.json()["field"], "type", "{}", r.body);
    assert!(
        r.json()["message"]
            .as_str()
            .unwrap()
            .contains("filter.type"),
        "{}",
        r.body
    );

    // The UI's "first list painted" signal (timed by the window's cold-start probe).
    let r = api(&s, "ui_ready", "{}");
    assert_eq!((r.status, r.json()), (200, serde_json::json!(true)));
    // With the moments the page noted on its way (the probe prints them).
    let r = api(
        &s,
        "ui_ready",
        r#"{"marks":[{"name":"list asked","atMs":412.5},{"name":"painted","atMs":640}]}"#,
    );
    assert_eq!((r.status, r.json()), (200, serde_json::json!(true)));
    let r = api(&s, "ui_ready", r#"{"marks":[{"name":"painted"}]}"#);
    assert_eq!(r.status, 400, "a mark without its time is refused");

    let r = api(&s, "catalogue", "");
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["frameworks"][0]["code"], "WHS");
    assert_eq!(
        r.json()["frameworks"][0]["categories"]
            .as_array()
            .unwrap()
            .len(),
        29
    );

    let r = api(
        &s,
        "create_commitment",
        r#"{"organisation":null,"commitmentId":"200001","type":"Policy","description":"d","categories":[{"code":"2"}]}"#,
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["kind"], "duplicate");
    assert_eq!(r.json()["field"], "commitmentId");

    let r = api(&s, "create_commitment", r#"{"type":"Policy"}"#);
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["kind"], "bad_request");
    assert_eq!(r.json()["field"], "commitmentId");

    let r = api(&s, "get_commitment", r#"{"id":"nope"}"#);
    assert_eq!(r.status, 404);
    let r = api(&s, "drop_database", "{}");
    assert_eq!(r.status, 400);
    assert!(r.json()["message"]
        .as_str()
        .unwrap()
        .contains("unknown command"));
}

#[test]
fn an_edit_from_a_stale_page_gets_409() {
    let s = start();
    let list = api(&s, "list_commitments", r#"{"search":"200009"}"#).json();
    let id = list[0]["id"].as_str().unwrap().to_owned();
    let c = api(&s, "get_commitment", &format!(r#"{{"id":"{id}"}}"#)).json();
    let mut input = serde_json::json!({
        "organisation": null, "commitmentId": "200009", "type": c["type"],
        "description": "edited once", "categories": c["categories"],
    });
    let body = serde_json::json!({"id": id, "expectedVersion": c["version"], "input": input});
    assert_eq!(api(&s, "update_commitment", &body.to_string()).status, 200);
    input["description"] = "edited from a stale page".into();
    let body = serde_json::json!({"id": id, "expectedVersion": c["version"], "input": input});
    let r = api(&s, "update_commitment", &body.to_string());
    assert_eq!(r.status, 409);
    assert_eq!(r.json()["kind"], "conflict");
}

#[test]
fn calls_without_the_token_or_from_a_foreign_host_are_refused() {
    let s = start();
    let r = request(&s, "POST", "/api/list_commitments", &s.addr, None, "{}");
    assert_eq!(r.status, 403);
    assert_eq!(r.json()["kind"], "forbidden");
    let r = request(
        &s,
        "POST",
        "/api/list_commitments",
        &s.addr,
        Some("guess"),
        "{}",
    );
    assert_eq!(r.status, 403);
    // DNS rebinding: the right token is useless from a page on another name.
    let r = request(
        &s,
        "POST",
        "/api/list_commitments",
        "evil.example:80",
        Some(&s.token),
        "{}",
    );
    assert_eq!(r.status, 403);
    let r = request(&s, "GET", "/", "evil.example", None, "");
    assert_eq!(r.status, 403);
    // localhost with the same port is the same server.
    let port = s.addr.rsplit(':').next().unwrap();
    let r = request(
        &s,
        "POST",
        "/api/app_info",
        &format!("localhost:{port}"),
        Some(&s.token),
        "{}",
    );
    assert_eq!(r.status, 200, "{}", r.body);
    // GET on the API is not a way around the token check.
    let r = request(
        &s,
        "GET",
        "/api/list_commitments",
        &s.addr,
        Some(&s.token),
        "",
    );
    assert_eq!(r.status, 400);
}

#[test]
fn the_ui_files_are_served_with_a_strict_csp_and_nothing_outside_them() {
    let s = start();
    let r = request(&s, "GET", "/", &s.addr, None, "");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("<title>CT</title>"));
    assert!(
        r.headers
            .contains("content-security-policy: default-src 'self'"),
        "{}",
        r.headers
    );
    assert!(!r.headers.contains("unsafe-eval"));
    assert!(r.headers.contains("referrer-policy: no-referrer"));
    let r = request(&s, "GET", "/assets/app.js?v=1", &s.addr, None, "");
    assert_eq!(r.status, 200);
    assert!(r.headers.contains("content-type: text/javascript"));
    for path in [
        "/../secret.txt",
        "/assets/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/nothing.js",
    ] {
        let r = request(&s, "GET", path, &s.addr, None, "");
        assert_eq!(r.status, 404, "{path}");
        assert!(!r.body.contains("not for the web"));
    }
}

#[test]
fn only_loopback_addresses_can_be_bound() {
    let dir = tempfile::tempdir().unwrap();
    let out = ct(&crate::support::fresh_db(dir.path(), "ct"))
        .args(["serve", "--port", "0", "--host", "0.0.0.0"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("loopback"));
}
