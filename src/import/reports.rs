//! Report history from an organisation's spreadsheet: the rows that [`super::mapping::apply`]
//! read, checked and turned into report content, row by row. No database here: the service
//! (`services::report_import`) finds the commitments and writes.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::mapping::{ColumnMapping, Mapped, MappedRow};
use super::table::whole_number_text;
use super::values::{excel_serial_date, split_items, ListStyle, ITEM_SEPARATOR};
use crate::domain::{EvidenceLink, ReportContent, ReportInput};

/// What a row does (or would do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub enum ReportRowAction {
    /// A new report.
    Add,
    /// A new revision of an existing report whose content differs.
    Change,
    /// The report exists with the same content.
    Unchanged,
    /// Refused: the whole file is not applied while a row is.
    Refused,
    /// No report field holds a value (only an ID and a year): nothing to import.
    Skipped,
}

/// One row of the preview or the result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportImportRow {
    /// The row number in the file (1-based, as a spreadsheet shows it).
    pub row: u32,
    /// The public Commitment ID, normalised ("" when the cell is empty).
    pub commitment_id: String,
    pub year: Option<i32>,
    pub action: ReportRowAction,
    /// For a change: the report fields that differ (camelCase, as the UI names them).
    pub changes: Vec<String>,
    /// For a refusal: the source column(s) at fault ("A + B" when joined), if one.
    pub column: Option<String>,
    pub error: Option<String>,
    /// The content read (None for a skipped or refused row).
    pub content: Option<ReportContent>,
}

/// A row whose content checks out, still to be matched with a commitment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    pub row: u32,
    pub commitment_id: String,
    pub year: i32,
    pub content: ReportContent,
    /// The author column's text, if the file has one.
    pub author: Option<String>,
}

/// A row as read: a report to match, or a final answer (skipped, refused).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParsedRow {
    Report(ReportRow),
    Done(ReportImportRow),
}

/// The fields that are the report's content (a row with none of them is skipped).
const CONTENT_FIELDS: [&str; 8] = [
    "status",
    "achievements",
    "challenges",
    "next_steps",
    "evidence",
    "progress",
    "tags",
    "author",
];

/// The source column(s) mapped to `field`, as refusals name them.
pub fn column_of(mapping: &ColumnMapping, field: &str) -> Option<String> {
    mapping
        .fields
        .get(field)
        .filter(|c| !c.is_empty())
        .map(|c| c.join(" + "))
}

/// A cell that cannot be read as its field's value (shown as the refusal's problem).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CellError {
    #[error("{0:?} is not a year")]
    NotAYear(String),
    #[error("{0:?} is not a percentage from 0 to 100")]
    NotAPercentage(String),
}

/// A year cell: a whole number ("2023", or "2023.0" from a spreadsheet), or the year of a
/// date: ISO ("2023-08-31") or a date cell that Excel stores as a serial day number (a number
/// from 36,526, 2000-01-01, on; a smaller one is read as a year).
fn parse_year(cell: &str) -> Result<i32, CellError> {
    let text = whole_number_text(cell.trim());
    let not_a_year = || CellError::NotAYear(cell.to_owned());
    if let Ok(n) = text.parse::<i32>() {
        if n < 36_526 {
            return Ok(n);
        }
    }
    let date = excel_serial_date(text).unwrap_or_else(|| text.to_owned());
    match date.split_once('-') {
        Some((year, _))
            if year.len() == 4 && chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d").is_ok() =>
        {
            year.parse().map_err(|_| not_a_year())
        }
        _ => Err(not_a_year()),
    }
}

/// A progress cell: a whole percentage from 0 to 100, "45" or "45%" or "45 %"; or a
/// fraction with a decimal point as Excel stores a cell formatted as a percentage
/// ("0.45" → 45).
pub fn parse_progress(cell: &str) -> Result<u8, CellError> {
    let text = cell.trim();
    let number = text.trim_end_matches('%').trim();
    let out_of_range = || CellError::NotAPercentage(cell.to_owned());
    if let Ok(n) = whole_number_text(number).parse::<u8>() {
        return if n <= 100 { Ok(n) } else { Err(out_of_range()) };
    }
    match number.parse::<f64>() {
        Ok(f) if !text.ends_with('%') && number.contains('.') && (0.0..=1.0).contains(&f) => {
            Ok((f * 100.0).round() as u8)
        }
        _ => Err(out_of_range()),
    }
}

/// Evidence items: "title|url" or a bare URL (then the URL is its title too).
pub fn parse_evidence(cell: &str) -> Vec<EvidenceLink> {
    split_items(cell, ListStyle::Evidence)
        .into_iter()
        .map(|item| match item.rsplit_once('|') {
            Some((title, url)) if !title.trim().is_empty() => EvidenceLink {
                title: title.trim().to_owned(),
                url: url.trim().to_owned(),
            },
            Some((_, url)) => EvidenceLink {
                title: url.trim().to_owned(),
                url: url.trim().to_owned(),
            },
            None => EvidenceLink {
                title: item.clone(),
                url: item,
            },
        })
        .collect()
}

/// The report field a validation error names (camelCase) in the mapping's terms.
fn mapped_field(validation_field: Option<&str>) -> &'static str {
    match validation_field {
        Some("nextSteps") => "next_steps",
        Some("achievements") => "achievements",
        Some("challenges") => "challenges",
        Some("evidence") => "evidence",
        Some("progress") => "progress",
        Some("tags") => "tags",
        Some("year") => "year",
        _ => "status",
    }
}

