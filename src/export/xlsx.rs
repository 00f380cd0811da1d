//! XLSX export: a formatted workbook with Reports (frozen header, autofilter, wrapped
//! narratives, dates as dates), Catalogue and Summary sheets. Rows stream to disk
//! (constant-memory mode), and text is always written as text, never as a formula.

use std::borrow::Cow;

use std::io::Write;
use unicode_segmentation::UnicodeSegmentation;

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::cells::{evidence, links, status_label, REPORT_COLUMNS};
use super::{ExportScope, Job};
use crate::domain::{CommitmentFilter, Dashboard};
use crate::error::Error;
use crate::store::{self, Store};

/// Excel's limit on one cell's text, in UTF-16 code units (an emoji or any character beyond
/// the Basic Multilingual Plane counts twice): a longer cell makes the whole workbook fail.
const CELL_LIMIT: usize = 32_767;

fn xlsx_err(e: XlsxError) -> Error {
    Error::io("XLSX export", std::io::Error::other(e.to_string()))
}

/// Text as Excel can hold it: cut, visibly, at its cell limit, between two user-perceived
/// characters (never inside an emoji sequence or a letter with its accents).
fn fit(text: &str) -> Cow<'_, str> {
    // UTF-16 units are never more than UTF-8 bytes: most cells are decided without counting.
    if text.len() <= CELL_LIMIT || text.encode_utf16().count() <= CELL_LIMIT {
        return text.into();
    }
    let note = " … [cut at Excel's cell limit; the CSV and JSON exports hold the full text]";
    let budget = CELL_LIMIT - note.encode_utf16().count();
    let mut units = 0;
    let mut end = 0;
    for g in text.graphemes(true) {
        units += g.encode_utf16().count();
        if units > budget {
            break;
        }
        end += g.len();
    }
    format!("{}{note}", &text[..end]).into()
}

fn datetime(stored: &str) -> Option<ExcelDateTime> {
    // Stored as "2026-11-27T23:30:00.000Z"; Excel needs no milliseconds.
    let s = stored.get(..19)?;
    ExcelDateTime::parse_from_str(&format!("{s}Z")).ok()
}

struct Formats {
    header: Format,
    wrap: Format,
    date: Format,
    text: Format,
}

