//! The schema guard: new files are migrated; files that are not ours, or from a newer app,
//! are refused without a single write.

use commitment_tracker::store::{migrations, APPLICATION_ID};
use commitment_tracker::{App, ErrorKind, OpenOptions};
use rusqlite::Connection;

use crate::support::{bytes, TestDb};

fn no_seed() -> OpenOptions {
    OpenOptions {
        seed: false,
        ..Default::default()
    }
}

#[test]
fn a_new_file_is_migrated_to_the_latest_schema_in_wal_mode() {
    if crate::support::skip_on_postgres("a new file is migrated to the latest schema in wal mode") {
        return;
    }
    let db = TestDb::empty();
    assert_eq!(db.app.open_report().from_version, 0);
    assert_eq!(
        db.app.open_report().to_version,
        migrations::latest_version()
    );
    let conn = Connection::open(db.path()).unwrap();
    let v: u32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    let id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(v, migrations::latest_version());
    assert_eq!(id, APPLICATION_ID);
    assert_eq!(mode, "wal");
    let fk_errors: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk_errors, 0);
}

#[test]
fn reopening_applies_nothing_twice() {
    if crate::support::skip_on_postgres("reopening applies nothing twice") {
        return;
    }
    let db = TestDb::seeded();
    let path = db.path();
    drop(db.app);
    let again = App::open(&path, no_seed()).unwrap();
    let report = again.open_report();
    assert_eq!(report.from_version, report.to_version);
}

#[test]
fn a_file_from_a_newer_version_is_refused_untouched() {
    if crate::support::skip_on_postgres("a file from a newer version is refused untouched") {
        return;
    }
    let db = TestDb::seeded();
    let path = db.path();
    drop(db.app);
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", migrations::latest_version() + 1)
            .unwrap();
        // Fold the WAL into the file so the file alone is the whole database.
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = bytes(&path);
    let e = App::open(&path, Default::default()).err().expect("refused");
    assert_eq!(e.kind(), ErrorKind::SchemaTooNew);
    assert!(e.to_string().contains("newer version"), "{e}");
    assert_eq!(bytes(&path), before);
    assert!(!path.with_extension("sqlite3-wal").exists());
}

#[test]
fn files_that_are_not_ours_are_refused_untouched() {
    if crate::support::skip_on_postgres("files that are not ours are refused untouched") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();

    let other_app = dir.path().join("other.db");
    {
        let conn = Connection::open(&other_app).unwrap();
        conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me');")
            .unwrap();
    }
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "Dear diary, this is not a database. ".repeat(200)).unwrap();
    let foreign_id = dir.path().join("foreign-id.db");
    {
        let conn = Connection::open(&foreign_id).unwrap();
        conn.pragma_update(None, "application_id", 0x1234_5678)
            .unwrap();
    }

    for path in [other_app, text, foreign_id] {
        let before = bytes(&path);
        let e = App::open(&path, Default::default()).err().expect("refused");
        assert_eq!(
            e.kind(),
            ErrorKind::NotOurDatabase,
            "{}: {e}",
            path.display()
        );
        assert!(e.to_string().contains("left untouched"));
        assert_eq!(bytes(&path), before, "{}", path.display());
    }
}

#[test]
fn every_sql_file_in_migrations_is_embedded_in_order() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".sql"))
        .map(|n| n.trim_end_matches(".sql").to_owned())
        .collect();
    files.sort();
    assert_eq!(migrations::names(), files);
    assert_eq!(migrations::latest_version() as usize, files.len());
}
