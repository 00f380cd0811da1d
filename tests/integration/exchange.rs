//! Exports read back with real readers (csv, calamine), bundles round-tripped and merged, and
//! bad imports refused with the file, row and column named, changing nothing.

use std::path::Path;

use calamine::{Data, Reader};
use commitment_tracker::domain::{
    Actor, Caller, CommitmentFilter, EvidenceLink, OpenCycle, ReportInput, ReviewAction,
};
use commitment_tracker::export::bundle;
use commitment_tracker::export::{ExportFormat, ExportScope, Job};
use commitment_tracker::services::bundle_import::{self, BundleImport, Importer, Resolution, Take};
use commitment_tracker::services::exchange::{self, CatalogueImportRequest, FileSource};
use commitment_tracker::services::{commitments, cycles, reports};
use commitment_tracker::{App, ErrorKind, OpenOptions};

use crate::support::{crs, transformations, TestDb};

const HOSTILE: [&str; 6] = [
    "=HYPERLINK(\"http://evil\",\"x\")",
    "+SUM(A1)",
    "-2+3",
    "@cmd",
    "\tTabbed",
    "\rReturn",
];

fn input(achievements: &str, challenges: &str) -> ReportInput {
    ReportInput {
        status: "Substantial progress".into(),
        achievements: achievements.into(),
        challenges: challenges.into(),
        next_steps: "Étendre le suivi à la région des Grands Lacs; ampliar la cobertura.".into(),
        evidence: vec![EvidenceLink {
            title: "DTM portal".into(),
            url: "https://example.org/dtm".into(),
        }],
        progress: Some(70),
        tags: vec!["DTM".into()],
    }
}

fn id(db: &TestDb, public: &str) -> String {
    commitments::find_by_commitment_id(db.app.store(), None, public)
        .unwrap()
        .id
}

/// Reports with revisions, review history, a cycle and audit entries.
fn populated() -> TestDb {
    let db = TestDb::seeded();
    let s = db.app.store();
    let co = Actor::coordinator("Carla");
    let r = reports::create(
        s,
        &db.actor,
        "fp",
        &id(&db, "200009"),
        2019,
        &input("Trained **120** enumerators.", "Access."),
    )
    .unwrap();
    let r = reports::update(
        s,
        &db.actor,
        "fp",
        &r.id,
        r.version,
        &input("Trained **120** enumerators in 6 countries.", "Access."),
    )
    .unwrap();
    let r = reports::review(s, &db.actor, &r.id, r.version, ReviewAction::Submit, None).unwrap();
    reports::review(s, &co, &r.id, r.version, ReviewAction::Approve, None).unwrap();
    reports::create(
        s,
        &db.actor,
        "fp",
        &id(&db, "200003"),
        2019,
        &input(HOSTILE[0], HOSTILE[1]),
    )
    .unwrap();
    reports::create(
        s,
        &db.actor,
        "fp",
        &id(&db, "200003"),
        2018,
        &input("-5", HOSTILE[3]),
    )
    .unwrap();
    cycles::open(
        s,
        &co,
        &OpenCycle {
            year: 2019,
            deadline: "2020-03-31".into(),
        },
    )
    .unwrap();
    db
}

/// A bundle import by `actor` (account "tester", file "b.json").
fn import_bundle(
    store: &commitment_tracker::store::Store,
    actor: &Actor,
    b: &bundle::Bundle,
    resolutions: &[Resolution],
    dry_run: bool,
) -> Result<BundleImport, commitment_tracker::Error> {
    let by = Importer {
        actor,
        account: "tester",
        source: "b.json",
    };
    bundle_import::import(store, by, b, resolutions, dry_run)
}

/// A value as its JSON string (what the window receives).
fn as_json(v: &impl serde::Serialize) -> String {
    serde_json::to_value(v)
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned()
}

fn export(db: &TestDb, format: ExportFormat, scope: &ExportScope, bom: bool, path: &Path) {
    exchange::export_to(&db.app, format, scope, bom, path, &Job::unwatched()).unwrap();
}

