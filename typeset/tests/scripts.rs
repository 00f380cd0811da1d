//! A PDF per script, read back with poppler: each script drawn in a face that has it (never
//! glyph 0), its words given back by `pdftotext` (Arabic and Hebrew in logical order), lines
//! broken where the script allows, and what no face has drawn visibly and reported.

mod common;

use common::{notdef_glyphs_drawn, paragraph, poppler, report_with_blocks, run, text_of, typeset};

/// The field case 11-scripts.md, one paragraph per line as a narrative has them.
const CASE_11: [&str; 4] = [
    "Arabic: تقرير التقدم السنوي للمنظمة الدولية للهجرة",
    "Chinese: 国际移民组织 数据",
    "Emoji and symbols: ✅ ✓ 🌍 → ≥ 90 % № 5",
    "Latin ext.: Việt Nam, İstanbul, Łódź, Ukraïna, Україна, Ελλάδα",
];

/// The PDF of `paragraphs` (in English), which must be made without a warning.
fn pdf_of(paragraphs: &[&str]) -> Vec<u8> {
    let blocks: Vec<String> = paragraphs.iter().map(|p| paragraph(p, 0)).collect();
    let out = run("2031-02-03", report_with_blocks("en", &blocks).as_bytes());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "a warning: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(notdef_glyphs_drawn(&out.stdout), 0, "glyph 0 drawn");
    out.stdout
}

/// The narrative's lines as pdftotext gives them (after the "Achievements" heading, before
/// the page number).
fn narrative_lines(pdf: &[u8], args: &[&str]) -> Vec<String> {
    let text = text_of(pdf, args);
    let body = text.split("Achievements").nth(1).unwrap_or("");
    let page_number = |l: &str| {
        l.replace(' ', "")
            .split_once('/')
            .is_some_and(|(a, b)| a.parse::<u32>().is_ok() && b.parse::<u32>().is_ok())
    };
    body.lines()
        .map(|l| l.trim().to_owned())
        .take_while(|l| !page_number(l) && !l.starts_with("Annual self-report"))
        .filter(|l| !l.is_empty())
        .collect()
}

fn fonts(pdf: &[u8]) -> String {
    poppler("pdffonts", &[], pdf)
}

#[test]
fn the_field_case_of_many_scripts_is_drawn_and_every_script_comes_back() {
    let pdf = pdf_of(&CASE_11);
    let text = text_of(&pdf, &[]);
    for line in CASE_11 {
        assert!(text.contains(line), "{line:?} missing from:\n{text}");
    }
    let fonts = fonts(&pdf);
    for face in [
        "LibertinusSerif-Regular",
        "NotoNaskhArabic",
        "NotoSerifCJK",
        "Symbola",
    ] {
        assert!(fonts.contains(face), "{face} not embedded:\n{fonts}");
    }
}

#[test]
fn arabic_is_drawn_right_to_left_and_read_back_in_logical_order() {
    let sentence = "تقرير التقدم السنوي للمنظمة الدولية للهجرة";
    let long = [sentence; 6].join(" ");
    let mixed = "العربية 2024 مع IOM والأرقام 1234";
    let pdf = pdf_of(&[&long, mixed]);
    let lines = narrative_lines(&pdf, &[]);
    // Six sentences over several lines, each line in logical order.
    assert!(lines.len() >= 3, "{lines:?}");
    let joined = lines[..lines.len() - 1].join(" ");
    assert_eq!(
        joined.split_whitespace().collect::<Vec<_>>(),
        long.split_whitespace().collect::<Vec<_>>(),
        "{lines:?}"
    );
    // Each word of the mixed line comes back whole, the numbers and Latin too, the Arabic in
    // logical order (poppler places the spaces around embedded numbers loosely).
    let last = &lines[lines.len() - 1];
    let mut at = 0;
    for word in ["العربية", "مع", "والأرقام"] {
        let found = last[at..].find(word).map(|i| at + i);
        at = found.unwrap_or_else(|| panic!("{word:?} missing or out of order in {last:?}"));
    }
    for word in ["2024", "IOM", "1234"] {
        assert!(last.contains(word), "{word:?} missing from {last:?}");
    }

    // Drawn right to left, flush right: the first word of the paragraph is the rightmost of
    // its line, at the right margin (595.28 - 62.36 pt).
    let boxes = poppler("pdftotext", &["-bbox"], &pdf);
    // Each occurrence of a word: (xMin, xMax, yMin).
    let word_boxes = |w: &str| -> Vec<(f32, f32, f32)> {
        // The boxes list a right-to-left word's letters as drawn, left to right.
        let drawn: String = w.chars().rev().collect();
        boxes
            .lines()
            .filter(|l| l.contains(&format!(">{drawn}<")))
            .map(|line| {
                let attr = |name: &str| -> f32 {
                    line.split(&format!("{name}=\""))
                        .nth(1)
                        .and_then(|v| v.split('"').next())
                        .and_then(|v| v.parse().ok())
                        .unwrap()
                };
                (attr("xMin"), attr("xMax"), attr("yMin"))
            })
            .collect()
    };
    // The rightmost occurrence on the paragraph's first line.
    let top = |boxes: Vec<(f32, f32, f32)>| {
        let y = boxes.iter().map(|b| b.2).fold(f32::MAX, f32::min);
        boxes
            .into_iter()
            .filter(|b| b.2 < y + 1.0)
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .expect("the word is on the page")
    };
    let first = top(word_boxes("تقرير"));
    let second = top(word_boxes("التقدم"));
    assert!((first.2 - second.2).abs() < 1.0, "one line");
    assert!(first.0 > second.1, "{first:?} left of {second:?}");
    assert!(
        (first.1 - (595.28 - 62.36)).abs() < 3.0,
        "flush right: {first:?}"
    );
    assert!(fonts(&pdf).contains("NotoNaskhArabic"));
}

