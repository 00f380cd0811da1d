//! Stories of a reporting year: focal points write, coordinators review, nothing is lost.

use commitment_tracker::domain::{
    Actor, AuditQuery, Autosave, DraftKey, EvidenceLink, ReportInput, ReviewAction, ReviewState,
};
use commitment_tracker::services::{audit, autosave, commitments, my_work, reports as svc};
use commitment_tracker::ErrorKind;

use crate::support::{bytes, TestDb};

fn commitment(db: &TestDb, id: &str) -> String {
    commitments::find_by_commitment_id(db.app.store(), None, id)
        .unwrap()
        .id
}

fn input(achievements: &str) -> ReportInput {
    ReportInput {
        status: "In progress".into(),
        achievements: achievements.into(),
        challenges: "Access to two regions was limited.".into(),
        next_steps: "Extend DTM GBV indicators to four more countries.".into(),
        evidence: vec![EvidenceLink {
            title: "DTM GBV toolkit".into(),
            url: "https://example.org/dtm-gbv".into(),
        }],
        progress: Some(40),
        tags: vec!["DTM".into(), "GBV".into(), "dtm".into(), " ".into()],
    }
}

fn coordinator() -> Actor {
    Actor::coordinator("Carla Coordinator")
}

#[test]
fn a_year_goes_from_draft_to_approved_with_a_return_on_the_way() {
    let db = TestDb::seeded();
    let (fp, co) = (db.actor.clone(), coordinator());
    let s = db.app.store();
    let c = commitment(&db, "200009");

    let r = svc::create(s, &fp, "fp", &c, 2019, &input("Trained 120 enumerators.")).unwrap();
    assert_eq!(
        (r.year, r.review_state, r.revision, r.version),
        (2019, ReviewState::Draft, 1, 1)
    );
    assert_eq!(r.commitment_id, "200009");
    assert_eq!(
        r.content.tags,
        ["DTM", "GBV"],
        "tags are trimmed and de-duplicated"
    );
    assert_eq!(r.author, "Test Focal Point");

    let r = svc::review(s, &fp, &r.id, r.version, ReviewAction::Submit, None).unwrap();
    assert_eq!(r.review_state, ReviewState::Submitted);
    // Submitted reports wait for review: no edits.
    let e = svc::update(s, &fp, "fp", &r.id, r.version, &input("late change")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Locked, "{e}");
    // Only coordinators review, and a return needs a comment.
    let e = svc::review(s, &fp, &r.id, r.version, ReviewAction::Approve, None).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Forbidden);
    let e = svc::review(s, &co, &r.id, r.version, ReviewAction::Return, Some("  ")).unwrap_err();
    assert_eq!(
        (e.kind(), e.field()),
        (ErrorKind::Validation, Some("comment"))
    );

    let r = svc::review(
        s,
        &co,
        &r.id,
        r.version,
        ReviewAction::Return,
        Some("Add the country list."),
    )
    .unwrap();
    assert_eq!(r.review_state, ReviewState::Returned);
    // Editing a returned report makes it a draft again.
    let r = svc::update(
        s,
        &fp,
        "fp",
        &r.id,
        r.version,
        &input("Trained 120 enumerators in 6 countries."),
    )
    .unwrap();
    assert_eq!((r.review_state, r.revision), (ReviewState::Draft, 2));
    let r = svc::review(s, &fp, &r.id, r.version, ReviewAction::Submit, None).unwrap();
    let r = svc::review(s, &co, &r.id, r.version, ReviewAction::Approve, None).unwrap();
    assert_eq!(r.review_state, ReviewState::Approved);

    // Approved reports are locked until a coordinator reopens them, with a reason.
    let e = svc::update(s, &co, "co", &r.id, r.version, &input("sneaky")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Locked);
    assert!(e.to_string().contains("reopen"), "{e}");
    let e = svc::review(s, &co, &r.id, r.version, ReviewAction::Reopen, None).unwrap_err();
    assert_eq!(e.field(), Some("comment"));
    let r = svc::review(
        s,
        &co,
        &r.id,
        r.version,
        ReviewAction::Reopen,
        Some("Figures corrected by HQ"),
    )
    .unwrap();
    assert_eq!(r.review_state, ReviewState::Draft);

    // Every transition: who, when, from, to and the comment.
    let steps: Vec<String> = svc::history(s, &r.id)
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}>{} {} {}",
                e.from_state.as_str(),
                e.to_state.as_str(),
                e.actor,
                e.comment.clone().unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            "Draft>Submitted Test Focal Point ",
            "Submitted>Returned Carla Coordinator Add the country list.",
            "Returned>Draft Test Focal Point edited after return",
            "Draft>Submitted Test Focal Point ",
            "Submitted>Approved Carla Coordinator ",
            "Approved>Draft Carla Coordinator Figures corrected by HQ",
        ]
    );

    // The audit log has every step, with the record before and after.
    let trail = audit::list(
        s,
        &AuditQuery {
            entity: Some(r.id.clone()),
            ..Default::default()
        },
    )
    .unwrap();
    let actions: Vec<&str> = trail.iter().rev().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        ["create", "submit", "return", "update", "submit", "approve", "reopen"]
    );
    let approve = trail
        .iter()
        .find(|e| e.action.as_str() == "approve")
        .unwrap();
    assert_eq!(approve.before.as_ref().unwrap()["reviewState"], "Submitted");
    assert_eq!(approve.after.as_ref().unwrap()["reviewState"], "Approved");
    assert_eq!(approve.actor, "Carla Coordinator");
    // …and the commitment's trail includes its reports.
    let by_commitment = audit::list(
        s,
        &AuditQuery {
            commitment: Some(c),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        by_commitment.len(),
        8,
        "the seed's create + 7 report entries"
    );
}

