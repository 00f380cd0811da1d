//! Cleaning one cell of an imported spreadsheet: HTML markup to Markdown, Excel serial dates
//! to ISO dates, multi-valued cells to items, IDs to their stored form.
//!
//! HTML is converted by `htmd` (an HTML-to-Markdown converter over html5ever, the HTML parser
//! of Servo), never by our own parsing.

use chrono::{Duration, NaiveDate};

use super::table::whole_number_text;
use crate::domain::commitment::normalise_commitment_id;

/// The separator that [`super::mapping::apply`] writes between the items of a multi-valued
/// field (and between the columns joined into one); [`split_items`] with it reads them back.
pub const ITEM_SEPARATOR: char = ';';

/// Which separators split a multi-valued cell into items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListStyle {
    /// Tags: `;` `,` `|` and line breaks.
    Tags,
    /// Category codes or names (which may contain commas, e.g. "Leave no one behind, …"):
    /// `;` `|` and line breaks, then commas within each piece that does not read as one name
    /// written as prose ("Data, Research, and Information"; "3,4;3A" is three codes).
    Categories,
    /// Evidence ("title|url" items whose URLs may contain commas): `;` and line breaks only.
    Evidence,
}

/// HTML elements that spreadsheet cells exported from web forms and CMSs carry.
const HTML_TAGS: &[&str] = &[
    "a",
    "b",
    "big",
    "blockquote",
    "br",
    "center",
    "code",
    "del",
    "div",
    "em",
    "font",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
];

/// Whether `text` holds HTML markup: a known HTML element's tag (`<br>`, `<br/>`, `</p>`,
/// `<a href=…>`) closed by a `>`. Plain text with a `<` ("< 5 %", "x<y and y>z") is not.
pub fn has_markup(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        if b != b'<' {
            return false;
        }
        let rest = &bytes[i + 1..];
        let name = match rest.first() {
            Some(b'/') => &rest[1..],
            _ => rest,
        };
        let len = name
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        let known = std::str::from_utf8(&name[..len])
            .is_ok_and(|n| HTML_TAGS.contains(&n.to_ascii_lowercase().as_str()));
        // The tag name ends at `>`, `/` or whitespace (attributes), and a `>` closes it.
        known
            && matches!(
                name.get(len),
                Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r')
            )
            && name[len..].contains(&b'>')
    })
}

/// A narrative cell as Markdown: HTML markup converted (`<br>` to line breaks, `<p>` to
/// paragraphs, `<a href="u">t</a>` to `[t](u)`), anything else as it is. Trimmed.
pub fn narrative(text: &str) -> String {
    let text = text.trim();
    if !has_markup(text) {
        return text.to_owned();
    }
    match htmd::convert(text) {
        Ok(md) => tidy_markdown(&md),
        // htmd only fails on I/O of its in-memory writer; keep the cell rather than lose it.
        Err(_) => text.to_owned(),
    }
}

