//! The dashboard, matrix, timeline and search on a fixture with known counts.

use commitment_tracker::domain::status::MARK_START;
use commitment_tracker::domain::{
    Actor, CommitmentFilter, DashboardQuery, ImplementationStatus, MatrixQuery, OpenCycle,
    ReportInput, ReviewAction, ReviewState, SearchQuery, Traffic,
};
use commitment_tracker::services::{commitments, cycles, reports, search, status};
use commitment_tracker::ErrorKind;

use crate::support::{crs, ct, stderr, whs_groups, TestDb};

fn id(db: &TestDb, public: &str) -> String {
    commitments::find_by_commitment_id(db.app.store(), None, public)
        .unwrap()
        .id
}

fn write(
    db: &TestDb,
    public: &str,
    year: i32,
    status: &str,
    text: &str,
    steps: &[ReviewAction],
) -> String {
    let co = Actor::coordinator("Carla");
    let s = db.app.store();
    let input = ReportInput {
        status: status.into(),
        achievements: text.into(),
        challenges: String::new(),
        next_steps: String::new(),
        evidence: vec![],
        progress: None,
        tags: vec!["fixture".into()],
    };
    let mut r = reports::create(s, &db.actor, "fp", &id(db, public), year, &input).unwrap();
    for step in steps {
        let comment = matches!(step, ReviewAction::Return).then_some("fix it");
        r = reports::review(s, &co, &r.id, r.version, *step, comment).unwrap();
    }
    r.id
}

/// 2019: 200009 In progress (approved), 200003 Completed (submitted; under CR3 and CR4),
/// 200001 In progress (draft), 200012 No update (returned), 200005 reported but retired.
fn fixture() -> TestDb {
    use ReviewAction::*;
    let db = TestDb::seeded();
    write(
        &db,
        "200009",
        2019,
        "In progress",
        "Trained 120 enumerators in Cox's Bazar.",
        &[Submit, Approve],
    );
    write(
        &db,
        "200003",
        2019,
        "Completed",
        "Relocation plans with déplacement data.",
        &[Submit],
    );
    write(
        &db,
        "200001",
        2019,
        "In progress",
        "PSEA focal points named.",
        &[],
    );
    write(&db, "200012", 2019, "No update", "", &[Submit, Return]);
    write(&db, "200005", 2019, "Completed", "Reintegration done.", &[]);
    write(&db, "200009", 2018, "Not started", "", &[]);
    let c = commitments::find_by_commitment_id(db.app.store(), None, "200005").unwrap();
    commitments::retire(db.app.store(), &db.actor, &c.id, c.version).unwrap();
    db
}

fn count_status(b: &commitment_tracker::domain::Breakdown, s: ImplementationStatus) -> u32 {
    b.by_status.iter().find(|c| c.status == s).unwrap().count
}

fn count_review(b: &commitment_tracker::domain::Breakdown, s: ReviewState) -> u32 {
    b.by_review.iter().find(|c| c.state == s).unwrap().count
}