#[test]
fn the_audit_log_cannot_be_rewritten() {
    let db = TestDb::seeded();
    if let Some(url) = db
        .path()
        .to_str()
        .filter(|p| p.starts_with("postgresql://"))
    {
        let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
        for sql in [
            "UPDATE audit_log SET actor = 'someone else'",
            "DELETE FROM audit_log",
            "TRUNCATE audit_log",
        ] {
            let e = c.batch_execute(sql).unwrap_err();
            let message = e
                .as_db_error()
                .map(|d| d.message().to_owned())
                .unwrap_or_default();
            assert!(message.contains("append-only"), "{sql}: {e}");
        }
        let n: i64 = c
            .query_one("SELECT count(*) FROM audit_log", &[])
            .unwrap()
            .get(0);
        assert_eq!(n, 19, "one entry per seeded commitment");
        return;
    }
    let conn = rusqlite::Connection::open(db.path()).unwrap();
    let e = conn
        .execute("UPDATE audit_log SET actor = 'someone else'", [])
        .unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    let e = conn.execute("DELETE FROM audit_log", []).unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    let n: i64 = conn
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 19, "one entry per seeded commitment");
}

#[test]
fn one_report_per_commitment_and_year_and_years_from_2016() {
    let db = TestDb::seeded();
    let s = db.app.store();
    let c = commitment(&db, "200001");
    svc::create(
        s,
        &db.actor,
        "fp",
        &c,
        2016,
        &input("Launched the PSEA network."),
    )
    .unwrap();
    let e = svc::create(s, &db.actor, "fp", &c, 2016, &input("again")).unwrap_err();
    assert_eq!((e.kind(), e.field()), (ErrorKind::Duplicate, Some("year")));
    for year in [2015, svc::current_year() + 2] {
        let e = svc::create(s, &db.actor, "fp", &c, year, &input("x")).unwrap_err();
        assert_eq!(
            (e.kind(), e.field()),
            (ErrorKind::Validation, Some("year")),
            "{year}"
        );
    }
    svc::create(
        s,
        &db.actor,
        "fp",
        &c,
        svc::current_year() + 1,
        &input("planned"),
    )
    .unwrap();
    assert_eq!(svc::list_for_commitment(s, &c).unwrap().len(), 2);
}

/// A change that breaks one rule of a report.
type Breaker = fn(&mut ReportInput);

