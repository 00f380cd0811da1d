//! Column mappings saved by name, per import kind (`import_mappings`).

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Error;
use crate::import::mapping::{ColumnMapping, ImportKind};

fn damaged(name: &str, e: serde_json::Error) -> Error {
    Error::BadRequest {
        message: format!("the saved mapping {name:?} cannot be read ({e})"),
        field: Some("mapping".to_owned()),
    }
}

/// The mapping saved as `name` for `kind`, if any. Errors: a stored mapping that is not a
/// `ColumnMapping` (`BadRequest`), SQLite.
pub fn get(
    conn: &Connection,
    kind: ImportKind,
    name: &str,
) -> Result<Option<ColumnMapping>, Error> {
    let json: Option<String> = conn
        .prepare_cached("SELECT mapping FROM import_mappings WHERE kind = ?1 AND name = ?2")?
        .query_row(params![kind.as_str(), name], |r| r.get(0))
        .optional()?;
    json.map(|j| serde_json::from_str(&j).map_err(|e| damaged(name, e)))
        .transpose()
}

/// Saves `mapping` as `name` for `kind`, replacing one of that name (`created_at` kept).
pub fn put(
    conn: &Connection,
    kind: ImportKind,
    name: &str,
    mapping: &ColumnMapping,
    now: &str,
) -> Result<(), Error> {
    let json = serde_json::to_string(mapping).map_err(|e| damaged(name, e))?;
    conn.prepare_cached(
        "INSERT INTO import_mappings (name, kind, mapping, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?4)
         ON CONFLICT (kind, name) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at",
    )?
    .execute(params![name, kind.as_str(), json, now])?;
    Ok(())
}

/// The names saved for `kind`, in order.
pub fn names(conn: &Connection, kind: ImportKind) -> Result<Vec<String>, Error> {
    Ok(conn
        .prepare_cached("SELECT name FROM import_mappings WHERE kind = ?1 ORDER BY name")?
        .query_map([kind.as_str()], |r| r.get(0))?
        .collect::<Result<_, _>>()?)
}
