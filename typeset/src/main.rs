//! `ct-typeset YYYY-MM-DD < data.json > report.pdf`: typesets Commitment Tracker's annual
//! self-report. The report comes in as JSON data (built by the app's `export::pdf`) and is laid
//! out by fixed rules, so no text a user typed is ever read as markup; the Libertinus Serif
//! fonts are built in, so the output is the same on every machine. Errors go to standard error
//! with exit status 2.

mod data;
mod error;
mod flow;
mod fonts;
mod inline;
mod page;
mod pdf;
mod report;

use std::io::{Read, Write};
use std::process::ExitCode;

use error::TypesetError;

fn parse_date(s: &str) -> Option<(u16, u8, u8)> {
    let mut parts = s.splitn(3, '-');
    let y: u16 = parts.next()?.parse().ok()?;
    let m: u8 = parts.next()?.parse().ok()?;
    let d: u8 = parts.next()?.parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}

fn typeset(date: &str, data: &[u8]) -> Result<Vec<u8>, TypesetError> {
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

fn run() -> Result<(), TypesetError> {
    let date = std::env::args().nth(1).ok_or(TypesetError::Usage)?;
    let mut data = Vec::new();
    std::io::stdin().read_to_end(&mut data)?;
    let pdf = typeset(&date, &data)?;
    let mut out = std::io::stdout().lock();
    out.write_all(&pdf)?;
    out.flush()?;
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ct-typeset: {e}");
            ExitCode::from(2)
        }
    }
}