fn header(
    sheet: &mut Worksheet,
    titles: &[&str],
    widths: &[f64],
    f: &Formats,
) -> Result<(), XlsxError> {
    for (i, (t, w)) in titles.iter().zip(widths).enumerate() {
        let col = i as u16;
        sheet.set_column_width(col, *w)?;
        sheet.write_string_with_format(0, col, *t, &f.header)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Writes the workbook; returns the report rows written.
pub fn write(
    store: &Store,
    scope: &ExportScope,
    summary: &Dashboard,
    job: &Job,
    out: &mut (dyn Write + Send),
) -> Result<u64, Error> {
    let (from, to) = scope.years()?;
    let f = Formats {
        header: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_background_color("DCE6F1"),
        wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        date: Format::new()
            .set_num_format("yyyy-mm-dd hh:mm")
            .set_align(FormatAlign::Top),
        text: Format::new().set_align(FormatAlign::Top),
    };
    let mut wb = Workbook::new();
    let mut rows = 0u64;

    let sheet = wb.add_worksheet_with_constant_memory().map_err(xlsx_err)?;
    sheet.set_name("Reports").map_err(xlsx_err)?;
    let widths = [
        12.0, 10.0, 12.0, 12.0, 14.0, 7.0, 20.0, 9.0, 11.0, 60.0, 45.0, 45.0, 40.0, 20.0, 18.0,
        17.0, 17.0, 18.0, 60.0, 9.0,
    ];
    header(sheet, &REPORT_COLUMNS, &widths, &f).map_err(xlsx_err)?;
    store.read(|conn| {
        job.set_total(store::export::count_reports(conn, &scope.filter, from, to)?);
        store::export::for_each_report(conn, &scope.filter, from, to, |r| {
            job.tick()?;
            rows += 1;
            let row = rows as u32;
            let c = r.commitment;
            let inferred = c.categories.iter().any(|(_, i)| *i);
            let texts: [(u16, Cow<'_, str>, bool); 14] = [
                (0, c.commitment_id.as_str().into(), false),
                (1, c.organisation.as_str().into(), false),
                (2, c.kind.as_str().into(), false),
                (3, c.framework.as_str().into(), false),
                (4, links(&c.categories).into(), false),
                (6, status_label(r.status).into(), false),
                (8, r.review_state.into(), false),
                (9, r.achievements.into(), true),
                (10, r.challenges.into(), true),
                (11, r.next_steps.into(), true),
                (12, evidence(&r.evidence).into(), true),
                (13, r.tags.join(", ").into(), true),
                (14, r.author.into(), false),
                (17, r.updated_by.into(), false),
            ];
            (|| -> Result<(), XlsxError> {
                // Cells go left to right: constant-memory mode writes a row once it is left.
                for (col, text, wrap) in &texts[..5] {
                    sheet.write_string_with_format(
                        row,
                        *col,
                        fit(text),
                        if *wrap { &f.wrap } else { &f.text },
                    )?;
                }
                sheet.write_number_with_format(row, 5, f64::from(r.year), &f.text)?;
                sheet.write_string_with_format(row, 6, fit(&texts[5].1), &f.text)?;
                if let Some(p) = r.progress {
                    sheet.write_number_with_format(row, 7, f64::from(p), &f.text)?;
                }
                for (col, text, wrap) in &texts[6..13] {
                    sheet.write_string_with_format(
                        row,
                        *col,
                        fit(text),
                        if *wrap { &f.wrap } else { &f.text },
                    )?;
                }
                for (col, stored) in [(15u16, r.created_at), (16, r.updated_at)] {
                    match datetime(stored) {
                        Some(d) => sheet.write_datetime_with_format(row, col, d, &f.date)?,
                        None => sheet.write_string_with_format(row, col, stored, &f.text)?,
                    };
                }
                sheet.write_string_with_format(row, 17, fit(&texts[13].1), &f.text)?;
                sheet.write_string_with_format(row, 18, fit(&c.description), &f.wrap)?;
                sheet.write_string_with_format(
                    row,
                    19,
                    if inferred { "yes" } else { "no" },
                    &f.text,
                )?;
                Ok(())
            })()
            .map_err(xlsx_err)
        })
    })?;
    sheet
        .autofilter(0, 0, rows as u32, (REPORT_COLUMNS.len() - 1) as u16)
        .map_err(xlsx_err)?;

    catalogue_sheet(&mut wb, store, &scope.filter, &f)?;
    summary_sheet(&mut wb, summary, &f)?;
    wb.save_to_writer(out).map_err(xlsx_err)?;
    Ok(rows)
}

fn catalogue_sheet(
    wb: &mut Workbook,
    store: &Store,
    filter: &CommitmentFilter,
    f: &Formats,
) -> Result<(), Error> {
    let list = store.read(|conn| {
        let mut all = filter.clone();
        all.include_retired = true;
        let ids: Vec<String> = store::commitments::list(conn, &all)?
            .into_iter()
            .map(|c| c.id)
            .collect();
        ids.iter()
            .map(|id| store::commitments::get(conn, id))
            .collect::<Result<Vec<_>, _>>()
    })?;
    let sheet = wb.add_worksheet_with_constant_memory().map_err(xlsx_err)?;
    sheet.set_name("Catalogue").map_err(xlsx_err)?;
    let titles = [
        "Commitment ID",
        "Organisation",
        "Framework",
        "Type",
        "Title",
        "Categories",
        "Retired",
        "Description",
    ];
    header(
        sheet,
        &titles,
        &[12.0, 10.0, 10.0, 12.0, 30.0, 14.0, 10.0, 90.0],
        f,
    )
    .map_err(xlsx_err)?;
    for (i, c) in list.iter().enumerate() {
        let row = (i + 1) as u32;
        let categories: Vec<(String, bool)> = c
            .categories
            .iter()
            .map(|l| (l.code.clone(), l.inferred))
            .collect();
        let cells = [
            c.commitment_id.clone(),
            c.organisation.clone(),
            c.framework.clone(),
            c.kind.clone(),
            c.title.clone(),
            links(&categories),
            c.retired_at
                .clone()
                .map(|_| "yes".to_owned())
                .unwrap_or_else(|| "no".to_owned()),
        ];
        (|| -> Result<(), XlsxError> {
            for (col, text) in cells.iter().enumerate() {
                sheet.write_string_with_format(row, col as u16, text.as_str(), &f.text)?;
            }
            sheet.write_string_with_format(row, 7, fit(&c.description), &f.wrap)?;
            Ok(())
        })()
        .map_err(xlsx_err)?;
    }
    sheet
        .autofilter(0, 0, list.len() as u32, 7)
        .map_err(xlsx_err)?;
    Ok(())
}

/// The one meaning of "reported", as the dashboard and `ct status` say it.
pub const REPORTED_HEADER: &str = "Reported (submitted or approved)";

/// The year the summary sheet of an export up to `to` shows: `to`, or next year if later.
pub fn summary_year(to: i32, current_year: i32) -> i32 {
    to.min(current_year + 1)
}

fn summary_sheet(wb: &mut Workbook, d: &Dashboard, f: &Formats) -> Result<(), Error> {
    let sheet = wb.add_worksheet_with_constant_memory().map_err(xlsx_err)?;
    sheet.set_name("Summary").map_err(xlsx_err)?;
    let mut titles: Vec<String> = [
        "Group",
        "Name",
        "Commitments",
        "With a report",
        REPORTED_HEADER,
        "Due",
        "Overdue",
    ]
    .map(String::from)
    .to_vec();
    titles.extend(
        d.totals
            .by_status
            .iter()
            .map(|s| s.status.label().to_owned()),
    );
    titles.extend(
        d.totals
            .by_review
            .iter()
            .map(|s| format!("Review: {}", s.state.as_str())),
    );
    let title_refs: Vec<&str> = titles.iter().map(String::as_str).collect();
    let mut widths = vec![10.0, 50.0];
    widths.extend(std::iter::repeat_n(12.0, titles.len() - 2));
    header(sheet, &title_refs, &widths, f).map_err(xlsx_err)?;
    let mut groups = vec![(
        "All".to_owned(),
        format!("All commitments, {}", d.year),
        &d.totals,
    )];
    for f in &d.by_framework {
        for level in &f.levels {
            groups.extend(level.groups.iter().map(|b| {
                (
                    format!("{} {}", f.framework, b.key),
                    format!("{}: {}", level.name, b.label),
                    b,
                )
            }));
        }
    }
    for (i, (key, label, b)) in groups.iter().enumerate() {
        let row = (i + 1) as u32;
        let mut numbers: Vec<u32> =
            vec![b.commitments, b.with_report, b.reported, b.due, b.overdue];
        numbers.extend(b.by_status.iter().map(|s| s.count));
        numbers.extend(b.by_review.iter().map(|s| s.count));
        (|| -> Result<(), XlsxError> {
            sheet.write_string_with_format(row, 0, key.as_str(), &f.text)?;
            sheet.write_string_with_format(row, 1, label.as_str(), &f.text)?;
            for (j, n) in numbers.iter().enumerate() {
                sheet.write_number_with_format(row, (j + 2) as u16, f64::from(*n), &f.text)?;
            }
            Ok(())
        })()
        .map_err(xlsx_err)?;
    }
    let note_row = (groups.len() + 2) as u32;
    sheet
        .write_string(
            note_row,
            0,
            "A commitment under two categories counts once in each of them and once in All.",
        )
        .map_err(xlsx_err)?;
    Ok(())
}