#[test]
fn hebrew_is_read_back_in_logical_order() {
    let sentence = "דוח התקדמות שנתי של הארגון הבינלאומי להגירה";
    let pdf = pdf_of(&[sentence]);
    let lines = narrative_lines(&pdf, &[]);
    assert_eq!(lines, vec![sentence.to_owned()]);
}

#[test]
fn chinese_breaks_between_characters_and_never_before_closing_punctuation() {
    let sentence = "国际移民组织的数据系统已在三个国家启用，覆盖流离失所者。";
    let long = sentence.repeat(8);
    let pdf = pdf_of(&[&long, "国际移民组织的数据系统已在三个国家启用。"]);
    let lines = narrative_lines(&pdf, &[]);
    assert!(lines.len() >= 4, "{lines:?}");
    let n = lines.len() - 1;
    assert_eq!(lines[..n].concat(), long, "{lines:?}");
    for l in &lines {
        assert!(
            !l.starts_with(['，', '。']),
            "a line starts with closing punctuation: {lines:?}"
        );
    }
    assert!(fonts(&pdf).contains("NotoSerifCJKsc"));
}

#[test]
fn devanagari_is_shaped_and_its_words_come_back() {
    let sentence = "हिन्दी में रिपोर्ट: विस्थापित परिवारों को सहायता और प्रशिक्षण";
    let pdf = pdf_of(&[sentence]);
    assert_eq!(narrative_lines(&pdf, &[]), vec![sentence.to_owned()]);
    assert!(fonts(&pdf).contains("NotoSerifDevanagari"));
}

#[test]
fn thai_breaks_between_dictionary_words() {
    let sentence = "รายงานความก้าวหน้าประจำปีขององค์กรระหว่างประเทศเพื่อการโยกย้ายถิ่นฐาน";
    let long = sentence.repeat(5);
    let pdf = pdf_of(&[&long]);
    let lines = narrative_lines(&pdf, &[]);
    assert!(lines.len() >= 3, "{lines:?}");
    assert_eq!(lines.concat(), long);
    // No line ends inside one of the sentence's words.
    let words = [
        "รายงาน",
        "ความก้าวหน้า",
        "ประจำปี",
        "ขององค์กร",
        "ระหว่างประเทศ",
        "เพื่อการ",
        "โยกย้าย",
        "ถิ่นฐาน",
    ];
    assert_eq!(words.concat(), sentence);
    let mut at = 0;
    for l in &lines[..lines.len() - 1] {
        at += l.len();
        let offset = at % sentence.len();
        let mut word_end = 0;
        let boundary = offset == 0
            || words.iter().any(|w| {
                word_end += w.len();
                word_end == offset
            });
        assert!(boundary, "a line ends inside a word: {lines:?}");
    }
    assert!(fonts(&pdf).contains("NotoSerifThai"));
}

#[test]
fn a_long_url_breaks_after_a_slash() {
    let url = format!(
        "https://example.org/{}",
        (0..14)
            .map(|i| format!("segment{i}"))
            .collect::<Vec<_>>()
            .join("/")
    );
    let pdf = pdf_of(&[&format!("See {url} for more.")]);
    let lines = narrative_lines(&pdf, &["-raw"]);
    assert!(lines.len() >= 2, "{lines:?}");
    assert!(lines[0].ends_with('/'), "{lines:?}");
    assert!(lines.concat().contains(&url), "{lines:?}");
}

