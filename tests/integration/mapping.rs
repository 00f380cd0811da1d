//! The column-mapping library on files as organisations send them: one generated file per
//! quirk (a read-me sheet and title rows above a merged header, French Excel's CSV, HTML in
//! cells, an explicit header row and sheet), and the US OGP tracker (real data).

use std::collections::BTreeMap;
use std::path::Path;

use commitment_tracker::import::mapping::{apply, propose_for_table, ColumnMapping, ImportKind};
use commitment_tracker::import::table::{read_table, TableOptions};

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| (*x).to_owned()).collect()
}

/// A workbook: a "README" sheet of notes first, then "Reports 2023" with a title row, a
/// row of merged group headings and the header on row 3.
fn workbook_with_readme_and_title_rows() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let notes = wb.add_worksheet().set_name("README").unwrap();
    notes
        .write_string(0, 0, "How to fill in this workbook")
        .unwrap();
    notes.write_string(1, 0, "One row per commitment.").unwrap();
    let sheet = wb.add_worksheet().set_name("Reports 2023").unwrap();
    sheet
        .write_string(0, 0, "Progress against commitments, 2023")
        .unwrap();
    let fmt = rust_xlsxwriter::Format::new();
    sheet.merge_range(1, 0, 1, 1, "Commitment", &fmt).unwrap();
    sheet.merge_range(1, 2, 1, 4, "Progress", &fmt).unwrap();
    for (c, h) in [
        "Commitment ID",
        "Year",
        "Status",
        "Achievements",
        "Progress (%)",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(2, c as u16, *h).unwrap();
    }
    sheet.write_number(3, 0, 200001.0).unwrap();
    sheet.write_number(3, 1, 2023.0).unwrap();
    sheet.write_string(3, 2, "Completed").unwrap();
    sheet.write_string(3, 3, "Trained 40 staff.").unwrap();
    sheet.write_number(3, 4, 100.0).unwrap();
    sheet.write_string(4, 0, "200002").unwrap();
    sheet.write_number(4, 1, 2023.0).unwrap();
    sheet.write_string(4, 2, "in_progress").unwrap();
    sheet.write_string(4, 4, "45%").unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn xlsx_read_me_sheet_and_title_rows_are_skipped() {
    let bytes = workbook_with_readme_and_title_rows();
    let t = read_table("reports.xlsx", &bytes, &TableOptions::default()).unwrap();
    assert_eq!(t.sheets, ["README", "Reports 2023"]);
    assert_eq!(t.sheet.as_deref(), Some("Reports 2023"));
    assert_eq!(t.header_row, 3);
    assert_eq!(
        t.header,
        [
            "Commitment ID",
            "Year",
            "Status",
            "Achievements",
            "Progress (%)"
        ]
    );
    let m = propose_for_table(ImportKind::Reports, &t);
    assert_eq!(m.fields["id"], ["Commitment ID"]);
    assert_eq!(m.fields["year"], ["Year"]);
    assert_eq!(m.fields["status"], ["Status"]);
    assert_eq!(m.fields["achievements"], ["Achievements"]);
    assert_eq!(m.fields["progress"], ["Progress (%)"]);
    let out = apply(ImportKind::Reports, "reports.xlsx", &t, &m).unwrap();
    assert!(out.ignored_columns.is_empty());
    assert!(out.unmapped_values.is_empty());
    assert_eq!(out.rows.len(), 2);
    assert_eq!(out.rows[0].row, 4);
    let expect = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    };
    assert_eq!(
        out.rows[0].values,
        expect(&[
            ("id", "200001"),
            ("year", "2023"),
            ("status", "Completed"),
            ("achievements", "Trained 40 staff."),
            ("progress", "100"),
        ])
    );
    assert_eq!(out.rows[1].row, 5);
    assert_eq!(
        out.rows[1].values,
        expect(&[
            ("id", "200002"),
            ("year", "2023"),
            ("status", "InProgress"),
            ("progress", "45%"),
        ])
    );
}

