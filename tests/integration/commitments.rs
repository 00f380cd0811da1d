//! Stories of people editing the catalogue: every refusal names its field and changes nothing.

use commitment_tracker::domain::{CategoryLink, CommitmentFilter};
use commitment_tracker::services::commitments as svc;
use commitment_tracker::{Error, ErrorKind};

use crate::support::{bytes, crs, input, transformations, TestDb};

fn field_of(e: &Error) -> (ErrorKind, Option<&str>) {
    (e.kind(), e.field())
}

#[test]
fn a_focal_point_adds_a_commitment_and_finds_it() {
    let db = TestDb::seeded();
    let c = svc::create(db.app.store(), &db.actor, &input(" 200020 ")).unwrap();
    assert_eq!(c.commitment_id, "200020");
    assert_eq!(c.organisation, "IOM");
    assert_eq!(c.version, 1);
    assert_eq!(uuid::Uuid::parse_str(&c.id).unwrap().get_version_num(), 7);
    assert!(c.created_at.ends_with('Z'));
    assert_eq!(svc::get(db.app.store(), &c.id).unwrap(), c);
    assert_eq!(db.all_ids().last().map(String::as_str), Some("200020"));
    let found = db.ids(&CommitmentFilter {
        search: Some("openly".into()),
        ..Default::default()
    });
    assert_eq!(found, ["200020"]);
}

/// A change that breaks one rule.
type Change = Box<dyn Fn(&mut commitment_tracker::domain::CommitmentInput)>;

#[test]
fn refused_inputs_name_their_field_and_change_nothing() {
    let db = TestDb::seeded();
    let before = db.all_ids();
    let cases: Vec<(Change, ErrorKind, &str)> = vec![
        (
            Box::new(|i| i.commitment_id = "  ".into()),
            ErrorKind::Validation,
            "commitmentId",
        ),
        (
            Box::new(|i| i.commitment_id = "200001".into()),
            ErrorKind::Duplicate,
            "commitmentId",
        ),
        (
            Box::new(|i| i.commitment_id = "20 01".into()),
            ErrorKind::Validation,
            "commitmentId",
        ),
        (
            Box::new(|i| i.commitment_id = "9".repeat(33)),
            ErrorKind::Validation,
            "commitmentId",
        ),
        (
            Box::new(|i| i.kind = "Humanitarian".into()),
            ErrorKind::Validation,
            "type",
        ),
        (
            Box::new(|i| i.description = "\n".into()),
            ErrorKind::Validation,
            "description",
        ),
        (
            Box::new(|i| i.description = "x".repeat(20_001)),
            ErrorKind::Validation,
            "description",
        ),
        (
            Box::new(|i| i.categories.clear()),
            ErrorKind::Validation,
            "categories",
        ),
        (
            Box::new(|i| i.categories = links(&["6"])),
            ErrorKind::Validation,
            "categories",
        ),
        (
            Box::new(|i| i.categories = links(&["3", "6A"])),
            ErrorKind::Validation,
            "categories",
        ),
        (
            // A transformation of a core responsibility that is not chosen.
            Box::new(|i| i.categories = links(&["3", "4B"])),
            ErrorKind::Validation,
            "categories",
        ),
        (
            Box::new(|i| i.framework = Some("GB".into())),
            ErrorKind::Validation,
            "framework",
        ),
        (
            Box::new(|i| i.organisation = Some("UNHCR".into())),
            ErrorKind::Validation,
            "organisation",
        ),
    ];
    for (i, (change, kind, field)) in cases.iter().enumerate() {
        let mut bad = input("300001");
        change(&mut bad);
        let e = svc::create(db.app.store(), &db.actor, &bad).unwrap_err();
        assert_eq!(field_of(&e), (*kind, Some(*field)), "case {i}: {e}");
        assert!(!e.to_string().is_empty());
    }
    assert_eq!(db.all_ids(), before);
}

