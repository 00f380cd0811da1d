//! Column mappings saved by name, per import kind (`import_mappings`).

use crate::error::Error;
use crate::import::mapping::{ColumnMapping, ImportKind};
use crate::store::db::{args, Conn};

fn damaged(name: &str, e: serde_json::Error) -> Error {
    Error::BadRequest {
        message: format!("the saved mapping {name:?} cannot be read ({e})"),
        field: Some("mapping".to_owned()),
    }
}

/// The mapping saved as `name` for `kind`, if any. Errors: a stored mapping that is not a
/// `ColumnMapping` (`BadRequest`), SQLite.
pub fn get(conn: &Conn<'_>, kind: ImportKind, name: &str) -> Result<Option<ColumnMapping>, Error> {
    let json: Option<String> = conn.query_opt(
        "SELECT mapping FROM import_mappings WHERE kind = ?1 AND name = ?2",
        args![kind.as_str(), name],
        |r| r.get(0),
    )?;
    json.map(|j| serde_json::from_str(&j).map_err(|e| damaged(name, e)))
        .transpose()
}

/// Saves `mapping` as `name` for `kind`, replacing one of that name (`created_at` kept).
pub fn put(
    conn: &Conn<'_>,
    kind: ImportKind,
    name: &str,
    mapping: &ColumnMapping,
    now: &str,
) -> Result<(), Error> {
    let json = serde_json::to_string(mapping).map_err(|e| damaged(name, e))?;
    conn.execute("INSERT INTO import_mappings (name, kind, mapping, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?4)
         ON CONFLICT (kind, name) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at", args![name, kind.as_str(), json, now])?;
    Ok(())
}

/// The names saved for `kind`, in order.
pub fn names(conn: &Conn<'_>, kind: ImportKind) -> Result<Vec<String>, Error> {
    conn.query_map(
        "SELECT name FROM import_mappings WHERE kind = ?1 ORDER BY name",
        args![kind.as_str()],
        |r| r.get(0),
    )
}
