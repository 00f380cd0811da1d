//! Queries on organisations.

use crate::domain::Organisation;
use crate::error::Error;
use crate::store::db::{args, Conn, Row};

fn row(r: &Row<'_>) -> Result<Organisation, Error> {
    Ok(Organisation {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
    })
}

/// All organisations, oldest first.
pub fn list(conn: &Conn<'_>) -> Result<Vec<Organisation>, Error> {
    conn.query_map(
        "SELECT id, code, name FROM organisations ORDER BY created_at, code",
        args![],
        row,
    )
}

/// The organisation with this code (case-insensitive).
pub fn by_code(conn: &Conn<'_>, code: &str) -> Result<Option<Organisation>, Error> {
    conn.query_opt(
        "SELECT id, code, name FROM organisations WHERE code = ?1 COLLATE NOCASE",
        args![code],
        row,
    )
}

/// Adds an organisation; returns it.
pub fn insert(
    conn: &Conn<'_>,
    id: &str,
    code: &str,
    name: &str,
    now: &str,
) -> Result<Organisation, Error> {
    conn.execute("INSERT INTO organisations (id, code, name, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)", args![id, code, name, now])?;
    Ok(Organisation {
        id: id.to_owned(),
        code: code.to_owned(),
        name: name.to_owned(),
    })
}