#[test]
fn english_french_and_spanish_are_hyphenated_and_come_back_whole() {
    // Long words in a narrow column (a deep list item) make lines that need hyphens.
    let cases = [
        ("en", "internationalisation of representatives extraordinarily communicated the responsibilities"),
        ("fr", "internationalisation des représentants extraordinairement communiquées les responsabilités"),
        ("es", "internacionalización de representantes extraordinariamente comunicadas las responsabilidades"),
    ];
    // The words in an order that changes from line to line, so some line ends with room left.
    let shuffled = |words: &str| -> String {
        let words: Vec<&str> = words.split(' ').collect();
        (0..60)
            .map(|i| words[(i * 5 + i / 7) % words.len()])
            .collect::<Vec<_>>()
            .join(" ")
    };
    for (lang, words) in cases {
        let text = shuffled(words);
        let blocks = [paragraph(&text, 8)];
        let pdf = typeset(report_with_blocks(lang, &blocks).as_bytes());
        assert_eq!(notdef_glyphs_drawn(&pdf), 0);
        let raw = narrative_lines(&pdf, &["-raw"]);
        assert!(
            raw.iter().any(|l| l.ends_with('-')),
            "{lang}: no line ends with a hyphen: {raw:?}"
        );
        // pdftotext joins a word hyphenated at a line's end: every word comes back whole.
        let joined = narrative_lines(&pdf, &[]).join(" ");
        assert_eq!(
            joined.split_whitespace().collect::<Vec<_>>(),
            text.split_whitespace().collect::<Vec<_>>(),
            "{lang}"
        );
    }
    // Another language: no patterns, so no hyphens.
    let blocks = [paragraph(&shuffled(cases[0].1), 8)];
    let pdf = typeset(report_with_blocks("de", &blocks).as_bytes());
    let raw = narrative_lines(&pdf, &["-raw"]);
    assert!(!raw.iter().any(|l| l.ends_with('-')), "{raw:?}");
}

#[test]
fn an_over_long_word_is_split_between_grapheme_clusters() {
    // 300 letters each with a combining accent, and 120 Devanagari syllables: each split
    // over lines, never between a letter and its mark.
    let accents = "e\u{0301}".repeat(300);
    let syllables = "क्षि".repeat(120);
    let pdf = pdf_of(&[&accents, &syllables]);
    let lines = narrative_lines(&pdf, &["-raw"]);
    let accent_lines: Vec<&String> = lines.iter().filter(|l| l.contains('e')).collect();
    assert!(accent_lines.len() >= 2, "{lines:?}");
    for l in &lines {
        assert!(
            !l.starts_with(['\u{0301}', '\u{093F}', '\u{094D}']),
            "a line starts with a mark: {l:?}"
        );
    }
    let text: String = accent_lines.iter().map(|l| l.as_str()).collect();
    assert_eq!(text.matches("e\u{0301}").count(), 300);
}

#[test]
fn code_is_set_in_a_monospace_face_keeping_its_indentation() {
    let blocks = [
        r#"{"kind": "code", "text": "fn main() {\n    let site_count = 412;\n}"}"#.to_owned(),
        r#"{"kind": "p", "spans": [{"text": "Call "}, {"text": "report()", "code": true}, {"text": " once."}]}"#
            .to_owned(),
    ];
    let pdf = typeset(report_with_blocks("en", &blocks).as_bytes());
    assert!(fonts(&pdf).contains("DejaVuSansMono"), "{}", fonts(&pdf));
    let layout = text_of(&pdf, &["-layout"]);
    let open = layout.lines().find(|l| l.contains("fn main()")).unwrap();
    let inner = layout
        .lines()
        .find(|l| l.contains("let site_count"))
        .unwrap();
    let column = |l: &str, w: &str| l.find(w).unwrap();
    assert!(
        column(inner, "let") >= column(open, "fn") + 3,
        "indentation lost:\n{open}\n{inner}"
    );
    assert!(layout.contains("Call report() once."), "{layout}");
}

#[test]
fn a_character_no_font_has_is_drawn_as_a_replacement_and_reported() {
    // An Egyptian hieroglyph and a private-use character: no installed face has them.
    let blocks = [paragraph("before \u{13000} middle \u{F0000} after", 0)];
    let out = run("2031-02-03", report_with_blocks("en", &blocks).as_bytes());
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("ct-typeset: warning: ")
            && stderr.contains("U+13000")
            && stderr.contains("U+F0000"),
        "{stderr}"
    );
    assert_eq!(notdef_glyphs_drawn(&out.stdout), 0, "glyph 0 drawn");
    let text = text_of(&out.stdout, &[]);
    assert!(
        text.contains("before \u{FFFD} middle \u{FFFD} after"),
        "{text}"
    );
}

#[test]
fn a_long_status_label_wraps_in_its_summary_cell() {
    let label = "Progrès substantiel dans la mise en œuvre des engagements pris lors du sommet";
    let data = report_with_blocks("fr", &[paragraph("x", 0)]).replace(
        r#""statuses": []"#,
        &format!(
            r##""statuses": [{{"label": {}, "count": 12, "share": 0.4, "color": "#7cb342"}}]"##,
            common::json_string(label)
        ),
    );
    let pdf = typeset(data.as_bytes());
    let text = text_of(&pdf, &[]);
    let summary = text.split("Chapter").next().unwrap();
    assert!(
        summary
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .contains(label),
        "{summary}"
    );
    // Wrapped: the label's lines stay left of the count column (its bar starts after it).
    let boxes = poppler("pdftotext", &["-bbox"], &pdf);
    let right_of = |w: &str| -> f32 {
        boxes
            .lines()
            .find(|l| l.contains(&format!(">{w}<")))
            .and_then(|l| l.split("xMax=\"").nth(1)?.split('"').next()?.parse().ok())
            .unwrap_or_else(|| panic!("{w} not in {boxes}"))
    };
    assert!(
        right_of("sommet") < 62.36 + 0.45 * (595.28 - 2.0 * 62.36),
        "not wrapped"
    );
}
