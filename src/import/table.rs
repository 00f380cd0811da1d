//! Reading a spreadsheet-like file (CSV or XLSX) into text rows.

use std::io::Cursor;

use calamine::{Data, Reader};

use crate::error::Error;

/// The cells of a file: a header row and data rows, as text.
pub struct Table {
    pub header: Vec<String>,
    /// (1-based row number in the file, cells).
    pub rows: Vec<(u32, Vec<String>)>,
}

fn bad(name: &str, message: impl std::fmt::Display) -> Error {
    Error::BadRequest {
        message: format!("{name}: {message}"),
        field: Some("file".to_owned()),
    }
}

/// Reads CSV (UTF-8, with or without a byte-order mark).
pub fn read_csv(name: &str, bytes: &[u8]) -> Result<Table, Error> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut records = rdr.records();
    let header: Vec<String> = match records.next() {
        None => return Err(bad(name, "the file is empty")),
        Some(r) => r
            .map_err(|e| bad(name, format!("row 1: {e}")))?
            .iter()
            .map(|s| s.trim().to_owned())
            .collect(),
    };
    let mut rows = Vec::new();
    for (i, r) in records.enumerate() {
        let row = (i + 2) as u32;
        let rec = r.map_err(|e| match e.kind() {
            csv::ErrorKind::Utf8 { .. } => bad(
                name,
                format!("row {row}: the text is not UTF-8 (save the file as CSV UTF-8)"),
            ),
            _ => bad(name, format!("row {row}: {e}")),
        })?;
        let cells: Vec<String> = rec.iter().map(|s| s.trim().to_owned()).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        rows.push((row, cells));
    }
    Ok(Table { header, rows })
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_owned(),
        // Commitment IDs typed in Excel arrive as numbers: 200001, not 200001.0.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}

/// The most an XLSX file may unpack to: a workbook is a zip of XML files, and a crafted one
/// can unpack to gigabytes from a few kilobytes.
pub const MAX_XLSX_UNPACKED: u128 = 200 * 1024 * 1024;

/// Refuses a workbook whose parts would unpack to more than [`MAX_XLSX_UNPACKED`].
fn check_unpacked_size(name: &str, bytes: &[u8]) -> Result<(), Error> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| bad(name, format!("not a readable XLSX workbook ({e})")))?;
    let total = match zip.decompressed_size() {
        Some(t) => t,
        None => {
            let mut t = 0u128;
            for i in 0..zip.len() {
                let f = zip
                    .by_index_raw(i)
                    .map_err(|e| bad(name, format!("not a readable XLSX workbook ({e})")))?;
                t += u128::from(f.size());
            }
            t
        }
    };
    if total > MAX_XLSX_UNPACKED {
        return Err(bad(
            name,
            format!(
                "the workbook unpacks to {} MB, more than the {} MB allowed",
                total / 1024 / 1024,
                MAX_XLSX_UNPACKED / 1024 / 1024
            ),
        ));
    }
    Ok(())
}

/// Reads the first worksheet of an XLSX workbook.
pub fn read_xlsx(name: &str, bytes: &[u8]) -> Result<Table, Error> {
    check_unpacked_size(name, bytes)?;
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|e| bad(name, format!("not a readable XLSX workbook ({e})")))?;
    let first = wb
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| bad(name, "the workbook has no worksheet"))?;
    let range = wb
        .worksheet_range(&first)
        .map_err(|e| bad(name, format!("worksheet {first:?} cannot be read ({e})")))?;
    let start_row = range.start().map(|(r, _)| r).unwrap_or(0);
    let mut it = range.rows();
    let header: Vec<String> = it
        .next()
        .ok_or_else(|| bad(name, "the file is empty"))?
        .iter()
        .map(cell_text)
        .collect();
    let mut rows = Vec::new();
    for (i, r) in it.enumerate() {
        let cells: Vec<String> = r.iter().map(cell_text).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        rows.push((start_row + i as u32 + 2, cells));
    }
    Ok(Table { header, rows })
}
