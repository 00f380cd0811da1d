//! `ct-typeset YYYY-MM-DD < data.json > report.pdf`: typesets Commitment Tracker's annual
//! self-report. The report comes in as JSON data (built by the app's `export::pdf`) and is laid
//! out by fixed rules, so no text a user typed is ever read as markup; the Libertinus Serif
//! fonts are built in, so the output is the same on every machine. Errors go to standard error
//! with exit status 2.

use std::io::{Read, Write};
use std::process::ExitCode;

use commitment_tracker_typeset::{typeset_report, TypesetError};

fn run() -> Result<(), TypesetError> {
    let date = std::env::args().nth(1).ok_or(TypesetError::Usage)?;
    let mut data = Vec::new();
    std::io::stdin().read_to_end(&mut data)?;
    let report = typeset_report(&date, &data)?;
    let mut out = std::io::stdout().lock();
    out.write_all(&report.pdf)?;
    out.flush()?;
    // The PDF is made; what it could not show is said on standard error (the app passes it on).
    if let Some(w) = report.warning() {
        eprintln!("ct-typeset: warning: {w}");
    }
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
