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

/// Reads CSV in any encoding [`super::text::decode`] knows, with the separator sniffed among
/// `,` `;` tab and `|` (French and Spanish Excel write `;`, "Unicode Text" writes tabs).
pub fn read_csv(name: &str, bytes: &[u8]) -> Result<Table, Error> {
    let decoded = super::text::decode(bytes);
    let text = decoded.text.as_ref();
    if let Some(at) = text.find('\u{fffd}') {
        let row = text[..at].matches('\n').count() + 1;
        return Err(bad(
            name,
            format!(
                "row {row}: the text cannot be read as {} (save the file as CSV UTF-8)",
                decoded.encoding.name()
            ),
        ));
    }
    let separator = sniff_separator(text);
    let mut rdr = csv_reader(text, separator);
    let mut records = rdr.records();
    let header: Vec<String> = match records.next() {
        None => return Err(bad(name, "the file is empty")),
        Some(r) => r
            .map_err(|e| bad(name, format!("row 1: {e}")))?
            .iter()
            .map(|s| s.trim().to_owned())
            .collect(),
    };
    let width = header
        .iter()
        .rposition(|h| !h.is_empty())
        .map_or(0, |i| i + 1);
    let mut rows = Vec::new();
    let mut misshapen = None;
    let mut last = (1, 0);
    for (i, r) in records.enumerate() {
        let row = (i + 2) as u32;
        let rec = r.map_err(|e| bad(name, format!("row {row}: {e}")))?;
        last = (row, rec.position().map_or(0, |p| p.byte() as usize));
        let cells: Vec<String> = rec.iter().map(|s| s.trim().to_owned()).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        if misshapen.is_none() {
            misshapen = shape_error(row, &cells, width);
        }
        rows.push((row, cells));
    }
    // A quote never closed swallows the rest of the file into one cell, which the csv crate
    // accepts: it is always the last record.
    if text
        .get(last.1..)
        .is_some_and(|rest| ends_inside_quotes(rest, separator))
    {
        return Err(bad(
            name,
            format!("row {}: a quoted cell is never closed (a \" is missing), so the rest of the file would be one cell", last.0),
        ));
    }
    if let Some(message) = misshapen {
        return Err(bad(name, message));
    }
    Ok(Table { header, rows })
}

/// A row with fewer cells than the header names (Excel writes every cell, so a cell was lost
/// and the rest moved left), or with a value beyond the last named column.
fn shape_error(row: u32, cells: &[String], width: usize) -> Option<String> {
    if cells.len() < width {
        return Some(format!(
            "row {row}: {} cells where the header names {width} columns (a separator or a quote may be missing)",
            cells.len()
        ));
    }
    let extra = cells.iter().skip(width).position(|c| !c.is_empty())?;
    Some(format!(
        "row {row}: a value in column {}, beyond the last named column (the header names {width})",
        width + extra + 1
    ))
}

/// Whether a record's text ends inside a quoted cell.
fn ends_inside_quotes(record: &str, separator: u8) -> bool {
    let bytes = record.as_bytes();
    let (mut quoted, mut field_start) = (false, true);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if quoted {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                }
            }
        } else if b == b'"' && field_start {
            quoted = true;
        }
        field_start = !quoted && (matches!(b, b'\n' | b'\r') || b == separator);
        i += 1;
    }
    quoted
}

fn csv_reader(text: &str, separator: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator)
        .from_reader(text.as_bytes())
}

/// The separator that splits the header into the most columns while the first rows keep
/// that many (the csv crate does the quoting, so a `;` inside quotes does not count).
fn sniff_separator(text: &str) -> u8 {
    const SAMPLE_ROWS: usize = 50;
    let mut best = (b',', 0usize, 0usize);
    for sep in [b',', b';', b'\t', b'|'] {
        let counts: Vec<usize> = csv_reader(text, sep)
            .records()
            .take(SAMPLE_ROWS)
            .map_while(Result::ok)
            .map(|r| r.len())
            .collect();
        let Some(&columns) = counts.first() else {
            continue;
        };
        if columns < 2 {
            continue;
        }
        let agreeing = counts.iter().filter(|&&n| n == columns).count();
        if (agreeing, columns) > (best.1, best.2) {
            best = (sep, agreeing, columns);
        }
    }
    best.0
}

/// An ID a spreadsheet turned into a number: "200001.0" → "200001". Anything else as it is.
pub fn whole_number_text(cell: &str) -> &str {
    match cell.split_once('.') {
        Some((whole, fraction))
            if !whole.is_empty()
                && whole.bytes().all(|b| b.is_ascii_digit())
                && !fraction.is_empty()
                && fraction.bytes().all(|b| b == b'0') =>
        {
            whole
        }
        _ => cell,
    }
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

/// `total` in whole megabytes, or with decimals where whole ones would read as the limit
/// itself ("200 MB, more than the 200 MB allowed").
fn megabytes_over(total: u128, limit: u128) -> String {
    const MB: u128 = 1024 * 1024;
    if total / MB > limit / MB {
        (total / MB).to_string()
    } else {
        format!("{:.2}", total as f64 / MB as f64)
    }
}

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
                megabytes_over(total, MAX_XLSX_UNPACKED),
                MAX_XLSX_UNPACKED / 1024 / 1024
            ),
        ));
    }
    Ok(())
}

