//! Every input the fuzzers were seeded with or found a crash with is replayed here, through the
//! same entry points, on every test run.

use std::path::Path;

use commitment_tracker::harness;

fn replay(target: &str, run: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut n = 0;
    for dir in ["seeds", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        for e in entries.filter_map(Result::ok) {
            if e.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            run(&std::fs::read(e.path()).unwrap());
            n += 1;
        }
    }
    n
}

/// What the `markdown_pdf` fuzz target runs: a narrative typeset in-process.
fn markdown_pdf(data: &[u8]) {
    let json = commitment_tracker::export::pdf::narrative_probe(&String::from_utf8_lossy(data));
    let pdf = commitment_tracker_typeset::typeset("2026-11-30", &json).expect("typeset");
    assert!(pdf.starts_with(b"%PDF-"));
}

#[test]
fn fuzz_inputs_are_handled_without_panics() {
    assert!(replay("csv_import", harness::catalogue_csv) >= 2);
    assert!(replay("xlsx_import", harness::catalogue_xlsx) >= 5);
    assert!(replay("bundle_import", harness::bundle_json) >= 2);
    assert!(replay("markdown", harness::markdown) >= 2);
    assert!(replay("json_import", harness::catalogue_json) >= 2);
    assert!(replay("markdown_pdf", markdown_pdf) >= 4);
    assert!(replay("bundle_record", harness::bundle_record) >= 5);
}

#[test]
fn an_xlsx_that_unpacks_to_too_much_is_refused_before_it_is_read() {
    // 210 MB of spaces, deflated to a few hundred kilobytes (made once with Python's zipfile).
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions/xlsx_import/bomb-unpacks-to-210mb.xlsx");
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.len() < 2 << 20, "a small file: {} bytes", bytes.len());
    let e = commitment_tracker::import::table::read_xlsx("bomb.xlsx", &bytes).expect_err("refused");
    assert!(
        e.to_string()
            .contains("bomb.xlsx: the workbook unpacks to 210 MB"),
        "{e}"
    );
}
