//! Autosaved editor text.

use crate::domain::Autosave;
use crate::error::Error;
use crate::store::db::{args, Conn, Row};

fn row(r: &Row<'_>) -> Result<Autosave, Error> {
    let input: String = r.get(4)?;
    Ok(Autosave {
        commitment: r.get(0)?,
        year: r.get(1)?,
        report_id: r.get(2)?,
        base_version: r.get(3)?,
        input: serde_json::from_str(&input).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(4, rusqlite::types::Type::Text, e.into())
        })?,
        saved_at: r.get(5)?,
    })
}

/// Stores (replacing) one editor's text.
pub fn put(conn: &Conn<'_>, account: &str, a: &Autosave) -> Result<(), Error> {
    let input = serde_json::to_string(&a.input).map_err(|e| Error::BadRequest {
        message: format!("could not encode the draft: {e}"),
        field: None,
    })?;
    conn.execute("INSERT INTO autosaves (account, commitment_id, year, report_id, base_version, content, saved_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (account, commitment_id, year) DO UPDATE SET
            report_id = excluded.report_id, base_version = excluded.base_version,
            content = excluded.content, saved_at = excluded.saved_at", args![account, a.commitment, a.year, a.report_id, a.base_version, input, a.saved_at])?;
    Ok(())
}

/// One editor's text, if kept.
pub fn get(
    conn: &Conn<'_>,
    account: &str,
    commitment: &str,
    year: i32,
) -> Result<Option<Autosave>, Error> {
    conn.query_opt(
        "SELECT commitment_id, year, report_id, base_version, content, saved_at FROM autosaves
              WHERE account = ?1 AND commitment_id = ?2 AND year = ?3",
        args![account, commitment, year],
        row,
    )
}

/// Every kept text of this account, newest first.
pub fn list(conn: &Conn<'_>, account: &str) -> Result<Vec<Autosave>, Error> {
    conn.query_map(
        "SELECT commitment_id, year, report_id, base_version, content, saved_at FROM autosaves
              WHERE account = ?1 ORDER BY saved_at DESC",
        args![account],
        row,
    )
}

/// Drops one editor's text; returns whether there was one.
pub fn discard(conn: &Conn<'_>, account: &str, commitment: &str, year: i32) -> Result<bool, Error> {
    let n = conn.execute(
        "DELETE FROM autosaves WHERE account = ?1 AND commitment_id = ?2 AND year = ?3",
        args![account, commitment, year],
    )?;
    Ok(n > 0)
}