/// The most non-empty cells read from a worksheet: a worksheet is read cell by cell, so
/// memory follows what the file holds, never the sheet's used range (one stray cell at
/// XFD1048576 would make a dense read allocate 17 billion cells and end the process).
pub const MAX_XLSX_CELLS: usize = 2_000_000;

/// Reads the first worksheet of a workbook: XLSX/XLSM cell by cell; the old binary XLS,
/// whose format caps a sheet at 65,536 × 256 cells, through calamine's range.
pub fn read_xlsx(name: &str, bytes: &[u8]) -> Result<Table, Error> {
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return read_xls(name, bytes);
    }
    check_unpacked_size(name, bytes)?;
    let mut wb: calamine::Xlsx<_> = calamine::Xlsx::new(Cursor::new(bytes))
        .map_err(|e| bad(name, format!("not a readable XLSX workbook ({e})")))?;
    let first = wb
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| bad(name, "the workbook has no worksheet"))?;
    let unreadable =
        |e: calamine::XlsxError| bad(name, format!("worksheet {first:?} cannot be read ({e})"));
    let mut cells = wb.worksheet_cells_reader(&first).map_err(unreadable)?;
    let mut sheet = SparseSheet::default();
    while let Some(cell) = cells.next_cell().map_err(unreadable)? {
        let (row, column) = cell.get_position();
        let text = cell_text(&Data::from(cell.get_value().clone()));
        if !sheet.push(row, column, text) {
            return Err(bad(
                name,
                format!(
                    "worksheet {first:?} holds more than {MAX_XLSX_CELLS} cells; split it or save it as CSV"
                ),
            ));
        }
    }
    sheet.into_table(name, &first)
}

/// The non-empty cells of a worksheet, in the order the file gives them (row by row).
#[derive(Default)]
struct SparseSheet {
    cells: Vec<(u32, u32, String)>,
}

impl SparseSheet {
    /// Keeps a non-empty cell; false once the sheet holds too many.
    fn push(&mut self, row: u32, column: u32, text: String) -> bool {
        if text.is_empty() {
            return true;
        }
        self.cells.push((row, column, text));
        self.cells.len() <= MAX_XLSX_CELLS
    }

    /// The first row with a value is the header; its first and last values bound the
    /// columns (a value outside them has no column name, so it would be ignored anyway).
    /// Rows are laid out up to their last value only, within [`MAX_TABLE_SLOTS`] in all.
    fn into_table(mut self, name: &str, sheet: &str) -> Result<Table, Error> {
        self.cells.sort_by_key(|&(r, c, _)| (r, c));
        let Some(&(header_row, _, _)) = self.cells.first() else {
            return Err(bad(name, "the file is empty"));
        };
        let in_header = || self.cells.iter().filter(|c| c.0 == header_row).map(|c| c.1);
        let first_column = in_header().min().unwrap_or(0);
        let width = (in_header().max().unwrap_or(0) - first_column + 1) as usize;
        let mut header = vec![String::new(); width];
        let mut rows: Vec<(u32, Vec<String>)> = Vec::new();
        let mut slots = width;
        for (row, column, text) in self.cells {
            let Some(i) = column
                .checked_sub(first_column)
                .map(|i| i as usize)
                .filter(|&i| i < width)
            else {
                continue;
            };
            if row == header_row {
                header[i] = text;
                continue;
            }
            // 1-based, as Excel numbers its rows.
            if rows.last().map(|r| r.0) != Some(row + 1) {
                rows.push((row + 1, Vec::new()));
            }
            if let Some((_, cells)) = rows.last_mut() {
                if cells.len() <= i {
                    slots += i + 1 - cells.len();
                    if slots > MAX_TABLE_SLOTS {
                        return Err(bad(
                            name,
                            format!("worksheet {sheet:?} is too wide and sparse to read (values far to the right on many rows); delete the stray cells or save it as CSV"),
                        ));
                    }
                    cells.resize(i + 1, String::new());
                }
                cells[i] = text;
            }
        }
        Ok(Table { header, rows })
    }
}

/// The most cells laid out in rows (empty ones between values included): ~240 MB of empty
/// strings at worst, and far more than any catalogue or report table needs.
const MAX_TABLE_SLOTS: usize = 10_000_000;

fn read_xls(name: &str, bytes: &[u8]) -> Result<Table, Error> {
    let mut wb: calamine::Xls<_> = calamine::Xls::new(Cursor::new(bytes))
        .map_err(|e| bad(name, format!("not a readable Excel workbook ({e})")))?;
    let first = wb
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| bad(name, "the workbook has no worksheet"))?;
    let range = wb
        .worksheet_range(&first)
        .map_err(|e| bad(name, format!("worksheet {first:?} cannot be read ({e})")))?;
    let mut sheet = SparseSheet::default();
    for (row, column, value) in range.used_cells() {
        let (r0, c0) = range.start().unwrap_or((0, 0));
        if !sheet.push(r0 + row as u32, c0 + column as u32, cell_text(value)) {
            return Err(bad(
                name,
                format!("worksheet {first:?} holds too many cells"),
            ));
        }
    }
    sheet.into_table(name, &first)
}