#[test]
fn type_is_accepted_in_any_case_and_ticks_are_deduplicated() {
    let db = TestDb::seeded();
    let mut i = input("300002");
    i.kind = "advocacy".into();
    i.categories = vec![
        CategoryLink::stated("4"),
        CategoryLink::stated("3"),
        CategoryLink::stated("3"),
        CategoryLink {
            code: "4b".into(),
            inferred: true,
        },
        CategoryLink::stated("3A"),
        CategoryLink::stated("4B"),
    ];
    let c = svc::create(db.app.store(), &db.actor, &i).unwrap();
    assert_eq!(c.kind.as_str(), "Advocacy");
    assert_eq!(crs(&c.categories), [3, 4]);
    assert_eq!(
        transformations(&c.categories),
        [CategoryLink::stated("3A"), CategoryLink::stated("4B")]
    );
}

#[test]
fn a_coordinator_confirms_an_inferred_link_by_editing() {
    let db = TestDb::seeded();
    let c = svc::find_by_commitment_id(db.app.store(), Some("IOM"), "200002").unwrap();
    assert!(transformations(&c.categories)[0].inferred);
    let mut edit = input("200002");
    edit.kind = c.kind.to_string();
    edit.description = c.description.clone();
    edit.categories = links(&["3", "3A"]);
    let saved = svc::update(db.app.store(), &db.actor, &c.id, c.version, &edit).unwrap();
    assert_eq!(saved.version, c.version + 1);
    assert!(!transformations(&saved.categories)[0].inferred);
    assert!(saved.updated_at >= c.updated_at);
}

#[test]
fn an_edit_based_on_an_old_version_is_refused_as_a_conflict() {
    let db = TestDb::seeded();
    let c = svc::find_by_commitment_id(db.app.store(), None, "200005").unwrap();
    let mut first = input("200005");
    first.categories = links(&["1", "1D"]);
    first.description = "First editor's text".into();
    svc::update(db.app.store(), &db.actor, &c.id, c.version, &first).unwrap();

    let mut second = first.clone();
    second.description = "Second editor's text, based on the old version".into();
    let e = svc::update(db.app.store(), &db.actor, &c.id, c.version, &second).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Conflict, "{e}");
    let now = svc::get(db.app.store(), &c.id).unwrap();
    assert_eq!(now.description, "First editor's text");
    assert_eq!(now.version, c.version + 1);
}

#[test]
fn renaming_onto_an_existing_id_is_refused_and_a_refused_edit_leaves_the_file_as_it_was() {
    let db = TestDb::seeded();
    let c = svc::find_by_commitment_id(db.app.store(), None, "200004").unwrap();
    let mut edit = input("200001");
    edit.description = c.description.clone();
    let before = svc::get(db.app.store(), &c.id).unwrap();
    let e = svc::update(db.app.store(), &db.actor, &c.id, c.version, &edit).unwrap_err();
    assert_eq!(field_of(&e), (ErrorKind::Duplicate, Some("commitmentId")));
    assert_eq!(svc::get(db.app.store(), &c.id).unwrap(), before);
    // Keeping its own ID is not a duplicate.
    let mut same = edit.clone();
    same.commitment_id = "200004".into();
    svc::update(db.app.store(), &db.actor, &c.id, c.version, &same).unwrap();

    // Even at the byte level: a refused create writes nothing, to the file or its WAL.
    let wal = db.path().with_extension("sqlite3-wal");
    let snapshot = (bytes(&db.path()), bytes(&wal));
    let _ = svc::create(db.app.store(), &db.actor, &input("200001")).unwrap_err();
    assert_eq!((bytes(&db.path()), bytes(&wal)), snapshot);
    // …whereas an accepted one does (so the check above can fail).
    svc::create(db.app.store(), &db.actor, &input("300009")).unwrap();
    assert_ne!((bytes(&db.path()), bytes(&wal)), snapshot);
}

