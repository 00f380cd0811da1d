//! An offline copy of a team server, on the copy's side: the link (`sync_link`), the edits made
//! here and not yet acknowledged (`sync_pending`), and applying the server's feed to the copied
//! tables.

use std::collections::HashMap;

use serde_json::{Map, Value as Json};

use super::export::to_sql;
use crate::domain::sync::{FeedRow, PendingState};
use crate::domain::{ReportContent, Role};
use crate::error::Error;
use crate::store::db::{arg_refs, args, Conn, Value};
use crate::store::sync_feed::{feed_table, FeedTable};

/// The link of this database to a team server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub server: String,
    pub token: String,
    pub user_id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub pulled_seq: i64,
    pub last_synced_at: Option<String>,
    pub last_attempt_at: Option<String>,
    pub last_error: Option<String>,
    pub last_error_kind: Option<String>,
}

fn role_of(s: &str) -> Role {
    match s {
        "Admin" => Role::Admin,
        "Coordinator" => Role::Coordinator,
        "FocalPoint" => Role::FocalPoint,
        _ => Role::Viewer,
    }
}

/// The link, if this database is a copy.
pub fn link(conn: &Conn<'_>) -> Result<Option<Link>, Error> {
    conn.query_opt(
        "SELECT server, token, user_id, email, name, role, pulled_seq, last_synced_at,
                last_attempt_at, last_error, last_error_kind
           FROM sync_link WHERE id = 1",
        args![],
        |r| {
            Ok(Link {
                server: r.get(0)?,
                token: r.get(1)?,
                user_id: r.get(2)?,
                email: r.get(3)?,
                name: r.get(4)?,
                role: role_of(r.str(5)?),
                pulled_seq: r.get(6)?,
                last_synced_at: r.get(7)?,
                last_attempt_at: r.get(8)?,
                last_error: r.get(9)?,
                last_error_kind: r.get(10)?,
            })
        },
    )
}

/// Whether this database is a copy of a team server's.
pub fn is_linked(conn: &Conn<'_>) -> Result<bool, Error> {
    conn.exists("SELECT 1 FROM sync_link WHERE id = 1", args![])
}

/// Makes this database a copy of `link.server`'s (replacing any link).
pub fn set_link(conn: &Conn<'_>, link: &Link, now: &str) -> Result<(), Error> {
    conn.execute("DELETE FROM sync_link", args![])?;
    conn.execute(
        "INSERT INTO sync_link (id, server, token, user_id, email, name, role, pulled_seq,
                                linked_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        args![
            link.server,
            link.token,
            link.user_id,
            link.email,
            link.name,
            format!("{:?}", link.role),
            link.pulled_seq,
            now
        ],
    )?;
    Ok(())
}

/// Records a sync's end: `error` (kind, message) None when it succeeded (then `now` is the
/// last sync).
pub fn record_attempt(
    conn: &Conn<'_>,
    now: &str,
    error: Option<(&str, &str)>,
) -> Result<(), Error> {
    match error {
        None => conn.execute(
            "UPDATE sync_link SET last_attempt_at = ?1, last_synced_at = ?1, last_error = NULL,
                    last_error_kind = NULL
              WHERE id = 1",
            args![now],
        )?,
        Some((kind, message)) => conn.execute(
            "UPDATE sync_link SET last_attempt_at = ?1, last_error = ?2, last_error_kind = ?3
              WHERE id = 1",
            args![now, message, kind],
        )?,
    };
    Ok(())
}

/// Forgets the link (the copy stays, read-only history of what it held).
pub fn remove_link(conn: &Conn<'_>) -> Result<(), Error> {
    conn.execute("DELETE FROM sync_link", args![])?;
    Ok(())
}

/// Moves the copy's feed position (in the transaction that applied the rows up to it).
pub fn set_pulled(conn: &Conn<'_>, seq: i64) -> Result<(), Error> {
    conn.execute(
        "UPDATE sync_link SET pulled_seq = max(pulled_seq, ?1) WHERE id = 1",
        args![seq],
    )?;
    Ok(())
}

/// An edit made here, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub number: i64,
    pub change_id: String,
    pub sent_ids: Vec<String>,
    pub report_id: String,
    pub commitment: String,
    pub year: i32,
    pub base_version: Option<i32>,
    pub content: ReportContent,
    pub state: PendingState,
    pub server_row: Option<Map<String, Json>>,
    pub message: Option<String>,
    pub made_at: String,
    pub updated_at: String,
}

