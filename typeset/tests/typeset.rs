//! The typesetter as the app runs it: JSON on standard input, a PDF on standard output.
//! (Cargo builds `ct-typeset` for these tests, which is also how the core's PDF tests find it
//! beside them in `target/`.)

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(date: &str, input: &[u8]) -> Output {
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

const EMPTY_REPORT: &str = r#"{"kicker": "K", "title": "Annual self-report 2031", "organisations": "Org", "running_head": "Org",
  "generated": "Generated today", "summary": "0 of 0 commitments", "status_header": "Status",
  "count_header": "Count", "statuses": [], "note": "n", "chapters": []}"#;

#[test]
fn report_data_becomes_a_pdf() {
    let out = run("2031-02-03", EMPTY_REPORT.as_bytes());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&out.stdout);
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
