//! Commitment Tracker's annual self-report typesetter: JSON data in (built by the app's
//! `export::pdf`), a PDF out. The `ct-typeset` program is this library behind standard input
//! and output; fuzzing calls [`typeset`] in-process.

mod data;
mod error;
mod flow;
mod fonts;
mod inline;
mod page;
mod pdf;
mod report;

pub use error::TypesetError;

fn parse_date(s: &str) -> Option<(u16, u8, u8)> {
    let mut parts = s.splitn(3, '-');
    let y: u16 = parts.next()?.parse().ok()?;
    let m: u8 = parts.next()?.parse().ok()?;
    let d: u8 = parts.next()?.parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}

/// Typesets the report `data` (the app's JSON), dated `date` (YYYY-MM-DD), into a PDF.
pub fn typeset(date: &str, data: &[u8]) -> Result<Vec<u8>, TypesetError> {
    let date = parse_date(date).ok_or_else(|| TypesetError::Date(date.to_owned()))?;
    let report: data::Report = serde_json::from_slice(data)?;
    let mut fonts =
        fonts::Fonts::new().ok_or_else(|| TypesetError::Font("a font cannot be read".into()))?;
    let (pages, marks) = report::lay_out(&mut fonts, &report);
    let info = pdf::Info {
        title: &report.title,
        author: &report.organisations,
        date,
    };
    pdf::write(&pages, &marks, &fonts, &info)
}
