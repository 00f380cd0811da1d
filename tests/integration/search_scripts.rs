//! Search in scripts written without spaces between words (Chinese, Japanese, Korean
//! word-runs, Thai): a word is found inside its sentence (migration 0009, trigram index).

use commitment_tracker::domain::status::{MARK_END, MARK_START};
use commitment_tracker::domain::{
    CommitmentFilter, ImplementationStatus, ReportInput, SearchHit, SearchQuery,
};
use commitment_tracker::services::{commitments, reports, search};
use commitment_tracker::store::migrations;
use commitment_tracker::{App, OpenOptions};
use rusqlite::Connection;

use crate::support::{ct, stderr, stdout, TestDb};

/// The report of case 14 (`shared/cases/14-chinese.md`), verbatim.
const CASE_14: &str = "国际移民组织的数据系统已在三个国家启用。\n\nDisplacement data (DTM) shared with e-mail partners; C++ tooling; \"quoted words\".\n";

fn id(db: &TestDb, public: &str) -> String {
    commitments::find_by_commitment_id(db.app.store(), None, public)
        .unwrap()
        .id
}

fn write(db: &TestDb, public: &str, year: i32, achievements: &str, tags: &[&str]) -> String {
    let input = ReportInput {
        status: "In progress".into(),
        achievements: achievements.into(),
        challenges: String::new(),
        next_steps: String::new(),
        evidence: vec![],
        progress: None,
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
    };
    reports::create(
        db.app.store(),
        &db.actor,
        "fp",
        &id(db, public),
        year,
        &input,
    )
    .unwrap()
    .id
}

fn found(db: &TestDb, q: SearchQuery) -> Vec<SearchHit> {
    search::search(db.app.store(), &q).unwrap()
}

/// "commitment:year" of each hit, sorted.
fn hits(db: &TestDb, q: SearchQuery) -> Vec<String> {
    let mut out: Vec<String> = found(db, q)
        .into_iter()
        .map(|h| {
            format!(
                "{}:{}",
                h.commitment_id,
                h.year.map(|y| y.to_string()).unwrap_or_default()
            )
        })
        .collect();
    out.sort();
    out
}

fn text(t: &str) -> SearchQuery {
    SearchQuery {
        text: t.into(),
        ..Default::default()
    }
}

/// Case 14 in 200009's 2019 report; Japanese, Korean and Thai sentences in others.
fn fixture() -> TestDb {
    let db = TestDb::seeded();
    write(&db, "200009", 2019, CASE_14, &[]);
    write(
        &db,
        "200003",
        2019,
        "地震の後、避難民のための仮設住宅を建設しました。",
        &[],
    );
    write(
        &db,
        "200001",
        2020,
        "국제이주기구는 난민들에게 임시 거처를 제공했습니다.",
        &[],
    );
    write(
        &db,
        "200012",
        2019,
        "องค์การระหว่างประเทศเพื่อการโยกย้ายถิ่นฐานช่วยเหลือผู้ลี้ภัยในค่าย",
        &[],
    );
    write(
        &db,
        "200005",
        2018,
        "Trained enumerators in DTM.",
        &["移民"],
    );
    db
}

#[test]
fn case_14_a_chinese_word_inside_a_sentence_is_found_by_ct_search() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::support::fresh_db(dir.path(), "ct");
    let achievements = dir.path().join("14-chinese.md");
    std::fs::write(&achievements, CASE_14).unwrap();
    let run = |args: &[&str]| {
        let out = ct(&db).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        stdout(&out)
    };
    run(&["identity", "--name", "Focal Point", "--role", "focal-point"]);
    run(&[
        "report",
        "set",
        "--commitment",
        "200009",
        "--year",
        "2019",
        "--status",
        "in progress",
        "--achievements",
        achievements.to_str().unwrap(),
    ]);
    let out = run(&["search", "移民", "--format", "csv"]);
    assert!(
        out.contains("200009,2019,report,国际[移民]组织的数据系统已在三个国家启用。"),
        "{out}"
    );
    assert_eq!(out.lines().count(), 2, "{out}");
    // A longer word, and the Latin part of the same report as before.
    assert!(run(&["search", "数据系统", "--format", "csv"]).contains("200009,2019"));
    assert!(
        run(&["search", "Displacement data", "--format", "csv"]).contains("200009,2019,report,")
    );
}

