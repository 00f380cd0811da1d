//! Per-person settings (keyed by operating-system account until real accounts exist).

use crate::error::Error;
use crate::store::db::{args, Conn};

/// A setting's value.
pub fn get(conn: &Conn<'_>, account: &str, key: &str) -> Result<Option<String>, Error> {
    conn.query_opt(
        "SELECT value FROM user_settings WHERE account = ?1 AND key = ?2",
        args![account, key],
        |r| r.get(0),
    )
}

/// Sets a setting.
pub fn put(conn: &Conn<'_>, account: &str, key: &str, value: &str) -> Result<(), Error> {
    conn.execute(
        "INSERT INTO user_settings (account, key, value) VALUES (?1, ?2, ?3)
         ON CONFLICT (account, key) DO UPDATE SET value = excluded.value",
        args![account, key, value],
    )?;
    Ok(())
}
