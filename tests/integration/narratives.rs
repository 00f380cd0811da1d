//! Narratives (Markdown) in the annual report, through the real `ct` and `ct-typeset`: every
//! block nested anywhere reaches the PDF and the Markdown export, and no narrative changes the
//! structure of the report around it (an unclosed fence, a `# heading`, an unclosed HTML block).

use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::support::{ct, stderr, stdout};

/// A narrative holding every construct a user can type; one distinct word in each.
const EVERY_CONSTRUCT: &str = include_str!("../fixtures/cases/13-every-construct.md");
const EVERY_CONSTRUCT_WORDS: [&str; 48] = [
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
    "kilo", "llama", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango",
    "uniform", "vivid", "victor", "whiskey", "xray", "yodel", "yankee", "zulu", "amber", "bronze",
    "copper", "diamond", "lemur", "falcon", "gravel", "glacier", "harbor", "ivory", "jasper",
    "kettle", "lantern", "meadow", "nectar", "olive", "pebble", "quartz", "raven", "sable",
];

/// Challenges: a fence of four backticks never closed (a fence of three inside does not close
/// it), so the rest of the narrative is code.
const UNCLOSED_FENCE: &str =
    "Challenges start topaz\n\n````text\n```\nunclosed fence umber\n# not a heading violet\n```\n";
/// Next steps: starting with an indented code block, then a list left open, then an HTML
/// comment never closed.
const OPEN_LIST_AND_COMMENT: &str = "    # indented code kestrel\n\nNext steps walnut\n\n- open list willow\n<!-- unclosed comment wren\n\n# still comment saffron";
const TAIL_WORDS: [&str; 8] = [
    "topaz", "umber", "violet", "kestrel", "walnut", "willow", "wren", "saffron",
];
/// A commitment's description is plain text, not Markdown, in both exports.
const DESCRIPTION: &str =
    "Commits to this.\n# Description heading hawk\n```\nunclosed fence in description heron\n";
/// An evidence title over two lines, the second one a heading.
const EVIDENCE: &str = "Field notes\n# Evil heading gull|https://example.org/notes(1) x";
const OTHER_WORDS: [&str; 3] = ["hawk", "heron", "gull"];

/// The field case: a fenced code block in an item, a heading in an item.
const CASE_13: &str = include_str!("../fixtures/cases/13-code-block-in-list.md");
const CASE_13_PHRASES: [&str; 6] = [
    "First step",
    "site_count = 412",
    "Second step",
    "Third step",
    "Heading inside an item",
    "Item after the heading",
];

/// The field case: Arabic, Chinese, emoji and symbols, extended Latin.
const CASE_11: &str = include_str!("../fixtures/cases/11-scripts.md");

struct Db {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl Db {
    fn new() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let path = crate::support::fresh_db(dir.path(), "narratives");
        let db = Db { _dir: dir, path };
        db.run(&[
            "identity",
            "--name",
            "Nora Narrative",
            "--role",
            "coordinator",
        ]);
        db
    }