#[test]
fn invalid_fields_are_named_and_nothing_is_written() {
    let db = TestDb::seeded();
    let s = db.app.store();
    let c = commitment(&db, "200002");
    let cases: Vec<(Breaker, &str)> = vec![
        (|i| i.status = "Almost done".into(), "status"),
        (|i| i.progress = Some(101), "progress"),
        (
            |i| i.evidence[0].url = "javascript:alert(1)".into(),
            "evidence",
        ),
        (|i| i.evidence[0].title = " ".into(), "evidence"),
        (|i| i.achievements = "x".repeat(50_001), "achievements"),
        (|i| i.next_steps = "x".repeat(50_001), "nextSteps"),
        (|i| i.tags = vec!["t".repeat(41)], "tags"),
    ];
    let wal = db.path().with_extension("sqlite3-wal");
    let before = (bytes(&db.path()), bytes(&wal));
    for (change, field) in cases {
        let mut i = input("ok");
        change(&mut i);
        let e = svc::create(s, &db.actor, "fp", &c, 2018, &i).unwrap_err();
        assert_eq!(
            (e.kind(), e.field()),
            (ErrorKind::Validation, Some(field)),
            "{e}"
        );
    }
    assert_eq!((bytes(&db.path()), bytes(&wal)), before);
    assert!(svc::find(s, &c, 2018).unwrap().is_none());
}

#[test]
fn a_submission_needs_achievements_unless_there_is_no_update() {
    let db = TestDb::seeded();
    let s = db.app.store();
    let c = commitment(&db, "200005");
    let r = svc::create(s, &db.actor, "fp", &c, 2017, &input("")).unwrap();
    let e = svc::review(s, &db.actor, &r.id, r.version, ReviewAction::Submit, None).unwrap_err();
    assert_eq!(e.field(), Some("achievements"));
    let mut quiet = input("");
    quiet.status = "No update".into();
    let r = svc::update(s, &db.actor, "fp", &r.id, r.version, &quiet).unwrap();
    svc::review(s, &db.actor, &r.id, r.version, ReviewAction::Submit, None).unwrap();
}

#[test]
fn two_editors_of_one_report_cannot_overwrite_each_other() {
    let db = TestDb::seeded();
    let s = db.app.store();
    let c = commitment(&db, "200011");
    let r = svc::create(s, &db.actor, "fp", &c, 2020, &input("first")).unwrap();
    // Both open version 1; Ana saves first.
    let ana = svc::update(
        s,
        &Actor::new("Ana"),
        "ana",
        &r.id,
        r.version,
        &input("Ana's text"),
    )
    .unwrap();
    let e = svc::update(
        s,
        &Actor::new("Ben"),
        "ben",
        &r.id,
        r.version,
        &input("Ben's text"),
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Conflict);
    assert!(
        e.to_string().contains("version 1") && e.to_string().contains("version 2"),
        "{e}"
    );
    assert_eq!(
        svc::get(s, &r.id).unwrap().content.achievements,
        "Ana's text"
    );
    // Ben merges onto the current version.
    let merged = svc::update(
        s,
        &Actor::new("Ben"),
        "ben",
        &r.id,
        ana.version,
        &input("Ana's text\n\nBen's text"),
    )
    .unwrap();
    assert_eq!(merged.revision, 3);
    // A stale review step is a conflict too.
    let e = svc::review(s, &db.actor, &r.id, ana.version, ReviewAction::Submit, None).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Conflict);
}

#[test]
fn old_revisions_can_be_compared_and_restored_as_a_new_revision() {
    let db = TestDb::seeded();
    let s = db.app.store();
    let c = commitment(&db, "200014");
    let r = svc::create(s, &db.actor, "fp", &c, 2018, &input("Version one.")).unwrap();
    let mut two = input("Version two.");
    two.status = "Completed".into();
    two.progress = Some(100);
    let r = svc::update(s, &db.actor, "fp", &r.id, r.version, &two).unwrap();

    let d = svc::diff_revisions(s, &r.id, 1, 2).unwrap();
    let fields: Vec<&str> = d.changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["status", "progress", "achievements"]);
    assert_eq!(d.changes[0].before, "In progress");
    assert_eq!(d.changes[0].after, "Completed");
    assert_eq!(d.changes[2].after, "Version two.");

    let r = svc::restore_revision(s, &db.actor, "fp", &r.id, r.version, 1).unwrap();
    assert_eq!(
        (r.revision, r.content.achievements.as_str()),
        (3, "Version one.")
    );
    let revs = svc::revisions(s, &r.id).unwrap();
    let shape: Vec<(i32, &str, Option<i32>)> = revs
        .iter()
        .map(|v| (v.revision, v.action.as_str(), v.restored_from))
        .collect();
    assert_eq!(
        shape,
        [
            (3, "restore", Some(1)),
            (2, "update", None),
            (1, "create", None)
        ]
    );
    assert_eq!(
        svc::revision(s, &r.id, 2).unwrap().content.achievements,
        "Version two."
    );
    let e = svc::revision(s, &r.id, 9).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
}