const PENDING_COLUMNS: &str = "id, change_id, sent_ids, report_id, commitment_id, year,
    base_version, content, state, server_row, message, made_at, updated_at";

fn pending_row(r: &crate::store::db::Row<'_>) -> Result<Pending, Error> {
    let bad = |what: &str, e: serde_json::Error| Error::BadRequest {
        message: format!("a pending edit's {what} could not be read: {e}"),
        field: None,
    };
    let server_row: Option<String> = r.get(9)?;
    Ok(Pending {
        number: r.get(0)?,
        change_id: r.get(1)?,
        sent_ids: serde_json::from_str(r.str(2)?).map_err(|e| bad("sent ids", e))?,
        report_id: r.get(3)?,
        commitment: r.get(4)?,
        year: r.get(5)?,
        base_version: r.get(6)?,
        content: serde_json::from_str(r.str(7)?).map_err(|e| bad("content", e))?,
        state: PendingState::parse(r.str(8)?),
        server_row: server_row
            .map(|s| serde_json::from_str(&s))
            .transpose()
            .map_err(|e| bad("server copy", e))?,
        message: r.get(10)?,
        made_at: r.get(11)?,
        updated_at: r.get(12)?,
    })
}

/// Every pending edit, conflicts and refusals first, then by number.
pub fn pending(conn: &Conn<'_>) -> Result<Vec<Pending>, Error> {
    conn.query_map(
        &format!(
            "SELECT {PENDING_COLUMNS} FROM sync_pending
              ORDER BY CASE state WHEN 'Conflict' THEN 0 WHEN 'Refused' THEN 1
                                  WHEN 'Pending' THEN 2 ELSE 3 END, id"
        ),
        args![],
        pending_row,
    )
}

/// Pending edit `number`.
pub fn pending_by_number(conn: &Conn<'_>, number: i64) -> Result<Pending, Error> {
    conn.query_opt(
        &format!("SELECT {PENDING_COLUMNS} FROM sync_pending WHERE id = ?1"),
        args![number],
        pending_row,
    )?
    .ok_or_else(|| Error::NotFound {
        entity: "pending edit",
        id: number.to_string(),
    })
}

/// The pending edit of a report of a commitment for a year, if any.
pub fn pending_for(conn: &Conn<'_>, commitment: &str, year: i32) -> Result<Option<Pending>, Error> {
    conn.query_opt(
        &format!(
            "SELECT {PENDING_COLUMNS} FROM sync_pending WHERE commitment_id = ?1 AND year = ?2"
        ),
        args![commitment, year],
        pending_row,
    )
}

fn json_text<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".to_owned())
}

/// Records an edit made here: a new pending edit, or the report's pending edit with its text
/// replaced and a new change id (the old id, if sent, joins the ids it supersedes).
#[allow(clippy::too_many_arguments)]
pub fn put_pending(
    conn: &Conn<'_>,
    report_id: &str,
    commitment: &str,
    year: i32,
    base_version: Option<i32>,
    content: &ReportContent,
    state: PendingState,
    change_id: &str,
    now: &str,
) -> Result<(), Error> {
    let content = json_text(content);
    match pending_for(conn, commitment, year)? {
        Some(p) => {
            let mut sent = p.sent_ids.clone();
            if !sent.contains(&p.change_id) {
                sent.push(p.change_id.clone());
            }
            // A conflict or refusal edited again stays one: the person still has to choose.
            conn.execute(
                "UPDATE sync_pending SET change_id = ?2, sent_ids = ?3, content = ?4,
                        updated_at = ?5
                  WHERE id = ?1",
                args![p.number, change_id, json_text(&sent), content, now],
            )?;
        }
        None => {
            conn.execute(
                "INSERT INTO sync_pending (change_id, report_id, commitment_id, year, base_version,
                                           content, state, made_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                args![
                    change_id,
                    report_id,
                    commitment,
                    year,
                    base_version,
                    content,
                    state.as_str(),
                    now
                ],
            )?;
        }
    }
    Ok(())
}

/// Forgets pending edit `number` (acknowledged by the server, or dropped by the person).
pub fn remove_pending(conn: &Conn<'_>, number: i64) -> Result<(), Error> {
    conn.execute("DELETE FROM sync_pending WHERE id = ?1", args![number])?;
    Ok(())
}

