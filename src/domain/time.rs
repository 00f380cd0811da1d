//! Timestamps: UTC, stored as RFC 3339 text with milliseconds so they sort as text.

use chrono::{SecondsFormat, Utc};

/// Now, as stored.
pub fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}