#[test]
fn start_from_last_year_prefills_from_the_newest_earlier_report() {
    let db = TestDb::seeded();
    let s = db.app.store();
    let c = commitment(&db, "200009");
    assert!(svc::prefill(s, &c, 2019).unwrap().is_none());
    svc::create(s, &db.actor, "fp", &c, 2016, &input("2016 text")).unwrap();
    svc::create(s, &db.actor, "fp", &c, 2018, &input("2018 text")).unwrap();
    let p = svc::prefill(s, &c, 2019).unwrap().unwrap();
    assert_eq!(p.achievements, "2018 text");
    assert_eq!(p.status, "InProgress");
}

#[test]
fn typed_text_survives_until_saved_and_is_per_person() {
    let db = TestDb::seeded();
    let s = db.app.store();
    let c = commitment(&db, "200003");
    let key = DraftKey {
        commitment: c.clone(),
        year: 2019,
    };
    let typed = Autosave {
        commitment: c.clone(),
        year: 2019,
        report_id: None,
        base_version: None,
        // Kept as typed, even though it would not validate yet.
        input: ReportInput {
            status: String::new(),
            ..input("Half a sentence")
        },
        saved_at: String::new(),
    };
    let kept = autosave::put(s, "ana", &typed).unwrap();
    assert!(!kept.saved_at.is_empty());
    assert_eq!(
        autosave::get(s, "ana", &key)
            .unwrap()
            .unwrap()
            .input
            .achievements,
        "Half a sentence"
    );
    assert!(autosave::get(s, "ben", &key).unwrap().is_none());
    assert_eq!(autosave::list(s, "ana").unwrap().len(), 1);

    // Reopening the database (after a crash) still has it.
    let path = db.path();
    drop(db.app);
    let app = commitment_tracker::App::open(&path, Default::default()).unwrap();
    let s = app.store();
    assert!(autosave::get(s, "ana", &key).unwrap().is_some());
    // Saving the report discards the kept text, in the same transaction.
    svc::create(
        s,
        &Actor::new("Ana"),
        "ana",
        &c,
        2019,
        &input("Half a sentence, finished."),
    )
    .unwrap();
    assert!(autosave::get(s, "ana", &key).unwrap().is_none());
    let e = autosave::put(
        s,
        "ana",
        &Autosave {
            commitment: "nope".into(),
            ..typed
        },
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
}

#[test]
fn my_work_lists_what_to_write_review_and_start() {
    let db = TestDb::seeded();
    let s = db.app.store();
    let (a, b, d) = (
        commitment(&db, "200001"),
        commitment(&db, "200002"),
        commitment(&db, "200003"),
    );
    svc::create(s, &db.actor, "fp", &a, 2019, &input("draft")).unwrap();
    let r = svc::create(s, &db.actor, "fp", &b, 2019, &input("to review")).unwrap();
    svc::review(s, &db.actor, &r.id, r.version, ReviewAction::Submit, None).unwrap();
    let r = svc::create(s, &db.actor, "fp", &d, 2018, &input("old year, submitted")).unwrap();
    svc::review(s, &db.actor, &r.id, r.version, ReviewAction::Submit, None).unwrap();

    let w = my_work::my_work(
        s,
        &my_work::MyWorkQuery { year: Some(2019) },
        my_work::WorkOf::Everyone,
    )
    .unwrap();
    let ids = |v: &[commitment_tracker::domain::ReportSummary]| {
        v.iter()
            .map(|r| format!("{}/{}", r.commitment_id, r.year))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&w.to_write), ["200001/2019"]);
    let mut review = ids(&w.to_review);
    review.sort();
    assert_eq!(review, ["200002/2019", "200003/2018"]);
    assert_eq!(w.not_started.len(), 17);
    assert!(!w
        .not_started
        .iter()
        .any(|c| c.commitment_id == "200001" || c.commitment_id == "200002"));
}

