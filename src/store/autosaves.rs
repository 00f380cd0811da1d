//! Autosaved editor text.

use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::domain::Autosave;
use crate::error::Error;

fn row(r: &Row<'_>) -> rusqlite::Result<Autosave> {
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
pub fn put(conn: &Connection, account: &str, a: &Autosave) -> Result<(), Error> {
    let input = serde_json::to_string(&a.input).map_err(|e| Error::BadRequest {
        message: format!("could not encode the draft: {e}"),
        field: None,
    })?;
    conn.prepare_cached(
        "INSERT INTO autosaves (account, commitment_id, year, report_id, base_version, content, saved_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (account, commitment_id, year) DO UPDATE SET
            report_id = excluded.report_id, base_version = excluded.base_version,
            content = excluded.content, saved_at = excluded.saved_at",
    )?
    .execute(params![account, a.commitment, a.year, a.report_id, a.base_version, input, a.saved_at])?;
    Ok(())
}

/// One editor's text, if kept.
pub fn get(
    conn: &Connection,
    account: &str,
    commitment: &str,
    year: i32,
) -> Result<Option<Autosave>, Error> {
    Ok(conn
        .prepare_cached(
            "SELECT commitment_id, year, report_id, base_version, content, saved_at FROM autosaves
              WHERE account = ?1 AND commitment_id = ?2 AND year = ?3",
        )?
        .query_row(params![account, commitment, year], row)
        .optional()?)
}

/// Every kept text of this account, newest first.
pub fn list(conn: &Connection, account: &str) -> Result<Vec<Autosave>, Error> {
    Ok(conn
        .prepare_cached(
            "SELECT commitment_id, year, report_id, base_version, content, saved_at FROM autosaves
              WHERE account = ?1 ORDER BY saved_at DESC",
        )?
        .query_map([account], row)?
        .collect::<Result<_, _>>()?)
}

/// Drops one editor's text; returns whether there was one.
pub fn discard(
    conn: &Connection,
    account: &str,
    commitment: &str,
    year: i32,
) -> Result<bool, Error> {
    let n = conn
        .prepare_cached(
            "DELETE FROM autosaves WHERE account = ?1 AND commitment_id = ?2 AND year = ?3",
        )?
        .execute(params![account, commitment, year])?;
    Ok(n > 0)
}
