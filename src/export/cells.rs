//! Turning report fields into spreadsheet cells, safely.

use crate::domain::report::ImplementationStatus;
use crate::domain::EvidenceLink;

/// Neutralises a text cell that a spreadsheet would run as a formula, by prefixing `'` (OWASP
/// ASVS 1.2.10): one whose first character that is not white space (spaces, no-break space,
/// tab, CR, LF, zero-width and other format characters) is `=`, `+`, `-` or `@`, or their
/// full-width forms `＝ ＋ － ＠`, which Excel folds to the ASCII ones; and one that starts with
/// a tab or a carriage return. Plain numbers ("-5", "+3.2", "1e-3") stay as they are.
pub fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    if is_formula_like(text) && !is_plain_number(text.trim()) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

fn is_formula_like(text: &str) -> bool {
    if text.starts_with(['\t', '\r']) {
        return true;
    }
    let ignorable = |c: char| {
        c.is_whitespace()
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{00ad}')
    };
    matches!(
        text.chars().find(|&c| !ignorable(c)),
        Some('=' | '+' | '-' | '@' | '\u{ff1d}' | '\u{ff0b}' | '\u{ff0d}' | '\u{ff20}')
    )
}

/// A decimal number as a spreadsheet reads one: sign, digits, an optional fraction and
/// exponent. Not "inf" or "NaN", which Rust would parse and Excel would not.
fn is_plain_number(text: &str) -> bool {
    let body = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (mantissa, exponent) = match body.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['+', '-']).unwrap_or(e))),
        None => (body, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => {
            (digits(whole) || whole.is_empty())
                && (digits(fraction) || fraction.is_empty())
                && !(whole.is_empty() && fraction.is_empty())
        }
        None => digits(mantissa),
    };
    mantissa_ok && exponent.is_none_or(digits)
}

/// "3;4;3A?;4B" (? marks an inferred link).
pub fn links(list: &[(String, bool)]) -> String {
    list.iter()
        .map(|(c, inferred)| {
            if *inferred {
                format!("{c}?")
            } else {
                c.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// One evidence link a line: "Title <url>".
pub fn evidence(list: &[EvidenceLink]) -> String {
    list.iter()
        .map(|e| format!("{} <{}>", e.title, e.url))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The English label of a stored status ("In progress").
pub fn status_label(stored: &str) -> String {
    stored
        .parse::<ImplementationStatus>()
        .map(|s| s.label().to_owned())
        .unwrap_or_else(|_| stored.to_owned())
}

/// The columns of a report row, in export order.
pub const REPORT_COLUMNS: [&str; 20] = [
    "Commitment ID",
    "Organisation",
    "Type",
    "Framework",
    "Categories",
    "Year",
    "Implementation status",
    "Progress (%)",
    "Review state",
    "Achievements",
    "Challenges",
    "Next steps",
    "Evidence",
    "Tags",
    "Author",
    "Created (UTC)",
    "Updated (UTC)",
    "Updated by",
    "Commitment description",
    "Inferred links",
];
