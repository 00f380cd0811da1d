//! One write path (issue 15): a change that comes in from a file (a bundle's "take theirs", a
//! catalogue import) is saved by the same service functions as the window's edits, so it
//! records and refuses exactly what an edit does.

use commitment_tracker::domain::{
    Actor, Autosave, Caller, CategoryLink, DraftKey, EvidenceLink, ReportInput, ReviewAction,
    ReviewState,
};
use commitment_tracker::export::Job;
use commitment_tracker::services::bundle_import::{Resolution, Take};
use commitment_tracker::services::exchange::{
    self, BundleRequest, CatalogueImportRequest, FileSource,
};
use commitment_tracker::services::{autosave, commitments, reports};
use commitment_tracker::ErrorKind;

use crate::support::{postgres_cluster, TestDb};

fn input(achievements: &str) -> ReportInput {
    ReportInput {
        status: "In progress".into(),
        achievements: achievements.into(),
        challenges: "Access.".into(),
        next_steps: "More.".into(),
        evidence: vec![EvidenceLink {
            title: "DTM portal".into(),
            url: "https://example.org/dtm".into(),
        }],
        progress: Some(40),
        tags: vec![],
    }
}

fn uuid_of(db: &TestDb, public: &str) -> String {
    commitments::find_by_commitment_id(db.app.store(), None, public)
        .unwrap()
        .id
}

/// The database as a bundle file in `db`'s temp folder.
fn bundle_file(db: &TestDb, name: &str) -> FileSource {
    let mut out = Vec::new();
    commitment_tracker::services::bundle_export::write(db.app.store(), &Job::unwatched(), &mut out)
        .unwrap();
    let path = db.dir.path().join(name);
    std::fs::write(&path, out).unwrap();
    FileSource {
        name: name.to_owned(),
        path: Some(path.to_string_lossy().into_owned()),
        content_base64: None,
        upload_id: None,
    }
}

fn import_bundle(db: &TestDb, source: FileSource, resolutions: Vec<Resolution>) {
    exchange::import_bundle(
        &db.app,
        &Caller::Local,
        &BundleRequest {
            source,
            apply: true,
            resolutions,
        },
    )
    .unwrap();
}

#[test]
fn taking_theirs_in_a_bundle_merge_saves_as_an_edit_does() {
    let (mine, theirs) = (TestDb::seeded(), TestDb::seeded());
    let colleague = Actor::new("Colleague");
    let coordinator = Actor::coordinator("Carla");
    let r = reports::create(
        theirs.app.store(),
        &colleague,
        "c",
        &uuid_of(&theirs, "200009"),
        2019,
        &input("Colleague's first text."),
    )
    .unwrap();
    import_bundle(&mine, bundle_file(&theirs, "first.json"), vec![]);

    // In my copy the report is written, submitted and returned; I have unsaved text open.
    let s = mine.app.store();
    let l = reports::get(s, &r.id).unwrap();
    let l = reports::update(s, &mine.actor, "me", &l.id, l.version, &input("My text.")).unwrap();
    let l = reports::review(s, &mine.actor, &l.id, l.version, ReviewAction::Submit, None).unwrap();
    let l = reports::review(
        s,
        &coordinator,
        &l.id,
        l.version,
        ReviewAction::Return,
        Some("Add the countries."),
    )
    .unwrap();
    assert_eq!(l.review_state, ReviewState::Returned);
    let key = DraftKey {
        commitment: l.commitment.clone(),
        year: 2019,
    };
    autosave::put(
        s,
        mine.app.local_account(),
        &Autosave {
            commitment: key.commitment.clone(),
            year: 2019,
            report_id: Some(l.id.clone()),
            base_version: Some(l.version),
            input: input("Half-typed."),
            saved_at: String::new(),
        },
    )
    .unwrap();

    // The colleague edits too; I take theirs.
    reports::update(
        theirs.app.store(),
        &colleague,
        "c",
        &r.id,
        r.version,
        &input("Their second text."),
    )
    .unwrap();
    import_bundle(
        &mine,
        bundle_file(&theirs, "second.json"),
        vec![Resolution {
            report_id: r.id.clone(),
            take: Take::Theirs,
        }],
    );

    let now = reports::get(s, &r.id).unwrap();
    assert_eq!(now.content.achievements, "Their second text.");
    assert_eq!(now.review_state, ReviewState::Draft);
    let events = reports::history(s, &r.id).unwrap();
    let last = events.last().unwrap();
    assert_eq!(
        (last.from_state, last.to_state),
        (ReviewState::Returned, ReviewState::Draft),
        "the return is closed by a review event, as an edit closes it: {events:?}"
    );
    assert_eq!(
        autosave::get(s, mine.app.local_account(), &key).unwrap(),
        None,
        "the text typed over the old version is discarded, as a save discards it"
    );
}

