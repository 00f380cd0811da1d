//! The real `ct` binary, headless.

use crate::support::{bytes, ct, stderr, stdout};

#[test]
fn list_prints_the_seeded_catalogue_as_json_csv_and_a_table() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("nested/dir/ct.sqlite3");

    let out = ct(&db)
        .args(["commitments", "list", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 19);
    assert_eq!(list[2]["commitmentId"], "200003");
    assert_eq!(list[2]["framework"], "WHS");
    assert_eq!(
        list[2]["categories"],
        serde_json::json!([
            {"code": "3", "inferred": false},
            {"code": "4", "inferred": false},
            {"code": "3A", "inferred": true},
            {"code": "4B", "inferred": false}
        ])
    );
    assert_eq!(list[2]["type"], "Operational");

    let out = ct(&db)
        .args([
            "commitments",
            "list",
            "--format",
            "csv",
            "--transformation",
            "4B",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let mut rdr = csv::Reader::from_reader(out.stdout.as_slice());
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][0], "200003");
    assert_eq!(&rows[0][2], "WHS");
    assert_eq!(&rows[0][4], "3;4;3A?;4B");

    let out = ct(&db)
        .args(["commitments", "list", "--type", "advocacy"])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(
        text.contains("200007") && !text.contains("200001"),
        "{text}"
    );
    assert!(text.contains("1 commitment(s)"), "{text}");
}

#[test]
fn the_database_can_be_named_by_environment_variable() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::support::fresh_db(dir.path(), "env");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ct"))
        .env("COMMITMENT_TRACKER_DB", &db)
        .args(["commitments", "show", "200003", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(db.exists() || crate::support::postgres_cluster().is_some());
    let c: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        c["organisationName"],
        "International Organization for Migration"
    );
}