/// Reads the mapped rows of the file `name` into reports to match. `year` is used for rows
/// without a year cell. Every refusal names the row, the column and the problem; a row
/// with no report field is skipped.
pub fn parse(
    name: &str,
    mapped: &Mapped,
    mapping: &ColumnMapping,
    year: Option<i32>,
) -> Vec<ParsedRow> {
    mapped
        .rows
        .iter()
        .map(|r| parse_row(name, r, mapped, mapping, year))
        .collect()
}

fn parse_row(
    name: &str,
    r: &MappedRow,
    mapped: &Mapped,
    mapping: &ColumnMapping,
    default_year: Option<i32>,
) -> ParsedRow {
    let get = |f: &str| r.values.get(f).map(String::as_str);
    let commitment_id = get("id").unwrap_or_default().to_owned();
    let mut year = None;
    let refuse = |field: &str, year: Option<i32>, error: String| {
        let column = column_of(mapping, field);
        ParsedRow::Done(ReportImportRow {
            row: r.row,
            commitment_id: commitment_id.clone(),
            year,
            action: ReportRowAction::Refused,
            changes: vec![],
            error: Some(format!(
                "{name}: row {}{}: {error}",
                r.row,
                column
                    .as_ref()
                    .map(|c| format!(", column {c}"))
                    .unwrap_or_default()
            )),
            column,
            content: None,
        })
    };
    if let Some(cell) = get("year") {
        match parse_year(cell) {
            Ok(y) => year = Some(y),
            Err(e) => return refuse("year", None, e.to_string()),
        }
    }
    let year = year.or(default_year);
    if !CONTENT_FIELDS.iter().any(|f| get(f).is_some()) {
        return ParsedRow::Done(ReportImportRow {
            row: r.row,
            commitment_id,
            year,
            action: ReportRowAction::Skipped,
            changes: vec![],
            column: None,
            error: None,
            content: None,
        });
    }
    if commitment_id.is_empty() {
        return refuse("id", year, "the Commitment ID is empty".to_owned());
    }
    let Some(year) = year else {
        let why = match column_of(mapping, "year") {
            Some(_) => "the year is empty (fill it in or give the year of the whole file)",
            None => "no year: map a year column or give the year of the whole file",
        };
        return refuse("year", None, why.to_owned());
    };
    let Some(status) = get("status") else {
        return refuse("status", Some(year), "the status is empty".to_owned());
    };
    if mapped
        .unmapped_values
        .get("status")
        .is_some_and(|v| v.iter().any(|s| s == status))
    {
        return refuse(
            "status",
            Some(year),
            format!(
                "the status {status:?} means none of Not started, In progress, Substantial progress, Completed, Discontinued, No update: choose what it means in the mapping"
            ),
        );
    }
    let progress = match get("progress").map(parse_progress).transpose() {
        Ok(p) => p,
        Err(e) => return refuse("progress", Some(year), e.to_string()),
    };
    let input = ReportInput {
        status: status.to_owned(),
        achievements: get("achievements").unwrap_or_default().to_owned(),
        challenges: get("challenges").unwrap_or_default().to_owned(),
        next_steps: get("next_steps").unwrap_or_default().to_owned(),
        evidence: get("evidence").map(parse_evidence).unwrap_or_default(),
        progress,
        tags: get("tags")
            .map(|t| t.split(ITEM_SEPARATOR).map(str::to_owned).collect())
            .unwrap_or_default(),
    };
    match input.validate() {
        Ok(content) => ParsedRow::Report(ReportRow {
            row: r.row,
            commitment_id,
            year,
            content,
            author: get("author").map(str::to_owned),
        }),
        Err(e) => refuse(mapped_field(e.field()), Some(year), e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_accepts_percent_signs_and_excel_fractions() {
        assert_eq!(parse_progress("45"), Ok(45));
        assert_eq!(parse_progress("45%"), Ok(45));
        assert_eq!(parse_progress(" 45 % "), Ok(45));
        assert_eq!(parse_progress("100.0"), Ok(100));
        assert_eq!(parse_progress("0.45"), Ok(45));
        assert!(parse_progress("101").is_err());
        assert!(parse_progress("half").is_err());
        assert!(parse_progress("-5").is_err());
    }

    #[test]
    fn evidence_items_are_titled_links_or_bare_urls() {
        assert_eq!(
            parse_evidence("Plan|https://x.org/p.pdf;https://y.org\n | https://z.org"),
            [
                EvidenceLink {
                    title: "Plan".into(),
                    url: "https://x.org/p.pdf".into()
                },
                EvidenceLink {
                    title: "https://y.org".into(),
                    url: "https://y.org".into()
                },
                EvidenceLink {
                    title: "https://z.org".into(),
                    url: "https://z.org".into()
                },
            ]
        );
    }

    #[test]
    fn years_are_whole_numbers() {
        assert_eq!(parse_year("2023"), Ok(2023));
        assert_eq!(parse_year("2023.0"), Ok(2023));
        assert_eq!(parse_year("2023-08-31"), Ok(2023));
        // A date cell as Excel stores it: 45169 is 2023-08-31.
        assert_eq!(parse_year("45169"), Ok(2023));
        assert!(parse_year("FY23").is_err());
        assert!(parse_year("2023-13-01").is_err());
    }
}
