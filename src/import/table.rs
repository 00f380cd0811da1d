//! Reading a spreadsheet-like file (CSV or XLSX) into text rows.

use std::io::Cursor;

use calamine::{Data, Reader};

use crate::error::Error;

/// The cells of a file: a header row and data rows, as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    /// (1-based row number in the file, cells).
    pub rows: Vec<(u32, Vec<String>)>,
    /// The header's row number (1-based).
    pub header_row: u32,
    /// The worksheet read (XLSX); None for CSV.
    pub sheet: Option<String>,
    /// Every worksheet of the workbook, in order (empty for CSV).
    pub sheets: Vec<String>,
}

/// Which part of a file is the table: the worksheet and the header row. None: chosen as
/// [`read_table`] says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableOptions {
    pub sheet: Option<String>,
    /// 1-based.
    pub header_row: Option<u32>,
}

/// Reads a CSV (`.csv`, `.txt`) or Excel (`.xlsx`, `.xlsm`, `.xls`) file by its extension.
/// The worksheet is `options.sheet`, else the first that looks like a table
/// ([`looks_like_table`]); the header row is `options.header_row`, else detected
/// ([`detect_header`]). Errors (`BadRequest`, naming the file): another extension, an
/// unreadable file, a sheet or header row that is not there.
pub fn read_table(name: &str, bytes: &[u8], options: &TableOptions) -> Result<Table, Error> {
    let lower = name.to_lowercase();
    if lower.ends_with(".xlsx") || lower.ends_with(".xlsm") || lower.ends_with(".xls") {
        read_xlsx_with(name, bytes, options)
    } else if lower.ends_with(".csv") || lower.ends_with(".txt") {
        if let Some(sheet) = &options.sheet {
            return Err(bad(
                name,
                format!("a CSV file has no worksheets (asked for {sheet:?})"),
            ));
        }
        read_csv_with(name, bytes, options.header_row)
    } else {
        Err(bad(name, "the file must be .csv, .xlsx or .xls"))
    }
}

/// How many of the next rows a header row is compared with.
const HEADER_LOOKAHEAD: usize = 10;

/// The header among rows given as (row number, non-empty cell count), in order: the first
/// row with at least 2 values and at least 60 % as many as the widest of itself and the
/// [`HEADER_LOOKAHEAD`] rows after it. A title row ("Progress report 2023") holds one value;
/// a row of merged group headings ("Commitment" over 2 columns, "Progress" over 4) holds
/// one value per group, fewer than the column names beneath; data rows have at most as
/// many values as the header names columns, but may leave some empty, hence 60 % and not
/// all. None when no row qualifies (then the first row is the header).
pub fn detect_header(counts: &[(u32, usize)]) -> Option<u32> {
    counts.iter().enumerate().find_map(|(i, &(row, n))| {
        let widest = counts[i..]
            .iter()
            .take(HEADER_LOOKAHEAD + 1)
            .map(|c| c.1)
            .max()
            .unwrap_or(0);
        (n >= 2 && n * 10 >= widest * 6).then_some(row)
    })
}

/// Worksheet names that hold notes for people, not the table (compared as headers are:
/// case, accents and punctuation ignored).
const NOT_TABLE_SHEETS: &[&str] = &[
    "readme",
    "read me",
    "instructions",
    "instruction",
    "notes",
    "note",
    "about",
    "help",
    "guide",
    "lisez moi",
    "lisezmoi",
    "aide",
    "mode d emploi",
    "leame",
    "lea me",
    "ayuda",
    "instrucciones",
    "notas",
    "acerca de",
];

/// Whether a worksheet looks like a table: not named like a read-me, and some row with at
/// least two values.
pub fn looks_like_table(sheet_name: &str, row_counts: &[(u32, usize)]) -> bool {
    let key = super::mapping::header_key(sheet_name);
    !NOT_TABLE_SHEETS.contains(&key.as_str()) && row_counts.iter().any(|c| c.1 >= 2)
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
    read_csv_with(name, bytes, None)
}

