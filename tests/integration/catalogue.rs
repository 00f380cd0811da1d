//! The IOM catalogue a new database is seeded with, checked against the source document.

use commitment_tracker::domain::CommitmentFilter;
use commitment_tracker::services::{catalogue, commitments};

use crate::support::{crs, transformations, TestDb};

fn find(db: &TestDb, id: &str) -> commitment_tracker::domain::Commitment {
    commitments::find_by_commitment_id(db.app.store(), None, id).expect("seeded commitment")
}

#[test]
fn a_new_database_holds_iom_s_19_commitments() {
    let db = TestDb::seeded();
    let expected: Vec<String> = (200001..=200019).map(|n| n.to_string()).collect();
    assert_eq!(db.all_ids(), expected);
    let orgs = catalogue::list_organisations(db.app.store()).unwrap();
    assert_eq!(orgs.len(), 1);
    assert_eq!(orgs[0].code, "IOM");
    assert_eq!(orgs[0].name, "International Organization for Migration");
}

#[test]
fn seeding_happens_once_and_can_be_declined() {
    let db = TestDb::seeded();
    let path = db.path();
    drop(db.app);
    let again = commitment_tracker::App::open(&path, Default::default()).unwrap();
    assert_eq!(
        commitments::list(again.store(), &CommitmentFilter::default())
            .unwrap()
            .len(),
        19
    );

    let empty = TestDb::empty();
    assert!(empty.all_ids().is_empty());
    assert!(catalogue::list_organisations(empty.app.store())
        .unwrap()
        .is_empty());
}

#[test]
fn each_commitment_has_the_type_of_the_source() {
    let db = TestDb::seeded();
    let of = |kind: &str| {
        db.ids(&CommitmentFilter {
            kind: Some(kind.to_owned()),
            ..Default::default()
        })
    };
    assert_eq!(
        of("Policy"),
        ["200001", "200006", "200010", "200013", "200017"]
    );
    assert_eq!(of("Advocacy"), ["200007"]);
    assert_eq!(of("Operational").len(), 13);
    assert!(of("Financial").is_empty());
}

#[test]
fn commitment_200003_is_one_commitment_under_two_core_responsibilities() {
    let db = TestDb::seeded();
    let c = find(&db, "200003");
    assert_eq!(crs(&c.categories), [3, 4]);
    let links: Vec<(String, bool)> = transformations(&c.categories)
        .into_iter()
        .map(|l| (l.code, l.inferred))
        .collect();
    let links: Vec<(&str, bool)> = links.iter().map(|(c, i)| (c.as_str(), *i)).collect();
    // 4B is stated by the source's heading; 3A is inferred from a section without one.
    assert_eq!(links, [("3A", true), ("4B", false)]);
    let by_cr = |n: u8| {
        db.ids(&CommitmentFilter {
            framework: Some("WHS".into()),
            category: Some(n.to_string()),
            ..Default::default()
        })
    };
    assert!(by_cr(3).contains(&"200003".to_owned()));
    assert!(by_cr(4).contains(&"200003".to_owned()));
}

#[test]
fn links_from_sections_without_a_heading_are_marked_inferred() {
    let db = TestDb::seeded();
    let mut inferred = Vec::new();
    for c in commitments::list(db.app.store(), &CommitmentFilter::default()).unwrap() {
        for l in transformations(&c.categories).iter().filter(|l| l.inferred) {
            inferred.push(format!("{}:{}", c.commitment_id, l.code));
        }
    }
    assert_eq!(
        inferred,
        [
            "200002:3A",
            "200003:3A",
            "200004:3A",
            "200013:3B",
            "200016:3B",
            "200018:3A"
        ]
    );
}

#[test]
fn garbled_rows_of_the_source_are_reconstructed() {
    let db = TestDb::seeded();
    let cases = [
        ("200006", "Policy", vec![4u8], "4A", "IOM commits to developing a set of policy and guidance frameworks governing the use of its cash based approach"),
        ("200007", "Advocacy", vec![4], "4A", "IOM commits to engage in appropriate forms of advocacy and clear messaging"),
        ("200008", "Operational", vec![4], "4A", "IOM commits to further support national and local governments design and implement planned relocation"),
        ("200010", "Policy", vec![2], "2D", "IOM commits to mitigate vulnerability and build resilience within its shelter programming by finalizing"),
        ("200017", "Policy", vec![2], "2D", "IOM will take measures to ensure that its staff members provide humanitarian assistance"),
        ("200019", "Operational", vec![2], "2D", "Working toward strengthening investigation and protection responses to SEA allegations, IOM, along with OHCHR"),
    ];
    for (id, kind, numbers, code, start) in cases {
        let c = find(&db, id);
        assert_eq!(c.kind, kind, "{id} type");
        assert_eq!(crs(&c.categories), numbers, "{id} core responsibilities");
        assert_eq!(
            transformations(&c.categories).len(),
            1,
            "{id} transformations"
        );
        assert_eq!(
            transformations(&c.categories)[0].code,
            code,
            "{id} transformation"
        );
        assert!(c.description.starts_with(start), "{id}: {}", c.description);
        // No table debris (a core responsibility name or type word spliced into the text).
        assert!(
            !c.description.contains("Humanity"),
            "{id}: {}",
            c.description
        );
        assert!(
            !c.description.contains("Delivering Aid"),
            "{id}: {}",
            c.description
        );
    }
    assert!(find(&db, "200019")
        .description
        .ends_with("including adequate assistance for survivors."));
}

