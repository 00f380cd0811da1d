//! Entry points for fuzzing and for replaying the inputs fuzzing found: each takes arbitrary
//! bytes and must return (an error is fine) without panicking or running out of memory.

use std::path::Path;
use std::sync::OnceLock;

use crate::app::{App, OpenOptions};
use crate::domain::Actor;
use crate::export::{blocks, bundle};
use crate::import::table;
use crate::services::bundle_import::{self, Importer};
use crate::services::catalogue_import::{self, CatalogueImportOptions};

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
    let _ = catalogue_import::import(
        app().store(),
        &Actor::new("fuzz"),
        "fuzz.csv",
        data,
        &CatalogueImportOptions::default(),
        false,
    );
}

/// A catalogue import preview of an XLSX file.
pub fn catalogue_xlsx(data: &[u8]) {
    let _ = catalogue_import::import(
        app().store(),
        &Actor::new("fuzz"),
        "fuzz.xlsx",
        data,
        &CatalogueImportOptions::default(),
        false,
    );
}

/// A bundle import, as a dry run.
pub fn bundle_json(data: &[u8]) {
    if let Ok(b) = bundle::parse("fuzz.json", data) {
        let _ = bundle_import::import(app().store(), fuzzer(&Actor::new("fuzz")), &b, &[], true);
    }
}

/// A catalogue import preview of a JSON file (any encoding the text reader knows).
pub fn catalogue_json(data: &[u8]) {
    let _ = catalogue_import::import(
        app().store(),
        &Actor::new("fuzz"),
        "fuzz.json",
        data,
        &CatalogueImportOptions::default(),
        false,
    );
}

/// The bundle validator, field by field: the first byte picks a table, the rest is one JSON
/// record that replaces that table's first record in a bundle of the seeded catalogue (a
/// whole mutated bundle is rarely still JSON, so this reaches the checks far more often).
pub fn bundle_record(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(record) = serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(rest)
    else {
        return;
    };
    static BASE: OnceLock<Option<bundle::Bundle>> = OnceLock::new();
    let Some(base) = BASE.get_or_init(|| {
        let mut out = Vec::new();
        crate::services::bundle_export::write(
            app().store(),
            &crate::export::Job::unwatched(),
            &mut out,
        )
        .ok()?;
        bundle::parse("base.json", &out).ok()
    }) else {
        return;
    };
    let tables = crate::store::export::BUNDLE_TABLES;
    let (table, _) = tables[usize::from(pick) % tables.len()];
    let mut tables = base.tables.clone();
    let rows = tables.entry(table.to_owned()).or_default();
    match rows.first_mut() {
        Some(first) => *first = record,
        None => rows.push(record),
    }
    let b = bundle::Bundle {
        format: base.format.clone(),
        format_version: base.format_version,
        schema_version: base.schema_version,
        tables,
    };
    let _ = bundle_import::import(app().store(), fuzzer(&Actor::new("fuzz")), &b, &[], true);
}

fn fuzzer(actor: &Actor) -> Importer<'_> {
    Importer {
        actor,
        account: "fuzz",
        source: "fuzz.json",
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
