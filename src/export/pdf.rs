//! The annual self-report as a PDF. The report's content is turned into JSON data here; the
//! typesetting (fixed layout rules, built-in fonts) is done by the `ct-typeset` program
//! installed beside the app. In its own process, the memory a PDF of thousands of reports takes
//! while it is made (~150 MB for 5,000) goes back to the system at once, and a cancelled export
//! is stopped by ending the process.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use report_data::{Chapter, Entry, EntryReport, Evidence, Narrative, Report, Section, Status};

use super::annual::{entry_title, review_label, AnnualReport};
use super::blocks;
use super::job::Job;
use crate::domain::report::is_safe_url;
use crate::error::Error;

/// The typesetter's file name, looked for beside the running program.
pub const TYPESETTER: &str = "ct-typeset";

fn color(label: &str) -> String {
    match label {
        "Completed" => "#2e7d32",
        "Substantial progress" => "#7cb342",
        "In progress" => "#f9a825",
        "Not started" => "#ef6c00",
        "Discontinued" => "#8e8e8e",
        "No update" => "#b0bec5",
        _ => "#d0d7de",
    }
    .to_owned()
}

fn data(report: &AnnualReport, generated: &str) -> Report {
    let t = &report.totals;
    let total = t.commitments.max(1) as f32;
    let mut statuses: Vec<Status> = t
        .by_status
        .iter()
        .map(|s| Status {
            label: s.status.label().to_owned(),
            count: s.count,
            share: s.count as f32 / total,
            color: color(s.status.label()),
        })
        .collect();
    let missing = t.commitments - t.with_report;
    statuses.push(Status {
        label: "No report".to_owned(),
        count: missing,
        share: missing as f32 / total,
        color: color(""),
    });
    let chapters = report
        .chapters
        .iter()
        .map(|ch| Chapter {
            title: ch.title.clone(),
            sections: ch
                .sections
                .iter()
                .map(|sec| Section {
                    title: sec.title.clone(),
                    entries: sec
                        .entries
                        .iter()
                        .map(|e| {
                            let c = &e.commitment;
                            let mut notes = Vec::new();
                            if e.inferred {
                                notes.push(format!(
                                    "Linked to {} by inference; to be confirmed.",
                                    sec.code
                                ));
                            }
                            if !e.also_under.is_empty() {
                                notes.push(format!(
                                    "Also reported under {}.",
                                    e.also_under.join("; ")
                                ));
                            }
                            Entry {
                                title: entry_title(c),
                                notes,
                                description: c.description.clone(),
                                missing: format!("No report for {}.", report.year),
                                report: e.report.as_ref().map(|r| {
                                    let rc = &r.content;
                                    let progress =
                                        rc.progress.map(|p| format!(", {p}%")).unwrap_or_default();
                                    EntryReport {
                                        status_line: format!(
                                            "Status: {}{progress} — {}",
                                            rc.status.label(),
                                            review_label(r.review_state)
                                        ),
                                        narratives: [
                                            ("Achievements", &rc.achievements),
                                            ("Challenges", &rc.challenges),
                                            ("Next steps", &rc.next_steps),
                                        ]
                                        .into_iter()
                                        .filter(|(_, text)| !text.trim().is_empty())
                                        .map(|(title, text)| Narrative {
                                            title: title.to_owned(),
                                            blocks: blocks::parse(text),
                                        })
                                        .collect(),
                                        evidence_title: "Evidence".to_owned(),
                                        evidence: rc
                                            .evidence
                                            .iter()
                                            .map(|ev| Evidence {
                                                title: ev.title.clone(),
                                                url: is_safe_url(&ev.url).then(|| ev.url.clone()),
                                            })
                                            .collect(),
                                    }
                                }),
                            }
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    Report {
        lang: "en".to_owned(),
        kicker: "World Humanitarian Summit commitments".to_owned(),
        title: format!("Annual self-report {}", report.year),
        organisations: report.organisations.join(", "),
        running_head: if report.organisations.len() <= 3 {
            report.organisations.join(", ")
        } else {
            format!("{} organisations", report.organisations.len())
        },
        generated: format!("Generated by Commitment Tracker on {generated}"),
        summary: format!(
            "{} of {} commitments have a report for {} ({} submitted or approved).",
            t.with_report, t.commitments, report.year, t.reported
        ),
        status_header: "Implementation status".to_owned(),
        count_header: "Commitments".to_owned(),
        statuses,
        note: "A commitment under two core responsibilities or transformations appears under each of them, marked; the summary counts it once.".to_owned(),
        chapters,
    }
}

/// The typesetter's JSON for a one-entry report whose achievements are `narrative`: the
/// Markdown-to-PDF path without a database, for fuzzing the typesetter (`harness`).
pub fn narrative_probe(narrative: &str) -> Vec<u8> {
    let report = EntryReport {
        status_line: "Status: In progress".to_owned(),
        narratives: vec![Narrative {
            title: "Achievements".to_owned(),
            blocks: blocks::parse(narrative),
        }],
        evidence_title: "Evidence".to_owned(),
        evidence: vec![],
    };
    let data = Report {
        lang: "en".to_owned(),
        kicker: String::new(),
        title: "Probe".to_owned(),
        organisations: String::new(),
        running_head: String::new(),
        generated: String::new(),
        summary: String::new(),
        status_header: String::new(),
        count_header: String::new(),
        statuses: vec![],
        note: String::new(),
        chapters: vec![Chapter {
            title: "Chapter".to_owned(),
            sections: vec![Section {
                title: "Section".to_owned(),
                entries: vec![Entry {
                    title: "Entry".to_owned(),
                    notes: vec![],
                    description: String::new(),
                    missing: String::new(),
                    report: Some(report),
                }],
            }],
        }],
    };
    serde_json::to_vec(&data).unwrap_or_default()
}

/// Where the typesetter is: `CT_TYPESETTER` if set, else beside the running program (or one
/// folder up, where Cargo puts programs next to the test binaries in `deps/`).
pub fn typesetter() -> Result<PathBuf, Error> {
    if let Some(p) = std::env::var_os("CT_TYPESETTER") {
        return Ok(PathBuf::from(p));
    }
    let exe = std::env::current_exe().map_err(|e| Error::io("the running program", e))?;
    let dir = exe.parent().unwrap_or(Path::new("."));
    // `ct-typeset.exe` on Windows, where the installers put it beside the app as well.
    let file = format!("{TYPESETTER}{}", std::env::consts::EXE_SUFFIX);
    let candidates = [dir.join(&file), dir.join("..").join(&file)];
    candidates
        .iter()
        .find(|p| p.is_file())
        .cloned()
        .ok_or_else(|| {
            pdf_err(format!(
                "the PDF typesetter ({TYPESETTER}) is not installed beside {}; build it with \
                 `cargo build -p commitment-tracker-typeset` (scripts/run.sh does)",
                exe.display()
            ))
        })
}

fn pdf_err(message: impl std::fmt::Display) -> Error {
    Error::io("PDF export", std::io::Error::other(message.to_string()))
}

/// Typesets the report into `out`, watching `job` (a cancel ends the typesetter); returns the
/// number of commitment entries.
pub fn write(report: &AnnualReport, job: &Job, out: &mut (dyn Write + Send)) -> Result<u64, Error> {
    let generated = chrono::Utc::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    let json = serde_json::to_vec(&data(report, &generated)).map_err(pdf_err)?;
    let program = typesetter()?;
    let mut child = Command::new(&program)
        .arg(&generated)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Error::io(&program, e))?;
    // Feed, drain and read errors on their own threads so no pipe fills while we wait.
    let mut stdin = child.stdin.take().ok_or_else(|| pdf_err("no pipe"))?;
    let feeder = std::thread::spawn(move || stdin.write_all(&json));
    let mut stdout = child.stdout.take().ok_or_else(|| pdf_err("no pipe"))?;
    let reader = std::thread::spawn(move || {
        let mut pdf = Vec::new();
        stdout.read_to_end(&mut pdf).map(|_| pdf)
    });
    let mut stderr = child.stderr.take().ok_or_else(|| pdf_err("no pipe"))?;
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| Error::io(&program, e))? {
            break status;
        }
        if job.is_cancelled() {
            let _ = child.kill();
            let _ = child.wait();
            return Err(Error::Cancelled);
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let _ = feeder.join();
    let pdf = reader
        .join()
        .map_err(|_| pdf_err("reading the typesetter's output failed"))?
        .map_err(|e| Error::io(&program, e))?;
    let message = errors.join().unwrap_or_default();
    if !status.success() || pdf.is_empty() {
        return Err(pdf_err(format!(
            "the typesetter failed ({status}): {}",
            message.trim()
        )));
    }
    out.write_all(&pdf)
        .map_err(|e| Error::io("PDF export", e))?;
    // A PDF made with text no installed font has (drawn as U+FFFD there): the typesetter says
    // which characters; passed on to whoever runs the app (docs/decisions/0009-pdf-scripts.md).
    for line in message.lines().filter(|l| l.contains("warning:")) {
        eprintln!("{}", line.trim());
    }
    Ok(report
        .chapters
        .iter()
        .flat_map(|c| &c.sections)
        .map(|s| s.entries.len() as u64)
        .sum())
}
