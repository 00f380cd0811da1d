//! `ct --server URL --token T`: the same commands through a real `ct serve --team` process on
//! loopback print what they print on the database's own computer, and exit with the same
//! codes (both engines).
//!
//! Two databases made alike: one is served, the other is used directly with `--db`. Each
//! command runs on both; stdout, stderr and the exit code must match, with only timestamps and
//! generated ids (which no two databases share) replaced by placeholders.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use crate::support::{ct, fresh_db, stderr, stdout};

/// The server process, ended with the test.
struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(db: &Path) -> Server {
    let mut child = ct(db)
        .args([
            "--keep-backups",
            "0",
            "serve",
            "--team",
            "--listen",
            "127.0.0.1:0",
        ])
        // No UI is needed: commands only.
        .args(["--ui-dir", "/nonexistent"])
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
        .strip_prefix("Serving a team on ")
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
        .to_owned();
    Server { child, url }
}

/// Runs `ct` on the database `db` with `args` in `cwd`.
fn local(db: &Path, cwd: &Path, args: &[&str]) -> Output {
    ct(db)
        .current_dir(cwd)
        .args(["--keep-backups", "0"])
        .args(args)
        .output()
        .unwrap()
}

/// Runs `ct --server … --token …` with `args` in `cwd` (no database named anywhere).
fn remote(server: &Server, token: &str, cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ct"))
        .current_dir(cwd)
        .env_remove("COMMITMENT_TRACKER_DB")
        .env_remove("COMMITMENT_TRACKER_TOKEN")
        .env("COMMITMENT_TRACKER_SERVER", &server.url)
        .args(["--token", token])
        .args(args)
        .output()
        .unwrap()
}

/// `text` with RFC 3339 timestamps and UUIDs replaced (they differ between two databases).
fn placeholders(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let rest: String = chars[i..chars.len().min(i + 36)].iter().collect();
        if is_uuid(&rest) {
            out.push_str("<uuid>");
            i += 36;
            continue;
        }
        if let Some(len) = timestamp_len(&chars[i..]) {
            out.push_str(&"T".repeat(len));
            i += len;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit() && !c.is_ascii_uppercase(),
        })
}

/// The length of a timestamp such as `2026-03-01T10:20:30.123Z` starting here, if one does.
fn timestamp_len(s: &[char]) -> Option<usize> {
    let shape = "dddd-dd-ddTdd:dd:dd";
    if s.len() < shape.len() {
        return None;
    }
    for (c, want) in s.iter().zip(shape.chars()) {
        let fits = match want {
            'd' => c.is_ascii_digit(),
            other => *c == other,
        };
        if !fits {
            return None;
        }
    }
    let mut len = shape.len();
    while len < s.len() && (s[len].is_ascii_digit() || s[len] == '.') {
        len += 1;
    }
    if len < s.len() && (s[len] == 'Z' || s[len] == '+') {
        len += 1;
        while len < s.len() && (s[len].is_ascii_digit() || s[len] == ':') {
            len += 1;
        }
    }
    Some(len)
}

/// Runs `args` here and through the server; both must print and exit alike. Returns the
/// local output.
fn same(here: (&Path, &Path), there: (&Server, &str, &Path), args: &[&str]) -> Output {
    let mine = local(here.0, here.1, args);
    let theirs = remote(there.0, there.1, there.2, args);
    assert_eq!(
        placeholders(&stdout(&theirs)),
        placeholders(&stdout(&mine)),
        "stdout of ct {args:?} (left: --server, right: --db)"
    );
    assert_eq!(
        placeholders(&stderr(&theirs)),
        placeholders(&stderr(&mine)),
        "stderr of ct {args:?} (left: --server, right: --db)"
    );
    assert_eq!(
        theirs.status.code(),
        mine.status.code(),
        "exit code of ct {args:?}"
    );
    mine
}

fn ok(out: &Output) -> String {
    assert!(out.status.success(), "{}", stderr(out));
    stdout(out)
}

/// The last line of `ct users token`: the token.
fn token(db: &Path, cwd: &Path, email: &str) -> String {
    let out = ok(&local(db, cwd, &["users", "token", email]));
    out.lines().last().unwrap().trim().to_owned()
}