    fn run(&self, args: &[&str]) -> String {
        let out = ct(&self.path)
            .args(["--keep-backups", "0"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        stdout(&out)
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let p = self._dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    /// Sets a report's narratives from files.
    fn report(&self, commitment: &str, narratives: [(&str, &str); 3]) {
        let mut args: Vec<String> = ["report", "set", "--commitment", commitment]
            .iter()
            .map(|s| s.to_string())
            .collect();
        args.extend(["--year", "2019", "--status", "In progress"].map(String::from));
        for (field, text) in narratives {
            if text.is_empty() {
                continue;
            }
            let p = self.file(&format!("{commitment}-{field}.md"), text);
            args.push(format!("--{field}"));
            args.push(p.display().to_string());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        self.run(&args);
    }

    fn export(&self, format: &str) -> PathBuf {
        let out = self._dir.path().join(format!("annual.{format}"));
        let out_s = out.display().to_string();
        self.run(&[
            "export", "--format", format, "--year", "2019", "--out", &out_s,
        ]);
        out
    }
}

/// Words and phrases of a PDF's text, whitespace collapsed (lines break anywhere).
fn pdf_text(path: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed: scripts/setup-debian.sh installs it");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A Markdown document as a CommonMark parser (with the GitHub extensions the app reads
/// narratives with) sees it.
struct Parsed {
    /// Every heading: level, how many containers it is inside, text.
    headings: Vec<(u8, usize, String)>,
    /// All text, whitespace collapsed.
    text: String,
}

fn parse_markdown(md: &str) -> Parsed {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let mut headings: Vec<(u8, usize, String)> = Vec::new();
    let mut text = String::new();
    let mut depth = 0usize;
    let mut in_heading = false;
    for event in Parser::new_ext(md, options) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                headings.push((level as u8, depth, String::new()));
                in_heading = true;
            }
            Event::End(TagEnd::Heading(_)) => {
                in_heading = false;
                text.push(' ');
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                text.push(' ');
            }
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                if in_heading {
                    if let Some(h) = headings.last_mut() {
                        h.2.push_str(&t);
                    }
                }
                text.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    Parsed { headings, text }
}

/// The report's own headings: title, core responsibilities, transformations, commitments.
fn report_headings(p: &Parsed) -> Vec<(u8, usize, String)> {
    p.headings.iter().filter(|h| h.0 <= 4).cloned().collect()
}

fn missing<'a>(text: &str, words: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    words.into_iter().filter(|w| !text.contains(w)).collect()
}

#[test]
fn every_block_of_a_narrative_reaches_the_pdf_and_the_markdown_and_none_changes_the_report() {
    let db = Db::new();
    // The report's headings before any narrative: the structure every export must keep.
    let before = parse_markdown(&std::fs::read_to_string(db.export("md")).unwrap());
    let chapters = report_headings(&before);
    assert!(
        chapters.len() > 25,
        "title, 5 core responsibilities, transformations and 19+ commitments: {chapters:?}"
    );
    assert!(chapters.iter().all(|h| h.1 == 0));

    // 200009 (3D) comes before other chapters, so what follows its narratives is the report.
    db.report(
        "200009",
        [
            ("achievements", EVERY_CONSTRUCT),
            ("challenges", UNCLOSED_FENCE),
            ("next-steps", OPEN_LIST_AND_COMMENT),
        ],
    );
    db.report(
        "200011",
        [
            ("achievements", CASE_13),
            ("challenges", ""),
            ("next-steps", ""),
        ],
    );
    let description = db.file("description.txt", DESCRIPTION);
    let description = description.display().to_string();
    db.run(&[
        "commitments",
        "edit",
        "200011",
        "--description-file",
        &description,
    ]);
    db.run(&[
        "report",
        "set",
        "--commitment",
        "200009",
        "--year",
        "2019",
        "--evidence",
        EVIDENCE,
    ]);

    let words: Vec<&str> = EVERY_CONSTRUCT_WORDS
        .iter()
        .chain(TAIL_WORDS.iter())
        .chain(OTHER_WORDS.iter())
        .chain(CASE_13_PHRASES.iter())
        .copied()
        .collect();
    assert_eq!(words.len(), 65);
    // None of them is in the report before (else finding them would prove nothing).
    assert_eq!(missing(&before.text, words.iter().copied()), words);

    let pdf = pdf_text(&db.export("pdf"));
    assert_eq!(
        missing(&pdf, words.iter().copied()),
        Vec::<&str>::new(),
        "PDF"
    );

    let md = std::fs::read_to_string(db.export("md")).unwrap();
    let after = parse_markdown(&md);
    assert_eq!(
        missing(&after.text, words.iter().copied()),
        Vec::<&str>::new(),
        "Markdown text as parsed:\n{md}"
    );
    // Every chapter is still a heading at its level, at the top of the document, in order; a
    // narrative's own headings sit below a commitment's.
    assert_eq!(report_headings(&after), chapters, "{md}");
    let narrative_headings: Vec<_> = after.headings.iter().filter(|h| h.0 > 4).collect();
    for (word, level) in [
        ("alpha", 5),
        ("bravo", 6),
        ("charlie", 5),
        ("romeo", 5),
        ("vivid", 6),
    ] {
        assert!(
            narrative_headings
                .iter()
                .any(|h| h.2.contains(word) && h.0 == level),
            "the narrative's heading with {word} at level {level}: {narrative_headings:?}"
        );
    }
    // Text that was never a heading is not one now.
    assert!(
        !after
            .headings
            .iter()
            .any(|h| ["violet", "kestrel", "saffron", "hawk", "gull"]
                .iter()
                .any(|w| h.2.contains(w))),
        "{:?}",
        after.headings
    );
}

#[test]
fn the_field_case_of_a_code_block_and_a_heading_in_a_list_keeps_every_item() {
    let db = Db::new();
    db.report(
        "200009",
        [
            ("achievements", CASE_13),
            ("challenges", ""),
            ("next-steps", ""),
        ],
    );
    let pdf = pdf_text(&db.export("pdf"));
    assert_eq!(
        missing(&pdf, CASE_13_PHRASES),
        Vec::<&str>::new(),
        "PDF: {pdf}"
    );
    let md = std::fs::read_to_string(db.export("md")).unwrap();
    let parsed = parse_markdown(&md);
    assert_eq!(
        missing(&parsed.text, CASE_13_PHRASES),
        Vec::<&str>::new(),
        "{md}"
    );
    assert!(
        !parsed
            .headings
            .iter()
            .any(|h| h.0 <= 4 && h.2.contains("inside an item")),
        "{md}"
    );
}

#[test]
fn the_field_case_of_many_scripts_is_drawn_in_faces_that_have_them_and_read_back() {
    let db = Db::new();
    db.report(
        "200009",
        [
            ("achievements", CASE_11),
            ("challenges", ""),
            ("next-steps", ""),
        ],
    );
    let path = db._dir.path().join("annual.pdf");
    let out = ct(&db.path)
        .args([
            "--keep-backups",
            "0",
            "export",
            "--format",
            "pdf",
            "--year",
            "2019",
            "--out",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // Every character had a face: no warning about one drawn as a replacement.
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    // Poppler marks right-to-left runs with direction controls; the words are what counts.
    let text: String = pdf_text(&path)
        .chars()
        .filter(|c| !matches!(*c as u32, 0x200E | 0x200F | 0x202A..=0x202E))
        .collect();
    let lines: Vec<&str> = CASE_11.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 4);
    for line in lines {
        // Arabic in logical order, as typed.
        assert!(text.contains(line.trim()), "{line:?} missing from:\n{text}");
    }
    let fonts = std::process::Command::new("pdffonts")
        .arg(&path)
        .output()
        .expect("pdffonts (poppler-utils)");
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    for face in ["NotoNaskhArabic", "NotoSerifCJK", "Symbola"] {
        assert!(fonts.contains(face), "{face} not embedded:\n{fonts}");
    }
}

#[test]
fn a_deeply_nested_narrative_keeps_its_words_and_the_markdown_stays_small() {
    let db = Db::new();
    let deep = format!(
        "{}deep quote finch\n\n{}deep list plover\n",
        "> ".repeat(3000),
        "- ".repeat(400)
    );
    let before = std::fs::metadata(db.export("md")).unwrap().len();
    db.report(
        "200009",
        [
            ("achievements", &deep),
            ("challenges", ""),
            ("next-steps", ""),
        ],
    );
    let pdf = pdf_text(&db.export("pdf"));
    let words = ["deep quote finch", "deep list plover"];
    assert_eq!(missing(&pdf, words), Vec::<&str>::new());
    let path = db.export("md");
    let md = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        missing(&parse_markdown(&md).text, words),
        Vec::<&str>::new()
    );
    // Written as typed, every line of 3,000 nested quotes repeats 3,000 prefixes (13 MB).
    let grown = std::fs::metadata(&path).unwrap().len() - before;
    assert!(
        grown < 4 * deep.len() as u64,
        "{grown} bytes for {} typed",
        deep.len()
    );
}