#[test]
fn the_dashboard_counts_each_commitment_once_in_totals_and_once_per_group() {
    let db = fixture();
    let d = status::dashboard(db.app.store(), &DashboardQuery { year: Some(2019) }).unwrap();
    let t = &d.totals;
    assert_eq!(
        (t.commitments, t.with_report, t.reported),
        (18, 4, 2),
        "the retired 200005 is not counted"
    );
    assert_eq!(count_status(t, ImplementationStatus::InProgress), 2);
    assert_eq!(count_status(t, ImplementationStatus::Completed), 1);
    assert_eq!(count_status(t, ImplementationStatus::NoUpdate), 1);
    assert_eq!(
        count_status(t, ImplementationStatus::NotStarted),
        0,
        "2018's report is another year"
    );
    for (state, n) in [
        (ReviewState::Draft, 1),
        (ReviewState::Submitted, 1),
        (ReviewState::Returned, 1),
        (ReviewState::Approved, 1),
    ] {
        assert_eq!(count_review(t, state), n, "{state:?}");
    }
    assert_eq!(
        t.by_status.len(),
        6,
        "every status is listed, zeros included"
    );
    assert_eq!((t.due, t.overdue), (0, 0), "no cycle is open");
    assert!(d.cycle.is_none());

    let cr: Vec<(String, u32, u32, u32)> = whs_groups(&d, 1)
        .iter()
        .map(|b| (b.key.clone(), b.commitments, b.with_report, b.reported))
        .collect();
    assert_eq!(
        cr,
        [
            ("1".into(), 0, 0, 0),
            ("2".into(), 5, 1, 0),
            ("3".into(), 7, 2, 2),
            ("4".into(), 7, 2, 1),
            ("5".into(), 0, 0, 0)
        ]
    );
    // 200003 is in CR3 and CR4: the groups add up to one more than the total.
    let sum: u32 = whs_groups(&d, 1).iter().map(|b| b.commitments).sum();
    assert_eq!(sum, t.commitments + 1);
    assert_eq!(
        whs_groups(&d, 1)[3].label,
        "Change People's Lives: From Delivering Aid to Ending Need"
    );

    assert_eq!(whs_groups(&d, 2).len(), 24);
    let t4b = whs_groups(&d, 2)
        .into_iter()
        .find(|b| b.key == "4B")
        .unwrap();
    assert_eq!((t4b.commitments, t4b.with_report, t4b.reported), (2, 2, 1));
    assert_eq!(count_status(&t4b, ImplementationStatus::NoUpdate), 1);
    let t3a = whs_groups(&d, 2)
        .into_iter()
        .find(|b| b.key == "3A")
        .unwrap();
    assert_eq!(
        (t3a.commitments, t3a.with_report),
        (4, 1),
        "inferred links count too"
    );
}

#[test]
fn an_open_cycle_makes_unsubmitted_commitments_due_then_overdue() {
    let db = fixture();
    let s = db.app.store();
    let co = Actor::coordinator("Carla");
    let e = cycles::open(
        s,
        &db.actor,
        &OpenCycle {
            year: 2019,
            deadline: "2020-03-31".into(),
        },
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Forbidden);
    let e = cycles::open(
        s,
        &co,
        &OpenCycle {
            year: 2019,
            deadline: "31/03/2020".into(),
        },
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("deadline"));
    let e = cycles::open(
        s,
        &co,
        &OpenCycle {
            year: 2019,
            deadline: "2018-12-31".into(),
        },
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("deadline"), "{e}");

    cycles::open(
        s,
        &co,
        &OpenCycle {
            year: 2019,
            deadline: "2020-03-31".into(),
        },
    )
    .unwrap();
    let d = status::dashboard(s, &DashboardQuery { year: Some(2019) }).unwrap();
    assert_eq!(d.cycle.as_ref().unwrap().deadline, "2020-03-31");
    assert_eq!((d.totals.due, d.totals.overdue), (0, 16));
    assert_eq!(d.overdue.len(), 16);
    assert!(!d
        .overdue
        .iter()
        .any(|c| c.commitment_id == "200009" || c.commitment_id == "200003"));
    assert!(
        d.overdue.iter().any(|c| c.commitment_id == "200001"),
        "a draft is not a submission"
    );
    let cr3 = &whs_groups(&d, 1)[2].clone();
    assert_eq!(cr3.overdue, 5);

    let next = reports::current_year() + 1;
    cycles::open(
        s,
        &co,
        &OpenCycle {
            year: next,
            deadline: format!("{}-12-31", next + 1),
        },
    )
    .unwrap();
    let d = status::dashboard(s, &DashboardQuery { year: Some(next) }).unwrap();
    assert_eq!((d.totals.due, d.totals.overdue), (18, 0));
    assert!(d.overdue.is_empty());
    assert_eq!(
        cycles::list(s)
            .unwrap()
            .iter()
            .map(|c| c.year)
            .collect::<Vec<_>>(),
        [next, 2019]
    );
    assert_eq!(
        status::phase(
            d.cycle.as_ref(),
            chrono::NaiveDate::from_ymd_opt(next + 2, 1, 1).unwrap()
        ),
        Traffic::Overdue
    );
}

