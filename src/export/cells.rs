//! Turning report fields into spreadsheet cells, safely.

use crate::domain::report::ImplementationStatus;
use crate::domain::EvidenceLink;

/// Neutralises a text cell that a spreadsheet would run as a formula (it starts with `=`, `+`,
/// `-`, `@`, a tab or a carriage return) by prefixing `'`, as OWASP ASVS 1.2.10 asks. Numbers
/// ("-5", "+3.2") are left as they are.
pub fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    let risky = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && text.trim().parse::<f64>().is_err() {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// "3;4".
pub fn numbers(list: &[u8]) -> String {
    list.iter().map(u8::to_string).collect::<Vec<_>>().join(";")
}

/// "3A?;4B" (? marks an inferred link).
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
    "Core responsibilities",
    "Transformations",
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