#[test]
fn a_bundle_restored_into_an_empty_database_exports_byte_identical() {
    let db = populated();
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.json");
    export(
        &db,
        ExportFormat::Json,
        &ExportScope::default(),
        false,
        &first,
    );

    let fresh = App::open(
        crate::support::fresh_db(dir.path(), "fresh"),
        OpenOptions {
            seed: false,
            ..Default::default()
        },
    )
    .unwrap();
    let bytes = std::fs::read(&first).unwrap();
    let b = bundle::parse("first.json", &bytes).unwrap();
    let preview = import_bundle(fresh.store(), &Actor::new("Ben"), &b, &[], true).unwrap();
    assert_eq!(as_json(&preview.mode), "restore");
    assert_eq!(preview.restored["reports"], 3);
    assert_eq!(preview.restored["report_revisions"], 4);
    assert!(
        commitments::list(fresh.store(), &CommitmentFilter::default())
            .unwrap()
            .is_empty(),
        "a dry run keeps nothing"
    );
    import_bundle(fresh.store(), &Actor::new("Ben"), &b, &[], false).unwrap();

    let second = dir.path().join("second.json");
    exchange::export_to(
        &fresh,
        ExportFormat::Json,
        &ExportScope::default(),
        false,
        &second,
        &Job::unwatched(),
    )
    .unwrap();
    assert_eq!(
        std::fs::read(&second).unwrap(),
        bytes,
        "restore → export must give the same bytes"
    );
    // And the restored copy works: search, history, locks.
    let r = reports::find(fresh.store(), &id(&db, "200009"), 2019)
        .unwrap()
        .unwrap();
    assert_eq!(reports::revisions(fresh.store(), &r.id).unwrap().len(), 2);
    let e = reports::update(
        fresh.store(),
        &Actor::new("Ben"),
        "ben",
        &r.id,
        r.version,
        &input("x", "y"),
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Locked);
}

#[test]
fn csv_holds_every_field_and_neutralises_formulas() {
    let db = populated();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.csv");
    export(
        &db,
        ExportFormat::Csv,
        &ExportScope {
            from_year: Some(2018),
            to_year: Some(2019),
            ..Default::default()
        },
        true,
        &path,
    );
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "BOM for Excel");
    let mut rdr = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[0], "Commitment ID");
    assert_eq!(header.len(), 20);
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let keys: Vec<(&str, &str)> = rows.iter().map(|r| (&r[0], &r[5])).collect();
    assert_eq!(
        keys,
        [("200003", "2018"), ("200003", "2019"), ("200009", "2019")]
    );
    let r = &rows[2];
    assert_eq!(
        (&r[1], &r[2], &r[3], &r[4]),
        ("IOM", "Operational", "WHS", "3;3D")
    );
    assert_eq!(
        (&r[6], &r[7], &r[8]),
        ("Substantial progress", "70", "Approved")
    );
    assert_eq!(&r[9], "Trained **120** enumerators in 6 countries.");
    assert_eq!(
        &r[11],
        "Étendre le suivi à la région des Grands Lacs; ampliar la cobertura."
    );
    assert_eq!(&r[12], "DTM portal <https://example.org/dtm>");
    assert!(r[15].ends_with('Z'));
    assert_eq!(&rows[1][4], "3;4;3A?;4B", "inferred links marked");
    assert_eq!(&rows[1][19], "yes");
    // Formula injection: text that a spreadsheet would run is prefixed; numbers are not.
    assert_eq!(&rows[1][9], "'=HYPERLINK(\"http://evil\",\"x\")");
    assert_eq!(&rows[1][10], "'+SUM(A1)");
    assert_eq!(&rows[0][9], "-5", "a number stays a number");
    assert_eq!(&rows[0][10], "'@cmd");
    for (raw, safe) in [
        (HOSTILE[2], "'-2+3"),
        (HOSTILE[4], "'\tTabbed"),
        (HOSTILE[5], "'\rReturn"),
        ("+3.5", "+3.5"),
        ("plain", "plain"),
    ] {
        assert_eq!(commitment_tracker::export::cells::neutralise(raw), safe);
    }
}

#[test]
fn xlsx_has_formatted_sheets_with_text_as_text_and_dates_as_dates() {
    let db = populated();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.xlsx");
    export(
        &db,
        ExportFormat::Xlsx,
        &ExportScope {
            from_year: Some(2019),
            to_year: Some(2019),
            ..Default::default()
        },
        false,
        &path,
    );
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(wb.sheet_names(), ["Reports", "Catalogue", "Summary"]);
    let reports = wb.worksheet_range("Reports").unwrap();
    assert_eq!(reports.height(), 3, "header + 2 reports of 2019");
    assert_eq!(
        reports.get((0, 9)),
        Some(&Data::String("Achievements".into()))
    );
    assert_eq!(reports.get((1, 0)), Some(&Data::String("200003".into())));
    assert_eq!(
        reports.get((1, 5)),
        Some(&Data::Float(2019.0)),
        "years are numbers"
    );
    assert_eq!(
        reports.get((1, 7)),
        Some(&Data::Float(70.0)),
        "progress is a number"
    );
    assert_eq!(
        reports.get((1, 9)),
        Some(&Data::String(HOSTILE[0].into())),
        "a formula-like text is a string cell"
    );
    assert!(
        matches!(reports.get((1, 15)), Some(Data::DateTime(_))),
        "{:?}",
        reports.get((1, 15))
    );
    let formulas = wb.worksheet_formula("Reports").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formula anywhere"
    );
    let cat = wb.worksheet_range("Catalogue").unwrap();
    assert_eq!(cat.height(), 20);
    let summary = wb.worksheet_range("Summary").unwrap();
    assert_eq!(summary.get((1, 0)), Some(&Data::String("All".into())));
    assert_eq!(summary.get((1, 2)), Some(&Data::Float(19.0)));
    assert_eq!(summary.get((1, 3)), Some(&Data::Float(2.0)));
    // One meaning of "reported" (submitted or approved), one heading each.
    let headers: Vec<String> = (0..summary.width())
        .map(|c| {
            summary
                .get((0, c))
                .map(|d| d.to_string())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(headers[3], "With a report");
    assert_eq!(headers[4], "Reported (submitted or approved)");
    let mut unique = headers.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        headers.len(),
        "no two columns share a heading: {headers:?}"
    );
    assert!(headers.contains(&"Review: Submitted".to_owned()));
}

