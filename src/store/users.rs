//! Accounts of a team server. Password hashes are read only by [`password_hash`], for the
//! sign-in check; every other read returns a [`User`], which has no field for them.

use crate::domain::{Role, User};
use crate::error::Error;
use crate::store::db::{args, Conn, Row};

const COLUMNS: &str = "id, email, name, role, disabled, password_hash IS NOT NULL,
    oidc_subject IS NOT NULL, created_at";

fn user_row(r: &Row<'_>) -> Result<User, Error> {
    let role: String = r.get(3)?;
    Ok(User {
        id: r.get(0)?,
        email: r.get(1)?,
        name: r.get(2)?,
        role: role.parse().map_err(|e: Error| {
            Error::Cell(crate::store::db::CellError {
                column: 3,
                message: e.to_string(),
            })
        })?,
        disabled: r.get(4)?,
        has_password: r.get(5)?,
        single_sign_on: r.get(6)?,
        created_at: r.get(7)?,
    })
}

/// A new account's row.
pub struct NewRow<'a> {
    pub id: &'a str,
    pub email: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub password_hash: Option<&'a str>,
    pub oidc: Option<(&'a str, &'a str)>,
    pub now: &'a str,
}

/// Adds an account.
pub fn insert(conn: &Conn<'_>, u: &NewRow<'_>) -> Result<(), Error> {
    let (issuer, subject) = u.oidc.unzip();
    conn.execute(
        "INSERT INTO users (id, email, name, role, password_hash, disabled, oidc_issuer,
                            oidc_subject, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?7, ?8, ?8)",
        args![
            u.id,
            u.email,
            u.name,
            u.role.as_str(),
            u.password_hash,
            issuer,
            subject,
            u.now
        ],
    )?;
    Ok(())
}

/// Every account, by name.
pub fn list(conn: &Conn<'_>) -> Result<Vec<User>, Error> {
    conn.query_map(
        &format!("SELECT {COLUMNS} FROM users ORDER BY name COLLATE NOCASE, email"),
        args![],
        user_row,
    )
}

/// How many accounts there are.
pub fn count(conn: &Conn<'_>) -> Result<i64, Error> {
    conn.query_one("SELECT COUNT(*) FROM users", args![], |r| r.get(0))
}

/// One account by id.
pub fn get(conn: &Conn<'_>, id: &str) -> Result<Option<User>, Error> {
    conn.query_opt(
        &format!("SELECT {COLUMNS} FROM users WHERE id = ?1"),
        args![id],
        user_row,
    )
}

/// One account by e-mail (without case).
pub fn by_email(conn: &Conn<'_>, email: &str) -> Result<Option<User>, Error> {
    conn.query_opt(
        &format!("SELECT {COLUMNS} FROM users WHERE email = ?1 COLLATE NOCASE"),
        args![email],
        user_row,
    )
}

/// The account linked to an OpenID Connect identity.
pub fn by_oidc(conn: &Conn<'_>, issuer: &str, subject: &str) -> Result<Option<User>, Error> {
    conn.query_opt(
        &format!("SELECT {COLUMNS} FROM users WHERE oidc_issuer = ?1 AND oidc_subject = ?2"),
        args![issuer, subject],
        user_row,
    )
}

/// The account's password hash (PHC string), for the sign-in check only.
pub fn password_hash(conn: &Conn<'_>, id: &str) -> Result<Option<String>, Error> {
    Ok(conn
        .query_opt(
            "SELECT password_hash FROM users WHERE id = ?1",
            args![id],
            |r| r.get::<Option<String>>(0),
        )?
        .flatten())
}

/// Sets the password hash.
pub fn set_password_hash(conn: &Conn<'_>, id: &str, hash: &str, now: &str) -> Result<bool, Error> {
    Ok(conn.execute(
        "UPDATE users SET password_hash = ?2, updated_at = ?3 WHERE id = ?1",
        args![id, hash, now],
    )? == 1)
}

/// Sets the role.
pub fn set_role(conn: &Conn<'_>, id: &str, role: Role, now: &str) -> Result<bool, Error> {
    Ok(conn.execute(
        "UPDATE users SET role = ?2, updated_at = ?3 WHERE id = ?1",
        args![id, role.as_str(), now],
    )? == 1)
}

/// Disables or enables the account.
pub fn set_disabled(conn: &Conn<'_>, id: &str, disabled: bool, now: &str) -> Result<bool, Error> {
    Ok(conn.execute(
        "UPDATE users SET disabled = ?2, updated_at = ?3 WHERE id = ?1",
        args![id, i64::from(disabled), now],
    )? == 1)
}

/// Links the account to an OpenID Connect identity.
pub fn link_oidc(
    conn: &Conn<'_>,
    id: &str,
    issuer: &str,
    subject: &str,
    now: &str,
) -> Result<bool, Error> {
    Ok(conn.execute(
        "UPDATE users SET oidc_issuer = ?2, oidc_subject = ?3, updated_at = ?4 WHERE id = ?1",
        args![id, issuer, subject, now],
    )? == 1)
}

/// How many enabled admins there are (the last one may not be demoted or disabled).
pub fn enabled_admins(conn: &Conn<'_>) -> Result<i64, Error> {
    conn.query_one(
        "SELECT COUNT(*) FROM users WHERE role = 'Admin' AND disabled = 0",
        args![],
        |r| r.get(0),
    )
}
