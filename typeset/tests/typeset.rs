//! The typesetter as the app runs it: JSON on standard input, a PDF on standard output.
//! (Cargo builds `ct-typeset` for these tests, which is also how the core's PDF tests find it
//! beside them in `target/`.)

mod common;

use common::{json_string, notdef_glyphs_drawn, poppler, run, text_of, typeset};

const EMPTY_REPORT: &str = r#"{"kicker": "K", "title": "Annual self-report 2031", "organisations": "Org", "running_head": "Org",
  "generated": "Generated today", "summary": "0 of 0 commitments", "status_header": "Status",
  "count_header": "Count", "statuses": [], "note": "n", "chapters": []}"#;

#[test]
fn report_data_becomes_a_pdf() {
    let pdf = typeset(EMPTY_REPORT.as_bytes());
    assert!(pdf.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("%%EOF"));
}

#[test]
fn bad_data_is_an_error_on_stderr_and_no_pdf() {
    let out = run("2031-02-03", b"{\"title\": 3");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("ct-typeset: "));

    let out = run("03/02/2031", EMPTY_REPORT.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a date"));
}

/// A report with one entry using everything a narrative can hold.
fn full_report(long_word: &str) -> String {
    let span = |text: &str| serde_like(&[("text", text)]);
    format!(
        r##"{{"kicker": "WHS commitments", "title": "Annual self-report 2031", "organisations": "Organisation internationale",
  "running_head": "Organisation internationale", "generated": "Generated on 2031-02-03", "summary": "1 of 1 commitments",
  "status_header": "Status", "count_header": "Count",
  "statuses": [{{"label": "In progress", "count": 1, "share": 1.0, "color": "#f9a825"}}],
  "note": "A note.",
  "chapters": [{{"title": "Core responsibility 3: Leave no one behind", "sections": [{{"title": "3D Empower women and girls",
    "entries": [{{"title": "Commitment 200009 (Operational)", "notes": ["Linked to 3D by inference; to be confirmed."],
      "description": "IOM commits to strengthen its efforts.", "missing": "No report for 2031.",
      "report": {{"status_line": "Status: In progress, 40%", "evidence_title": "Evidence",
        "evidence": [{{"title": "DTM dashboard", "url": "https://example.org/dtm"}}, {{"title": "Unlinked note", "url": null}}],
        "narratives": [{{"title": "Achievements", "blocks": [
          {{"kind": "p", "spans": [{span_a}, {{"text": "120", "strong": true}}, {{"text": " enumerators in "}}, {{"text": "Cox's Bazar", "emph": true}}, {{"br": true}}, {{"text": "niñas y niños; déplacés."}}]}},
          {{"kind": "p", "indent": 1, "marker": {{"text": "•", "indent": 1}}, "spans": [{{"text": "first item"}}]}},
          {{"kind": "p", "indent": 2, "marker": {{"text": "•", "indent": 2}}, "spans": [{{"text": "nested item"}}]}},
          {{"kind": "code", "indent": 2, "text": "code in the item"}},
          {{"kind": "h", "indent": 1, "marker": {{"text": "•", "indent": 1}}, "spans": [{{"text": "heading in an item"}}]}},
          {{"kind": "p", "indent": 1, "marker": {{"text": "1.", "indent": 1}}, "spans": [{{"text": "numbered item"}}]}},
          {{"kind": "p", "indent": 1, "marker": {{"text": "2.", "indent": 1}}}},
          {{"kind": "rule"}},
          {{"kind": "p", "indent": 3, "marker": {{"text": "3.", "indent": 1}}, "quotes": [1, 2], "spans": [{{"text": "quoted words"}}]}},
          {{"kind": "code", "text": "code line one\ncode line two"}},
          {{"kind": "p", "spans": [{{"text": "{long_word}"}}]}}
        ]}}]
      }}
    }}]}}]}}]}}"##,
        span_a = span("Trained "),
    )
}

fn serde_like(pairs: &[(&str, &str)]) -> String {
    let body: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("\"{k}\": \"{v}\""))
        .collect();
    format!("{{{}}}", body.join(", "))
}

#[test]
fn every_kind_of_narrative_block_is_set_as_searchable_text_within_the_margins() {
    let long_word = "x".repeat(400);
    let pdf = typeset(full_report(&long_word).as_bytes());

    let text = poppler("pdftotext", &[], &pdf);
    for needle in [
        "Annual self-report 2031",
        "Core responsibility 3: Leave no one behind",
        "Commitment 200009 (Operational)",
        // "fi" is set as a ligature; its text is still "fi".
        "Linked to 3D by inference; to be confirmed.",
        "Trained 120 enumerators in Cox's Bazar",
        "niñas y niños; déplacés.",
        "first item",
        "nested item",
        "code in the item",
        "heading in an item",
        "1. numbered item",
        "quoted words",
        "code line one",
        "DTM dashboard",
        "Unlinked note",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
    }
    // The forced line break: the accented words start a line of their own.
    assert!(
        text.lines().any(|l| l.trim_start().starts_with("niñas")),
        "{text}"
    );
    // The 400-letter word is broken over lines, all of it kept.
    let xs: usize = text.chars().filter(|&c| c == 'x').count();
    assert!(xs >= 400, "{xs} of 400 letters");

    // Nothing is set beyond the right margin (2.2 cm from the edge of 595 pt).
    let boxes = poppler("pdftotext", &["-bbox"], &pdf);
    let right_edges: Vec<f32> = boxes
        .lines()
        .filter(|l| l.contains("<word"))
        .filter_map(|l| l.split("xMax=\"").nth(1)?.split('"').next()?.parse().ok())
        .collect();
    assert!(right_edges.len() > 40);
    let widest = right_edges.iter().copied().fold(0.0, f32::max);
    assert!(widest <= 595.28 - 62.0, "a word reaches {widest} pt");

    // Page numbers on every page but the title page; the safe link is a link, the other not.
    let pages: usize = poppler("pdfinfo", &[], &pdf)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap();
    // (pdftotext may join "2 / 3", set small, into "2/3".)
    let numbers: Vec<String> = text
        .lines()
        .map(|l| l.replace(' ', ""))
        .filter(|l| l.ends_with(&format!("/{pages}")))
        .collect();
    let expected: Vec<String> = (2..=pages).map(|n| format!("{n}/{pages}")).collect();
    assert_eq!(numbers, expected, "page numbers from the second page");
    let urls = poppler("pdfinfo", &["-url"], &pdf);
    assert_eq!(urls.matches("https://example.org/dtm").count(), 1, "{urls}");

    // The headings are the document's outline, and its title and author are set.
    let raw = String::from_utf8_lossy(&pdf);
    assert!(raw.contains("/Outlines"));
    assert!(
        raw.contains("(3D Empower women and girls)"),
        "outline entry"
    );
    let info = poppler("pdfinfo", &[], &pdf);
    assert!(
        info.contains("Title:           Annual self-report 2031"),
        "{info}"
    );
    assert!(
        info.contains("Author:          Organisation internationale"),
        "{info}"
    );
}

