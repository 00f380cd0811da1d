//! Frameworks as data: the WHS migration keeps everything, other frameworks take their own
//! levels, types and rules, from the services, the CLI and bundles.

use std::collections::BTreeSet;
use std::path::Path;

use commitment_tracker::domain::{
    CategoryInput, CategoryLink, CommitmentFilter, CommitmentInput, FrameworkInput, FrameworkUpdate,
};
use commitment_tracker::services::{catalogue, commitments, frameworks, search};
use commitment_tracker::{App, ErrorKind, OpenOptions};
use rusqlite::Connection;

use crate::support::{ct, stderr, stdout, TestDb};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/db/schema9.sqlite3"
);

/// Every row of a query, each as text, sorted (to compare tables before and after).
fn rows(conn: &Connection, sql: &str) -> BTreeSet<String> {
    let mut stmt = conn.prepare(sql).unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| {
        let cells: Vec<String> = (0..n)
            .map(|i| match r.get_ref(i).unwrap() {
                rusqlite::types::ValueRef::Null => "NULL".to_owned(),
                rusqlite::types::ValueRef::Integer(v) => v.to_string(),
                rusqlite::types::ValueRef::Real(v) => v.to_string(),
                rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                rusqlite::types::ValueRef::Blob(b) => format!("{b:?}"),
            })
            .collect();
        Ok(cells.join("|"))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

const UNCHANGED: [&str; 9] = [
    "SELECT * FROM organisations",
    "SELECT * FROM reports",
    "SELECT id, report_id, revision, content, actor, action, restored_from, created_at
       FROM report_revisions",
    "SELECT id, report_id, from_state, to_state, actor, role, comment, created_at
       FROM review_events",
    "SELECT id, at, actor, entity_type, entity_id, commitment_id, action, before, after
       FROM audit_log",
    "SELECT * FROM reporting_cycles",
    "SELECT * FROM user_settings",
    "SELECT * FROM autosaves",
    "SELECT rowid, kind, ref_id, commitment_id, year, code, body, tags FROM search_index",
];

#[test]
fn a_schema_9_database_keeps_every_record_through_the_framework_migration() {
    let dir = tempfile::tempdir().unwrap();
    if crate::support::skip_on_postgres("a schema-9 file") {
        return;
    }
    let path = dir.path().join("old.sqlite3");
    std::fs::copy(FIXTURE, &path).unwrap();
    let old = Connection::open(&path).unwrap();
    let version: u32 = old
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 9, "the fixture is a file of the schema-9 release");
    let before: Vec<BTreeSet<String>> = UNCHANGED.iter().map(|q| rows(&old, q)).collect();
    let commitments_before = rows(
        &old,
        "SELECT rowid, id, organisation_id, public_id, kind, description, retired_at, created_at,
                updated_at, created_by, updated_by, version FROM commitments",
    );
    let links_before = rows(
        &old,
        "SELECT commitment_id, core_responsibility_id, 0 FROM commitment_core_responsibilities
         UNION ALL
         SELECT commitment_id, transformation_id, inferred FROM commitment_transformations",
    );
    let inferred_before: i64 = old
        .query_row(
            "SELECT count(*) FROM commitment_transformations WHERE inferred = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(inferred_before > 0, "the fixture holds inferred links");
    assert!(
        commitments_before.iter().any(|c| c.contains("|2026-")),
        "the fixture holds a commitment added by hand"
    );
    drop(old);

    let app = App::open(
        &path,
        OpenOptions {
            seed: false,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(app.open_report().from_version, 9);
    assert!(
        app.open_report().pre_migration_backup.is_some(),
        "a copy is taken before migrating"
    );
    drop(app);

    let new = Connection::open(&path).unwrap();
    for (q, was) in UNCHANGED.iter().zip(&before) {
        assert_eq!(&rows(&new, q), was, "{q}");
    }
    let commitments_after = rows(
        &new,
        "SELECT c.rowid, c.id, c.organisation_id, c.public_id, c.kind, c.description,
                c.retired_at, c.created_at, c.updated_at, c.created_by, c.updated_by, c.version
           FROM commitments c",
    );
    assert_eq!(commitments_after, commitments_before);
    let in_whs: i64 = new
        .query_row(
            "SELECT count(*) FROM commitments c JOIN frameworks f ON f.id = c.framework_id
              WHERE f.code = 'WHS' AND c.title = ''",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(in_whs as usize, commitments_before.len());
    let links_after = rows(
        &new,
        "SELECT commitment_id, category_id, inferred FROM commitment_categories",
    );
    assert_eq!(
        links_after, links_before,
        "every link, inferred marks included"
    );
    let fk: i64 = new
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0);
    drop(new);

    // The app reads it: the hand-added commitment in four scripts, its links and its search.
    let app = App::open(&path, OpenOptions::default()).unwrap();
    let c = commitments::find_by_commitment_id(app.store(), None, "900001").unwrap();
    assert_eq!(c.framework, "WHS");
    let codes: Vec<&str> = c.categories.iter().map(|l| l.code.as_str()).collect();
    assert_eq!(codes, ["3", "4", "3A", "4B"]);
    let hits = search::search(
        app.store(),
        &commitment_tracker::domain::SearchQuery {
            text: "النازحين".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(
        !hits.is_empty(),
        "the search index still finds the Arabic text"
    );
}

fn ot() -> FrameworkInput {
    FrameworkInput {
        code: "OT".into(),
        name: "Other tracker".into(),
        description: String::new(),
        source: String::new(),
        levels: vec!["Theme".into(), "Milestone".into()],
        types: vec![],
        min_categories: 0,
        categories: vec![
            CategoryInput {
                code: "T1".into(),
                name: "Open data".into(),
                parent: None,
                reference_text: String::new(),
            },
            CategoryInput {
                code: "T1.1".into(),
                name: "Publish the register".into(),
                parent: Some("T1".into()),
                reference_text: String::new(),
            },
        ],
    }
}

fn in_ot(id: &str, categories: &[&str]) -> CommitmentInput {
    CommitmentInput {
        organisation: None,
        framework: Some("OT".into()),
        commitment_id: id.into(),
        title: "Open the register".into(),
        kind: String::new(),
        description: "The ministry commits to publish the register.".into(),
        categories: categories.iter().map(|c| CategoryLink::stated(c)).collect(),
        tags: vec!["open data".into()],
    }
}

#[test]
fn a_framework_without_types_or_required_categories_takes_its_own_commitments() {
    let db = TestDb::seeded();
    let s = db.app.store();
    let f = frameworks::create(s, &db.actor, &ot()).unwrap();
    assert_eq!(f.categories[1].level, 2);
    let c = commitments::create(s, &db.actor, &in_ot("OT-1", &[])).unwrap();
    assert_eq!((c.framework.as_str(), c.kind.as_str()), ("OT", ""));
    let c2 = commitments::create(s, &db.actor, &in_ot("OT-2", &["T1", "T1.1"])).unwrap();
    assert_eq!(c2.categories.len(), 2);
    // A WHS type, a child without its parent, a WHS category: refused on their fields.
    for (mut bad, field) in [
        (in_ot("OT-3", &[]), "type"),
        (in_ot("OT-4", &["T1.1"]), "categories"),
        (in_ot("OT-5", &["3"]), "categories"),
    ] {
        if field == "type" {
            bad.kind = "Policy".into();
        }
        let e = commitments::create(s, &db.actor, &bad).unwrap_err();
        assert_eq!(
            (e.kind(), e.field()),
            (ErrorKind::Validation, Some(field)),
            "{e}"
        );
    }
    let listed = db.ids(&CommitmentFilter {
        framework: Some("ot".into()),
        category: Some("T1".into()),
        ..Default::default()
    });
    assert_eq!(listed, ["OT-2"]);
    // Its title and tags are found by search, with its description.
    let found = |text: &str| {
        search::search(
            s,
            &commitment_tracker::domain::SearchQuery {
                text: text.into(),
                filter: CommitmentFilter {
                    framework: Some("OT".into()),
                    ..Default::default()
                },
                ..Default::default()
            },
        )
        .unwrap()
        .len()
    };
    assert_eq!(found("data"), 2, "by the tag \"open data\"");
    assert_eq!(found("open"), 2, "by the title");
    // WHS keeps its rule: a commitment needs a core responsibility.
    let mut whs = crate::support::input("300100");
    whs.categories.clear();
    let e = commitments::create(s, &db.actor, &whs).unwrap_err();
    assert!(e.to_string().contains("core responsibility"), "{e}");
}

#[test]
fn editing_a_framework_keeps_links_and_refuses_to_drop_a_linked_category() {
    let db = TestDb::seeded();
    let s = db.app.store();
    let f = frameworks::create(s, &db.actor, &ot()).unwrap();
    commitments::create(s, &db.actor, &in_ot("OT-2", &["T1", "T1.1"])).unwrap();
    let mut renamed = ot();
    renamed.categories[0].name = "Open government data".into();
    renamed.categories.push(CategoryInput {
        code: "T2".into(),
        name: "Participation".into(),
        parent: None,
        reference_text: String::new(),
    });
    let saved = frameworks::update(
        s,
        &db.actor,
        &FrameworkUpdate {
            code: "OT".into(),
            expected_version: f.version,
            input: renamed.clone(),
        },
    )
    .unwrap();
    assert_eq!(saved.version, f.version + 1);
    assert_eq!(saved.category("T1").unwrap().name, "Open government data");
    let c = commitments::find_by_commitment_id(s, None, "OT-2").unwrap();
    assert_eq!(c.categories.len(), 2, "links kept through the edit");

    let mut dropped = renamed.clone();
    dropped.categories.retain(|c| c.code != "T1.1");
    let e = frameworks::update(
        s,
        &db.actor,
        &FrameworkUpdate {
            code: "OT".into(),
            expected_version: saved.version,
            input: dropped,
        },
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("categories"), "{e}");
    // An edit based on an old version is a conflict.
    let e = frameworks::update(
        s,
        &db.actor,
        &FrameworkUpdate {
            code: "OT".into(),
            expected_version: f.version,
            input: renamed,
        },
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Conflict, "{e}");
    // A second framework with the same code is refused.
    let e = frameworks::create(s, &db.actor, &ot()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Duplicate, "{e}");
}

fn run(db: &Path, args: &[&str]) -> String {
    let out = ct(db).args(args).output().unwrap();
    assert!(out.status.success(), "ct {args:?}: {}", stderr(&out));
    stdout(&out)
}

#[test]
fn frameworks_from_the_cli() {
    let db = TestDb::seeded();
    let path = db.path();
    drop(db.app);
    run(
        &path,
        &[
            "frameworks",
            "add",
            "--code",
            "OT",
            "--name",
            "Other tracker",
            "--level",
            "Category",
            "--types",
            "Legal, Practice",
            "--min-categories",
            "1",
            "--category",
            "C1=Justice",
            "--category",
            "C2=Health",
        ],
    );
    let list = run(&path, &["frameworks", "list", "--format", "csv"]);
    assert!(
        list.contains("OT,Other tracker,Category,Legal;Practice,2"),
        "{list}"
    );
    run(
        &path,
        &[
            "commitments",
            "add",
            "--framework",
            "OT",
            "--commitment-id",
            "OT-9",
            "--type",
            "legal",
            "--description",
            "Reform the courts.",
            "--category",
            "C2",
        ],
    );
    let listed = run(
        &path,
        &[
            "commitments",
            "list",
            "--framework",
            "OT",
            "--category",
            "c2",
            "--format",
            "csv",
        ],
    );
    assert!(listed.contains("OT-9,IOM,OT,Legal,C2,no,"), "{listed}");
    // The old WHS flags still filter.
    let whs = run(
        &path,
        &["commitments", "list", "--cr", "4", "--format", "csv"],
    );
    assert!(whs.contains("200003,IOM,WHS,"), "{whs}");
    assert!(!whs.contains("OT-9"));
    // Removing a linked category is refused and says why.
    let out = ct(&path)
        .args(["frameworks", "edit", "OT", "--remove-category", "C2"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("C2 is linked"), "{}", stderr(&out));
    run(
        &path,
        &["frameworks", "edit", "OT", "--category", "C3=Education"],
    );
    let shown = run(&path, &["frameworks", "show", "OT", "--format", "json"]);
    let f: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(f["categories"].as_array().unwrap().len(), 3);
    assert_eq!(f["version"], 2);
    // A framework file: the template imports as a preview, then for real.
    let template = run(&path, &["frameworks", "template"]);
    let file = crate::support::beside(&path, "gb.json");
    std::fs::write(&file, template).unwrap();
    let preview = run(&path, &["frameworks", "import", file.to_str().unwrap()]);
    assert!(preview.contains("would add framework GB"), "{preview}");
    run(
        &path,
        &["frameworks", "import", file.to_str().unwrap(), "--apply"],
    );
    let app = App::open(&path, OpenOptions::default()).unwrap();
    let cat = catalogue::catalogue(app.store()).unwrap();
    let codes: Vec<&str> = cat.frameworks.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(codes, ["WHS", "OT", "GB"]);
}

#[test]
fn a_bundle_carries_frameworks_and_merges_them_by_code() {
    let a = TestDb::seeded();
    frameworks::create(a.app.store(), &a.actor, &ot()).unwrap();
    commitments::create(a.app.store(), &a.actor, &in_ot("OT-2", &["T1", "T1.1"])).unwrap();
    let bundle = a.dir.path().join("a.json");
    let out = ct(&a.path())
        .args(["export", "--format", "json", "--out"])
        .arg(&bundle)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));

    // Restored into an empty database: the framework and the links come back.
    let empty = TestDb::empty();
    let path = empty.path();
    drop(empty.app);
    run(
        &path,
        &["import", "bundle", bundle.to_str().unwrap(), "--apply"],
    );
    let app = App::open(&path, OpenOptions::default()).unwrap();
    let c = commitments::find_by_commitment_id(app.store(), None, "OT-2").unwrap();
    assert_eq!((c.framework.as_str(), c.categories.len()), ("OT", 2));
    drop(app);

    // Merged into a copy that made its own OT (other UUIDs, one category fewer).
    let b = TestDb::seeded();
    let mut theirs = ot();
    theirs.categories.truncate(1);
    frameworks::create(b.app.store(), &b.actor, &theirs).unwrap();
    let path = b.path();
    drop(b.app);
    run(
        &path,
        &["import", "bundle", bundle.to_str().unwrap(), "--apply"],
    );
    let app = App::open(&path, OpenOptions::default()).unwrap();
    let cat = catalogue::catalogue(app.store()).unwrap();
    assert_eq!(cat.frameworks.len(), 2, "one OT, not two");
    let f = cat.framework("OT").unwrap();
    assert!(
        f.category("T1.1").is_some(),
        "the missing category is added"
    );
    let c = commitments::find_by_commitment_id(app.store(), None, "OT-2").unwrap();
    let codes: Vec<&str> = c.categories.iter().map(|l| l.code.as_str()).collect();
    assert_eq!(codes, ["T1", "T1.1"]);
}

#[test]
fn the_annual_report_has_a_part_per_framework_in_its_own_levels() {
    let db = TestDb::seeded();
    let s = db.app.store();
    let mut one_level = ot();
    one_level.code = "OG".into();
    one_level.levels = vec!["Theme".into()];
    one_level.categories.truncate(1);
    frameworks::create(s, &db.actor, &one_level).unwrap();
    let mut c = in_ot("OG-1", &["T1"]);
    c.framework = Some("OG".into());
    let c = commitments::create(s, &db.actor, &c).unwrap();
    let whs = commitments::find_by_commitment_id(s, None, "200009").unwrap();
    for id in [&c.id, &whs.id] {
        commitment_tracker::services::reports::create(
            s,
            &db.actor,
            "tester",
            id,
            2019,
            &commitment_tracker::domain::ReportInput {
                status: "InProgress".into(),
                achievements: "Done a part.".into(),
                challenges: String::new(),
                next_steps: String::new(),
                evidence: vec![],
                progress: None,
                tags: vec![],
            },
        )
        .unwrap();
    }
    let path = db.path();
    drop(db.app);
    let out = crate::support::beside(&path, "annual.md");
    run(
        &path,
        &[
            "export",
            "--format",
            "md",
            "--year",
            "2019",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(
        md.contains("## WHS — Core responsibility 3: Leave No One Behind"),
        "{md}"
    );
    assert!(md.contains("## OG — Theme T1: Open data"), "{md}");
    assert!(
        md.contains("#### Commitment OG-1: Open the register\n"),
        "{md}"
    );
    assert!(
        !md.contains("\n### \n"),
        "a one-level framework has no empty headings"
    );
    // Filtered to one framework, the report has no framework prefix.
    let only = crate::support::beside(&path, "og.md");
    run(
        &path,
        &[
            "export",
            "--format",
            "md",
            "--year",
            "2019",
            "--framework",
            "OG",
            "--out",
            only.to_str().unwrap(),
        ],
    );
    let md = std::fs::read_to_string(&only).unwrap();
    assert!(md.contains("## Theme T1: Open data"), "{md}");
    // Its totals are its own commitments', not the whole database's.
    assert!(
        md.contains("1 of 1 commitments have a report for 2019 (0 submitted or approved)."),
        "{md}"
    );
    assert!(!md.contains("Leave No One Behind"));
    // The PDF (the real ct-typeset) has the same parts and headings.
    let pdf = crate::support::beside(&path, "annual.pdf");
    run(
        &path,
        &[
            "export",
            "--format",
            "pdf",
            "--year",
            "2019",
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    let out = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains("OG — Theme T1: Open data"), "{text}");
    assert!(
        text.contains("Commitment OG-1: Open the register"),
        "{text}"
    );
    assert!(
        text.contains("WHS — Core responsibility 3: Leave No One Behind"),
        "{text}"
    );
}

#[test]
fn the_us_ogp_tracker_becomes_a_framework_of_five_themes_with_its_70_commitments() {
    let db = TestDb::seeded();
    let ids = crate::report_import::import_ogp_catalogue(&db);
    assert_eq!(ids.len(), 70);
    assert_eq!(ids[0], "US0113.1");
    let s = db.app.store();
    let f = frameworks::get(s, "ogp-us5").unwrap();
    assert_eq!(f.name, "OGP US NAP5");
    let themes: Vec<&str> = f.categories.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        themes,
        [
            "Improve Access to Government Data, Research, and Information",
            "Increase Civic Space to Engage the Public",
            "Transform Government Service Delivery",
            "Counter Corruption and Ensure Government Integrity and Accountability to the Public",
            "Ensure Equal Justice Under the Law",
        ]
    );
    let c = commitments::find_by_commitment_id(s, Some("US"), "US0113.1").unwrap();
    assert_eq!((c.framework.as_str(), c.kind.as_str()), ("OGP-US5", ""));
    assert_eq!(c.categories, [CategoryLink::stated("1")]);
    assert!(c
        .description
        .starts_with("The Federal Government commits to implement 5 recommendations"));
    assert!(!c.description.ends_with(' '), "trimmed");
    let per_theme: Vec<usize> = (1..=5)
        .map(|n| {
            db.ids(&CommitmentFilter {
                framework: Some("OGP-US5".into()),
                category: Some(n.to_string()),
                ..Default::default()
            })
            .len()
        })
        .collect();
    assert_eq!(per_theme.iter().sum::<usize>(), 70, "{per_theme:?}");
    // Imported again, nothing changes.
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/real/ogp-us-nap5/derived_subcommitments.csv"
    );
    let again = run(
        &db.path(),
        &[
            "import",
            "catalogue",
            file,
            "--framework",
            "OGP-US5",
            "--organisation",
            "US",
            "--map",
            "title=",
            "--format",
            "json",
        ],
    );
    let again: serde_json::Value = serde_json::from_str(&again).unwrap();
    assert_eq!(
        (&again["unchanged"], &again["refused"]),
        (&70.into(), &0.into())
    );
}

#[test]
fn a_framework_comes_in_from_a_table_of_categories_and_levels_are_checked() {
    let db = TestDb::seeded();
    let path = db.path();
    drop(db.app);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("gb.csv");
    let csv = run(&path, &["frameworks", "template", "--csv"]);
    std::fs::write(
        &file,
        format!("{csv}GB,Grand Bargain,Commitment,1.1,Publish data,1,\n"),
    )
    .unwrap();
    run(
        &path,
        &["frameworks", "import", file.to_str().unwrap(), "--apply"],
    );
    let shown = run(&path, &["frameworks", "show", "GB", "--format", "json"]);
    let f: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(f["levels"], serde_json::json!(["Workstream", "Commitment"]));
    assert_eq!(f["categories"][1]["code"], "1.1");
    assert_eq!(f["categories"][1]["level"], 2);
    // Types set in the app stay when the table comes again (it carries none).
    run(
        &path,
        &["frameworks", "edit", "GB", "--types", "Funding, Policy"],
    );
    run(
        &path,
        &["frameworks", "import", file.to_str().unwrap(), "--apply"],
    );
    let shown = run(&path, &["frameworks", "show", "GB", "--format", "json"]);
    let f: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(f["types"], serde_json::json!(["Funding", "Policy"]));
    // A Level cell that disagrees with the parent is refused, naming row and column.
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "Framework code,Framework name,Level,Code,Name,Parent\n\
         X,X,Area,A,One,\n\
         X,X,Sub-area,B,Two,A\n\
         X,X,Sub-area,C,Three,\n",
    )
    .unwrap();
    let out = ct(&path)
        .args(["frameworks", "import", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains(
            "bad.csv: row 4, column Level: category C is at the level Area by its parent, not Sub-area"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_dashboard_shows_only_frameworks_that_hold_commitments() {
    let db = TestDb::empty();
    let s = db.app.store();
    frameworks::create(s, &db.actor, &ot()).unwrap();
    let mut c = in_ot("OT-1", &["T1"]);
    c.organisation = Some("GOV".into());
    let e = commitments::create(s, &db.actor, &c).unwrap_err();
    assert_eq!(e.field(), Some("organisation"), "{e}");
    let path = db.path();
    drop(db.app);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.csv");
    std::fs::write(&file, "ID,Text,Theme\nOT-1,Publish the register.,T1\n").unwrap();
    // (--no-seed: a database without an organisation is otherwise given IOM's catalogue.)
    run(
        &path,
        &[
            "--no-seed",
            "import",
            "catalogue",
            file.to_str().unwrap(),
            "--framework",
            "OT",
            "--organisation",
            "GOV",
            "--map",
            "description=Text",
            "--apply",
        ],
    );
    let d: serde_json::Value =
        serde_json::from_str(&run(&path, &["--no-seed", "status", "--format", "json"])).unwrap();
    let shown: Vec<&str> = d["byFramework"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["framework"].as_str().unwrap())
        .collect();
    assert_eq!(shown, ["OT"], "WHS holds no commitment here");
    assert_eq!(
        d["byFramework"][0]["levels"][0]["groups"][0]["commitments"],
        1
    );
}

#[test]
fn importing_a_table_over_a_framework_adds_and_updates_but_never_removes() {
    let db = TestDb::seeded();
    frameworks::create(db.app.store(), &db.actor, &ot()).unwrap();
    let path = db.path();
    drop(db.app);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("more.csv");
    std::fs::write(
        &file,
        "Framework code,Framework name,Level,Code,Name,Parent\nOT,Other tracker,Theme,T2,Participation,\n",
    )
    .unwrap();
    let preview = run(&path, &["frameworks", "import", file.to_str().unwrap()]);
    assert!(
        preview.contains("would update framework OT: 3 categories, 1 of them new; kept, not in the file: T1, T1.1"),
        "{preview}"
    );
    run(
        &path,
        &["frameworks", "import", file.to_str().unwrap(), "--apply"],
    );
    let f: serde_json::Value = serde_json::from_str(&run(
        &path,
        &["frameworks", "show", "OT", "--format", "json"],
    ))
    .unwrap();
    assert_eq!(
        f["levels"],
        serde_json::json!(["Theme", "Milestone"]),
        "levels kept"
    );
    let codes: Vec<&str> = f["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["T1", "T1.1", "T2"]);
    // Removing a category the framework does not have is an error, not a silent success.
    let out = ct(&path)
        .args(["frameworks", "edit", "OT", "--remove-category", "T9"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("framework OT has no category T9"),
        "{}",
        stderr(&out)
    );
}
