//! Personal access tokens. A token is found by the SHA-256 of its secret; the secret itself
//! is never stored, and [`TokenInfo`] has no field for the hash.

use crate::domain::TokenInfo;
use crate::error::Error;
use crate::store::db::{args, Conn, Row};

/// A new token's row.
pub struct NewRow<'a> {
    pub id: &'a str,
    pub user_id: &'a str,
    pub token_hash: &'a str,
    pub label: &'a str,
    pub created_at: &'a str,
    pub expires_at: &'a str,
}

/// A token found by its hash, for the check at each request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub id: String,
    pub user_id: String,
    pub token_hash: String,
    pub expires_at: String,
    pub revoked_at: Option<String>,
    pub last_used_at: Option<String>,
}

const INFO: &str = "id, label, created_at, expires_at, revoked_at, last_used_at";

fn info_row(r: &Row<'_>) -> Result<TokenInfo, Error> {
    Ok(TokenInfo {
        id: r.get(0)?,
        label: r.get(1)?,
        created_at: r.get(2)?,
        expires_at: r.get(3)?,
        revoked_at: r.get(4)?,
        last_used_at: r.get(5)?,
    })
}

/// Adds a token.
pub fn insert(conn: &Conn<'_>, t: &NewRow<'_>) -> Result<(), Error> {
    conn.execute(
        "INSERT INTO access_tokens (id, user_id, token_hash, label, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        args![
            t.id,
            t.user_id,
            t.token_hash,
            t.label,
            t.created_at,
            t.expires_at
        ],
    )?;
    Ok(())
}

/// An account's tokens, newest first.
pub fn of_user(conn: &Conn<'_>, user_id: &str) -> Result<Vec<TokenInfo>, Error> {
    conn.query_map(
        &format!(
            "SELECT {INFO} FROM access_tokens WHERE user_id = ?1 ORDER BY created_at DESC, id DESC"
        ),
        args![user_id],
        info_row,
    )
}

/// One of an account's tokens.
pub fn get(conn: &Conn<'_>, user_id: &str, id: &str) -> Result<Option<TokenInfo>, Error> {
    conn.query_opt(
        &format!("SELECT {INFO} FROM access_tokens WHERE user_id = ?1 AND id = ?2"),
        args![user_id, id],
        info_row,
    )
}

/// The token with this hash.
pub fn by_hash(conn: &Conn<'_>, token_hash: &str) -> Result<Option<Found>, Error> {
    conn.query_opt(
        "SELECT id, user_id, token_hash, expires_at, revoked_at, last_used_at
           FROM access_tokens WHERE token_hash = ?1",
        args![token_hash],
        |r| {
            Ok(Found {
                id: r.get(0)?,
                user_id: r.get(1)?,
                token_hash: r.get(2)?,
                expires_at: r.get(3)?,
                revoked_at: r.get(4)?,
                last_used_at: r.get(5)?,
            })
        },
    )
}

/// Notes that the token was used at `now`.
pub fn touch(conn: &Conn<'_>, id: &str, now: &str) -> Result<(), Error> {
    conn.execute(
        "UPDATE access_tokens SET last_used_at = ?2 WHERE id = ?1",
        args![id, now],
    )?;
    Ok(())
}

/// Revokes one of an account's tokens (a revoked one keeps its first date); whether it was
/// live.
pub fn revoke(conn: &Conn<'_>, user_id: &str, id: &str, now: &str) -> Result<bool, Error> {
    Ok(conn.execute(
        "UPDATE access_tokens SET revoked_at = ?3
          WHERE user_id = ?1 AND id = ?2 AND revoked_at IS NULL",
        args![user_id, id, now],
    )? == 1)
}

/// Revokes every live token of an account; how many.
pub fn revoke_all(conn: &Conn<'_>, user_id: &str, now: &str) -> Result<usize, Error> {
    conn.execute(
        "UPDATE access_tokens SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at IS NULL",
        args![user_id, now],
    )
}
