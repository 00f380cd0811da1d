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

/// A typeset report.
pub struct Typeset {
    pub pdf: Vec<u8>,
    /// Characters no font has (each drawn as U+FFFD, so the loss shows), in code point order.
    pub missing: Vec<char>,
}

impl Typeset {
    /// What to tell the person who asked for the report, if anything.
    pub fn warning(&self) -> Option<String> {
        if self.missing.is_empty() {
            return None;
        }
        let shown: Vec<String> = self
            .missing
            .iter()
            .take(20)
            .map(|c| format!("U+{:04X} {c}", u32::from(*c)))
            .collect();
        let more = self.missing.len().saturating_sub(shown.len());
        Some(format!(
            "no installed font has {} character{} of the report, drawn as \u{FFFD}: {}{}",
            self.missing.len(),
            if self.missing.len() == 1 { "" } else { "s" },
            shown.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ))
    }
}

/// Typesets the report `data` (the app's JSON), dated `date` (YYYY-MM-DD), into a PDF.
pub fn typeset(date: &str, data: &[u8]) -> Result<Vec<u8>, TypesetError> {
    typeset_report(date, data).map(|t| t.pdf)
}

/// [`typeset`], with what could not be set.
pub fn typeset_report(date: &str, data: &[u8]) -> Result<Typeset, TypesetError> {
    let date = parse_date(date).ok_or_else(|| TypesetError::Date(date.to_owned()))?;
    let report: data::Report = serde_json::from_slice(data)?;
    let mut fonts =
        fonts::Fonts::new().ok_or_else(|| TypesetError::Font("a font cannot be read".into()))?;
    // Hyphenation patterns for the report's language; none for the others.
    fonts.lang = match report.lang.as_str() {
        "" | "en" => Some(hypher::Lang::English),
        "fr" => Some(hypher::Lang::French),
        "es" => Some(hypher::Lang::Spanish),
        _ => None,
    };
    let (pages, marks) = report::lay_out(&mut fonts, &report);
    let info = pdf::Info {
        title: &report.title,
        author: &report.organisations,
        date,
    };
    let pdf = pdf::write(&pages, &marks, &fonts, &info)?;
    Ok(Typeset {
        pdf,
        missing: fonts.missing.iter().copied().collect(),
    })
}