/// Gives a report's row here the server's version after the server saved this copy's text
/// (the row holds that text already): an edit made before the next pull brings the row is
/// based on the server's version, not on the versions counted here by local saves.
pub fn set_report_version(conn: &Conn<'_>, report_id: &str, version: i32) -> Result<(), Error> {
    conn.execute(
        "UPDATE reports SET version = ?2 WHERE id = ?1",
        args![report_id, version],
    )?;
    Ok(())
}

/// Marks what a pending edit became after an answer, or a choice: its state, base, message,
/// ids sent and not answered, and the report's id (a report new here that the server already
/// had becomes the server's).
#[derive(Debug, Clone)]
pub struct PendingUpdate<'a> {
    pub state: PendingState,
    pub base_version: Option<i32>,
    pub message: Option<&'a str>,
    pub sent_ids: &'a [String],
    pub report_id: &'a str,
    pub change_id: &'a str,
}

/// Applies `u` to pending edit `number`.
pub fn update_pending(conn: &Conn<'_>, number: i64, u: &PendingUpdate<'_>) -> Result<(), Error> {
    conn.execute(
        "UPDATE sync_pending SET state = ?2, base_version = ?3, message = ?4, sent_ids = ?5,
                report_id = ?6, change_id = ?7
          WHERE id = ?1",
        args![
            number,
            u.state.as_str(),
            u.base_version,
            u.message,
            json_text(&u.sent_ids),
            u.report_id,
            u.change_id
        ],
    )?;
    Ok(())
}

/// Marks the change ids about to be sent, before they go (a crash after sending leaves them
/// listed, so the next push says they may have been applied).
pub fn mark_sent(conn: &Conn<'_>, number: i64, sent_ids: &[String]) -> Result<(), Error> {
    conn.execute(
        "UPDATE sync_pending SET sent_ids = ?2 WHERE id = ?1",
        args![number, json_text(&sent_ids)],
    )?;
    Ok(())
}

/// Keeps the server's copy of a report beside its pending edit.
pub fn set_server_row(
    conn: &Conn<'_>,
    number: i64,
    row: Option<&Map<String, Json>>,
) -> Result<(), Error> {
    conn.execute(
        "UPDATE sync_pending SET server_row = ?2 WHERE id = ?1",
        args![number, row.map(json_text)],
    )?;
    Ok(())
}