#[test]
fn the_annual_report_in_markdown_groups_by_core_responsibility_and_transformation() {
    let db = populated();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("annual.md");
    export(
        &db,
        ExportFormat::Markdown,
        &ExportScope {
            to_year: Some(2019),
            ..Default::default()
        },
        false,
        &path,
    );
    let md = std::fs::read_to_string(&path).unwrap();
    assert!(md.starts_with("# Annual self-report 2019 — International Organization for Migration"));
    assert!(md.contains("2 of 19 commitments have a report for 2019"));
    assert!(md.contains("## Core responsibility 3: Leave No One Behind"));
    assert!(md.contains("### 3D Empower and protect women and girls"));
    assert!(md.contains("Trained **120** enumerators in 6 countries."));
    // 200003 appears under 3A (inferred) and 4B, each time marked.
    assert_eq!(md.matches("#### Commitment 200003").count(), 2);
    assert!(md.contains("*Linked to 3A by inference; to be confirmed.*"));
    assert!(md.contains("*Also reported under Core responsibility 4 / 4B.*"));
    assert!(md.contains("**No report for 2019.**"));
}

#[test]
fn a_failed_or_cancelled_export_leaves_no_half_file() {
    let db = populated();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.csv");
    std::fs::write(&path, "the previous export").unwrap();
    let job = Job::unwatched();
    job.cancel();
    let e = exchange::export_to(
        &db.app,
        ExportFormat::Csv,
        &ExportScope::default(),
        false,
        &path,
        &job,
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Cancelled);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "the previous export"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left behind"
    );
    let e = exchange::export_to(
        &db.app,
        ExportFormat::Csv,
        &ExportScope::default(),
        false,
        &dir.path().join("missing/dir/r.csv"),
        &Job::unwatched(),
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Io);
    let e = exchange::export_to(
        &db.app,
        ExportFormat::Csv,
        &ExportScope {
            from_year: Some(2020),
            to_year: Some(2019),
            ..Default::default()
        },
        false,
        &path,
        &Job::unwatched(),
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("fromYear"));
}

#[test]
fn a_csv_of_thousands_of_reports_keeps_every_row_in_order_and_a_full_disk_is_an_error() {
    // More rows than one batch of the writing thread (1,000), in several organisations.
    let db = TestDb::empty();
    let s = db.app.store();
    let made = commitment_tracker::services::generate::generate(
        s,
        commitment_tracker::services::generate::Scale {
            commitments: 900,
            organisations: 5,
            reports: 2_600,
            years: 4,
            narrative_chars: 80,
            seed: 11,
        },
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("all.csv");
    export(
        &db,
        ExportFormat::Csv,
        &ExportScope::default(),
        false,
        &path,
    );
    let mut rdr = csv::Reader::from_path(&path).unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len() as u32, made.reports);
    // Organisation, then Commitment ID (shorter first), then year: the export's order.
    let key = |r: &csv::StringRecord| {
        (
            r[1].to_owned(),
            r[0].len(),
            r[0].to_owned(),
            r[5].parse::<i32>().unwrap(),
        )
    };
    assert!(
        rows.windows(2).all(|w| key(&w[0]) < key(&w[1])),
        "rows in order, none twice"
    );
    assert!(rows.iter().all(|r| r.len() == 20 && !r[9].is_empty()));

    // /dev/full refuses every write as a full disk does: an I/O error, not a hang or a panic.
    let mut full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let e = commitment_tracker::export::csv::write(
        s,
        &ExportScope::default(),
        false,
        &Job::unwatched(),
        &mut full,
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Io, "{e}");

    // Text that is not UTF-8 (written by another program) stops the export with an error and
    // leaves no file, rather than passing bytes Excel would garble. (PostgreSQL stores none.)
    if crate::support::skip_on_postgres("text that is not UTF-8") {
        return;
    }
    let raw = rusqlite::Connection::open(db.path()).unwrap();
    raw.execute(
        "UPDATE reports SET next_steps = CAST(X'C328' AS TEXT)
          WHERE rowid = (SELECT max(rowid) FROM reports)",
        [],
    )
    .unwrap();
    let bad = dir.path().join("bad.csv");
    let e = exchange::export_to(
        &db.app,
        ExportFormat::Csv,
        &ExportScope::default(),
        false,
        &bad,
        &Job::unwatched(),
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Storage, "{e}");
    assert!(!bad.exists());
}