#[test]
fn the_reference_frame_has_5_core_responsibilities_and_24_transformations() {
    let db = TestDb::seeded();
    let cat = catalogue::catalogue(db.app.store()).unwrap();
    let whs = cat.framework("WHS").expect("WHS is seeded");
    assert_eq!(whs.levels, ["Core responsibility", "Transformation"]);
    assert_eq!(
        whs.types,
        ["Operational", "Policy", "Advocacy", "Financial"]
    );
    assert_eq!(whs.min_categories, 1);
    let names: Vec<&str> = whs.at_level(1).map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Political Leadership to Prevent and End Conflicts",
            "Uphold the Norms that Safeguard Humanity",
            "Leave No One Behind",
            "Change People's Lives: From Delivering Aid to Ending Need",
            "Invest in Humanity",
        ]
    );
    let codes: Vec<&str> = whs.at_level(2).map(|t| t.code.as_str()).collect();
    assert_eq!(
        codes.join(" "),
        "1A 1B 1C 1D 2A 2B 2C 2D 2E 3A 3B 3C 3D 3E 3F 3G 4A 4B 4C 5A 5B 5C 5D 5E"
    );
    assert_eq!(
        whs.category("4B").unwrap().name,
        "Anticipate, do not wait for crises"
    );
    assert_eq!(whs.category("3B").unwrap().parent.as_deref(), Some("3"));
    // Depth-first: each core responsibility is followed by its transformations.
    let order: Vec<&str> = whs
        .categories
        .iter()
        .take(6)
        .map(|c| c.code.as_str())
        .collect();
    assert_eq!(order, ["1", "1A", "1B", "1C", "1D", "2"]);
    // Core commitments are kept as reference text next to each responsibility.
    assert!(whs
        .category("2")
        .unwrap()
        .reference_text
        .contains("WOMEN AND GIRLS"));
    assert!(whs
        .category("5")
        .unwrap()
        .reference_text
        .contains("unearmarked"));
    // Empty databases have the reference frame too (it is not IOM's).
    let empty = TestDb::empty();
    assert_eq!(catalogue::catalogue(empty.app.store()).unwrap(), cat);
}

#[test]
fn filters_combine() {
    let db = TestDb::seeded();
    let q = |f: CommitmentFilter| db.ids(&f);
    assert_eq!(
        q(CommitmentFilter {
            framework: Some("WHS".into()),
            category: Some("4B".into()),
            ..Default::default()
        }),
        ["200003", "200012"]
    );
    assert_eq!(
        q(CommitmentFilter {
            framework: Some("WHS".into()),
            category: Some("4b".into()),
            ..Default::default()
        }),
        ["200003", "200012"]
    );
    assert_eq!(
        q(CommitmentFilter {
            framework: Some("WHS".into()),
            category: Some(2.to_string()),
            ..Default::default()
        }),
        ["200001", "200010", "200015", "200017", "200019"]
    );
    assert_eq!(
        q(CommitmentFilter {
            search: Some("PSEA".into()),
            ..Default::default()
        }),
        ["200001", "200019"]
    );
    assert_eq!(
        q(CommitmentFilter {
            search: Some("psea field".into()),
            ..Default::default()
        }),
        ["200001"]
    );
    assert_eq!(
        q(CommitmentFilter {
            search: Some("200003".into()),
            ..Default::default()
        }),
        ["200003"]
    );
    assert_eq!(
        q(CommitmentFilter {
            framework: Some("WHS".into()),
            category: Some(4.to_string()),
            kind: Some("Policy".into()),
            ..Default::default()
        }),
        ["200006"]
    );
    // LIKE wildcards are text, not patterns.
    assert!(q(CommitmentFilter {
        search: Some("%".into()),
        ..Default::default()
    })
    .is_empty());
    assert!(q(CommitmentFilter {
        framework: Some("WHS".into()),
        category: Some("5A".into()),
        ..Default::default()
    })
    .is_empty());
}