#[test]
fn hostile_text_is_set_without_failing_and_latin_text_around_it_survives() {
    // Words the fonts cannot show, control characters, combining marks, right-to-left text,
    // runs of spaces and blank lines, a non-breaking space, a 5,000-letter word.
    let nasty = [
        "emoji 😀🎉 and CJK 中文字 then plain words",
        "control \u{0007}\u{001b} chars",
        "combining e\u{0301}\u{0301} marks and Ångström",
        "مرحبا بالعالم right to left",
        "   many    spaces   \n\n\n blank lines",
        "Étape\u{00a0}: non-breaking",
        &"w".repeat(5000),
    ];
    let narrative: Vec<String> = nasty
        .iter()
        .map(|t| {
            format!(
                r#"{{"kind": "p", "spans": [{{"text": {}}}]}}"#,
                json_string(t)
            )
        })
        .collect();
    let data = full_report("tail").replace(
        r#"{"kind": "p", "spans": [{"text": "tail"}]}"#,
        &narrative.join(", "),
    );
    assert!(
        data.contains(&"w".repeat(5000)),
        "the hostile paragraphs are in the data"
    );
    let pdf = typeset(data.as_bytes());
    let text = poppler("pdftotext", &[], &pdf);
    for needle in [
        "then plain words",
        "chars",
        "marks and Ångström",
        "right to left",
        "blank lines",
        "non-breaking",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
    }
    assert!(text.chars().filter(|&c| c == 'w').count() >= 5000);
    // The other scripts are drawn in faces that have them and come back as typed (Arabic in
    // logical order); the combining marks stay on their letter; nothing is a glyph 0.
    let text = text_of(&pdf, &[]);
    for needle in [
        "emoji 😀🎉 and CJK 中文字",
        "مرحبا بالعالم",
        "e\u{0301}\u{0301} marks",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
    }
    assert_eq!(notdef_glyphs_drawn(&pdf), 0, "glyph 0 drawn");
}

#[test]
fn a_commitment_heading_is_never_the_last_line_of_a_page() {
    // 150 entries of varied lengths: without keeping headings with what follows, several
    // land at the foot of a page.
    let words = |n: usize| vec!["déplacement"; n].join(" ");
    let entries: Vec<String> = (0..150)
        .map(|i| {
            format!(
                r#"{{"title": "Commitment {id} (Operational)", "notes": [], "description": "{d}", "missing": "No report.",
                  "report": {{"status_line": "Status: In progress", "evidence_title": "Evidence", "evidence": [],
                    "narratives": [{{"title": "Achievements", "blocks": [{{"kind": "p", "spans": [{{"text": "{n}"}}]}}]}}]}}}}"#,
                id = 300000 + i,
                d = words(5 + (i * 37) % 60),
                n = words(3 + (i * 53) % 140),
            )
        })
        .collect();
    let data = format!(
        r#"{{"kicker": "K", "title": "Annual self-report 2031", "organisations": "Org", "running_head": "Org",
  "generated": "g", "summary": "s", "status_header": "Status", "count_header": "Count", "statuses": [], "note": "n",
  "chapters": [{{"title": "Core responsibility 1: One", "sections": [{{"title": "1A Section", "entries": [{}]}}]}}]}}"#,
        entries.join(", ")
    );
    let pdf = typeset(data.as_bytes());
    let text = poppler("pdftotext", &[], &pdf);
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(pages.len() > 20, "{} pages", pages.len());
    let is_page_number = |l: &str| {
        let l = l.replace(' ', "");
        l.split_once('/')
            .is_some_and(|(a, b)| a.parse::<u32>().is_ok() && b.parse::<u32>().is_ok())
    };
    let mut headings = 0;
    for (n, page) in pages.iter().enumerate() {
        headings += page.matches("Commitment 3").count();
        let last = page
            .lines()
            .map(str::trim)
            .rfind(|l| !l.is_empty() && !is_page_number(l))
            .unwrap_or("");
        assert!(
            !last.starts_with("Commitment ") && !last.starts_with("Achievements"),
            "page {} ends with the heading {last:?}",
            n + 1
        );
    }
    assert_eq!(headings, 150, "every entry is there");
}
