//! Per-person settings (keyed by operating-system account until real accounts exist).

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Error;

/// A setting's value.
pub fn get(conn: &Connection, account: &str, key: &str) -> Result<Option<String>, Error> {
    Ok(conn
        .prepare_cached("SELECT value FROM user_settings WHERE account = ?1 AND key = ?2")?
        .query_row(params![account, key], |r| r.get(0))
        .optional()?)
}

/// Sets a setting.
pub fn put(conn: &Connection, account: &str, key: &str, value: &str) -> Result<(), Error> {
    conn.prepare_cached(
        "INSERT INTO user_settings (account, key, value) VALUES (?1, ?2, ?3)
         ON CONFLICT (account, key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![account, key, value])?;
    Ok(())
}
