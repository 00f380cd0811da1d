//! `ct import reports`: report history from organisations' own spreadsheets, previewed, then
//! applied all or nothing; revisions and the audit log say "import" and name the file.

use std::path::{Path, PathBuf};

use commitment_tracker::domain::AuditQuery;
use commitment_tracker::domain::{
    EvidenceLink, ImplementationStatus, ReportInput, ReviewAction, ReviewState,
};
use commitment_tracker::error::Error;
use commitment_tracker::import::mapping::{ColumnMapping, ImportKind};
use commitment_tracker::import::reports::ReportRowAction;
use commitment_tracker::services::access::WriteScope;
use commitment_tracker::services::import_mapping::{self, MappingChoice};
use commitment_tracker::services::report_import::{self, ReportImportOptions};
use commitment_tracker::services::{audit, commitments, reports};

use crate::support::{bytes, ct, stderr, stdout, TestDb};

fn ogp_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/real/ogp-us-nap5/derived_subcommitments.csv")
}

fn uuid_of(db: &TestDb, public: &str) -> String {
    commitments::find_by_commitment_id(db.app.store(), None, public)
        .unwrap()
        .id
}

/// The database file and its write-ahead log, to prove nothing was written.
/// The file's 70 sub-commitments imported through `ct` into a new framework "OGP US NAP5"
/// with its 5 themes as categories, as a person would from the CLI: the proposed mapping,
/// with the too-long title column left unread; returns their IDs in file order.
pub fn import_ogp_catalogue(db: &TestDb) -> Vec<String> {
    let run = |args: &[&str]| {
        let out = ct(&db.path()).args(args).output().unwrap();
        assert!(out.status.success(), "ct {args:?}: {}", stderr(&out));
        stdout(&out)
    };
    run(&[
        "frameworks",
        "add",
        "--code",
        "OGP-US5",
        "--name",
        "OGP US NAP5",
        "--level",
        "Theme",
        "--source",
        "https://open.usa.gov/national-action-plan/5/",
    ]);
    let file = ogp_file();
    let file = file.to_str().unwrap();
    let flags = [
        "--framework",
        "OGP-US5",
        "--organisation",
        "US",
        "--map",
        "title=",
        "--format",
        "json",
    ];
    // Without --create-categories the themes are listed and every row refused.
    let preview: serde_json::Value =
        serde_json::from_str(&run(
            &[&["import", "catalogue", file][..], &flags[..]].concat()
        ))
        .unwrap();
    assert_eq!(preview["refused"], 70);
    assert_eq!(preview["unknownCategories"].as_array().unwrap().len(), 5);
    assert_eq!(
        preview["mapping"]["fields"]["id"][0],
        "commitment_detail_sub_id"
    );
    assert_eq!(
        preview["mapping"]["fields"]["categories"][0],
        "commitment_theme_name"
    );
    assert_eq!(
        preview["mapping"]["fields"]["description"][0],
        "commitment_detail_sub"
    );
    let done: serde_json::Value = serde_json::from_str(&run(&[
        &["import", "catalogue", file][..],
        &flags[..],
        &["--create-categories", "--apply"][..],
    ]
    .concat()))
    .unwrap();
    assert_eq!(
        (&done["added"], &done["applied"]),
        (&70.into(), &true.into())
    );
    let ids: Vec<String> = done["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["commitmentId"].as_str().unwrap().to_owned())
        .collect();
    ids
}

fn database_bytes(db: &TestDb) -> (Vec<u8>, Vec<u8>) {
    let wal = PathBuf::from(format!("{}-wal", db.path().display()));
    (bytes(&db.path()), bytes(&wal))
}

fn options(fields: &[(&str, &str)], year: Option<i32>) -> ReportImportOptions {
    let mut mapping = ColumnMapping::default();
    for (f, c) in fields {
        mapping
            .fields
            .insert((*f).to_owned(), c.split('+').map(str::to_owned).collect());
    }
    ReportImportOptions {
        choice: MappingChoice {
            mapping_name: None,
            mapping,
        },
        year,
        save_mapping: None,
    }
}

fn json(out: &std::process::Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", stderr(out));
    serde_json::from_str(&stdout(out)).unwrap_or_else(|e| panic!("{e}: {}", stdout(out)))
}

#[test]
fn the_us_ogp_tracker_imports_70_reports_through_ct() {
    let db = TestDb::seeded();
    let ids = import_ogp_catalogue(&db);
    let args = [
        "--year",
        "2023",
        "--map",
        "id=commitment_detail_sub_id",
        "--map",
        "status=commitment_status",
        "--map",
        "achievements=aug_2023_progress",
        "--format",
        "json",
    ];
    let before = database_bytes(&db);
    let preview = json(
        &ct(&db.path())
            .args(["import", "reports"])
            .arg(ogp_file())
            .args(args)
            .output()
            .unwrap(),
    );
    assert_eq!(preview["added"], 70);
    assert_eq!(preview["applied"], false);
    assert_eq!(database_bytes(&db), before, "a preview writes nothing");
    let done = json(
        &ct(&db.path())
            .args(["import", "reports"])
            .arg(ogp_file())
            .args(args)
            .arg("--apply")
            .output()
            .unwrap(),
    );
    assert_eq!(
        (
            &done["added"],
            &done["changed"],
            &done["unchanged"],
            &done["refused"],
            &done["skipped"],
            &done["applied"]
        ),
        (
            &70.into(),
            &0.into(),
            &0.into(),
            &0.into(),
            &0.into(),
            &true.into()
        )
    );
    let mut counts = std::collections::HashMap::new();
    for id in &ids {
        let r = reports::find(db.app.store(), &uuid_of(&db, id), 2023)
            .unwrap()
            .unwrap_or_else(|| panic!("no 2023 report for {id}"));
        *counts.entry(r.content.status).or_insert(0) += 1;
        assert!(
            !r.content.achievements.contains("<br"),
            "{id}: {}",
            r.content.achievements
        );
        assert!(
            !r.content.achievements.contains("<a "),
            "{id}: {}",
            r.content.achievements
        );
        // The importing person (ct's identity) is the author when the file names none.
        assert_eq!(r.author, r.updated_by);
    }
    assert_eq!(counts[&ImplementationStatus::InProgress], 36);
    assert_eq!(counts[&ImplementationStatus::Completed], 33);
    assert_eq!(counts[&ImplementationStatus::NotStarted], 1);
    assert_eq!(counts.len(), 3);
    let first = reports::find(db.app.store(), &uuid_of(&db, "US0113.1"), 2023)
        .unwrap()
        .unwrap();
    assert!(
        first.content.achievements.contains(
            "](https://www.whitehouse.gov/wp-content/uploads/2023/03/Progress-on-Equitable-Data-Mar2023.pdf)"
        ),
        "{}",
        first.content.achievements
    );
    let revisions = reports::revisions(db.app.store(), &first.id).unwrap();
    assert_eq!(revisions.len(), 1);
    assert_eq!(revisions[0].action, "import");
    assert_eq!(
        revisions[0].source.as_deref(),
        Some("derived_subcommitments.csv")
    );
    let trail = audit::list(
        db.app.store(),
        &AuditQuery {
            entity: Some(first.id.clone()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(trail.len(), 1);
    assert_eq!(trail[0].action.as_str(), "import");
    assert_eq!(
        trail[0].source.as_deref(),
        Some("derived_subcommitments.csv")
    );
    // The same file again changes nothing.
    let again = json(
        &ct(&db.path())
            .args(["import", "reports"])
            .arg(ogp_file())
            .args(args)
            .arg("--apply")
            .output()
            .unwrap(),
    );
    assert_eq!(
        (&again["unchanged"], &again["added"]),
        (&70.into(), &0.into())
    );
    // The proposal alone finds the same columns (the sub-commitment's own ID).
    let bytes = std::fs::read(ogp_file()).unwrap();
    let p = import_mapping::propose(
        db.app.store(),
        ImportKind::Reports,
        "derived_subcommitments.csv",
        &bytes,
        &MappingChoice::default(),
    )
    .unwrap();
    assert_eq!(p.mapping.fields["id"], ["commitment_detail_sub_id"]);
    assert_eq!(p.mapping.fields["status"], ["commitment_status"]);
    assert_eq!(p.mapping.fields["achievements"], ["aug_2023_progress"]);
    assert!(p.missing_fields.is_empty());
    assert_eq!(p.total_rows, 70);
    assert_eq!(p.rows.len(), 20);
}

#[test]
fn a_refused_file_and_a_preview_leave_the_database_byte_identical() {
    let db = TestDb::seeded();
    let csv = "ID,Year,Status,Achievements\n\
               200009,2023,Completed,Done.\n\
               999999,2023,Completed,Unknown commitment.\n\
               200010,2023,delayed,Late.\n\
               200011,,In progress,No year.\n";
    let before = database_bytes(&db);
    let o = options(&[], None);
    let p = report_import::preview(
        db.app.store(),
        "history.csv",
        csv.as_bytes(),
        &o,
        &WriteScope::All,
    )
    .unwrap();
    assert_eq!((p.added, p.refused), (1, 3));
    assert_eq!(p.unmapped_values["status"], ["delayed"]);
    let errors: Vec<&str> = p.rows.iter().filter_map(|r| r.error.as_deref()).collect();
    assert_eq!(
        errors,
        [
            "history.csv: row 3, column ID: no commitment has the Commitment ID 999999",
            "history.csv: row 4, column Status: the status \"delayed\" means none of Not started, In progress, Substantial progress, Completed, Discontinued, No update: choose what it means in the mapping",
            "history.csv: row 5, column Year: the year is empty (fill it in or give the year of the whole file)",
        ]
    );
    assert_eq!(p.rows[1].action, ReportRowAction::Refused);
    assert_eq!(p.rows[1].column.as_deref(), Some("ID"));
    let e = report_import::apply(
        db.app.store(),
        &db.actor,
        "tester",
        "history.csv",
        csv.as_bytes(),
        &o,
        &WriteScope::All,
    )
    .unwrap_err();
    let message = e.to_string();
    assert!(
        message
            .starts_with("3 row(s) refused; nothing was imported:\nhistory.csv: row 3, column ID"),
        "{message}"
    );
    assert!(matches!(e, Error::BadRequest { .. }));
    assert_eq!(database_bytes(&db), before);
    assert!(reports::find(db.app.store(), &uuid_of(&db, "200009"), 2023)
        .unwrap()
        .is_none());
    // Through ct too: refused, nothing written, the reason on standard error.
    let path = db.dir.path().join("history.csv");
    std::fs::write(&path, csv).unwrap();
    let before = database_bytes(&db);
    let out = ct(&db.path())
        .args(["import", "reports"])
        .arg(&path)
        .arg("--apply")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("history.csv: row 4, column Status"),
        "{}",
        stderr(&out)
    );
    assert_eq!(database_bytes(&db), before);
    // Mapped, the same file imports.
    let out = ct(&db.path())
        .args(["import", "reports"])
        .arg(&path)
        .args([
            "--value",
            "status:delayed=InProgress",
            "--year",
            "2022",
            "--apply",
        ])
        .output()
        .unwrap();
    // Row 3's commitment still does not exist.
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("1 row(s) refused"),
        "{}",
        stderr(&out)
    );
}

fn report(status: &str, achievements: &str) -> ReportInput {
    ReportInput {
        status: status.to_owned(),
        achievements: achievements.to_owned(),
        challenges: String::new(),
        next_steps: String::new(),
        evidence: vec![],
        progress: None,
        tags: vec![],
    }
}

#[test]
fn existing_reports_take_a_revision_only_when_changed_and_editable() {
    let db = TestDb::seeded();
    let s = db.app.store();
    let (a, b, c) = (
        uuid_of(&db, "200009"),
        uuid_of(&db, "200010"),
        uuid_of(&db, "200011"),
    );
    let ra = reports::create(
        s,
        &db.actor,
        "tester",
        &a,
        2023,
        &report("InProgress", "Started."),
    )
    .unwrap();
    let rb = reports::create(
        s,
        &db.actor,
        "tester",
        &b,
        2023,
        &report("InProgress", "Started."),
    )
    .unwrap();
    reports::review(s, &db.actor, &rb.id, rb.version, ReviewAction::Submit, None).unwrap();
    reports::create(
        s,
        &db.actor,
        "tester",
        &c,
        2023,
        &report("Completed", "Done."),
    )
    .unwrap();
    let file = "Commitment ID;Année;Statut;Réalisations\n\
                200009;2023;Terminé;Finished.\n\
                200010;2023;Terminé;Finished.\n\
                200011;2023;Completed;Done.\n";
    let o = options(&[], None);
    let p = report_import::preview(s, "fr.csv", file.as_bytes(), &o, &WriteScope::All).unwrap();
    assert_eq!(
        p.rows.iter().map(|r| r.action).collect::<Vec<_>>(),
        [
            ReportRowAction::Change,
            ReportRowAction::Refused,
            ReportRowAction::Unchanged
        ]
    );
    assert_eq!(p.rows[0].changes, ["status", "achievements"]);
    assert_eq!(
        p.rows[1].error.as_deref(),
        Some("fr.csv: row 3: the 2023 report of 200010 is submitted and waiting for review: the file's content differs, and a coordinator must return it before it can take a new revision")
    );
    assert!(report_import::apply(
        s,
        &db.actor,
        "tester",
        "fr.csv",
        file.as_bytes(),
        &o,
        &WriteScope::All
    )
    .is_err());
    // Without the submitted one's row, the rest applies.
    let file = "Commitment ID;Année;Statut;Réalisations\n\
                200009;2023;Terminé;Finished.\n\
                200011;2023;Completed;Done.\n";
    let r = report_import::apply(
        s,
        &db.actor,
        "tester",
        "fr.csv",
        file.as_bytes(),
        &o,
        &WriteScope::All,
    )
    .unwrap();
    assert_eq!((r.changed, r.unchanged, r.applied), (1, 1, true));
    let after = reports::get(s, &ra.id).unwrap();
    assert_eq!(after.content.status, ImplementationStatus::Completed);
    assert_eq!(after.content.achievements, "Finished.");
    assert_eq!(after.revision, 2);
    assert_eq!(after.review_state, ReviewState::Draft);
    let revisions = reports::revisions(s, &ra.id).unwrap();
    assert_eq!(
        revisions
            .iter()
            .map(|r| r.action.as_str())
            .collect::<Vec<_>>(),
        ["import", "create"]
    );
}

#[test]
fn empty_rows_are_skipped_and_cells_are_read_as_reports() {
    let db = TestDb::seeded();
    let s = db.app.store();
    let file = "No,Status,Progress,Progress (%),Evidence,Tags,Reported by\n\
                200009,,,,,,\n\
                200010,En curso,<p>Half way.</p>,45%,\"Plan|https://example.org/plan.pdf; https://example.org/site\",\"DTM, GBV\",Ana Pérez\n";
    let o = options(&[], Some(2022));
    let r = report_import::apply(
        s,
        &db.actor,
        "tester",
        "mixed.csv",
        file.as_bytes(),
        &o,
        &WriteScope::All,
    )
    .unwrap();
    assert_eq!((r.added, r.skipped, r.refused), (1, 1, 0));
    assert_eq!(r.rows[0].action, ReportRowAction::Skipped);
    let got = reports::find(s, &uuid_of(&db, "200010"), 2022)
        .unwrap()
        .unwrap();
    assert_eq!(got.content.status, ImplementationStatus::InProgress);
    assert_eq!(got.content.achievements, "Half way.");
    assert_eq!(got.content.progress, Some(45));
    assert_eq!(
        got.content.evidence,
        [
            EvidenceLink {
                title: "Plan".into(),
                url: "https://example.org/plan.pdf".into()
            },
            EvidenceLink {
                title: "https://example.org/site".into(),
                url: "https://example.org/site".into()
            },
        ]
    );
    assert_eq!(got.content.tags, ["DTM", "GBV"]);
    assert_eq!(got.author, "Ana Pérez");
    assert_eq!(got.updated_by, db.actor.name);
    assert!(reports::find(s, &uuid_of(&db, "200009"), 2022)
        .unwrap()
        .is_none());
}

#[test]
fn a_mapping_saved_with_an_apply_is_reused_by_name() {
    let db = TestDb::seeded();
    let path = db.dir.path().join("codes.csv");
    std::fs::write(&path, "Ref,Etat du projet,Texte\n200009,Fini,Done.\n").unwrap();
    let run = |extra: &[&str]| {
        ct(&db.path())
            .args(["import", "reports"])
            .arg(&path)
            .args(["--year", "2021", "--format", "json"])
            .args(extra)
            .output()
            .unwrap()
    };
    // No header names an ID: the person maps the columns, and what "Fini" means.
    let out = run(&[]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("codes.csv: no column is mapped to id (the columns are: Ref, Etat du projet, Texte); map a column to it"),
        "{}",
        stderr(&out)
    );
    let mapped = [
        "--map",
        "id=Ref",
        "--map",
        "status=Etat du projet",
        "--map",
        "achievements=Texte",
        "--value",
        "status:Fini=Completed",
    ];
    // A preview saves nothing.
    json(&run(&[&mapped[..], &["--save-mapping", "ngo"]].concat()));
    let names = import_mapping::saved_names(db.app.store(), ImportKind::Reports).unwrap();
    assert!(names.is_empty());
    let done = json(&run(
        &[&mapped[..], &["--save-mapping", "ngo", "--apply"]].concat()
    ));
    assert_eq!(done["added"], 1);
    let names = import_mapping::saved_names(db.app.store(), ImportKind::Reports).unwrap();
    assert_eq!(names, ["ngo"]);
    let again = json(&run(&["--mapping", "ngo"]));
    assert_eq!(again["unchanged"], 1);
    assert_eq!(again["mapping"]["values"]["status"]["Fini"], "Completed");
    let out = run(&["--mapping", "nope"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("there is no saved Reports mapping named \"nope\""),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_bad_flag_or_column_is_an_error_naming_it() {
    let db = TestDb::seeded();
    let path = db.dir.path().join("x.csv");
    std::fs::write(&path, "ID,Status\n200009,Completed\n").unwrap();
    let out = ct(&db.path())
        .args(["import", "reports"])
        .arg(&path)
        .args(["--year", "2023", "--map", "achievements=Narrative"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("x.csv: the column \"Narrative\" (mapped to achievements) is not in the file's header (ID, Status)"),
        "{}",
        stderr(&out)
    );
    let out = ct(&db.path())
        .args(["import", "reports"])
        .arg(&path)
        .args(["--map", "achievements"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("--map \"achievements\": expected FIELD=COLUMN"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn migration_11_keeps_every_revision_and_allows_import() {
    use commitment_tracker::store::migrations;
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    migrations::migrate_to(&conn, 9).unwrap();
    // With foreign keys off, the revisions need no report here.
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         INSERT INTO report_revisions (id, report_id, revision, content, actor, action, restored_from, created_at)
         VALUES ('rev-1', 'r', 1, '{}', 'Ana', 'create', NULL, '2024-01-01T00:00:00Z'),
                ('rev-2', 'r', 2, '{}', 'Ana', 'restore', 1, '2024-01-02T00:00:00Z');",
    )
    .unwrap();
    migrations::migrate(&conn).unwrap();
    type Row = (String, i32, String, Option<i32>, Option<String>);
    let rows: Vec<Row> = conn
        .prepare("SELECT id, revision, action, restored_from, source FROM report_revisions ORDER BY revision")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        rows,
        [
            ("rev-1".to_owned(), 1, "create".to_owned(), None, None),
            ("rev-2".to_owned(), 2, "restore".to_owned(), Some(1), None),
        ]
    );
    conn.execute(
        "INSERT INTO report_revisions (id, report_id, revision, content, actor, action, source, created_at)
         VALUES ('rev-3', 'r', 3, '{}', 'Ana', 'import', 'history.csv', '2024-01-03T00:00:00Z')",
        [],
    )
    .unwrap();
    assert!(conn
        .execute(
            "INSERT INTO report_revisions (id, report_id, revision, content, actor, action, created_at)
             VALUES ('rev-4', 'r', 4, '{}', 'Ana', 'merge', '2024-01-04T00:00:00Z')",
            [],
        )
        .is_err());
    assert!(conn
        .execute(
            "INSERT INTO report_revisions (id, report_id, revision, content, actor, action, created_at)
             VALUES ('rev-5', 'r', 3, '{}', 'Ana', 'update', '2024-01-04T00:00:00Z')",
            [],
        )
        .is_err(), "(report, revision) stays unique");
}

#[test]
fn the_ui_commands_propose_then_import() {
    use crate::support::dispatch;
    use base64::Engine;
    use serde_json::json;
    let db = TestDb::seeded();
    let csv = "Progress report 2023,,\nCódigo,Estado,Logros\n200009,Completado,Hecho.\n200010,retrasado,Tarde.\n";
    let source = json!({
        "name": "es.csv",
        "contentBase64": base64::engine::general_purpose::STANDARD.encode(csv),
    });
    let p = dispatch(
        &db.app,
        "propose_mapping",
        json!({"source": source, "kind": "Reports"}),
    )
    .unwrap();
    assert_eq!(p["headerRow"], 2);
    assert_eq!(p["columns"], json!(["Código", "Estado", "Logros"]));
    assert_eq!(
        p["mapping"]["fields"],
        json!({"achievements": ["Logros"], "id": ["Código"], "status": ["Estado"]})
    );
    assert_eq!(
        p["mapping"]["values"],
        json!({"status": {"Completado": "Completed"}})
    );
    assert_eq!(p["unmappedValues"], json!({"status": ["retrasado"]}));
    assert_eq!(p["missingFields"], json!([]));
    assert_eq!(
        p["rows"][0],
        json!({"row": 3, "values": {"achievements": "Hecho.", "id": "200009", "status": "Completed"}})
    );
    let r = dispatch(
        &db.app,
        "import_reports",
        json!({
            "source": source,
            "apply": true,
            "options": {
                "year": 2023,
                "saveMapping": "es",
                "choice": {"mapping": {"values": {"status": {"retrasado": "InProgress"}}}},
            },
        }),
    )
    .unwrap();
    assert_eq!((&r["added"], &r["applied"]), (&json!(2), &json!(true)));
    let names = dispatch(&db.app, "list_import_mappings", json!({"kind": "Reports"})).unwrap();
    assert_eq!(names, json!(["es"]));
}

#[test]
fn a_year_typed_as_an_excel_date_is_read_as_its_year() {
    let db = TestDb::seeded();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let sheet = wb.add_worksheet();
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    for (c, h) in ["ID", "Reporting year", "Status"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_number(1, 0, 200009.0).unwrap();
    let day = rust_xlsxwriter::ExcelDateTime::from_ymd(2022, 12, 31).unwrap();
    sheet.write_datetime_with_format(1, 1, &day, &date).unwrap();
    sheet.write_string(1, 2, "Completed").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let r = report_import::apply(
        db.app.store(),
        &db.actor,
        "tester",
        "dated.xlsx",
        &bytes,
        &ReportImportOptions::default(),
        &WriteScope::All,
    )
    .unwrap();
    assert_eq!(r.added, 1);
    assert_eq!(r.rows[0].year, Some(2022));
    assert_eq!(r.rows[0].commitment_id, "200009");
}