/// The columns of each copied table here, looked up once per sync.
#[derive(Default)]
pub struct Columns(HashMap<&'static str, Vec<String>>);

impl Columns {
    fn of(&mut self, conn: &Conn<'_>, t: &'static FeedTable) -> Result<&[String], Error> {
        if !self.0.contains_key(t.name) {
            let cols = super::export::columns(conn, t.name)?;
            self.0.insert(t.name, cols);
        }
        Ok(self.0.get(t.name).map(Vec::as_slice).unwrap_or_default())
    }
}

/// Defers foreign-key checks to the end of the transaction: a page may hold a child whose
/// parent changed later (a later position) and comes in a later page of the same pull.
pub fn defer_foreign_keys(conn: &Conn<'_>) -> Result<(), Error> {
    conn.execute_batch("PRAGMA defer_foreign_keys = ON")
}

/// Writes one feed row into its table: inserted or updated as the server has it, or deleted.
/// The table and columns are this database's own (a name from the server never reaches the
/// SQL).
///
/// Errors: `BadRequest` for a table that is not copied.
pub fn apply_row(conn: &Conn<'_>, cols: &mut Columns, row: &FeedRow) -> Result<(), Error> {
    let t = feed_table(&row.table).ok_or_else(|| Error::BadRequest {
        message: format!(
            "the server sent rows of {:?}, which a copy does not hold",
            row.table
        ),
        field: None,
    })?;
    let key_cols: Vec<&str> = t.key.iter().map(|(c, _)| *c).collect();
    let Some(values) = &row.row else {
        if t.name == "audit_log" {
            return Ok(());
        }
        let cond = key_cols
            .iter()
            .map(|c| format!("{c} = ?"))
            .collect::<Vec<_>>()
            .join(" AND ");
        let keys: Vec<Value> = row.key.iter().map(|k| Value::Text(k.clone())).collect();
        conn.execute(
            &format!("DELETE FROM {} WHERE {cond}", t.name),
            &arg_refs(&keys),
        )?;
        return Ok(());
    };
    let cols: Vec<String> = cols
        .of(conn, t)?
        .iter()
        .filter(|c| values.contains_key(c.as_str()))
        .cloned()
        .collect();
    let marks = vec!["?"; cols.len()].join(", ");
    let updates = cols
        .iter()
        .filter(|c| !key_cols.contains(&c.as_str()))
        .map(|c| format!("{c} = excluded.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    // The audit log is append-only (its triggers refuse updates): a row already here stays.
    let on_conflict = if t.name == "audit_log" || updates.is_empty() {
        "DO NOTHING".to_owned()
    } else {
        format!("DO UPDATE SET {updates}")
    };
    let sql = format!(
        "INSERT INTO {} ({}) VALUES ({marks}) ON CONFLICT ({}) {on_conflict}",
        t.name,
        cols.join(", "),
        key_cols.join(", ")
    );
    let args: Vec<Value> = cols
        .iter()
        .map(|c| values.get(c).map(to_sql).unwrap_or(Value::Null))
        .collect();
    conn.execute(&sql, &arg_refs(&args))?;
    Ok(())
}

/// The pending edits' numbers by (commitment, year).
pub fn pending_reports(conn: &Conn<'_>) -> Result<HashMap<(String, i32), i64>, Error> {
    conn.query_map_into(
        "SELECT id, commitment_id, year FROM sync_pending",
        args![],
        |r| Ok(((r.get(1)?, r.get(2)?), r.get(0)?)),
    )
}

/// Replaces a report's row here by the server's copy `row` (taking the server's text): the
/// report's row new here, if it had another id, goes.
pub fn take_server_report(
    conn: &Conn<'_>,
    local_id: &str,
    row: &Map<String, Json>,
) -> Result<(), Error> {
    let server_id = row.get("id").and_then(Json::as_str).unwrap_or_default();
    if server_id != local_id {
        conn.execute(
            "DELETE FROM autosaves WHERE report_id = ?1",
            args![local_id],
        )?;
        conn.execute("DELETE FROM reports WHERE id = ?1", args![local_id])?;
    }
    let mut cols = Columns::default();
    let feed = FeedRow {
        seq: 0,
        table: "reports".to_owned(),
        key: vec![server_id.to_owned()],
        row: Some(row.clone()),
    };
    apply_row(conn, &mut cols, &feed)
}

/// Gives a report new here the server's id for that commitment and year (the person keeps
/// their text over the report someone else wrote meanwhile).
pub fn rekey_report(conn: &Conn<'_>, local_id: &str, server_id: &str) -> Result<(), Error> {
    if local_id != server_id {
        conn.execute(
            "UPDATE reports SET id = ?2 WHERE id = ?1",
            args![local_id, server_id],
        )?;
    }
    Ok(())
}

/// Empties the copied tables before the first pull into a database that was personal (its
/// reports were read out first, to be offered, and the file was backed up). The audit log's
/// append-only guard is lifted for this one transaction: the personal trail stays in the
/// backup taken before linking.
pub fn clear_copied_tables(conn: &Conn<'_>) -> Result<(), Error> {
    conn.execute_batch(
        "DROP TRIGGER IF EXISTS audit_log_no_delete;
         DELETE FROM audit_log;
         CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
         BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
         DELETE FROM autosaves;",
    )?;
    for t in crate::store::sync_feed::FEED_TABLES.iter().rev() {
        if t.name != "audit_log" {
            conn.execute(&format!("DELETE FROM {}", t.name), args![])?;
        }
    }
    conn.execute("DELETE FROM sync_pending", args![])?;
    Ok(())
}

/// Deletes a report made on this copy and never on the server (it has no revision here: only
/// the server writes revisions), when the person takes the server's side.
pub fn delete_local_report(conn: &Conn<'_>, report_id: &str) -> Result<(), Error> {
    conn.execute(
        "DELETE FROM reports WHERE id = ?1
            AND NOT EXISTS (SELECT 1 FROM report_revisions WHERE report_id = ?1)",
        args![report_id],
    )?;
    Ok(())
}

/// Forgets every pending edit (unlinking: their text stays in the reports).
pub fn clear_pending(conn: &Conn<'_>) -> Result<(), Error> {
    conn.execute("DELETE FROM sync_pending", args![])?;
    Ok(())
}