fn catalogue_import(
    db: &TestDb,
    name: &str,
    bytes: &[u8],
    apply: bool,
) -> Result<
    commitment_tracker::services::catalogue_import::CatalogueImport,
    commitment_tracker::Error,
> {
    commitment_tracker::services::catalogue_import::import(
        db.app.store(),
        &db.actor,
        name,
        bytes,
        &Default::default(),
        apply,
    )
}

fn snapshot(db: &TestDb) -> Vec<u8> {
    let mut out = Vec::new();
    commitment_tracker::services::bundle_export::write(db.app.store(), &Job::unwatched(), &mut out)
        .unwrap();
    out
}

#[test]
fn a_catalogue_import_previews_row_by_row_then_applies_all_or_nothing() {
    let db = TestDb::seeded();
    let csv = "Commitment ID,Type,Core responsibilities,Description,Transformations\n\
        300001,Policy,CR2,\"IOM commits to a new PSEA policy, with training.\",2D\n\
        300002,operational,\"Leave No One Behind; Change People's Lives: From Delivering Aid to Ending Need\",IOM commits to X.,3A?;4B\n\
        200012,Operational,4,IOM commits to reinforce its long term perspective to climate change by introducing environmental markers and streamlining environment considerations in its programming.,4B\n\
        200006,Advocacy,4,\"IOM commits to developing a set of policy and guidance frameworks governing the use of its cash based approach, from both a programmatic and technical standpoint.\",4A\n";
    let before = snapshot(&db);
    let p = catalogue_import(&db, "new.csv", csv.as_bytes(), false).unwrap();
    assert_eq!(
        (p.added, p.changed, p.unchanged, p.refused, p.applied),
        (2, 1, 1, 0, false)
    );
    let actions: Vec<String> = p
        .rows
        .iter()
        .map(|r| {
            format!(
                "{} {} {:?} {}",
                r.row,
                r.commitment_id,
                r.action,
                r.changes.join("+")
            )
        })
        .collect();
    assert_eq!(
        actions,
        [
            "2 300001 Add ",
            "3 300002 Add ",
            "4 200012 Unchanged ",
            "5 200006 Change type"
        ]
    );
    assert_eq!(snapshot(&db), before, "a preview changes nothing");

    let r = catalogue_import(&db, "new.csv", csv.as_bytes(), true).unwrap();
    assert!(r.applied);
    let c = commitments::find_by_commitment_id(db.app.store(), None, "300002").unwrap();
    assert_eq!(crs(&c.categories), [3, 4]);
    assert_eq!(
        transformations(&c.categories)
            .iter()
            .map(|l| (l.code.as_str(), l.inferred))
            .collect::<Vec<_>>(),
        [("3A", true), ("4B", false)]
    );
    assert_eq!(
        commitments::find_by_commitment_id(db.app.store(), None, "200006")
            .unwrap()
            .kind
            .as_str(),
        "Advocacy"
    );
    // Importing the same file again changes nothing.
    let again = catalogue_import(&db, "new.csv", csv.as_bytes(), true).unwrap();
    assert_eq!((again.added, again.changed, again.unchanged), (0, 0, 4));
}