/// [`read_csv`] with the header on row `header_row` (1-based; None: [`detect_header`]).
/// Rows above the header are not read.
pub fn read_csv_with(name: &str, bytes: &[u8], header_row: Option<u32>) -> Result<Table, Error> {
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
    let header_at = match header_row {
        Some(0) => return Err(bad(name, "the header row is counted from 1")),
        Some(n) => n,
        None => csv_header_row(text, separator),
    };
    let mut rdr = csv_reader(text, separator);
    let mut records = rdr.records();
    for skipped in 1..header_at {
        match records.next() {
            None => {
                return Err(bad(
                    name,
                    format!(
                        "the header row {header_at} is beyond the file's last row ({})",
                        skipped - 1
                    ),
                ))
            }
            Some(r) => {
                r.map_err(|e| bad(name, format!("row {skipped}: {e}")))?;
            }
        }
    }
    let header: Vec<String> = match records.next() {
        None if header_at == 1 => return Err(bad(name, "the file is empty")),
        None => {
            return Err(bad(
                name,
                format!("the header row {header_at} is beyond the file's last row"),
            ))
        }
        Some(r) => r
            .map_err(|e| bad(name, format!("row {header_at}: {e}")))?
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
        let row = header_at + 1 + i as u32;
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
    Ok(Table {
        header,
        rows,
        header_row: header_at,
        ..Table::default()
    })
}

/// The detected header row of CSV text (1 when none qualifies or a record is unreadable:
/// reading from row 1 then reports the problem).
fn csv_header_row(text: &str, separator: u8) -> u32 {
    const SAMPLE_ROWS: usize = 50;
    let counts: Vec<(u32, usize)> = csv_reader(text, separator)
        .records()
        .take(SAMPLE_ROWS)
        .map_while(Result::ok)
        .enumerate()
        .map(|(i, r)| {
            (
                (i + 1) as u32,
                r.iter().filter(|c| !c.trim().is_empty()).count(),
            )
        })
        .filter(|c| c.1 > 0)
        .collect();
    detect_header(&counts).unwrap_or(1)
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
        // The width most rows share: title lines above the header ("Annual report 2024")
        // have one cell whatever the separator, so the first row alone does not tell.
        let mut widths: Vec<(usize, usize)> = Vec::new();
        for &n in counts.iter().filter(|&&n| n >= 2) {
            match widths.iter_mut().find(|(w, _)| *w == n) {
                Some((_, k)) => *k += 1,
                None => widths.push((n, 1)),
            }
        }
        let Some(&(columns, agreeing)) = widths.iter().max_by_key(|(w, k)| (*k, *w)) else {
            continue;
        };
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

/// Reads a workbook: XLSX/XLSM cell by cell; the old binary XLS, whose format caps a sheet
/// at 65,536 × 256 cells, through calamine's range. The worksheet and header row are chosen
/// as [`read_table`] says.
pub fn read_xlsx(name: &str, bytes: &[u8]) -> Result<Table, Error> {
    read_xlsx_with(name, bytes, &TableOptions::default())
}

/// [`read_xlsx`] with a chosen worksheet and header row.
pub fn read_xlsx_with(name: &str, bytes: &[u8], options: &TableOptions) -> Result<Table, Error> {
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        let mut wb: calamine::Xls<_> = calamine::Xls::new(Cursor::new(bytes))
            .map_err(|e| bad(name, format!("not a readable Excel workbook ({e})")))?;
        let sheets = wb.sheet_names();
        return pick_sheet(name, &sheets, options, |sheet| {
            read_xls_sheet(name, &mut wb, sheet)
        });
    }
    check_unpacked_size(name, bytes)?;
    let mut wb: calamine::Xlsx<_> = calamine::Xlsx::new(Cursor::new(bytes))
        .map_err(|e| bad(name, format!("not a readable XLSX workbook ({e})")))?;
    let sheets = wb.sheet_names();
    pick_sheet(name, &sheets, options, |sheet| {
        read_xlsx_sheet(name, &mut wb, sheet)
    })
}

/// The asked worksheet, else the first that [`looks_like_table`] (else the first).
fn pick_sheet(
    name: &str,
    sheets: &[String],
    options: &TableOptions,
    mut read: impl FnMut(&str) -> Result<SparseSheet, Error>,
) -> Result<Table, Error> {
    let first = sheets
        .first()
        .ok_or_else(|| bad(name, "the workbook has no worksheet"))?;
    let chosen = match &options.sheet {
        Some(want) => {
            let found = sheets
                .iter()
                .find(|s| *s == want)
                .or_else(|| {
                    sheets
                        .iter()
                        .find(|s| s.trim().eq_ignore_ascii_case(want.trim()))
                })
                .ok_or_else(|| {
                    bad(
                        name,
                        format!(
                            "there is no worksheet {want:?} (the worksheets are: {})",
                            sheets.join(", ")
                        ),
                    )
                })?;
            Some((found.clone(), read(found)?))
        }
        None => {
            let mut chosen = None;
            for s in sheets {
                let mut sheet = read(s)?;
                if looks_like_table(s, &sheet.row_counts()) {
                    chosen = Some((s.clone(), sheet));
                    break;
                }
            }
            chosen
        }
    };
    let (sheet_name, sheet) = match chosen {
        Some(c) => c,
        None => (first.clone(), read(first)?),
    };
    let mut table = sheet.into_table(name, &sheet_name, options.header_row)?;
    table.sheet = Some(sheet_name);
    table.sheets = sheets.to_vec();
    Ok(table)
}

fn read_xlsx_sheet(
    name: &str,
    wb: &mut calamine::Xlsx<Cursor<&[u8]>>,
    sheet_name: &str,
) -> Result<SparseSheet, Error> {
    let unreadable = |e: calamine::XlsxError| {
        bad(
            name,
            format!("worksheet {sheet_name:?} cannot be read ({e})"),
        )
    };
    let mut cells = wb.worksheet_cells_reader(sheet_name).map_err(unreadable)?;
    let mut sheet = SparseSheet::default();
    while let Some(cell) = cells.next_cell().map_err(unreadable)? {
        let (row, column) = cell.get_position();
        let text = cell_text(&Data::from(cell.get_value().clone()));
        if !sheet.push(row, column, text) {
            return Err(bad(
                name,
                format!(
                    "worksheet {sheet_name:?} holds more than {MAX_XLSX_CELLS} cells; split it or save it as CSV"
                ),
            ));
        }
    }
    Ok(sheet)
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

    /// (1-based row number, non-empty cells) of the first rows, in order.
    fn row_counts(&mut self) -> Vec<(u32, usize)> {
        const SAMPLE_ROWS: usize = 50;
        self.cells.sort_by_key(|&(r, c, _)| (r, c));
        let mut counts: Vec<(u32, usize)> = Vec::new();
        for &(row, _, _) in &self.cells {
            if let Some(last) = counts.last_mut().filter(|l| l.0 == row + 1) {
                last.1 += 1;
            } else if counts.len() == SAMPLE_ROWS {
                break;
            } else {
                counts.push((row + 1, 1));
            }
        }
        counts
    }

    /// The header row (1-based `header_row`, else [`detect_header`], else the first row with
    /// a value); its first and last values bound the columns (a value outside them has no
    /// column name, so it would be ignored anyway). Rows above it are not read. Rows are laid
    /// out up to their last value only, within [`MAX_TABLE_SLOTS`] in all.
    fn into_table(
        mut self,
        name: &str,
        sheet: &str,
        header_row: Option<u32>,
    ) -> Result<Table, Error> {
        let counts = self.row_counts();
        let Some(&(first_row, _)) = counts.first() else {
            return Err(bad(name, "the file is empty"));
        };
        let header_at = match header_row {
            Some(0) => return Err(bad(name, "the header row is counted from 1")),
            Some(n) => {
                if !self.cells.iter().any(|c| c.0 + 1 == n) {
                    return Err(bad(
                        name,
                        format!("worksheet {sheet:?}: the header row {n} is empty"),
                    ));
                }
                n
            }
            None => detect_header(&counts).unwrap_or(first_row),
        };
        // 0-based, as calamine counts.
        let header_row = header_at - 1;
        let in_header = || self.cells.iter().filter(|c| c.0 == header_row).map(|c| c.1);
        let first_column = in_header().min().unwrap_or(0);
        let width = (in_header().max().unwrap_or(0) - first_column + 1) as usize;
        let mut header = vec![String::new(); width];
        let mut rows: Vec<(u32, Vec<String>)> = Vec::new();
        let mut slots = width;
        for (row, column, text) in self.cells {
            if row < header_row {
                continue;
            }
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
        Ok(Table {
            header,
            rows,
            header_row: header_at,
            ..Table::default()
        })
    }
}

/// The most cells laid out in rows (empty ones between values included): ~240 MB of empty
/// strings at worst, and far more than any catalogue or report table needs.
const MAX_TABLE_SLOTS: usize = 10_000_000;

fn read_xls_sheet(
    name: &str,
    wb: &mut calamine::Xls<Cursor<&[u8]>>,
    sheet_name: &str,
) -> Result<SparseSheet, Error> {
    let range = wb.worksheet_range(sheet_name).map_err(|e| {
        bad(
            name,
            format!("worksheet {sheet_name:?} cannot be read ({e})"),
        )
    })?;
    let mut sheet = SparseSheet::default();
    let (r0, c0) = range.start().unwrap_or((0, 0));
    for (row, column, value) in range.used_cells() {
        if !sheet.push(r0 + row as u32, c0 + column as u32, cell_text(value)) {
            return Err(bad(
                name,
                format!("worksheet {sheet_name:?} holds too many cells"),
            ));
        }
    }
    Ok(sheet)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_is_found_below_title_and_merged_group_rows() {
        // Row 1 a title, row 2 merged group headings (2 values over 5 columns), row 3 the
        // header, then data leaving a column empty.
        let counts = [(1, 1), (2, 2), (3, 5), (4, 4), (5, 5)];
        assert_eq!(detect_header(&counts), Some(3));
        // A plain file: the first row.
        assert_eq!(detect_header(&[(1, 4), (2, 4)]), Some(1));
        // Only single values: none.
        assert_eq!(detect_header(&[(1, 1), (2, 1)]), None);
        // Data rows with a third of the header empty still follow a header.
        assert_eq!(detect_header(&[(1, 6), (2, 4), (3, 4)]), Some(1));
    }

    #[test]
    fn read_me_sheets_and_one_column_sheets_are_not_tables() {
        let wide = [(1, 3)];
        assert!(!looks_like_table("README", &wide));
        assert!(!looks_like_table("Read me", &wide));
        assert!(!looks_like_table("Lisez-moi", &wide));
        assert!(!looks_like_table("Léame", &wide));
        assert!(!looks_like_table("Instructions", &wide));
        assert!(!looks_like_table("Reports", &[(1, 1), (2, 1)]));
        assert!(looks_like_table("Reports 2023", &wide));
    }

    #[test]
    fn csv_header_below_a_title_row_keeps_file_row_numbers() {
        let t = read_csv(
            "t.csv",
            b"Progress report 2023,,\nID,Status,Progress\n1,Done,x\n",
        )
        .unwrap();
        assert_eq!(t.header_row, 2);
        assert_eq!(t.header, ["ID", "Status", "Progress"]);
        assert_eq!(
            t.rows,
            [(3, vec!["1".to_owned(), "Done".to_owned(), "x".to_owned()])]
        );
        let t = read_csv_with("t.csv", b"a,b\nc,d\n", Some(2)).unwrap();
        assert_eq!(t.header, ["c", "d"]);
        assert!(t.rows.is_empty());
        let e = read_csv_with("t.csv", b"a,b\n", Some(5))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("t.csv: the header row 5 is beyond"), "{e}");
    }
}
