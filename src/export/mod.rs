//! Exports (CSV, XLSX, JSON bundle, Markdown, PDF annual report) and the pieces they share:
//! the scope, cancellable progress, atomic file writes and formula neutralising.

pub mod annual;
pub mod blocks;
pub mod bundle;
pub mod bundle_check;
pub mod bundle_frameworks;
pub mod cells;
pub mod csv;
pub mod embed;
pub mod job;
pub mod markdown;
pub mod pdf;
pub mod xlsx;

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::report::FIRST_YEAR;
use crate::domain::time::current_year;
use crate::domain::CommitmentFilter;
use crate::error::Error;

pub use job::Job;

/// Which reports an export holds: a span of years (one year: from = to) and, optionally, the
/// catalogue filters in use.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ExportScope {
    /// Default: 2016.
    pub from_year: Option<i32>,
    /// Default: this year + 1.
    pub to_year: Option<i32>,
    pub filter: CommitmentFilter,
}

impl ExportScope {
    /// The span of years, checked.
    pub fn years(&self) -> Result<(i32, i32), Error> {
        let from = self.from_year.unwrap_or(FIRST_YEAR);
        let to = self.to_year.unwrap_or(current_year() + 1);
        if from > to {
            return Err(Error::validation(
                "fromYear",
                format!("the first year ({from}) is after the last ({to})"),
            ));
        }
        Ok((from, to))
    }
}

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub enum ExportFormat {
    Csv,
    Xlsx,
    Json,
    Markdown,
    /// The annual self-report of `toYear`, typeset.
    Pdf,
}

impl ExportFormat {
    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Json => "json",
            ExportFormat::Markdown => "md",
            ExportFormat::Pdf => "pdf",
        }
    }
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportOutcome {
    /// Where it was written (in browser mode: a temporary file the page downloads).
    pub path: String,
    /// The file name to offer.
    pub file_name: String,
    /// Browser mode: fetch `/download/<id>` to get the file.
    pub download_id: Option<String>,
    /// Reports written (for a bundle: all records).
    pub rows: u64,
    pub bytes: u64,
}

/// Writes `path` through a temporary file in the same directory, renamed over `path` only when
/// `write` succeeded and the data is on disk: a failed or cancelled export leaves no half file
/// (and an older file of that name intact).
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut (dyn Write + Send)) -> Result<u64, Error>,
) -> Result<ExportOutcome, Error> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let tmp = tempfile::Builder::new()
        .prefix(".ct-export-")
        .tempfile_in(&dir)
        .map_err(|e| Error::io(&dir, e))?;
    let rows = {
        // Large writes: an export of 50,000 reports is ~100 MB, 12,000 system calls with the
        // default 8 KB buffer.
        let mut w = BufWriter::with_capacity(1 << 20, tmp.as_file());
        let rows = write(&mut w)?;
        w.flush().map_err(|e| Error::io(path, e))?;
        rows
    };
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    let file = tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    let bytes = file.metadata().map(|m| m.len()).unwrap_or(0);
    Ok(ExportOutcome {
        path: path.display().to_string(),
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        download_id: None,
        rows,
        bytes,
    })
}
