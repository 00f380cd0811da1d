//! Focal points assigned to commitments (many to many).

use crate::domain::User;
use crate::error::Error;
use crate::store::db::{args, Conn};

/// Assigns the account to the commitment; false when it already was.
pub fn add(conn: &Conn<'_>, commitment: &str, user: &str, now: &str) -> Result<bool, Error> {
    Ok(conn.execute(
        "INSERT INTO assignments (commitment_id, user_id, assigned_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (commitment_id, user_id) DO NOTHING",
        args![commitment, user, now],
    )? == 1)
}

/// Removes the assignment; false when there was none.
pub fn remove(conn: &Conn<'_>, commitment: &str, user: &str) -> Result<bool, Error> {
    Ok(conn.execute(
        "DELETE FROM assignments WHERE commitment_id = ?1 AND user_id = ?2",
        args![commitment, user],
    )? == 1)
}

/// Whether the account is assigned to the commitment.
pub fn is_assigned(conn: &Conn<'_>, commitment: &str, user: &str) -> Result<bool, Error> {
    conn.exists(
        "SELECT 1 FROM assignments WHERE commitment_id = ?1 AND user_id = ?2",
        args![commitment, user],
    )
}

/// The commitments (UUIDs) assigned to the account.
pub fn commitments_of(conn: &Conn<'_>, user: &str) -> Result<Vec<String>, Error> {
    conn.query_map(
        "SELECT commitment_id FROM assignments WHERE user_id = ?1 ORDER BY commitment_id",
        args![user],
        |r| r.get(0),
    )
}

/// The accounts assigned to the commitment, by name.
pub fn users_of(conn: &Conn<'_>, commitment: &str) -> Result<Vec<User>, Error> {
    let ids: Vec<String> = conn.query_map(
        "SELECT a.user_id FROM assignments a JOIN users u ON u.id = a.user_id
          WHERE a.commitment_id = ?1 ORDER BY u.name COLLATE NOCASE, u.email",
        args![commitment],
        |r| r.get(0),
    )?;
    let mut users = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(u) = super::users::get(conn, &id)? {
            users.push(u);
        }
    }
    Ok(users)
}