#[test]
fn japanese_korean_and_thai_words_are_found_inside_their_runs() {
    let db = fixture();
    assert_eq!(
        hits(&db, text("避難民")),
        ["200003:2019"],
        "Japanese, inside a sentence"
    );
    assert_eq!(
        hits(&db, text("仮設住宅")),
        ["200003:2019"],
        "Japanese, kanji word"
    );
    assert_eq!(
        hits(&db, text("난민")),
        ["200001:2020"],
        "Korean, inside the word-run 난민들에게"
    );
    assert_eq!(
        hits(&db, text("이주")),
        ["200001:2020"],
        "Korean, inside 국제이주기구는"
    );
    assert_eq!(
        hits(&db, text("ผู้ลี้ภัย")),
        ["200012:2019"],
        "Thai, a word inside a sentence without spaces"
    );
    assert!(
        hits(&db, text("地滑り")).is_empty(),
        "a word that is not there"
    );
    assert!(hits(&db, text("난민촌")).is_empty());
}

#[test]
fn one_and_two_character_words_are_found() {
    let db = fixture();
    assert_eq!(
        hits(&db, text("移民")),
        ["200005:2018", "200009:2019"],
        "two characters, in the text and in a tag"
    );
    assert_eq!(hits(&db, text("震")), ["200003:2019"], "one character");
    assert_eq!(
        hits(&db, text("用")),
        ["200009:2019"],
        "one character, the last of its sentence"
    );
    assert_eq!(
        hits(&db, text("ค่าย")),
        ["200012:2019"],
        "Thai word at the end"
    );
    assert!(hits(&db, text("龍")).is_empty());
    assert!(hits(&db, text("移住")).is_empty());

    // A character followed by 250 different ones: an OR of its 250 trigrams.
    let many: String = (0..250u32)
        .filter_map(|i| char::from_u32(0x5000 + i))
        .map(|c| format!("得{c}"))
        .collect();
    write(&db, "200011", 2021, &many, &[]);
    assert_eq!(hits(&db, text("得")), ["200011:2021"]);

    // A character followed by hundreds of different ones is too common to expand into its
    // trigrams: it is looked for in the text instead, with the same result.
    let common: String = (0..400u32)
        .filter_map(|i| char::from_u32(0x4E00 + 2 * i))
        .map(|c| format!("的{c}"))
        .collect();
    write(&db, "200010", 2021, &common, &[]);
    assert_eq!(hits(&db, text("的")), ["200009:2019", "200010:2021"]);
    assert_eq!(hits(&db, text("的乀")), ["200010:2021"]);
}

#[test]
fn snippets_mark_the_word_inside_its_sentence() {
    let db = fixture();
    let hit = &found(&db, text("移民"))
        .into_iter()
        .find(|h| h.year == Some(2019))
        .unwrap();
    assert_eq!(
        hit.snippet,
        format!(
            "国际{MARK_START}移民{MARK_END}组织的数据系统已在三个国家启用。 Displacement data (DTM) shared with…"
        ),
        "each character counts as a word of the snippet's 24"
    );
    let thai = &found(&db, text("ผู้ลี้ภัย"))[0];
    assert!(
        thai.snippet
            .contains(&format!("{MARK_START}ผู้ลี้ภัย{MARK_END}ในค่าย")),
        "{}",
        thai.snippet
    );
    let tag = &found(&db, text("移民"))
        .into_iter()
        .find(|h| h.year == Some(2018))
        .unwrap();
    assert_eq!(
        tag.snippet,
        format!("{MARK_START}移民{MARK_END}"),
        "from the tags"
    );
    let mixed = &found(&db, text("DTM 移民"));
    assert_eq!(mixed.len(), 2);
    assert!(mixed
        .iter()
        .all(|h| h.snippet.contains(MARK_START) && h.snippet.contains(MARK_END)));
}

