//! Entry points for fuzzing and for replaying the inputs fuzzing found: each takes arbitrary
//! bytes and must return (an error is fine) without panicking or running out of memory.

use std::path::Path;
use std::sync::OnceLock;

use crate::app::{App, OpenOptions};
use crate::domain::Actor;
use crate::export::{blocks, bundle};
use crate::import::{catalogue, table};

/// One seeded in-memory database shared by every run; imports are dry runs, so it never
/// changes.
fn app() -> &'static App {
    static APP: OnceLock<App> = OnceLock::new();
    APP.get_or_init(|| {
        App::open(
            Path::new(":memory:"),
            OpenOptions {
                daily_backup: false,
                ..Default::default()
            },
        )
        .unwrap_or_else(|e| panic!("in-memory database: {e}"))
    })
}

/// A catalogue import preview of a CSV file.
pub fn catalogue_csv(data: &[u8]) {
    let _ = table::read_csv("fuzz.csv", data);
    let _ = catalogue::import(app().store(), &Actor::new("fuzz"), "fuzz.csv", data, false);
}

/// A catalogue import preview of an XLSX file.
pub fn catalogue_xlsx(data: &[u8]) {
    let _ = catalogue::import(app().store(), &Actor::new("fuzz"), "fuzz.xlsx", data, false);
}

/// A bundle import, as a dry run.
pub fn bundle_json(data: &[u8]) {
    if let Ok(b) = bundle::parse("fuzz.json", data) {
        let _ = bundle::import(app().store(), &Actor::new("fuzz"), &b, &[], true);
    }
}

/// The Markdown renderer of narratives (PDF blocks, the Markdown export's embedding and list
/// excerpts).
pub fn markdown(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = blocks::parse(&text);
    // A narrative embedded in the Markdown export never changes the report around it.
    let embedded = crate::export::embed::embed(&text, 4, "n1-");
    assert!(
        crate::export::embed::stays_contained(&embedded, 4),
        "{embedded}"
    );
    let _ = crate::domain::report::excerpt_of(&text);
}