#[test]
fn add_edit_retire_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::support::fresh_db(dir.path(), "ct");
    let desc = dir.path().join("desc.txt");
    std::fs::write(&desc, "IOM commits to train 500 staff on PSEA by 2020.\n").unwrap();
    let out = ct(&db)
        .args([
            "commitments",
            "add",
            "--commitment-id",
            "300001",
            "--type",
            "Operational",
            "--cr",
            "2",
            "--transformation",
            "2D",
        ])
        .arg("--description-file")
        .arg(&desc)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));

    let out = ct(&db)
        .args(["commitments", "edit", "300001", "--type", "Policy"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("version 2"));

    let out = ct(&db)
        .args(["commitments", "retire", "300001"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = ct(&db)
        .args(["commitments", "list", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout)
            .unwrap()
            .len(),
        19
    );
    let out = ct(&db)
        .args(["commitments", "show", "300001", "--format", "json"])
        .output()
        .unwrap();
    let c: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(c["type"], "Policy");
    assert!(c["retiredAt"].is_string());
    assert_eq!(
        c["description"],
        "IOM commits to train 500 staff on PSEA by 2020."
    );
}

#[test]
fn a_bad_add_names_the_field_exits_non_zero_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::support::fresh_db(dir.path(), "ct");
    assert!(ct(&db)
        .args(["commitments", "list"])
        .output()
        .unwrap()
        .status
        .success());
    let wal = db.with_extension("sqlite3-wal");
    let before = (bytes(&db), bytes(&wal));
    let out = ct(&db)
        .args([
            "commitments",
            "add",
            "--commitment-id",
            "300001",
            "--type",
            "Charity",
            "--cr",
            "2",
            "--description",
            "x",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("error: type:"), "{}", stderr(&out));
    assert!(stderr(&out).contains("Charity"), "{}", stderr(&out));
    assert_eq!((bytes(&db), bytes(&wal)), before);

    let out = ct(&db)
        .args(["commitments", "show", "999999"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("999999 was not found"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_newer_database_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::support::fresh_db(dir.path(), "ct");
    assert!(ct(&db)
        .args(["commitments", "list"])
        .output()
        .unwrap()
        .status
        .success());
    if let Some(url) = db.to_str().filter(|p| p.starts_with("postgresql://")) {
        let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
        c.batch_execute(
            "INSERT INTO ct_schema (version, name, checksum) VALUES (999, 'future', '')",
        )
        .unwrap();
    } else {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
    }
    let out = ct(&db).args(["commitments", "list"]).output().unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("newer version of Commitment Tracker"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_database_of_another_application_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::support::fresh_db(dir.path(), "other");
    if let Some(url) = db.to_str().filter(|p| p.starts_with("postgresql://")) {
        let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
        c.batch_execute("CREATE TABLE invoices (id integer PRIMARY KEY)")
            .unwrap();
    } else {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("CREATE TABLE invoices (id integer PRIMARY KEY)")
            .unwrap();
    }
    let before = crate::support::bytes(&db);
    let out = ct(&db).args(["commitments", "list"]).output().unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("is not a Commitment Tracker database"),
        "{}",
        stderr(&out)
    );
    assert_eq!(crate::support::bytes(&db), before, "left untouched");
}

#[test]
fn no_seed_starts_empty() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::support::fresh_db(dir.path(), "ct");
    let out = ct(&db)
        .args(["--no-seed", "commitments", "list", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), "[]");
}

#[test]
fn a_reporting_year_can_be_scripted() {
    use std::io::Write;
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let db = crate::support::fresh_db(dir.path(), "ct");
    let run = |args: &[&str]| {
        let out = ct(&db).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        stdout(&out)
    };
    assert!(run(&["identity"]).contains("not set"));
    assert_eq!(
        run(&[
            "identity",
            "--name",
            "Carla Coordinator",
            "--role",
            "coordinator"
        ])
        .trim(),
        "Carla Coordinator (Coordinator)"
    );

    // Narratives from standard input and files.
    let mut child = ct(&db)
        .args([
            "report",
            "set",
            "--commitment",
            "200009",
            "--year",
            "2019",
            "--status",
            "in progress",
            "--achievements",
            "-",
        ])
        .args([
            "--evidence",
            "DTM report|https://example.org/dtm",
            "--progress",
            "40",
            "--tag",
            "DTM,GBV",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("Trained **120** enumerators.\n".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("revision 1, Draft"),
        "{}",
        stdout(&out)
    );
    let steps = dir.path().join("next.md");
    std::fs::write(&steps, "- Roll out to 4 countries\n").unwrap();
    run(&[
        "report",
        "set",
        "--commitment",
        "200009",
        "--year",
        "2019",
        "--next-steps",
        steps.to_str().unwrap(),
    ]);

    run(&[
        "report",
        "submit",
        "--commitment",
        "200009",
        "--year",
        "2019",
    ]);
    assert!(run(&[
        "report",
        "approve",
        "--commitment",
        "200009",
        "--year",
        "2019"
    ])
    .contains("is now Approved"));

    let json: serde_json::Value = serde_json::from_str(&run(&[
        "report",
        "show",
        "--commitment",
        "200009",
        "--year",
        "2019",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(json["status"], "InProgress");
    assert_eq!(json["reviewState"], "Approved");
    assert_eq!(json["achievements"], "Trained **120** enumerators.");
    assert_eq!(json["nextSteps"], "- Roll out to 4 countries");
    assert_eq!(json["progress"], 40);
    assert_eq!(json["tags"], serde_json::json!(["DTM", "GBV"]));
    assert_eq!(json["revision"], 2);
    assert_eq!(json["updatedBy"], "Carla Coordinator");

    // Locked: a change is refused with the reason and a non-zero exit.
    let out = ct(&db)
        .args([
            "report",
            "set",
            "--commitment",
            "200009",
            "--year",
            "2019",
            "--progress",
            "90",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("approved and locked"),
        "{}",
        stderr(&out)
    );
    let out = ct(&db)
        .args([
            "report",
            "reopen",
            "--commitment",
            "200009",
            "--year",
            "2019",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("error: comment:"), "{}", stderr(&out));
    run(&[
        "report",
        "reopen",
        "--commitment",
        "200009",
        "--year",
        "2019",
        "--comment",
        "HQ corrected the figures",
    ]);

    let history = run(&[
        "report",
        "history",
        "--commitment",
        "200009",
        "--year",
        "2019",
    ]);
    for needle in [
        "revision 1 (create)",
        "revision 2 (update)",
        "Draft → Submitted",
        "Submitted → Approved",
        "Approved → Draft: HQ corrected the figures",
    ] {
        assert!(history.contains(needle), "{needle} missing in\n{history}");
    }
    // Start from last year.
    run(&[
        "report",
        "set",
        "--commitment",
        "200009",
        "--year",
        "2020",
        "--from-last-year",
    ]);
    let json: serde_json::Value = serde_json::from_str(&run(&[
        "report",
        "show",
        "--commitment",
        "200009",
        "--year",
        "2020",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(json["achievements"], "Trained **120** enumerators.");
    assert_eq!(json["reviewState"], "Draft");
}

#[test]
fn report_errors_name_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::support::fresh_db(dir.path(), "ct");
    let out = ct(&db)
        .args([
            "report",
            "set",
            "--commitment",
            "200009",
            "--year",
            "2019",
            "--status",
            "great",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("error: status:"), "{}", stderr(&out));
    let out = ct(&db)
        .args([
            "report",
            "set",
            "--commitment",
            "200009",
            "--year",
            "1999",
            "--status",
            "completed",
        ])
        .output()
        .unwrap();
    assert!(stderr(&out).contains("error: year:"), "{}", stderr(&out));
    let out = ct(&db)
        .args([
            "report",
            "set",
            "--commitment",
            "200009",
            "--year",
            "2019",
            "--status",
            "completed",
            "--evidence",
            "no url",
        ])
        .output()
        .unwrap();
    assert!(
        stderr(&out).contains("error: evidence:"),
        "{}",
        stderr(&out)
    );
    let out = ct(&db)
        .args(["report", "show", "--commitment", "200009", "--year", "2019"])
        .output()
        .unwrap();
    assert!(stderr(&out).contains("was not found"), "{}", stderr(&out));
}

#[test]
fn a_pdf_export_is_typeset_by_the_program_beside_ct_and_fails_plainly_without_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::support::fresh_db(dir.path(), "ct");
    let pdf = dir.path().join("annual.pdf");

    // Found beside `ct` in target/, as it is found beside the app once installed.
    let out = ct(&db)
        .args(["export", "--format", "pdf", "--year", "2019", "--out"])
        .arg(&pdf)
        .env_remove("CT_TYPESETTER")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(bytes(&pdf).starts_with(b"%PDF-"));

    // Missing: an error that says what is missing, and the earlier file is left as it was.
    let before = bytes(&pdf);
    let out = ct(&db)
        .args(["export", "--format", "pdf", "--year", "2019", "--out"])
        .arg(&pdf)
        .env("CT_TYPESETTER", dir.path().join("no-such-typesetter"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("no-such-typesetter"),
        "{}",
        stderr(&out)
    );
    assert_eq!(bytes(&pdf), before);

    // A typesetter that fails: its message reaches the user.
    let out = ct(&db)
        .args(["export", "--format", "pdf", "--year", "2019", "--out"])
        .arg(&pdf)
        .env("CT_TYPESETTER", "/bin/false")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("the typesetter failed"),
        "{}",
        stderr(&out)
    );
    assert_eq!(bytes(&pdf), before);
}

#[test]
fn keep_backups_0_takes_no_daily_copy_and_the_default_takes_one() {
    if crate::support::skip_on_postgres(
        "keep backups 0 takes no daily copy and the default takes one",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = crate::support::fresh_db(dir.path(), "b");
    let daily = || -> usize {
        std::fs::read_dir(dir.path().join("backups"))
            .map(|d| {
                d.filter_map(Result::ok)
                    .filter(|e| e.file_name().to_string_lossy().ends_with("-daily.sqlite3"))
                    .count()
            })
            .unwrap_or(0)
    };
    let out = ct(&db)
        .args(["--keep-backups", "0", "commitments", "list"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(daily(), 0);
    // A one-shot command waits for the day's copy before it exits: it is there, whole.
    let out = ct(&db).args(["commitments", "list"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(daily(), 1);
}

#[test]
fn a_report_of_many_organisations_names_how_many_in_its_running_head() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::support::fresh_db(dir.path(), "many");
    let pdf = dir.path().join("many.pdf");
    let out = ct(&db)
        .args(["--no-seed", "--keep-backups", "0", "generate"])
        .args([
            "--commitments",
            "12",
            "--organisations",
            "5",
            "--reports",
            "12",
        ])
        .args(["--years", "1", "--narrative-chars", "3000", "--seed", "3"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = ct(&db)
        .args([
            "--keep-backups",
            "0",
            "export",
            "--format",
            "pdf",
            "--year",
            "2016",
            "--out",
        ])
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&text.stdout);
    // The title page names all five; the running head of later pages only how many.
    assert!(text.contains("Organisation 0, Organisation 1"), "{text}");
    assert!(text.contains("5 organisations"), "{text}");
}

/// What a new user of a team database got wrong first (a trial run found each): every one is
/// refused with a message that names the mistake, and nothing is created.
#[test]
fn database_names_given_wrongly_are_refused_naming_the_mistake() {
    let dir = tempfile::tempdir().unwrap();
    // A mistyped scheme is not taken for a file name (which made a new local database).
    for typo in [
        "postgresql:/ct@/db?host=/tmp",
        "postgress://ct@/db",
        "pg://ct@/db",
    ] {
        let out = ct(std::path::Path::new(typo))
            .current_dir(dir.path())
            .args(["identity"])
            .output()
            .unwrap();
        assert!(!out.status.success(), "{typo}");
        assert!(
            stderr(&out).contains("is not one this app reads"),
            "{typo}: {}",
            stderr(&out)
        );
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing was created"
    );

    // ct migrate from a file that does not exist creates neither side.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ct"))
        .args(["migrate", "--from"])
        .arg(dir.path().join("nothere.sqlite3"))
        .arg("--to")
        .arg(dir.path().join("to.sqlite3"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("does not exist: nothing was copied"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing was created"
    );

    // Help never shows the database variable's value (a URL may hold a password).
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ct"))
        .env(
            "COMMITMENT_TRACKER_DB",
            "postgresql://ct:s3cret-word@/x?host=/tmp",
        )
        .args(["identity", "--help"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!stdout(&out).contains("s3cret-word"), "{}", stdout(&out));

    // A new report needs a status.
    let db = crate::support::fresh_db(dir.path(), "s");
    let out = ct(&db)
        .args([
            "report",
            "set",
            "--commitment",
            "200006",
            "--year",
            "2016",
            "--achievements",
            "-",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("a new report needs a status"),
        "{}",
        stderr(&out)
    );

    // On PostgreSQL: the server's own reason, or where nobody answered; and a backup restore
    // says what to run whatever file it is given.
    let Some(cluster) = crate::support::postgres_cluster() else {
        return;
    };
    let missing = cluster.replacen("/postgres?", "/no_such_database?", 1);
    let out = ct(std::path::Path::new(&missing))
        .args(["identity"])
        .output()
        .unwrap();
    assert!(
        stderr(&out).contains("database \"no_such_database\" does not exist"),
        "{}",
        stderr(&out)
    );
    let nowhere = "postgresql://ct@/postgres?host=/tmp/no-such-socket-folder";
    let out = ct(std::path::Path::new(nowhere))
        .args(["identity"])
        .output()
        .unwrap();
    assert!(
        stderr(&out).contains(
            "no PostgreSQL server answers at the socket folder /tmp/no-such-socket-folder"
        ),
        "{}",
        stderr(&out)
    );
    let junk = dir.path().join("junk.dump");
    std::fs::write(&junk, b"not a backup").unwrap();
    let out = ct(&db)
        .args(["backup", "restore"])
        .arg(&junk)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("pg_restore --clean"),
        "{}",
        stderr(&out)
    );
}
