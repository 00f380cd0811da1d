//! The account history (append-only: triggers refuse updates and deletes).

use crate::domain::{AccountAction, AccountEvent, Actor};
use crate::error::Error;
use crate::store::db::{args, CellError, Conn};

/// Appends an entry.
pub fn append(
    conn: &Conn<'_>,
    actor: &Actor,
    user_id: &str,
    action: AccountAction,
    detail: Option<&serde_json::Value>,
    now: &str,
) -> Result<(), Error> {
    let detail = detail.map(serde_json::Value::to_string);
    conn.execute(
        "INSERT INTO account_events (id, at, actor, actor_id, user_id, action, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        args![
            super::new_id(),
            now,
            actor.name,
            actor.user_id,
            user_id,
            action.as_str(),
            detail
        ],
    )?;
    Ok(())
}

/// The newest entries first, of one account or of all; at most `limit`.
pub fn list(
    conn: &Conn<'_>,
    user_id: Option<&str>,
    limit: u32,
) -> Result<Vec<AccountEvent>, Error> {
    const COLUMNS: &str = "SELECT id, at, actor, actor_id, user_id, action, detail
                             FROM account_events";
    let limit = i64::from(limit);
    let rows = |r: &crate::store::db::Row<'_>| {
        let action: String = r.get(5)?;
        Ok(AccountEvent {
            id: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            actor_id: r.get(3)?,
            user_id: r.get(4)?,
            action: action.parse().map_err(|e: Error| {
                Error::Cell(CellError {
                    column: 5,
                    message: e.to_string(),
                })
            })?,
            detail: r
                .get::<Option<String>>(6)?
                .and_then(|d| serde_json::from_str(&d).ok()),
        })
    };
    match user_id {
        Some(id) => conn.query_map(
            &format!("{COLUMNS} WHERE user_id = ?1 ORDER BY at DESC, id DESC LIMIT ?2"),
            args![id, limit],
            rows,
        ),
        None => conn.query_map(
            &format!("{COLUMNS} ORDER BY at DESC, id DESC LIMIT ?1"),
            args![limit],
            rows,
        ),
    }
}