/// Makes every UPDATE of a commitment change no row (as a save that lost a race would).
fn freeze_commitments(db: &TestDb) {
    let target = db.path();
    if let Some(url) = postgres_cluster().and(target.to_str()) {
        let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
        c.batch_execute(
            "CREATE FUNCTION skip_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
             CREATE TRIGGER skip_update BEFORE UPDATE ON commitments FOR EACH ROW EXECUTE FUNCTION skip_update();",
        )
        .unwrap();
    } else {
        let conn = rusqlite::Connection::open(&target).unwrap();
        conn.execute_batch(
            "CREATE TRIGGER skip_update BEFORE UPDATE ON commitments BEGIN SELECT RAISE(IGNORE); END;",
        )
        .unwrap();
    }
}

fn cell(links: &[CategoryLink]) -> String {
    links
        .iter()
        .map(|l| format!("{}{}", l.code, if l.inferred { "?" } else { "" }))
        .collect::<Vec<_>>()
        .join(";")
}

#[test]
fn a_catalogue_import_whose_update_changes_nothing_is_refused_not_reported_as_changed() {
    let db = TestDb::seeded();
    let c = commitments::get(db.app.store(), &uuid_of(&db, "200009")).unwrap();
    let csv = format!(
        "Commitment ID,Type,Title,Description,Categories,Tags,Organisation\n{},{},{},A new description of the commitment.,{},,{}\n",
        c.commitment_id,
        c.kind,
        c.title,
        cell(&c.categories),
        c.organisation
    );
    let path = db.dir.path().join("catalogue.csv");
    std::fs::write(&path, csv).unwrap();
    let request = CatalogueImportRequest {
        source: FileSource {
            name: "catalogue.csv".into(),
            path: Some(path.to_string_lossy().into_owned()),
            content_base64: None,
            upload_id: None,
        },
        apply: true,
        options: Default::default(),
    };
    let preview = exchange::import_catalogue(
        &db.app,
        &Caller::Local,
        &CatalogueImportRequest {
            apply: false,
            ..request.clone()
        },
    )
    .unwrap();
    assert_eq!(preview.changed, 1, "{preview:?}");

    freeze_commitments(&db);
    let result = exchange::import_catalogue(&db.app, &Caller::Local, &request);
    let e = result.expect_err("a change that was not written must not be reported as imported");
    assert_eq!(e.kind(), ErrorKind::Conflict, "{e}");
    let after = commitments::get(db.app.store(), &c.id).unwrap();
    assert_eq!(after.description, c.description);
    assert_eq!(after.version, c.version);
}

/// Audit actions and entities are closed vocabularies stored as the strings earlier versions
/// wrote (old databases and bundles read unchanged), and the window receives the same names.
#[test]
fn audit_actions_and_entities_keep_their_stored_names() {
    use commitment_tracker::domain::{AuditAction, AuditEntity};
    let names: Vec<&str> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
    assert_eq!(
        names,
        [
            "create",
            "update",
            "retire",
            "restore",
            "submit",
            "approve",
            "return",
            "reopen",
            "restore_revision",
            "import",
            "assign",
            "unassign"
        ]
    );
    for a in AuditAction::ALL {
        assert_eq!(a.as_str().parse::<AuditAction>().unwrap(), a);
        assert_eq!(serde_json::to_value(a).unwrap(), a.as_str());
    }
    for e in AuditEntity::ALL {
        assert_eq!(e.as_str().parse::<AuditEntity>().unwrap(), e);
        assert_eq!(serde_json::to_value(e).unwrap(), e.as_str());
    }
    assert!("delete".parse::<AuditAction>().is_err());
}