#[test]
fn xlsx_sheet_and_header_row_can_be_named() {
    let bytes = workbook_with_readme_and_title_rows();
    let options = TableOptions {
        sheet: Some("README".to_owned()),
        header_row: Some(2),
    };
    let t = read_table("reports.xlsx", &bytes, &options).unwrap();
    assert_eq!(t.header, ["One row per commitment."]);
    assert!(t.rows.is_empty());
    let options = TableOptions {
        sheet: Some("Reports 2023".to_owned()),
        header_row: Some(2),
    };
    let t = read_table("reports.xlsx", &bytes, &options).unwrap();
    assert_eq!(t.header, ["Commitment", "", "Progress"]);
    assert_eq!(t.rows.first().map(|r| r.0), Some(3));
    let e = read_table(
        "reports.xlsx",
        &bytes,
        &TableOptions {
            sheet: Some("2024".to_owned()),
            header_row: None,
        },
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        e,
        "reports.xlsx: there is no worksheet \"2024\" (the worksheets are: README, Reports 2023)"
    );
}

#[test]
fn french_excel_csv_headers_and_values_are_proposed() {
    // Windows-1252, `;`-separated, as French Excel saves "CSV".
    let text = "N°;Année;Statut;Réalisations;Difficultés;Prochaines étapes;Commentaire\r\n\
                200001;2023;Terminé;Formation de 40 agents.;Budget;Évaluation;x\r\n\
                200002;2023;En retard;;;;\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    let t = read_table("rapports.csv", &bytes, &TableOptions::default()).unwrap();
    let m = propose_for_table(ImportKind::Reports, &t);
    assert_eq!(m.fields["id"], ["N°"]);
    assert_eq!(m.fields["year"], ["Année"]);
    assert_eq!(m.fields["status"], ["Statut"]);
    assert_eq!(m.fields["achievements"], ["Réalisations"]);
    assert_eq!(m.fields["challenges"], ["Difficultés"]);
    assert_eq!(m.fields["next_steps"], ["Prochaines étapes"]);
    assert_eq!(
        m.values["status"],
        BTreeMap::from([("Terminé".to_owned(), "Completed".to_owned())])
    );
    let out = apply(ImportKind::Reports, "rapports.csv", &t, &m).unwrap();
    assert_eq!(out.ignored_columns, ["Commentaire"]);
    assert_eq!(out.unmapped_values["status"], ["En retard"]);
    assert_eq!(out.rows[0].values["status"], "Completed");
    assert_eq!(out.rows[0].values["next_steps"], "Évaluation");
    assert_eq!(out.rows[1].values["status"], "En retard");
    let mut m = m;
    m.values
        .entry("status".to_owned())
        .or_default()
        .insert("en retard".to_owned(), "InProgress".to_owned());
    let out = apply(ImportKind::Reports, "rapports.csv", &t, &m).unwrap();
    assert!(out.unmapped_values.is_empty());
    assert_eq!(out.rows[1].values["status"], "InProgress");
}

#[test]
fn html_cells_become_markdown_and_plain_angle_brackets_stay() {
    let csv = "ID,Progress,Evidence,Tags\n\
               1,\"<p>Trained staff.</p> <p>See <a href=\"\"https://example.org/r.pdf\"\">the report</a>.</p>\",\"Report|https://example.org/r.pdf; https://example.org/b\",\"a, b\"\n\
               2,Coverage < 5 % and > 2 %,,\n\
               3,Line one<br>Line two<br><br>After a gap,,\n";
    let t = read_table("html.csv", csv.as_bytes(), &TableOptions::default()).unwrap();
    let m = propose_for_table(ImportKind::Reports, &t);
    assert_eq!(m.fields["achievements"], ["Progress"]);
    assert_eq!(m.fields["evidence"], ["Evidence"]);
    let out = apply(ImportKind::Reports, "html.csv", &t, &m).unwrap();
    assert_eq!(
        out.rows[0].values["achievements"],
        "Trained staff.\n\nSee [the report](https://example.org/r.pdf)."
    );
    assert_eq!(
        out.rows[0].values["evidence"],
        "Report|https://example.org/r.pdf;https://example.org/b"
    );
    assert_eq!(out.rows[0].values["tags"], "a;b");
    assert_eq!(
        out.rows[1].values["achievements"],
        "Coverage < 5 % and > 2 %"
    );
    assert_eq!(
        out.rows[2].values["achievements"],
        "Line one\nLine two\n\nAfter a gap"
    );
}

