//! What the typesetter's tests share: running `ct-typeset`, reading its PDF with poppler, and
//! looking into the PDF's content streams.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::process::{Command, Output, Stdio};

pub fn run(date: &str, input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ct-typeset"))
        .arg(date)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// Typesets `input` (dated 3 February 2031), which must succeed; returns the PDF.
pub fn typeset(input: &[u8]) -> Vec<u8> {
    let out = run("2031-02-03", input);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// A poppler tool's output for `pdf` (pdftotext writes to standard output).
pub fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    // One directory per call: tests run as threads of one process and must not share a file.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new(tool)
        .args(args)
        .arg(&path)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|_| {
            panic!("{tool} (poppler-utils) must be installed: scripts/setup-debian.sh installs it")
        });
    assert!(
        out.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

pub fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A one-entry report whose achievements are `blocks` (JSON block objects), in `lang`.
pub fn report_with_blocks(lang: &str, blocks: &[String]) -> String {
    format!(
        r#"{{"lang": "{lang}", "kicker": "K", "title": "Annual self-report 2031", "organisations": "Org", "running_head": "Org",
  "generated": "g", "summary": "s", "status_header": "Status", "count_header": "Count", "statuses": [], "note": "n",
  "chapters": [{{"title": "Chapter", "sections": [{{"title": "Section", "entries": [{{"title": "Entry", "notes": [],
    "description": "d", "missing": "m", "report": {{"status_line": "Status: In progress", "evidence_title": "Evidence",
    "evidence": [], "narratives": [{{"title": "Achievements", "blocks": [{}]}}]}}}}]}}]}}]}}"#,
        blocks.join(", ")
    )
}

/// A paragraph block of one span of `text`, `indent` steps in.
pub fn paragraph(text: &str, indent: u8) -> String {
    format!(
        r#"{{"kind": "p", "indent": {indent}, "spans": [{{"text": {}}}]}}"#,
        json_string(text)
    )
}

/// The text of every page's content stream (the streams are compressed).
fn content_streams(pdf: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = pdf;
    while let Some(start) = find(rest, b"stream\n") {
        let body = &rest[start + 7..];
        let Some(end) = find(body, b"endstream") else {
            break;
        };
        let mut text = String::new();
        let decoded = flate2::read::ZlibDecoder::new(&body[..end]).read_to_string(&mut text);
        if decoded.is_ok() && text.contains(" TJ") {
            out.push(text);
        }
        rest = &body[end..];
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// How many glyphs drawn are glyph 0 (`.notdef`, an empty box): every text-showing array's
/// strings are the glyph ids of the embedded subsets, four hex digits each, and a subset keeps
/// glyph 0 as id 0.
pub fn notdef_glyphs_drawn(pdf: &[u8]) -> usize {
    let streams = content_streams(pdf);
    assert!(!streams.is_empty(), "no content stream found");
    let mut zeros = 0;
    for s in streams {
        for array in s.split('[').skip(1) {
            let Some(array) = array.split("] TJ").next() else {
                continue;
            };
            for hex in array.split('<').skip(1) {
                let digits = hex.split('>').next().unwrap_or("");
                zeros += digits
                    .as_bytes()
                    .chunks(4)
                    .filter(|g| *g == b"0000")
                    .count();
            }
        }
    }
    zeros
}

/// pdftotext's text with the direction marks poppler puts around right-to-left runs taken out.
pub fn text_of(pdf: &[u8], args: &[&str]) -> String {
    poppler("pdftotext", args, pdf)
        .chars()
        .filter(|c| !matches!(*c as u32, 0x200E | 0x200F | 0x202A..=0x202E))
        .collect()
}