#[test]
fn the_timeline_shows_every_year_and_its_gaps() {
    let db = fixture();
    let points = status::timeline(db.app.store(), &id(&db, "200009")).unwrap();
    assert_eq!(points.first().unwrap().year, 2016);
    // To next year, like the commitment's table of years and the matrix.
    assert_eq!(points.last().unwrap().year, reports::current_year() + 1);
    let filled: Vec<(i32, ImplementationStatus)> = points
        .iter()
        .filter_map(|p| p.report.as_ref().map(|r| (p.year, r.status)))
        .collect();
    assert_eq!(
        filled,
        [
            (2018, ImplementationStatus::NotStarted),
            (2019, ImplementationStatus::InProgress)
        ]
    );
    assert!(points.iter().any(|p| p.year == 2017 && p.report.is_none()));
}

#[test]
fn the_matrix_pages_rows_and_fills_cells() {
    let db = fixture();
    let s = db.app.store();
    let m = status::matrix(
        s,
        &MatrixQuery {
            from_year: Some(2017),
            to_year: Some(2020),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(m.years, [2017, 2018, 2019, 2020]);
    assert_eq!((m.total, m.rows.len()), (18, 18));
    let row = m
        .rows
        .iter()
        .find(|r| r.commitment.commitment_id == "200009")
        .unwrap();
    let cells: Vec<Option<(ImplementationStatus, ReviewState)>> = row
        .cells
        .iter()
        .map(|c| c.as_ref().map(|c| (c.status, c.review_state)))
        .collect();
    assert_eq!(
        cells,
        [
            None,
            Some((ImplementationStatus::NotStarted, ReviewState::Draft)),
            Some((ImplementationStatus::InProgress, ReviewState::Approved)),
            None
        ]
    );

    let page = status::matrix(
        s,
        &MatrixQuery {
            offset: 5,
            limit: Some(5),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!((page.total, page.offset, page.rows.len()), (18, 5, 5));
    assert_eq!(
        page.rows[0].commitment.commitment_id, "200007",
        "200005 is retired, so the 6th is 200007"
    );

    let by_t = status::matrix(
        s,
        &MatrixQuery {
            filter: CommitmentFilter {
                framework: Some("WHS".into()),
                category: Some("4B".into()),
                ..Default::default()
            },
            ..Default::default()
        },
    )
    .unwrap();
    let ids: Vec<&str> = by_t
        .rows
        .iter()
        .map(|r| r.commitment.commitment_id.as_str())
        .collect();
    assert_eq!(ids, ["200003", "200012"]);
    let done = status::matrix(
        s,
        &MatrixQuery {
            status: Some(ImplementationStatus::Completed),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        done.rows
            .iter()
            .map(|r| r.commitment.commitment_id.as_str())
            .collect::<Vec<_>>(),
        ["200003"]
    );
    let e = status::matrix(
        s,
        &MatrixQuery {
            from_year: Some(2020),
            to_year: Some(2018),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("fromYear"));
}

fn hits(db: &TestDb, q: SearchQuery) -> Vec<String> {
    search::search(db.app.store(), &q)
        .unwrap()
        .into_iter()
        .map(|h| {
            format!(
                "{}:{}",
                h.commitment_id,
                h.year.map(|y| y.to_string()).unwrap_or_default()
            )
        })
        .collect()
}

fn text(t: &str) -> SearchQuery {
    SearchQuery {
        text: t.into(),
        ..Default::default()
    }
}

#[test]
fn full_text_search_finds_ids_descriptions_narratives_and_tags() {
    let db = fixture();
    let mut psea = hits(&db, text("PSEA"));
    psea.sort();
    assert_eq!(psea, ["200001:", "200001:2019", "200019:"]);
    assert_eq!(
        hits(&db, text("enumerat")),
        ["200009:2019"],
        "the last word is a prefix"
    );
    assert_eq!(
        hits(&db, text("deplacement")),
        ["200003:2019"],
        "accents are folded"
    );
    assert_eq!(
        hits(&db, text("Cox Bazar enumerators")),
        ["200009:2019"],
        "all words must match"
    );
    assert!(hits(&db, text("Cox nonexistentword")).is_empty());
    assert!(
        hits(&db, text("200012")).iter().any(|h| h == "200012:"),
        "IDs are searchable"
    );
    assert_eq!(hits(&db, text("fixture")).len(), 5, "tags are searchable");
    // FTS syntax typed by a person is just text.
    assert!(search::search(db.app.store(), &text("\"AND OR NEAR( * ^"))
        .unwrap()
        .is_empty());

    let first = &search::search(db.app.store(), &text("enumerators")).unwrap()[0];
    assert!(first.snippet.contains(MARK_START), "{}", first.snippet);
    assert_eq!(first.kind, "report");
    assert!(first.report_id.is_some());
    // With its organisation, for the link by Commitment ID (#/commitments/IOM/200009).
    assert_eq!(
        (first.organisation.as_str(), first.commitment_id.as_str()),
        ("IOM", "200009")
    );
}

#[test]
fn search_combines_with_filters() {
    let db = fixture();
    let displacement = hits(&db, text("displacement"));
    assert!(displacement.len() >= 5, "{displacement:?}");
    let cr4 = hits(
        &db,
        SearchQuery {
            filter: CommitmentFilter {
                framework: Some("WHS".into()),
                category: Some(4.to_string()),
                ..Default::default()
            },
            ..text("displacement")
        },
    );
    assert_eq!(
        cr4,
        ["200003:", "200008:", "200011:"]
            .map(String::from)
            .to_vec()
            .into_iter()
            .filter(|h| displacement.contains(h))
            .collect::<Vec<_>>()
    );
    assert!(cr4.len() < displacement.len());
    assert_eq!(
        hits(
            &db,
            SearchQuery {
                year: Some(2019),
                ..text("fixture")
            }
        )
        .len(),
        4
    );
    assert_eq!(
        hits(
            &db,
            SearchQuery {
                status: Some(ImplementationStatus::Completed),
                ..text("fixture")
            }
        ),
        ["200003:2019"],
        "retired 200005 is left out"
    );
    assert_eq!(
        hits(
            &db,
            SearchQuery {
                filter: CommitmentFilter {
                    include_retired: true,
                    ..Default::default()
                },
                status: Some(ImplementationStatus::Completed),
                ..text("fixture")
            }
        )
        .len(),
        2
    );
}

#[test]
fn the_index_follows_every_save_and_can_be_rebuilt() {
    let db = fixture();
    let s = db.app.store();
    let r = reports::find(s, &id(&db, "200001"), 2019).unwrap().unwrap();
    let mut input = r.content.to_input();
    input.achievements = "Safeguarding hotline launched.".into();
    reports::update(s, &db.actor, "fp", &r.id, r.version, &input).unwrap();
    assert_eq!(hits(&db, text("hotline")), ["200001:2019"]);
    assert!(
        !hits(&db, text("focal")).contains(&"200001:2019".to_owned()),
        "the old text is gone"
    );

    let c = commitments::find_by_commitment_id(s, None, "200016").unwrap();
    let mut edit = commitment_tracker::domain::CommitmentInput {
        organisation: None,
        commitment_id: c.commitment_id.clone(),
        kind: c.kind.to_string(),
        description: "IOM commits to count migrants in evacuation drills.".into(),
        framework: None,
        title: String::new(),
        categories: c.categories.clone(),
        tags: vec![],
    };
    commitments::update(s, &db.actor, &c.id, c.version, &edit).unwrap();
    assert_eq!(hits(&db, text("evacuation drills")), ["200016:"]);
    edit.commitment_id = "200016-B".into();
    let c = commitments::get(s, &c.id).unwrap();
    commitments::update(s, &db.actor, &c.id, c.version, &edit).unwrap();
    assert_eq!(hits(&db, text("200016")), ["200016-B:"]);

    let n = search::rebuild(s).unwrap();
    assert_eq!(n, 19 + 6);
    assert_eq!(hits(&db, text("hotline")), ["200001:2019"]);
}

#[test]
fn status_prints_the_dashboard_for_scripts() {
    let db = fixture();
    let path = db.path();
    drop(db.app);
    let out = ct(&path)
        .args(["status", "--year", "2019", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // "Reported" means submitted or approved, everywhere; any report is "with a report".
    assert_eq!(d["totals"]["withReport"], 4);
    assert_eq!(d["totals"]["reported"], 2);
    assert!(d["totals"].get("submitted").is_none());
    let whs = &d["byFramework"][0];
    assert_eq!(whs["framework"], "WHS");
    assert_eq!(whs["levels"][0]["name"], "Core responsibility");
    assert_eq!(whs["levels"][0]["groups"][2]["commitments"], 7);

    let out = ct(&path)
        .args(["status", "--year", "2019", "--format", "csv"])
        .output()
        .unwrap();
    let mut rdr = csv::Reader::from_reader(out.stdout.as_slice());
    let header = rdr.headers().unwrap().clone();
    assert_eq!(&header[3], "with_report");
    assert_eq!(&header[4], "reported");
    let mut names: Vec<&str> = header.iter().collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(
        names.len(),
        header.len(),
        "no two columns share a heading: {header:?}"
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1 + 5 + 24);
    assert_eq!(&rows[0][0], "all");
    assert_eq!((&rows[0][2], &rows[0][3], &rows[0][4]), ("18", "4", "2"));
    assert_eq!(&rows[3][0], "WHS:3");

    let out = ct(&path)
        .args(["status", "--year", "2019"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "4 of 18 commitments have a report (22%); 2 reported (submitted or approved)"
        ),
        "{text}"
    );

    let out = ct(&path)
        .args(["search", "enumerators", "--format", "csv"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout)
        .contains("200009,2019,report,Trained 120 [enumerators] in Cox's Bazar.\n"));
}

#[test]
fn snippets_mark_matches_and_drop_markdown_line_marks() {
    use commitment_tracker::domain::snippet::{snippet, Terms};
    let text = "Trained enumerators.\n\n- DTM round 12 published\n- Referral **pathways** mapped";
    let s = snippet(text, &Terms::of("pathway"), 24);
    assert_eq!(
        s,
        "Trained enumerators. DTM round 12 published Referral **\u{E000}pathways\u{E001}** mapped"
    );
    let folded = snippet("Les réfugiés déplacés", &Terms::of("deplaces"), 24);
    assert!(folded.contains("\u{E000}déplacés\u{E001}"), "{folded}");
}

#[test]
fn at_scale_the_dashboard_counts_every_commitment_and_lists_the_first_200_overdue() {
    let db = TestDb::empty();
    let s = db.app.store();
    commitment_tracker::services::generate::generate(
        s,
        commitment_tracker::services::generate::Scale {
            commitments: 500,
            organisations: 7,
            reports: 600,
            years: 3,
            narrative_chars: 60,
            seed: 7,
        },
    )
    .unwrap();
    cycles::open(
        s,
        &Actor::coordinator("Carla"),
        &OpenCycle {
            year: 2016,
            deadline: "2017-03-31".into(),
        },
    )
    .unwrap();

    // The expected figures, worked out report by report through another path.
    let all = commitments::list(s, &CommitmentFilter::default()).unwrap();
    let (mut reported, mut submitted, mut completed) = (0, 0, 0);
    let mut unsubmitted = Vec::new();
    let mut cr_links = 0;
    for c in &all {
        cr_links += crs(&c.categories).len() as u32;
        let r = reports::list_for_commitment(s, &c.id)
            .unwrap()
            .into_iter()
            .find(|r| r.year == 2016);
        reported += u32::from(r.is_some());
        let sent = r.as_ref().is_some_and(|r| {
            matches!(
                r.review_state,
                ReviewState::Submitted | ReviewState::Approved
            )
        });
        submitted += u32::from(sent);
        completed += u32::from(
            r.as_ref()
                .is_some_and(|r| r.status == ImplementationStatus::Completed),
        );
        if !sent {
            unsubmitted.push(c.commitment_id.clone());
        }
    }

    let d = status::dashboard(s, &DashboardQuery { year: Some(2016) }).unwrap();
    let t = &d.totals;
    assert_eq!(t.commitments, 500);
    assert_eq!((t.with_report, t.reported), (reported, submitted));
    assert_eq!(count_status(t, ImplementationStatus::Completed), completed);
    assert_eq!(t.overdue, 500 - submitted);
    assert!(
        t.overdue > 200,
        "the fixture needs more than a list's worth"
    );
    let listed: Vec<String> = d.overdue.iter().map(|c| c.commitment_id.clone()).collect();
    assert_eq!(
        listed,
        unsubmitted[..200],
        "the first 200, in catalogue order"
    );
    let per_cr: u32 = whs_groups(&d, 1).iter().map(|b| b.commitments).sum();
    assert_eq!(
        per_cr, cr_links,
        "a commitment counts once under each of its CRs"
    );
    let per_t: u32 = whs_groups(&d, 2).iter().map(|b| b.commitments).sum();
    assert!(
        per_t >= 320,
        "every generated commitment has a transformation"
    );
}