#[test]
fn xlsx_and_json_catalogues_import_too() {
    let db = TestDb::seeded();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in [
        "Commitment ID",
        "Type",
        "Core responsibilities",
        "Description",
        "Organisation",
        "Organisation name",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_number(1, 0, 400001.0).unwrap();
    ws.write_string(1, 1, "Financial").unwrap();
    ws.write_number(1, 2, 5.0).unwrap();
    ws.write_string(1, 3, "UNHCR commits to multi-year funding.")
        .unwrap();
    ws.write_string(1, 4, "UNHCR").unwrap();
    ws.write_string(1, 5, "UN Refugee Agency").unwrap();
    wb.save(&path).unwrap();
    let r = catalogue_import(&db, "c.xlsx", &std::fs::read(&path).unwrap(), true).unwrap();
    assert_eq!((r.added, r.refused), (1, 0));
    let c = commitments::find_by_commitment_id(db.app.store(), Some("UNHCR"), "400001").unwrap();
    assert_eq!(
        (c.organisation_name.as_str(), c.kind.as_str()),
        ("UN Refugee Agency", "Financial")
    );

    let json = commitment_tracker::services::seed::IOM_WHS_2019;
    let r = catalogue_import(&db, "iom.json", json.as_bytes(), false).unwrap();
    assert_eq!((r.unchanged, r.refused), (19, 0));
}

#[test]
fn bad_catalogue_files_are_refused_naming_file_row_and_column_and_change_nothing() {
    let db = TestDb::seeded();
    let before = snapshot(&db);
    let big = vec![b'a'; 50 * 1024 * 1024];
    let mut junk = vec![0xffu8, 0xfe, 0x00, 0x9c];
    junk.extend((0..4000u32).map(|i| (i * 7919 % 251) as u8));
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "wrong.csv",
            b"ID,Kind,Area\n1,2,3\n".to_vec(),
            "wrong.csv: no column is mapped to description (the columns are: ID, Kind, Area)",
        ),
        (
            "missing.csv",
            b"Commitment ID,Description\n1,x\n".to_vec(),
            "missing.csv: row 2: type \"\" is not one of Operational, Policy, Advocacy, Financial",
        ),
        ("empty.csv", Vec::new(), "empty.csv: the file is empty"),
        (
            "header.csv",
            b"Commitment ID,Type,Core responsibilities,Description\n".to_vec(),
            "header but no commitments",
        ),
        ("junk.csv", junk.clone(), "junk.csv: row"),
        ("big.csv", big, "big.csv: the file is larger than 20 MB"),
        (
            "broken.xlsx",
            b"PK\x03\x04 this is no workbook".to_vec(),
            "broken.xlsx: not a readable XLSX workbook",
        ),
        ("junk.xlsx", junk, "junk.xlsx: not a readable XLSX workbook"),
        (
            "bad.json",
            b"{\"format\": 1".to_vec(),
            "bad.json: not a catalogue file (line 1",
        ),
        (
            "notes.pdf",
            b"%PDF".to_vec(),
            "notes.pdf: the file must be .csv, .xlsx or .json",
        ),
    ];
    for (name, bytes, needle) in cases {
        let e = catalogue_import(&db, name, &bytes, true).unwrap_err();
        assert!(e.to_string().contains(needle), "{name}: {e}");
        let field = if name == "wrong.csv" {
            "mapping"
        } else {
            "file"
        };
        assert_eq!(e.field(), Some(field), "{name}");
    }
    // Row-level refusals: the preview names row and column; applying refuses the whole file.
    let csv = "Commitment ID,Type,Core responsibilities,Description\n\
        300001,Policy,2,ok\n\
        300002,Humanitarian,2,bad type\n\
        300001,Policy,2,duplicate\n\
        300003,Policy,7,bad cr\n\
        ,Policy,2,no id\n";
    let p = catalogue_import(&db, "rows.csv", csv.as_bytes(), false).unwrap();
    let refused: Vec<(u32, Option<&str>)> = p
        .rows
        .iter()
        .filter(|r| r.error.is_some())
        .map(|r| (r.row, r.column.as_deref()))
        .collect();
    assert_eq!(
        refused,
        [
            (3, Some("Type")),
            (4, Some("Commitment ID")),
            (5, Some("Core responsibilities")),
            (6, Some("Commitment ID"))
        ]
    );
    assert!(p.rows[2]
        .error
        .as_deref()
        .unwrap()
        .contains("first on row 2"));
    let e = catalogue_import(&db, "rows.csv", csv.as_bytes(), true).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("rows.csv: row 3, column Type: type \"Humanitarian\""),
        "{e}"
    );
    assert!(e
        .to_string()
        .contains("4 row(s) refused; nothing was imported"));
    assert_eq!(snapshot(&db), before, "nothing changed");
}

fn bundle_of(db: &TestDb) -> bundle::Bundle {
    bundle::parse("b.json", &snapshot(db)).unwrap()
}

