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
    assert_eq!(list[2]["coreResponsibilities"], serde_json::json!([3, 4]));
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
    assert_eq!(&rows[0][3], "3;4");
    assert_eq!(&rows[0][4], "3A?;4B");

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
    let db = dir.path().join("env.sqlite3");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ct"))
        .env("COMMITMENT_TRACKER_DB", &db)
        .args(["commitments", "show", "200003", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(db.exists());
    let c: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        c["organisationName"],
        "International Organization for Migration"
    );
}

#[test]
fn add_edit_retire_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ct.sqlite3");
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
    let db = dir.path().join("ct.sqlite3");
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
    let db = dir.path().join("ct.sqlite3");
    assert!(ct(&db)
        .args(["commitments", "list"])
        .output()
        .unwrap()
        .status
        .success());
    {
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
fn no_seed_starts_empty() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ct.sqlite3");
    let out = ct(&db)
        .args(["--no-seed", "commitments", "list", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), "[]");
}
