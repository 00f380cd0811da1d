//! Signed-in browsers' sessions. A session is found by the SHA-256 of its cookie's value;
//! the value itself is never stored.

use crate::error::Error;
use crate::store::db::{args, Conn};

/// A stored session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub id_hash: String,
    pub user_id: String,
    pub created_at: String,
    pub last_seen_at: String,
    /// The absolute expiry.
    pub expires_at: String,
}

/// Adds a session.
pub fn insert(conn: &Conn<'_>, s: &Session) -> Result<(), Error> {
    conn.execute(
        "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        args![
            s.id_hash,
            s.user_id,
            s.created_at,
            s.last_seen_at,
            s.expires_at
        ],
    )?;
    Ok(())
}

/// The session with this hash.
pub fn get(conn: &Conn<'_>, id_hash: &str) -> Result<Option<Session>, Error> {
    conn.query_opt(
        "SELECT id_hash, user_id, created_at, last_seen_at, expires_at
           FROM sessions WHERE id_hash = ?1",
        args![id_hash],
        |r| {
            Ok(Session {
                id_hash: r.get(0)?,
                user_id: r.get(1)?,
                created_at: r.get(2)?,
                last_seen_at: r.get(3)?,
                expires_at: r.get(4)?,
            })
        },
    )
}

/// Notes that the session was used at `now`.
pub fn touch(conn: &Conn<'_>, id_hash: &str, now: &str) -> Result<(), Error> {
    conn.execute(
        "UPDATE sessions SET last_seen_at = ?2 WHERE id_hash = ?1",
        args![id_hash, now],
    )?;
    Ok(())
}

/// Ends one session; whether it existed.
pub fn delete(conn: &Conn<'_>, id_hash: &str) -> Result<bool, Error> {
    Ok(conn.execute("DELETE FROM sessions WHERE id_hash = ?1", args![id_hash])? == 1)
}

/// Ends every session of an account; how many there were.
pub fn delete_of_user(conn: &Conn<'_>, user_id: &str) -> Result<usize, Error> {
    conn.execute("DELETE FROM sessions WHERE user_id = ?1", args![user_id])
}

/// Deletes the sessions past their absolute expiry (`now`) or idle since before `idle_since`.
pub fn delete_expired(conn: &Conn<'_>, now: &str, idle_since: &str) -> Result<usize, Error> {
    conn.execute(
        "DELETE FROM sessions WHERE expires_at <= ?1 OR last_seen_at <= ?2",
        args![now, idle_since],
    )
}