#[test]
fn bundles_from_a_colleague_merge_by_uuid_and_conflicts_are_never_overwritten() {
    let (mine, theirs) = (TestDb::seeded(), TestDb::seeded());
    let (me, colleague) = (Actor::new("Me"), Actor::new("Colleague"));
    // The colleague writes 2019 for 200009 in their own copy.
    let c_theirs = id(&theirs, "200009");
    let r = reports::create(
        theirs.app.store(),
        &colleague,
        "c",
        &c_theirs,
        2019,
        &input("Colleague's first text.", ""),
    )
    .unwrap();
    let b = bundle_of(&theirs);
    let added = import_bundle(mine.app.store(), &me, &b, &[], false).unwrap();
    assert_eq!(
        (as_json(&added.mode), added.reports_added),
        ("merge".to_owned(), 1)
    );
    let again = import_bundle(mine.app.store(), &me, &b, &[], false).unwrap();
    assert_eq!(
        (
            again.reports_added,
            again.reports_updated,
            again.reports_unchanged
        ),
        (0, 0, 1),
        "twice changes nothing"
    );
    let local = reports::get(mine.app.store(), &r.id).unwrap();
    assert_eq!(
        local.commitment,
        id(&mine, "200009"),
        "mapped onto my copy's commitment"
    );

    // They edit again: my copy fast-forwards, history included.
    let r2 = reports::update(
        theirs.app.store(),
        &colleague,
        "c",
        &r.id,
        r.version,
        &input("Colleague's second text.", ""),
    )
    .unwrap();
    let ff = import_bundle(mine.app.store(), &me, &bundle_of(&theirs), &[], false).unwrap();
    assert_eq!(ff.reports_updated, 1);
    assert_eq!(
        reports::revisions(mine.app.store(), &r.id).unwrap().len(),
        2
    );

    // Both edit: a conflict, shown, not applied until decided.
    let l = reports::get(mine.app.store(), &r.id).unwrap();
    reports::update(
        mine.app.store(),
        &me,
        "me",
        &l.id,
        l.version,
        &input("My text.", ""),
    )
    .unwrap();
    reports::update(
        theirs.app.store(),
        &colleague,
        "c",
        &r2.id,
        r2.version,
        &input("Their third text.", ""),
    )
    .unwrap();
    let b3 = bundle_of(&theirs);
    let c = import_bundle(mine.app.store(), &me, &b3, &[], false).unwrap();
    assert_eq!(c.conflicts.len(), 1);
    assert_eq!(as_json(&c.conflicts[0].outcome), "unresolved");
    assert_eq!(c.conflicts[0].mine.achievements, "My text.");
    assert_eq!(c.conflicts[0].theirs.achievements, "Their third text.");
    assert_eq!(
        reports::get(mine.app.store(), &r.id)
            .unwrap()
            .content
            .achievements,
        "My text."
    );
    let kept = import_bundle(
        mine.app.store(),
        &me,
        &b3,
        &[Resolution {
            report_id: r.id.clone(),
            take: Take::Mine,
        }],
        false,
    )
    .unwrap();
    assert_eq!(as_json(&kept.conflicts[0].outcome), "kept mine");
    let took = import_bundle(
        mine.app.store(),
        &me,
        &b3,
        &[Resolution {
            report_id: r.id.clone(),
            take: Take::Theirs,
        }],
        false,
    )
    .unwrap();
    assert_eq!(as_json(&took.conflicts[0].outcome), "took theirs");
    let now = reports::get(mine.app.store(), &r.id).unwrap();
    assert_eq!(now.content.achievements, "Their third text.");
    let history: Vec<String> = reports::revisions(mine.app.store(), &r.id)
        .unwrap()
        .iter()
        .map(|v| v.actor.clone())
        .collect();
    assert_eq!(
        history.len(),
        4,
        "my text stays in the history: {history:?}"
    );

    // Two copies that each wrote the same year independently: a conflict too.
    let other = TestDb::seeded();
    reports::create(
        other.app.store(),
        &colleague,
        "c",
        &id(&other, "200009"),
        2019,
        &input("Independent.", ""),
    )
    .unwrap();
    let ind = import_bundle(mine.app.store(), &me, &bundle_of(&other), &[], true).unwrap();
    assert_eq!(ind.conflicts.len(), 1);
    assert!(ind.dry_run);
}