#[test]
fn a_latin_search_is_unchanged_beside_unspaced_records() {
    let db = fixture();
    assert_eq!(hits(&db, text("enumerat")), ["200005:2018"], "prefix");
    assert_eq!(
        hits(&db, text("displacement data")),
        ["200009:2019"],
        "words of case 14's Latin line"
    );
    let first = &found(&db, text("enumerators"))[0];
    assert_eq!(
        first.snippet,
        format!("Trained {MARK_START}enumerators{MARK_END} in DTM.")
    );
    assert!(
        first.rank < 0.0,
        "a rare Latin word is still ranked by BM25: {}",
        first.rank
    );
    assert!(hits(&db, text("\"AND OR NEAR( * ^")).is_empty());
}

#[test]
fn latin_and_unspaced_words_must_all_match() {
    let db = fixture();
    assert_eq!(hits(&db, text("DTM 移民")), ["200005:2018", "200009:2019"]);
    assert_eq!(
        hits(&db, text("移民 shared")),
        ["200009:2019"],
        "a Latin word rarer than the Chinese one"
    );
    assert_eq!(
        hits(&db, text("displacement 移民")),
        ["200009:2019"],
        "a Latin word more common than the Chinese one (most IOM commitments)"
    );
    assert_eq!(
        hits(&db, text("数据 partner")),
        ["200009:2019"],
        "the last word is a prefix"
    );
    assert!(
        hits(&db, text("partner 数据")).is_empty(),
        "a Latin word before the last is whole"
    );
    assert!(hits(&db, text("enumerators 数据")).is_empty());
    assert!(hits(&db, text("DTM 难民")).is_empty());
    assert_eq!(hits(&db, text("移民 数据")), ["200009:2019"]);
    assert!(hits(&db, text("移民 避難民")).is_empty());
}

#[test]
fn year_core_responsibility_and_status_filters_apply_to_unspaced_hits() {
    let db = fixture();
    let year = |y: i32, t: &str| {
        hits(
            &db,
            SearchQuery {
                year: Some(y),
                ..text(t)
            },
        )
    };
    assert_eq!(year(2019, "移民"), ["200009:2019"]);
    assert_eq!(year(2018, "移民"), ["200005:2018"]);
    assert!(year(2020, "移民").is_empty());
    let cr = |n: u8, t: &str| {
        hits(
            &db,
            SearchQuery {
                filter: CommitmentFilter {
                    framework: Some("WHS".into()),
                    category: Some(n.to_string()),
                    ..Default::default()
                },
                ..text(t)
            },
        )
    };
    // 200003 is under CR3 and CR4, 200001 under CR2 only.
    assert_eq!(cr(4, "避難民"), ["200003:2019"]);
    assert_eq!(cr(2, "난민"), ["200001:2020"]);
    assert!(cr(4, "난민").is_empty());
    assert_eq!(cr(3, "移民"), ["200009:2019"], "200005 is under CR1");
    let status = |st: ImplementationStatus, t: &str| {
        hits(
            &db,
            SearchQuery {
                status: Some(st),
                ..text(t)
            },
        )
    };
    assert_eq!(
        status(ImplementationStatus::InProgress, "移民"),
        ["200005:2018", "200009:2019"]
    );
    assert!(status(ImplementationStatus::Completed, "移民").is_empty());
}