#[test]
fn my_work_opens_on_the_open_cycle_with_returned_reports_of_any_year_on_top() {
    use commitment_tracker::domain::{OpenCycle, Traffic};
    use commitment_tracker::services::cycles;
    let db = TestDb::seeded();
    let s = db.app.store();
    let co = coordinator();
    let this_year = svc::current_year();
    let last_year = this_year - 1;
    // Last year's cycle, its deadline passed; a report returned twice (the newest comment
    // counts) and a draft.
    cycles::open(
        s,
        &co,
        &OpenCycle {
            year: last_year,
            deadline: format!("{last_year}-03-31"),
        },
    )
    .unwrap();
    let r = svc::create(
        s,
        &db.actor,
        "fp",
        &commitment(&db, "200009"),
        last_year,
        &input("x"),
    )
    .unwrap();
    let mut r = svc::review(s, &db.actor, &r.id, r.version, ReviewAction::Submit, None).unwrap();
    for comment in ["First remark.", "Add the figures for Cox's Bazar."] {
        r = svc::review(
            s,
            &co,
            &r.id,
            r.version,
            ReviewAction::Return,
            Some(comment),
        )
        .unwrap();
        if comment.starts_with("First") {
            r = svc::review(s, &db.actor, &r.id, r.version, ReviewAction::Submit, None).unwrap();
        }
    }
    svc::create(
        s,
        &db.actor,
        "fp",
        &commitment(&db, "200001"),
        last_year,
        &input("d"),
    )
    .unwrap();

    // Without a year, My work opens on the open cycle's year, not on this year.
    let w = my_work::my_work(
        s,
        &my_work::MyWorkQuery::default(),
        my_work::WorkOf::Everyone,
    )
    .unwrap();
    assert_eq!(w.year, last_year);
    assert_eq!(w.phase, Traffic::Overdue);
    assert_eq!(
        w.cycle.as_ref().map(|c| c.deadline.as_str()),
        Some(format!("{last_year}-03-31").as_str())
    );
    assert_eq!(w.returned.len(), 1);
    let ret = &w.returned[0];
    assert_eq!(
        (ret.report.commitment_id.as_str(), ret.report.year),
        ("200009", last_year)
    );
    assert_eq!(ret.report.organisation, "IOM");
    assert_eq!(
        ret.comment.as_deref(),
        Some("Add the figures for Cox's Bazar.")
    );
    assert_eq!(ret.returned_by.as_deref(), Some("Carla Coordinator"));
    assert!(ret.returned_at.is_some());
    assert_eq!(ret.deadline, Some(format!("{last_year}-03-31")));
    assert!(ret.overdue);
    // Drafts are listed apart from returned reports.
    let drafts: Vec<&str> = w
        .to_write
        .iter()
        .map(|r| r.commitment_id.as_str())
        .collect();
    assert_eq!(drafts, ["200001"]);

    // Another year still shows the returned report on top; that year has no cycle.
    let w = my_work::my_work(
        s,
        &my_work::MyWorkQuery {
            year: Some(this_year),
        },
        my_work::WorkOf::Everyone,
    )
    .unwrap();
    assert_eq!(w.year, this_year);
    assert_eq!((w.phase, w.cycle.is_none()), (Traffic::NotOpen, true));
    assert_eq!(w.returned.len(), 1);
    assert!(w.to_write.is_empty());

    // Once this year's cycle opens (deadline ahead), it comes first.
    cycles::open(
        s,
        &co,
        &OpenCycle {
            year: this_year,
            deadline: format!("{}-12-31", this_year + 1),
        },
    )
    .unwrap();
    let w = my_work::my_work(
        s,
        &my_work::MyWorkQuery::default(),
        my_work::WorkOf::Everyone,
    )
    .unwrap();
    assert_eq!((w.year, w.phase), (this_year, Traffic::Due));
    assert!(w.returned[0].overdue, "last year's deadline still passed");

    // Saved with changes, it is a draft again, but still returned work with its comment, and
    // not also among the drafts (nor on this year's list, which opens by default).
    let r = svc::update(
        s,
        &db.actor,
        "fp",
        &r.id,
        r.version,
        &input("x, with figures"),
    )
    .unwrap();
    assert_eq!(r.review_state, ReviewState::Draft);
    let w = my_work::my_work(
        s,
        &my_work::MyWorkQuery {
            year: Some(last_year),
        },
        my_work::WorkOf::Everyone,
    )
    .unwrap();
    assert_eq!(w.returned.len(), 1, "still returned work after a save");
    assert_eq!(
        w.returned[0].comment.as_deref(),
        Some("Add the figures for Cox's Bazar.")
    );
    let drafts: Vec<&str> = w
        .to_write
        .iter()
        .map(|r| r.commitment_id.as_str())
        .collect();
    assert_eq!(drafts, ["200001"]);
    let w = my_work::my_work(
        s,
        &my_work::MyWorkQuery::default(),
        my_work::WorkOf::Everyone,
    )
    .unwrap();
    assert_eq!(w.returned.len(), 1);

    // Resubmitted, it leaves the list; reopened after approval, a draft is not returned work.
    let r = svc::review(s, &db.actor, &r.id, r.version, ReviewAction::Submit, None).unwrap();
    let w = my_work::my_work(
        s,
        &my_work::MyWorkQuery::default(),
        my_work::WorkOf::Everyone,
    )
    .unwrap();
    assert!(w.returned.is_empty());
    let r = svc::review(s, &co, &r.id, r.version, ReviewAction::Approve, None).unwrap();
    svc::review(
        s,
        &co,
        &r.id,
        r.version,
        ReviewAction::Reopen,
        Some("One more figure."),
    )
    .unwrap();
    let w = my_work::my_work(
        s,
        &my_work::MyWorkQuery::default(),
        my_work::WorkOf::Everyone,
    )
    .unwrap();
    assert!(w.returned.is_empty());
}