/// Trailing spaces of `<br>` hard breaks ("  \n") as plain line breaks, and at most one empty
/// line between paragraphs.
fn tidy_markdown(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut empty_run = 0;
    for line in md.lines() {
        let line = line.trim_end_matches([' ', '\\']);
        if line.trim().is_empty() {
            empty_run += 1;
            if empty_run > 1 {
                continue;
            }
        } else {
            empty_run = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.trim().to_owned()
}

/// A Commitment ID cell in its stored form: a number Excel made of it back to its digits
/// ("200001.0" → "200001"), then NFKC and trimmed (see [`normalise_commitment_id`]).
pub fn commitment_id(cell: &str) -> String {
    normalise_commitment_id(whole_number_text(cell.trim()))
}

/// The items of a multi-valued cell, trimmed, empty ones dropped (see [`ListStyle`]).
pub fn split_items(cell: &str, style: ListStyle) -> Vec<String> {
    let is_line = |c: char| c == '\n' || c == '\r';
    let pieces: Vec<&str> = match style {
        ListStyle::Tags => cell
            .split(|c| matches!(c, ';' | ',' | '|') || is_line(c))
            .collect(),
        ListStyle::Evidence => cell.split(|c| c == ';' || is_line(c)).collect(),
        // `;` `|` and line breaks first; then commas within a piece, unless it reads as one
        // name in prose ("3,4;3A" is three codes).
        ListStyle::Categories => cell
            .split(|c| matches!(c, ';' | '|') || is_line(c))
            .flat_map(|piece| {
                if reads_as_prose(piece) {
                    vec![piece]
                } else {
                    piece.split(',').collect()
                }
            })
            .collect(),
    };
    pieces
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Whether a comma-separated cell is one name written as prose rather than a list of names:
/// a piece after a comma opens with a lower-case letter, continuing the sentence ("Data,
/// Research, and Information"; "Eau, hygiène et assainissement"), where names each open
/// with a capital or a digit ("Water and sanitation, Health"; "3A, 4B").
fn reads_as_prose(cell: &str) -> bool {
    cell.split(',').skip(1).any(|piece| {
        piece
            .trim_start()
            .chars()
            .next()
            .is_some_and(char::is_lowercase)
    })
}

/// An Excel serial date ("45170", "45170.5") as an ISO date ("2023-09-01"); None for
/// anything else. Excel counts days from 1899-12-30 (its day 60 is the 29 February 1900 that
/// never was, so serials from 61 on land right; earlier ones are refused as ambiguous).
pub fn excel_serial_date(cell: &str) -> Option<String> {
    let serial: f64 = cell.trim().parse().ok()?;
    // 61 = 1900-03-01; 2,958,465 = 9999-12-31, Excel's last day.
    if !(61.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let date = base.checked_add_signed(Duration::days(serial.trunc() as i64))?;
    Some(date.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_told_from_plain_less_than() {
        assert!(has_markup("a<br>b"));
        assert!(has_markup("<p>x</p> <p>y</p>"));
        assert!(has_markup("see <a href=\"https://x.org\">x</a>"));
        assert!(has_markup("line<br/>next"));
        assert!(!has_markup("< 5 % of staff"));
        assert!(!has_markup("a <-> b, x<y and y>z"));
        assert!(!has_markup("3<4"));
        assert!(!has_markup("<name> is a placeholder"));
        assert!(has_markup("<BR>"));
        assert!(!has_markup("no tags"));
    }

    #[test]
    fn plain_text_with_less_than_stays() {
        assert_eq!(narrative("  x < 5 and y > 2  "), "x < 5 and y > 2");
    }

    #[test]
    fn br_and_links_become_markdown() {
        let md = narrative(
            "Done - <a href=\"https://example.org/a\">the order</a><br><br>Report: <a href=\"https://example.org/b.pdf\">https://example.org/b.pdf</a>",
        );
        assert!(!md.contains("<br>"), "{md}");
        assert!(!md.contains("<a"), "{md}");
        assert!(md.contains("[the order](https://example.org/a)"), "{md}");
        assert!(md.contains("https://example.org/b.pdf"), "{md}");
        assert!(md.starts_with("Done - "), "{md}");
    }

    #[test]
    fn paragraphs_become_blank_line_separated() {
        assert_eq!(narrative("<p>One.</p> <p>Two.</p>"), "One.\n\nTwo.");
    }

    #[test]
    fn ids_lose_the_float_tail_and_are_normalised() {
        assert_eq!(commitment_id("200001.0"), "200001");
        assert_eq!(commitment_id(" ２０００１ "), "20001");
        assert_eq!(commitment_id("US0113.1"), "US0113.1");
    }

    #[test]
    fn items_split_by_style() {
        assert_eq!(
            split_items("a; b,c |d\ne", ListStyle::Tags),
            ["a", "b", "c", "d", "e"]
        );
        assert_eq!(
            split_items("Leave no one behind, women; Data", ListStyle::Categories),
            ["Leave no one behind, women", "Data"]
        );
        assert_eq!(split_items("A, B", ListStyle::Categories), ["A", "B"]);
        assert_eq!(
            split_items("3,4;3A?", ListStyle::Categories),
            ["3", "4", "3A?"]
        );
        assert_eq!(
            split_items(
                "Access to Data, Research, and Information",
                ListStyle::Categories
            ),
            ["Access to Data, Research, and Information"]
        );
        assert_eq!(
            split_items("Eau, hygiène et assainissement", ListStyle::Categories),
            ["Eau, hygiène et assainissement"]
        );
        assert_eq!(
            split_items("Water and sanitation, Health, 3A", ListStyle::Categories),
            ["Water and sanitation", "Health", "3A"]
        );
        assert_eq!(
            split_items("Plan|https://x.org/a,b\nhttps://y.org", ListStyle::Evidence),
            ["Plan|https://x.org/a,b", "https://y.org"]
        );
    }

    #[test]
    fn excel_serials_become_iso_dates() {
        assert_eq!(excel_serial_date("45170").as_deref(), Some("2023-09-01"));
        assert_eq!(excel_serial_date("45170.75").as_deref(), Some("2023-09-01"));
        assert_eq!(excel_serial_date("61").as_deref(), Some("1900-03-01"));
        assert_eq!(excel_serial_date("60"), None);
        assert_eq!(excel_serial_date("2023-09-01"), None);
        assert_eq!(excel_serial_date("soon"), None);
    }
}
