//! A bundle's frameworks, format only: a format-1 bundle (links to WHS core responsibilities
//! and transformations) read as format 2. Bringing them into a database is
//! `services::bundle_frameworks`.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use super::bundle::Row;

/// The seeded WHS framework's UUID (migration 0010).
pub const WHS_ID: &str = "0154dae9-4000-7000-8000-0000000000c8";

/// Rewrites a format-1 bundle's tables as format 2: each commitment in WHS with no title, its
/// two link tables as category links (the categories kept the link targets' UUIDs).
pub fn upgrade_v1(tables: &mut BTreeMap<String, Vec<Row>>) {
    for c in tables.get_mut("commitments").into_iter().flatten() {
        c.entry("framework_id")
            .or_insert_with(|| Json::from(WHS_ID));
        c.entry("title").or_insert_with(|| Json::from(""));
        c.entry("tags").or_insert_with(|| Json::from("[]"));
    }
    let mut links: Vec<Row> = Vec::new();
    for (table, column) in [
        ("commitment_core_responsibilities", "core_responsibility_id"),
        ("commitment_transformations", "transformation_id"),
    ] {
        for mut row in tables.remove(table).unwrap_or_default() {
            let target = row.remove(column).unwrap_or(Json::Null);
            row.insert("category_id".to_owned(), target);
            row.entry("inferred").or_insert_with(|| Json::from(0));
            links.push(row);
        }
    }
    if !links.is_empty() {
        tables.insert("commitment_categories".to_owned(), links);
    }
}