#[test]
fn bad_bundles_are_refused() {
    let db = TestDb::seeded();
    for (bytes, needle) in [
        (b"{}".to_vec(), "not a Commitment Tracker bundle"),
        (br#"{"format":"other","formatVersion":1,"schemaVersion":1,"tables":{}}"#.to_vec(), "the format is \"other\""),
        (br#"{"format":"commitment-tracker/bundle","formatVersion":9,"schemaVersion":1,"tables":{}}"#.to_vec(), "newer version"),
        (br#"{"format":"commitment-tracker/bundle","formatVersion":1,"schemaVersion":1,"tables":{"users":[]}}"#.to_vec(), "unknown table \"users\""),
    ] {
        let e = bundle::parse("x.json", &bytes).unwrap_err();
        assert!(e.to_string().contains(needle), "{e}");
    }
    let evil = br#"{"format":"commitment-tracker/bundle","formatVersion":1,"schemaVersion":1,"tables":{"organisations":[{"id":"x","code":"X","name":"X","created_at":"t","updated_at":"t","evil; DROP TABLE reports":1}]}}"#;
    let b = bundle::parse("evil.json", evil).unwrap();
    let e = import_bundle(db.app.store(), &db.actor, &b, &[], false).unwrap_err();
    assert!(e.to_string().contains("unknown field"), "{e}");
}

#[test]
fn browser_mode_uploads_and_downloads() {
    let db = populated();
    let src = FileSource {
        name: "c.csv".into(),
        path: None,
        content_base64: Some(base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            b"Commitment ID,Type,Core responsibilities,Description\n300001,Policy,2,Text\n",
        )),
        upload_id: None,
    };
    let r = exchange::import_catalogue(
        &db.app,
        &Caller::Local,
        &CatalogueImportRequest {
            source: src,
            apply: false,
            options: Default::default(),
        },
    )
    .unwrap();
    assert_eq!(r.added, 1);
    let out = exchange::export(
        &db.app,
        &Caller::Local,
        &exchange::ExportRequest {
            job_id: "j1".into(),
            format: ExportFormat::Csv,
            scope: ExportScope::default(),
            path: None,
            bom: false,
        },
    )
    .unwrap();
    assert_eq!(
        out.file_name,
        format!("reports-2016-{}.csv", reports::current_year() + 1)
    );
    let id = out.download_id.as_deref().unwrap();
    let transfers = db.app.transfers();
    assert_eq!(transfers.take_download(id, "someone else"), None);
    let (path, name) = transfers.take_download(id, db.app.local_account()).unwrap();
    assert_eq!(name, out.file_name);
    assert!(std::fs::read_to_string(&path).unwrap().contains("200009"));
    assert!(
        transfers
            .take_download(id, db.app.local_account())
            .is_none(),
        "served once"
    );
}

/// Text of a PDF, by poppler's pdftotext (installed by scripts/setup-debian.sh).
fn pdftotext(path: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed: scripts/setup-debian.sh installs it");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn pdf_pages(path: &Path) -> u32 {
    let out = std::process::Command::new("pdfinfo")
        .arg(path)
        .output()
        .expect("pdfinfo (poppler-utils)");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in {text}"))
}

#[test]
fn the_annual_report_pdf_is_typeset_with_headings_narratives_and_page_numbers() {
    let db = populated();
    let s = db.app.store();
    // A long narrative with accents and a hostile one.
    let long = "Les déplacés ont reçu une aide; niñas y niños atendidos en la región. ".repeat(400);
    let r = reports::create(
        s,
        &db.actor,
        "fp",
        &id(&db, "200011"),
        2019,
        &input(&long, "<script>alert(1)</script> [x](javascript:alert(1))"),
    )
    .unwrap();
    assert_eq!(r.year, 2019);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("annual.pdf");
    export(
        &db,
        ExportFormat::Pdf,
        &ExportScope {
            to_year: Some(2019),
            ..Default::default()
        },
        false,
        &path,
    );
    assert!(std::fs::read(&path).unwrap().starts_with(b"%PDF-"));
    let text = pdftotext(&path);
    for needle in [
        "Annual self-report 2019",
        "International Organization for Migration",
        "3 of 19 commitments have a report for 2019",
        "Core responsibility 3: Leave No One Behind",
        "3D Empower and protect women and girls",
        "Commitment 200009 (Operational)",
        "Trained 120 enumerators in 6 countries.",
        "Étendre le suivi à la région des Grands Lacs; ampliar la cobertura.",
        "Linked to 3A by inference; to be confirmed.",
        "Also reported under Core responsibility 4 / 4B.",
        "<script>alert(1)</script>",
        "No report for 2019.",
    ] {
        assert!(
            text.contains(needle),
            "{needle:?} missing from the PDF text"
        );
    }
    assert!(text.contains("niñas y niños"), "accents survive");
    let pages = pdf_pages(&path);
    assert!(pages >= 10, "the long narrative flows over pages: {pages}");
    assert!(text.contains(&format!("2 / {pages}")), "page numbers");
    // Link annotations: the evidence links, and never a javascript: target.
    let out = std::process::Command::new("pdfinfo")
        .args(["-url"])
        .arg(&path)
        .output()
        .unwrap();
    let urls = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(urls.contains("https://example.org/dtm"), "{urls}");
    assert!(!urls.to_lowercase().contains("javascript"), "{urls}");
}

#[test]
fn markdown_for_the_pdf_keeps_html_as_text_and_only_safe_links() {
    use commitment_tracker::export::blocks::{parse, Block, Kind, Marker};
    let b = parse("Hi **there** [site](https://example.org) [x](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n- a\n  - b\n\n> quoted");
    let p = &b[0];
    let links: Vec<Option<&str>> = p.spans.iter().map(|s| s.link.as_deref()).collect();
    assert!(links.contains(&Some("https://example.org")));
    assert!(!links.iter().flatten().any(|l| l.contains("javascript")));
    assert!(p.spans.iter().any(|s| s.text == "x" && s.link.is_none()));
    assert!(
        p.spans
            .iter()
            .any(|s| s.text.contains("<img src=x onerror=alert(1)>")),
        "{:?}",
        p.spans
    );
    assert!(p.spans.iter().any(|s| s.text == "there" && s.strong));
    // The list and the quote, flattened: each item at its depth with its marker.
    assert_eq!(b.len(), 4);
    let place = |b: &Block| (b.kind, b.indent, b.marker.clone(), b.quotes.clone());
    let bullet = |indent| {
        Some(Marker {
            text: "•".to_owned(),
            indent,
        })
    };
    assert_eq!(place(&b[1]), (Kind::P, 1, bullet(1), vec![]));
    assert_eq!(place(&b[2]), (Kind::P, 2, bullet(2), vec![]));
    assert_eq!(place(&b[3]), (Kind::P, 1, None, vec![0]));
}

#[test]
fn an_export_counts_exactly_the_reports_it_writes_for_every_filter() {
    use commitment_tracker::store::export::{count_reports, for_each_report};
    let db = populated();
    let filters = [
        CommitmentFilter::default(),
        CommitmentFilter {
            include_retired: true,
            ..Default::default()
        },
        CommitmentFilter {
            kind: Some("Operational".into()),
            framework: Some("WHS".into()),
            category: Some(3.to_string()),
            ..Default::default()
        },
        CommitmentFilter {
            framework: Some("WHS".into()),
            category: Some("4b".into()),
            organisation: Some("iom".into()),
            ..Default::default()
        },
        CommitmentFilter {
            kind: Some("Advocacy".into()),
            ..Default::default()
        },
    ];
    let mut seen = Vec::new();
    for filter in &filters {
        for (from, to) in [(2016, 2030), (2019, 2019), (2031, 2040)] {
            let (counted, written) = db
                .app
                .store()
                .read(|conn| {
                    let counted = count_reports(conn, filter, from, to)?;
                    let mut written = 0u64;
                    for_each_report(conn, filter, from, to, |_| {
                        written += 1;
                        Ok(())
                    })?;
                    Ok((counted, written))
                })
                .unwrap();
            assert_eq!(counted, written, "{filter:?} {from}–{to}");
            seen.push(written);
        }
    }
    assert!(
        seen.iter().any(|&n| n > 1),
        "some scopes hold reports: {seen:?}"
    );
    assert!(seen.contains(&0), "and some none: {seen:?}");
}

/// `ct migrate` from this run's engine to the other and back: the JSON bundles of all three
/// databases are byte-identical, and a target that is not empty is refused.
#[test]
fn ct_migrate_round_trips_between_the_engines_with_identical_bundles() {
    let Some(cluster) = crate::support::postgres_cluster() else {
        eprintln!(
            "skipped without a PostgreSQL cluster (CT_TEST_PG): ct migrate needs both engines"
        );
        return;
    };
    let _ = cluster;
    let db = populated();
    let s = db.app.store();
    let c = id(&db, "200010");
    reports::create(
        s,
        &db.actor,
        "fp",
        &c,
        2020,
        &input(
            "تم تدريب ١٢٠ عدادًا — déplacement, 移民, ผู้ย้ายถิ่น 👨‍👩‍👧",
            "Accès.",
        ),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let bundle_of = |app: &App, name: &str| -> Vec<u8> {
        let p = dir.path().join(name);
        exchange::export_to(
            app,
            ExportFormat::Json,
            &ExportScope::default(),
            false,
            &p,
            &Job::unwatched(),
        )
        .unwrap();
        std::fs::read(p).unwrap()
    };
    let first = bundle_of(&db.app, "first.json");
    let file = dir.path().join("copy.sqlite3");
    let back = crate::support::fresh_db(dir.path(), "back");
    let migrate = |from: &Path, to: &Path| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_ct"))
            .args(["migrate", "--format", "json", "--from"])
            .arg(from)
            .arg("--to")
            .arg(to)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let there = migrate(&db.path(), &file);
    assert_eq!(there["tables"]["reports"]["rows"], 4);
    assert_eq!(
        there["tables"]["audit_log"]["rows"]
            .as_u64()
            .map(|n| n > 19),
        Some(true)
    );
    migrate(&file, &back);
    let on_file = App::open(
        &file,
        OpenOptions {
            seed: false,
            ..Default::default()
        },
    )
    .unwrap();
    let on_server = App::open(
        &back,
        OpenOptions {
            seed: false,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        bundle_of(&on_file, "file.json"),
        first,
        "PostgreSQL → SQLite"
    );
    assert_eq!(
        bundle_of(&on_server, "back.json"),
        first,
        "SQLite → PostgreSQL"
    );
    // Search works on the copy (its index is the target's own).
    let hits = commitment_tracker::services::search::search(
        on_server.store(),
        &commitment_tracker::domain::SearchQuery {
            text: "deplacement".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");

    // A target that holds data is refused, and keeps it.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ct"))
        .args(["migrate", "--from"])
        .arg(&file)
        .arg("--to")
        .arg(&back)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not empty"));
    assert_eq!(bundle_of(&on_server, "again.json"), first);
}
