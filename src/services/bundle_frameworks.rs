//! A bundle's frameworks brought into a database, matched by code so that two copies that
//! each created "OT" end up with one.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value as Json;

use super::bundle_rows::insert_all;
use crate::error::Error;
use crate::export::bundle::Row;
use crate::store;
use crate::store::db::Conn;

/// Where the bundle's framework and category UUIDs point in this database.
#[derive(Debug, Default)]
pub struct FrameworkMap {
    frameworks: HashMap<String, String>,
    categories: HashMap<String, String>,
}

impl FrameworkMap {
    /// A commitment row with its framework UUID made local.
    pub fn commitment(&self, row: &Row) -> Row {
        let mut row = row.clone();
        remap(&mut row, "framework_id", &self.frameworks);
        row
    }

    /// A link row with its category UUID made local.
    pub fn link(&self, row: &Row) -> Row {
        let mut row = row.clone();
        remap(&mut row, "category_id", &self.categories);
        row
    }
}

fn remap(row: &mut Row, column: &str, map: &HashMap<String, String>) {
    let local = row
        .get(column)
        .and_then(Json::as_str)
        .and_then(|id| map.get(id))
        .cloned();
    if let Some(local) = local {
        row.insert(column.to_owned(), Json::from(local));
    }
}

fn text<'a>(row: &'a Row, column: &str) -> &'a str {
    row.get(column).and_then(Json::as_str).unwrap_or("")
}

/// Adds the bundle's frameworks this database lacks (by code) and, to the ones it has, the
/// categories it lacks (by code); returns where each bundle UUID now points. Returns the
/// number of frameworks added.
pub fn bring_in(
    tx: &Conn<'_>,
    tables: &BTreeMap<String, Vec<Row>>,
) -> Result<(FrameworkMap, u32), Error> {
    let rows = |t: &str| tables.get(t).map(Vec::as_slice).unwrap_or(&[]);
    let mut map = FrameworkMap::default();
    let mut added = 0;
    for f in rows("frameworks") {
        let id = text(f, "id");
        match store::catalogue::framework_id(tx, text(f, "code"))? {
            Some(local) => {
                map.frameworks.insert(id.to_owned(), local);
            }
            None => {
                insert_all(tx, "frameworks", std::slice::from_ref(f))?;
                for t in ["framework_levels", "framework_types"] {
                    let own: Vec<Row> = rows(t)
                        .iter()
                        .filter(|r| text(r, "framework_id") == id)
                        .cloned()
                        .collect();
                    insert_all(tx, t, &own)?;
                }
                map.frameworks.insert(id.to_owned(), id.to_owned());
                added += 1;
            }
        }
    }
    // Parents before children.
    let mut categories: Vec<&Row> = rows("categories").iter().collect();
    categories.sort_by_key(|c| c.get("depth").and_then(Json::as_i64).unwrap_or(0));
    for c in categories {
        let mut row = c.clone();
        remap(&mut row, "framework_id", &map.frameworks);
        remap(&mut row, "parent_id", &map.categories);
        let framework = text(&row, "framework_id").to_owned();
        match store::catalogue::category_id(tx, &framework, text(&row, "code"))? {
            Some(local) => {
                map.categories.insert(text(c, "id").to_owned(), local);
            }
            None => {
                insert_all(tx, "categories", &[row])?;
                map.categories
                    .insert(text(c, "id").to_owned(), text(c, "id").to_owned());
            }
        }
    }
    Ok((map, added))
}
