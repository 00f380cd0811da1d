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