#[test]
fn retiring_hides_a_commitment_from_the_default_list_and_restoring_brings_it_back() {
    let db = TestDb::seeded();
    let c = svc::find_by_commitment_id(db.app.store(), None, "200012").unwrap();
    let retired = svc::retire(db.app.store(), &db.actor, &c.id, c.version).unwrap();
    assert!(retired.retired_at.is_some());
    assert!(!db
        .ids(&CommitmentFilter::default())
        .contains(&"200012".to_owned()));
    assert!(db.all_ids().contains(&"200012".to_owned()));
    // A stale retire (old version) is a conflict.
    let e = svc::restore(db.app.store(), &db.actor, &c.id, c.version).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Conflict);
    let back = svc::restore(db.app.store(), &db.actor, &c.id, retired.version).unwrap();
    assert!(back.retired_at.is_none());
    assert!(db
        .ids(&CommitmentFilter::default())
        .contains(&"200012".to_owned()));
    let missing = svc::retire(db.app.store(), &db.actor, "no-such-id", 1).unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::NotFound);
}

#[test]
fn the_catalogue_is_read_a_page_at_a_time_in_list_order() {
    use commitment_tracker::domain::CommitmentPageQuery;
    let db = TestDb::seeded();
    let s = db.app.store();
    for filter in [
        CommitmentFilter::default(),
        CommitmentFilter {
            kind: Some("Operational".into()),
            ..Default::default()
        },
    ] {
        let whole: Vec<String> = svc::list(s, &filter)
            .unwrap()
            .into_iter()
            .map(|c| c.id)
            .collect();
        assert!(whole.len() > 5, "enough rows for several pages");
        let mut paged = Vec::new();
        loop {
            let page = svc::page(
                s,
                &CommitmentPageQuery {
                    filter: filter.clone(),
                    offset: paged.len() as u32,
                    limit: Some(5),
                },
            )
            .unwrap();
            assert_eq!(page.total as usize, whole.len());
            assert_eq!(page.offset as usize, paged.len());
            assert!(page.rows.len() <= 5);
            if page.rows.is_empty() {
                break;
            }
            paged.extend(page.rows.into_iter().map(|c| c.id));
        }
        assert_eq!(paged, whole, "pages join up to the list, in order");
    }
    // The default page is 200 rows; a page never holds more than 1,000.
    let first = svc::page(s, &CommitmentPageQuery::default()).unwrap();
    assert_eq!(first.rows.len() as u32, first.total.min(svc::PAGE_ROWS));
    let huge = svc::page(
        s,
        &CommitmentPageQuery {
            limit: Some(u32::MAX),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(huge.rows.len(), first.rows.len());
}

#[test]
fn the_find_commitment_command_takes_a_commitment_id_and_asks_for_the_organisation_when_two_share_it(
) {
    use crate::support::dispatch;
    use serde_json::json;
    let db = TestDb::seeded();
    let found = dispatch(
        &db.app,
        "find_commitment",
        json!({"commitmentId": "200009"}),
    )
    .unwrap();
    assert_eq!(found["organisation"], "IOM");
    assert_eq!(found["commitmentId"], "200009");
    let e = dispatch(
        &db.app,
        "find_commitment",
        json!({"commitmentId": "999999"}),
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");

    // Another organisation uses the same ID: the bare ID is ambiguous, the qualified one not.
    let csv =
        "Commitment ID,Type,Core responsibilities,Description,Organisation,Organisation name\n\
        200009,Policy,CR2,UNHCR commits to something else.,UNHCR,UN Refugee Agency\n";
    commitment_tracker::services::catalogue_import::import(
        db.app.store(),
        &db.actor,
        "u.csv",
        csv.as_bytes(),
        &Default::default(),
        true,
    )
    .unwrap();
    let e = dispatch(
        &db.app,
        "find_commitment",
        json!({"commitmentId": "200009"}),
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("organisation"), "{e}");
    assert!(e.to_string().contains("IOM, UNHCR"), "{e}");
    let unhcr = dispatch(
        &db.app,
        "find_commitment",
        json!({"organisation": "unhcr", "commitmentId": "200009"}),
    )
    .unwrap();
    assert_eq!(unhcr["organisation"], "UNHCR");
    assert_ne!(unhcr["id"], found["id"]);
}

fn links(codes: &[&str]) -> Vec<CategoryLink> {
    codes.iter().map(|c| CategoryLink::stated(c)).collect()
}