#[test]
fn commands_through_a_team_server_print_and_exit_as_they_do_here() {
    let dir = tempfile::tempdir().unwrap();
    let (here_dir, there_dir) = (dir.path().join("here"), dir.path().join("there"));
    std::fs::create_dir_all(&here_dir).unwrap();
    std::fs::create_dir_all(&there_dir).unwrap();
    let served: PathBuf = fresh_db(dir.path(), "served");
    let direct: PathBuf = fresh_db(dir.path(), "direct");

    // Alike: the same accounts in both; the person at the second computer calls themselves
    // what the token's account is called, so changes are recorded under the same name.
    for db in [&served, &direct] {
        for (email, name, role) in [
            ("ada@example.org", "Ada Admin", "admin"),
            ("fiona@example.org", "Fiona Focal", "focal-point"),
            ("vic@example.org", "Vic Viewer", "viewer"),
        ] {
            ok(&local(
                db,
                &here_dir,
                &["users", "add", email, "--name", name, "--role", role],
            ));
        }
    }
    ok(&local(
        &direct,
        &here_dir,
        &["identity", "--name", "Ada Admin", "--role", "admin"],
    ));
    let ada = token(&served, &here_dir, "ada@example.org");
    let vic = token(&served, &here_dir, "vic@example.org");
    let server = serve(&served);
    let here = (direct.as_path(), here_dir.as_path());
    let there = (&server, ada.as_str(), there_dir.as_path());

    for dir in [&here_dir, &there_dir] {
        std::fs::write(dir.join("achievements.md"), "Trained 120 staff.\n").unwrap();
        std::fs::write(
            dir.join("new.csv"),
            "Commitment ID,Type,Description,Theme,Focal points\n\
             300001,Policy,A commitment from a file.,3,fiona@example.org\n",
        )
        .unwrap();
    }

    same(here, there, &["commitments", "list"]);
    same(
        here,
        there,
        &["commitments", "list", "--format", "csv", "--cr", "3"],
    );
    same(here, there, &["commitments", "show", "200003"]);
    same(
        here,
        there,
        &["commitments", "show", "200003", "--format", "json"],
    );
    same(here, there, &["catalogue"]);
    same(here, there, &["frameworks", "show", "WHS"]);
    same(here, there, &["search", "displacement", "--limit", "5"]);
    same(here, there, &["search", "data", "--format", "csv"]);
    same(here, there, &["status", "--year", "2025"]);
    same(
        here,
        there,
        &["status", "--year", "2025", "--format", "csv"],
    );
    same(here, there, &["identity"]);
    same(here, there, &["import", "template"]);

    // Writes, the same on each side.
    same(
        here,
        there,
        &[
            "cycle",
            "open",
            "--year",
            "2025",
            "--deadline",
            "2025-12-31",
        ],
    );
    same(here, there, &["cycle", "list"]);
    let set = &[
        "report",
        "set",
        "--commitment",
        "200003",
        "--year",
        "2025",
        "--status",
        "In progress",
        "--achievements",
        "achievements.md",
        "--progress",
        "40",
        "--evidence",
        "Training log|https://example.org/log",
    ];
    let out = same(here, there, set);
    assert_eq!(
        stdout(&out),
        "saved the 2025 report of 200003 (revision 1, Draft)\n"
    );
    same(
        here,
        there,
        &[
            "report",
            "submit",
            "--commitment",
            "200003",
            "--year",
            "2025",
        ],
    );
    same(
        here,
        there,
        &["report", "show", "--commitment", "200003", "--year", "2025"],
    );
    same(
        here,
        there,
        &[
            "report",
            "show",
            "--commitment",
            "200003",
            "--year",
            "2025",
            "--format",
            "json",
        ],
    );
    same(
        here,
        there,
        &[
            "report",
            "history",
            "--commitment",
            "200003",
            "--year",
            "2025",
        ],
    );
    same(here, there, &["status", "--year", "2025"]);
    same(
        here,
        there,
        &[
            "commitments",
            "assign",
            "200003",
            "--user",
            "fiona@example.org",
        ],
    );

    // An import reads the file here and sends it; an export comes back to the path given.
    same(here, there, &["import", "catalogue", "new.csv"]);
    same(here, there, &["import", "catalogue", "new.csv", "--apply"]);
    same(here, there, &["commitments", "show", "300001"]);
    let out = same(
        here,
        there,
        &[
            "export",
            "--format",
            "csv",
            "--year",
            "2025",
            "--out",
            "reports.csv",
        ],
    );
    assert!(
        stdout(&out).starts_with("wrote reports.csv (1 records, "),
        "{}",
        stdout(&out)
    );
    let read =
        |dir: &Path| placeholders(&std::fs::read_to_string(dir.join("reports.csv")).unwrap());
    assert_eq!(read(&there_dir), read(&here_dir));
    assert!(read(&there_dir).contains("Trained 120 staff."));

    // Refusals: the same message and exit code.
    let out = same(here, there, &["commitments", "show", "999999"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out), "error: commitment 999999 was not found\n");
    let out = same(
        here,
        there,
        &["report", "set", "--commitment", "200004", "--year", "2025"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("error: status: a new report needs a status"));
    let out = same(
        here,
        there,
        &[
            "report",
            "return",
            "--commitment",
            "200003",
            "--year",
            "2025",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let out = same(here, there, &["import", "catalogue", "missing.csv"]);
    assert_eq!(out.status.code(), Some(1));

    // A viewer's write is refused by the server (403, kind forbidden) and changes nothing.
    let before = ok(&remote(
        &server,
        &ada,
        &there_dir,
        &["commitments", "show", "200003", "--format", "json"],
    ));
    let out = remote(
        &server,
        &vic,
        &there_dir,
        &["commitments", "retire", "200003"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "error: your role (viewer) may not do this (coordinators only)\n"
    );
    let out = remote(&server, &vic, &there_dir, set);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("may not write reports"),
        "{}",
        stderr(&out)
    );
    let after = ok(&remote(
        &server,
        &ada,
        &there_dir,
        &["commitments", "show", "200003", "--format", "json"],
    ));
    assert_eq!(after, before);
    // A viewer reads.
    ok(&remote(&server, &vic, &there_dir, &["commitments", "list"]));

    // No token, a wrong one, and the commands that run only on the server's own computer.
    let out = remote(&server, "ct_wrong", &there_dir, &["commitments", "list"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("error: "), "{}", stderr(&out));
    for args in [
        &["search-index", "rebuild"][..],
        &["users", "list"],
        &["backup", "restore", "x.sqlite3"],
        &["generate"],
        &["serve"],
    ] {
        let out = remote(&server, &ada, &there_dir, args);
        assert_eq!(out.status.code(), Some(1), "ct {args:?}");
        assert!(
            stderr(&out).contains("runs only on the server's own computer"),
            "ct {args:?}: {}",
            stderr(&out)
        );
    }
    let out = Command::new(env!("CARGO_BIN_EXE_ct"))
        .env_remove("COMMITMENT_TRACKER_TOKEN")
        .args(["--server", &server.url, "commitments", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("COMMITMENT_TRACKER_TOKEN"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn help_never_shows_the_tokens_value() {
    let out = Command::new(env!("CARGO_BIN_EXE_ct"))
        .env("COMMITMENT_TRACKER_TOKEN", "ct_secret_value_123")
        .env("COMMITMENT_TRACKER_SERVER", "https://ct.example.org")
        .arg("--help")
        .output()
        .unwrap();
    let help = stdout(&out);
    assert!(help.contains("--token"), "{help}");
    assert!(help.contains("COMMITMENT_TRACKER_TOKEN"), "{help}");
    assert!(!help.contains("ct_secret_value_123"), "{help}");
}

#[test]
fn a_server_that_cannot_be_reached_is_named() {
    // A port nobody listens on: bound, then released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let out = Command::new(env!("CARGO_BIN_EXE_ct"))
        .args(["--server", &url, "--token", "ct_x", "commitments", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains(&url), "{err}");
    assert!(err.contains("the server cannot be reached"), "{err}");
}
