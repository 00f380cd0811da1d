//! Timestamps: UTC, stored as RFC 3339 text with milliseconds so they sort as text.

use chrono::{SecondsFormat, Utc};

/// This year, by the UTC calendar.
pub fn current_year() -> i32 {
    chrono::Datelike::year(&Utc::now())
}

/// Now, as stored.
pub fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A moment, as stored (`2026-11-30T20:05:45.123Z`).
pub fn stamp(t: chrono::DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A stored moment read back; None when the text is not RFC 3339.
pub fn parse(s: &str) -> Option<chrono::DateTime<Utc>> {
    chrono::DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}
