//! The report as the app sends it: the types are shared with the app (`report-data`), so the
//! JSON both sides speak is defined once.

pub use report_data::{Block, Entry, Kind, Report, Span};
