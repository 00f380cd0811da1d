//! Queries on organisations.

use rusqlite::{params, Connection, OptionalExtension};

use crate::domain::Organisation;
use crate::error::Error;

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Organisation> {
    Ok(Organisation {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
    })
}

/// All organisations, oldest first.
pub fn list(conn: &Connection) -> Result<Vec<Organisation>, Error> {
    Ok(conn
        .prepare_cached("SELECT id, code, name FROM organisations ORDER BY created_at, code")?
        .query_map([], row)?
        .collect::<Result<_, _>>()?)
}

/// The organisation with this code (case-insensitive).
pub fn by_code(conn: &Connection, code: &str) -> Result<Option<Organisation>, Error> {
    Ok(conn
        .prepare_cached("SELECT id, code, name FROM organisations WHERE code = ?1 COLLATE NOCASE")?
        .query_row([code], row)
        .optional()?)
}

/// Adds an organisation; returns it.
pub fn insert(
    conn: &Connection,
    id: &str,
    code: &str,
    name: &str,
    now: &str,
) -> Result<Organisation, Error> {
    conn.prepare_cached(
        "INSERT INTO organisations (id, code, name, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
    )?
    .execute(params![id, code, name, now])?;
    Ok(Organisation {
        id: id.to_owned(),
        code: code.to_owned(),
        name: name.to_owned(),
    })
}
