//! The annual self-report as a PDF, typeset by Typst: the report's content goes in as JSON
//! data to a fixed template (`annual_report.typ`), with the Libertinus Serif fonts built in.

use std::io::Write;
use std::sync::OnceLock;

use serde::Serialize;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

use super::annual::{review_label, AnnualReport};
use super::blocks::{self, Block};
use crate::domain::report::is_safe_url;
use crate::error::Error;

const TEMPLATE: &str = include_str!("annual_report.typ");
const FONTS: [&[u8]; 4] = [
    include_bytes!("fonts/LibertinusSerif-Regular.otf"),
    include_bytes!("fonts/LibertinusSerif-Bold.otf"),
    include_bytes!("fonts/LibertinusSerif-Italic.otf"),
    include_bytes!("fonts/LibertinusSerif-BoldItalic.otf"),
];

#[derive(Serialize)]
struct Status {
    label: String,
    count: u32,
    share: f64,
    color: &'static str,
}

#[derive(Serialize)]
struct Narrative {
    title: &'static str,
    blocks: Vec<Block>,
}

#[derive(Serialize)]
struct Evidence {
    title: String,
    url: Option<String>,
}

#[derive(Serialize)]
struct ReportData {
    status_line: String,
    narratives: Vec<Narrative>,
    evidence_title: &'static str,
    evidence: Vec<Evidence>,
}

#[derive(Serialize)]
struct EntryData {
    title: String,
    notes: Vec<String>,
    description: String,
    missing: String,
    report: Option<ReportData>,
}

#[derive(Serialize)]
struct SectionData {
    title: String,
    entries: Vec<EntryData>,
}

#[derive(Serialize)]
struct ChapterData {
    title: String,
    sections: Vec<SectionData>,
}

#[derive(Serialize)]
struct Data {
    kicker: String,
    title: String,
    organisations: String,
    generated: String,
    summary: String,
    status_header: &'static str,
    count_header: &'static str,
    statuses: Vec<Status>,
    note: &'static str,
    chapters: Vec<ChapterData>,
}

fn color(label: &str) -> &'static str {
    match label {
        "Completed" => "#2e7d32",
        "Substantial progress" => "#7cb342",
        "In progress" => "#f9a825",
        "Not started" => "#ef6c00",
        "Discontinued" => "#8e8e8e",
        "No update" => "#b0bec5",
        _ => "#d0d7de",
    }
}

fn data(report: &AnnualReport, generated: &str) -> Data {
    let t = &report.totals;
    let total = f64::from(t.commitments.max(1));
    let mut statuses: Vec<Status> = t
        .by_status
        .iter()
        .map(|s| Status {
            label: s.status.label().to_owned(),
            count: s.count,
            share: f64::from(s.count) / total,
            color: color(s.status.label()),
        })
        .collect();
    let missing = t.commitments - t.reported;
    statuses.push(Status {
        label: "No report".to_owned(),
        count: missing,
        share: f64::from(missing) / total,
        color: color(""),
    });
    let chapters = report
        .chapters
        .iter()
        .map(|ch| ChapterData {
            title: format!("Core responsibility {}: {}", ch.number, ch.name),
            sections: ch
                .sections
                .iter()
                .map(|sec| SectionData {
                    title: if sec.code.is_empty() {
                        "Not linked to a transformation of this core responsibility".to_owned()
                    } else {
                        format!("{} {}", sec.code, sec.name)
                    },
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
                            EntryData {
                                title: format!("Commitment {} ({})", c.commitment_id, c.kind),
                                notes,
                                description: c.description.clone(),
                                missing: format!("No report for {}.", report.year),
                                report: e.report.as_ref().map(|r| {
                                    let rc = &r.content;
                                    let progress =
                                        rc.progress.map(|p| format!(", {p}%")).unwrap_or_default();
                                    ReportData {
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
                                            title,
                                            blocks: blocks::parse(text),
                                        })
                                        .collect(),
                                        evidence_title: "Evidence",
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
    Data {
        kicker: "World Humanitarian Summit commitments".to_owned(),
        title: format!("Annual self-report {}", report.year),
        organisations: report.organisations.join(", "),
        generated: format!("Generated by Commitment Tracker on {generated}"),
        summary: format!(
            "{} of {} commitments have a report for {} ({} submitted or approved).",
            t.reported, t.commitments, report.year, t.submitted
        ),
        status_header: "Implementation status",
        count_header: "Commitments",
        statuses,
        note: "A commitment under two core responsibilities or transformations appears under each of them, marked; the summary counts it once.",
        chapters,
    }
}

fn fonts() -> &'static (LazyHash<FontBook>, Vec<Font>) {
    static FONTS_LOADED: OnceLock<(LazyHash<FontBook>, Vec<Font>)> = OnceLock::new();
    FONTS_LOADED.get_or_init(|| {
        let fonts: Vec<Font> = FONTS
            .iter()
            .flat_map(|data| Font::iter(Bytes::new(*data)))
            .collect();
        let book = FontBook::from_fonts(fonts.iter());
        (LazyHash::new(book), fonts)
    })
}

fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::default()))
}

/// The template and its data, as Typst sees them.
struct ReportWorld {
    main: Source,
    data_id: FileId,
    data: Bytes,
    today: Datetime,
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().0
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().1.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

fn file_id(path: &str) -> Result<FileId, Error> {
    let vpath = VirtualPath::new(path).map_err(|e| pdf_err(format!("{e:?}")))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

fn pdf_err(message: impl std::fmt::Display) -> Error {
    Error::io("PDF export", std::io::Error::other(message.to_string()))
}

/// Typesets the report; returns the number of commitment entries.
pub fn write(report: &AnnualReport, out: &mut (dyn Write + Send)) -> Result<u64, Error> {
    let now = chrono::Utc::now().date_naive();
    let generated = now.format("%Y-%m-%d").to_string();
    let json = serde_json::to_vec(&data(report, &generated)).map_err(pdf_err)?;
    let world = ReportWorld {
        main: Source::new(file_id("/main.typ")?, TEMPLATE.to_owned()),
        data_id: file_id("/data.json")?,
        data: Bytes::new(json),
        today: Datetime::from_ymd(
            chrono::Datelike::year(&now),
            chrono::Datelike::month(&now) as u8,
            chrono::Datelike::day(&now) as u8,
        )
        .ok_or_else(|| pdf_err("bad date"))?,
    };
    let document: PagedDocument = typst::compile(&world).output.map_err(|errors| {
        pdf_err(
            errors
                .iter()
                .map(|d| d.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    let bytes = typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default()).map_err(|errors| {
        pdf_err(
            errors
                .iter()
                .map(|d| d.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    out.write_all(&bytes)
        .map_err(|e| Error::io("PDF export", e))?;
    Ok(report
        .chapters
        .iter()
        .flat_map(|c| &c.sections)
        .map(|s| s.entries.len() as u64)
        .sum())
}