#[test]
fn commitment_edits_are_audited_too() {
    let db = TestDb::seeded();
    let s = db.app.store();
    let c = commitments::find_by_commitment_id(s, None, "200012").unwrap();
    commitments::retire(s, &coordinator(), &c.id, c.version).unwrap();
    let trail = audit::list(
        s,
        &AuditQuery {
            commitment: Some(c.id.clone()),
            ..Default::default()
        },
    )
    .unwrap();
    let actions: Vec<(&str, &str)> = trail
        .iter()
        .map(|e| (e.action.as_str(), e.actor.as_str()))
        .collect();
    assert_eq!(
        actions,
        [("retire", "Carla Coordinator"), ("create", "system")]
    );
    assert!(trail[0].before.as_ref().unwrap()["retiredAt"].is_null());
    assert!(trail[0].after.as_ref().unwrap()["retiredAt"].is_string());
    let e = audit::list(s, &AuditQuery::default()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
}

/// On PostgreSQL the audit log is append-only by its triggers and, where the administrator
/// sets it up as the README says, by the application's role lacking UPDATE and DELETE on it:
/// the app works as that role, and the role itself cannot rewrite the log.
#[test]
fn on_postgresql_the_apps_role_cannot_rewrite_the_audit_log_and_the_app_still_works() {
    if crate::support::postgres_cluster().is_none() {
        eprintln!("skipped without a PostgreSQL cluster (CT_TEST_PG): roles are PostgreSQL's");
        return;
    }
    let db = TestDb::seeded();
    let url = db.path().to_str().unwrap().to_owned();
    let role = format!("ct_app_{}", uuid::Uuid::new_v4().simple());
    let mut owner = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    owner
        .batch_execute(&format!(
            "CREATE ROLE {role} LOGIN;
             GRANT USAGE ON SCHEMA public TO {role};
             GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
             GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role};
             REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM {role};"
        ))
        .unwrap();
    let as_app = url.replacen("postgresql://ct@", &format!("postgresql://{role}@"), 1);
    let app = commitment_tracker::App::open(as_app.as_str(), Default::default()).unwrap();
    let s = app.store();
    let c = commitments::find_by_commitment_id(s, None, "200001").unwrap();
    let actor = commitment_tracker::domain::Actor::new("Ana");
    svc::create(
        s,
        &actor,
        "ana",
        &c.id,
        2020,
        &input("Trained 40 enumerators."),
    )
    .unwrap();
    let entries: i64 = owner
        .query_one("SELECT count(*) FROM audit_log", &[])
        .unwrap()
        .get(0);
    assert!(entries > 19, "the save was audited ({entries} entries)");

    let mut client = postgres::Client::connect(&as_app, postgres::NoTls).unwrap();
    for sql in [
        "UPDATE audit_log SET actor = 'someone else'",
        "DELETE FROM audit_log",
    ] {
        let e = client.batch_execute(sql).unwrap_err();
        let message = e
            .as_db_error()
            .map(|d| d.message().to_owned())
            .unwrap_or_default();
        assert!(message.contains("permission denied"), "{sql}: {message}");
    }
}