#[test]
fn the_unspaced_index_follows_every_save_and_can_be_rebuilt() {
    let db = fixture();
    let s = db.app.store();
    let r = reports::find(s, &id(&db, "200003"), 2019).unwrap().unwrap();
    let mut input = r.content.to_input();
    input.achievements = "Shelters built.".into();
    reports::update(s, &db.actor, "fp", &r.id, r.version, &input).unwrap();
    assert!(hits(&db, text("避難民")).is_empty(), "the old text is gone");
    input.challenges = "避難民の登録が遅れた。".into();
    let r = reports::find(s, &id(&db, "200003"), 2019).unwrap().unwrap();
    reports::update(s, &db.actor, "fp", &r.id, r.version, &input).unwrap();
    assert_eq!(hits(&db, text("避難民")), ["200003:2019"]);

    // A commitment described in Chinese, then renamed: its reports follow.
    let c = commitments::find_by_commitment_id(s, None, "200016").unwrap();
    let edit = commitment_tracker::domain::CommitmentInput {
        organisation: None,
        commitment_id: "200016-B".into(),
        kind: c.kind.to_string(),
        description: "国际移民组织承诺统计疏散演习中的移民。".into(),
        framework: None,
        title: String::new(),
        categories: c.categories.clone(),
        tags: vec![],
    };
    commitments::update(s, &db.actor, &c.id, c.version, &edit).unwrap();
    assert_eq!(
        hits(&db, text("疏散")),
        ["200016-B:"],
        "commitment descriptions"
    );

    assert!(search::rebuild(s).unwrap() > 0);
    assert_eq!(hits(&db, text("疏散")), ["200016-B:"]);
    assert_eq!(
        hits(&db, text("移民")),
        ["200005:2018", "200009:2019", "200016-B:"]
    );
    assert_eq!(hits(&db, text("ผู้ลี้ภัย")), ["200012:2019"]);
}

#[test]
fn a_database_from_before_migration_9_gets_its_unspaced_reports_indexed() {
    if crate::support::skip_on_postgres(
        "a database from before migration 9 gets its unspaced reports indexed",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = crate::support::fresh_db(dir.path(), "old");
    {
        // The file as the version before this one left it: schema 8, with reports written
        // then (its own triggers put them in the word index only).
        let conn = Connection::open(&path).unwrap();
        assert_eq!(migrations::migrate_to(&conn, 8).unwrap(), 8);
        conn.execute_batch(
            "INSERT INTO organisations VALUES ('o1', 'IOM', 'IOM', 't', 't');
             INSERT INTO commitments (id, organisation_id, public_id, kind, description,
                                      created_at, updated_at, created_by, updated_by)
             VALUES ('c1', 'o1', '200009', 'Policy', 'IOM commits to share data.', 't', 't', 'a', 'a');
             INSERT INTO reports (id, commitment_id, year, status, achievements, author,
                                  created_at, updated_at, updated_by)
             VALUES ('r1', 'c1', 2019, 'InProgress', '国际移民组织的数据系统已在三个国家启用。', 'a', 't', 't', 'a'),
                    ('r2', 'c1', 2020, 'InProgress', 'ผู้ลี้ภัยในค่าย', 'a', 't', 't', 'a'),
                    ('r3', 'c1', 2021, 'InProgress', 'Displacement data shared.', 'a', 't', 't', 'a');",
        )
        .unwrap();
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE name = 'search_unspaced'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(tables, 0);
    }
    let app = App::open(
        &path,
        OpenOptions {
            seed: false,
            daily_backup: false,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(app.open_report().from_version, 8);
    assert_eq!(app.open_report().to_version, migrations::latest_version());
    let years = |t: &str| -> Vec<Option<i32>> {
        search::search(app.store(), &text(t))
            .unwrap()
            .into_iter()
            .map(|h| h.year)
            .collect()
    };
    assert_eq!(years("移民"), [Some(2019)]);
    assert_eq!(years("数据系统"), [Some(2019)]);
    assert_eq!(years("ภัย"), [Some(2020)]);
    assert_eq!(years("displacement"), [Some(2021)]);
    let indexed: i64 = Connection::open(&path)
        .unwrap()
        .query_row("SELECT count(*) FROM search_unspaced", [], |r| r.get(0))
        .unwrap();
    assert_eq!(indexed, 2, "only the records in such scripts");
}
