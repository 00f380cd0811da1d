//! Settings of a team server (the whole organisation's), as text by key.

use crate::error::Error;
use crate::store::db::{args, Conn};

/// A setting's value, if set.
pub fn get(conn: &Conn<'_>, key: &str) -> Result<Option<String>, Error> {
    conn.query_opt(
        "SELECT value FROM server_settings WHERE key = ?1",
        args![key],
        |r| r.get(0),
    )
}

/// Sets a setting.
pub fn put(conn: &Conn<'_>, key: &str, value: &str) -> Result<(), Error> {
    conn.execute(
        "INSERT INTO server_settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        args![key, value],
    )?;
    Ok(())
}