fn ogp() -> (Vec<u8>, &'static str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/real/ogp-us-nap5/derived_subcommitments.csv");
    (std::fs::read(path).unwrap(), "derived_subcommitments.csv")
}

#[test]
fn ogp_sub_commitments_are_keyed_by_their_own_ids() {
    let (bytes, name) = ogp();
    let t = read_table(name, &bytes, &TableOptions::default()).unwrap();
    assert_eq!(t.rows.len(), 70);
    let proposal = propose_for_table(ImportKind::Reports, &t);
    // "commitment_id" repeats the parent's ID on every sub-row: the proposal takes the
    // sub-commitment's own ID instead.
    assert_eq!(proposal.fields["id"], ["commitment_detail_sub_id"]);
    assert_eq!(proposal.fields["status"], ["commitment_status"]);
    assert_eq!(proposal.fields["achievements"], ["aug_2023_progress"]);
    // An explicit mapping gives the same.
    let mut explicit = ColumnMapping::default();
    for (f, c) in [
        ("id", "commitment_detail_sub_id"),
        ("status", "commitment_status"),
        ("achievements", "aug_2023_progress"),
    ] {
        explicit.fields.insert(f.to_owned(), s(&[c]));
    }
    for m in [&proposal, &explicit] {
        let out = apply(ImportKind::Reports, name, &t, m).unwrap();
        assert!(out.unmapped_values.is_empty(), "{:?}", out.unmapped_values);
        let ids: std::collections::BTreeSet<&str> =
            out.rows.iter().map(|r| r.values["id"].as_str()).collect();
        assert_eq!(ids.len(), 70);
        assert!(ids.contains("US0113.1"));
        let count = |st: &str| out.rows.iter().filter(|r| r.values["status"] == st).count();
        assert_eq!(
            (count("InProgress"), count("Completed"), count("NotStarted")),
            (36, 33, 1)
        );
        let first = &out.rows[0].values["achievements"];
        assert!(!out.rows.iter().any(|r| r
            .values
            .get("achievements")
            .is_some_and(|a| a.contains("<br") || a.contains("<a "))));
        assert!(
            first.contains("](https://www.whitehouse.gov/wp-content/uploads/2023/03/Progress-on-Equitable-Data-Mar2023.pdf)"),
            "{first}"
        );
        assert!(out.ignored_columns.contains(&"commitment_id".to_owned()));
    }
}

#[test]
fn ogp_catalogue_columns_are_proposed_past_their_shared_prefix() {
    let (bytes, name) = ogp();
    let t = read_table(name, &bytes, &TableOptions::default()).unwrap();
    let m = propose_for_table(ImportKind::Catalogue, &t);
    // Six headers start with "commitment": that word names none of them; "theme" does. A
    // lead agency is not the organisation that holds the commitments: no synonym proposes it.
    let expected: BTreeMap<String, Vec<String>> = [
        ("id", "commitment_detail_sub_id"),
        ("title", "title"),
        ("description", "commitment_detail_sub"),
        ("categories", "commitment_theme_name"),
    ]
    .into_iter()
    .map(|(f, c)| (f.to_owned(), s(&[c])))
    .collect();
    assert_eq!(m.fields, expected);
    let out = apply(ImportKind::Catalogue, name, &t, &m).unwrap();
    assert!(out
        .ignored_columns
        .contains(&"commitment_agency".to_owned()));
    assert_eq!(
        out.rows[0].values["categories"],
        "Improve Access to Government Data, Research, and Information",
        "commas, but a name written as prose: not split"
    );
}
