//! The append-only audit log (triggers in the schema refuse updates and deletes).

use crate::domain::{Actor, AuditAction, AuditEntity, AuditEntry, AuditQuery};
use crate::error::Error;
use crate::store::db::{args, Conn, Value};

/// One change to record.
pub struct NewEntry<'a> {
    pub entity_type: AuditEntity,
    pub entity_id: &'a str,
    pub commitment_id: &'a str,
    pub action: AuditAction,
    pub before: Option<String>,
    pub after: Option<String>,
    /// For an import: the imported file's name.
    pub source: Option<&'a str>,
}

/// Appends an entry.
pub fn append(
    conn: &Conn<'_>,
    id: &str,
    actor: &Actor,
    now: &str,
    e: &NewEntry<'_>,
) -> Result<(), Error> {
    conn.execute("INSERT INTO audit_log (id, at, actor, actor_id, entity_type, entity_id, commitment_id, action, before, after, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", args![
        id,
        now,
        actor.name,
        actor.user_id,
        e.entity_type.as_str(),
        e.entity_id,
        e.commitment_id,
        e.action.as_str(),
        e.before,
        e.after,
        e.source
    ])?;
    Ok(())
}

/// Entries matching the query, newest first.
pub fn list(conn: &Conn<'_>, q: &AuditQuery) -> Result<Vec<AuditEntry>, Error> {
    let mut sql = String::from(
        "SELECT id, at, actor, entity_type, entity_id, commitment_id, action, before, after, source,
                actor_id
           FROM audit_log WHERE 1 = 1",
    );
    let mut args: Vec<Value> = Vec::new();
    if let Some(c) = &q.commitment {
        sql.push_str(" AND commitment_id = ?");
        args.push(Value::Text(c.clone()));
    }
    if let Some(e) = &q.entity {
        sql.push_str(" AND entity_id = ?");
        args.push(Value::Text(e.clone()));
    }
    sql.push_str(" ORDER BY at DESC, id DESC LIMIT ?");
    args.push(Value::Integer(i64::from(
        q.limit.unwrap_or(200).min(10_000),
    )));
    conn.query_map(&sql, &crate::store::db::arg_refs(&args), |r| {
        let json = |i: usize| -> Result<Option<serde_json::Value>, Error> {
            Ok(r.get::<Option<String>>(i)?
                .and_then(|s| serde_json::from_str(&s).ok()))
        };
        Ok(AuditEntry {
            id: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            entity_type: r.get::<String>(3)?.parse()?,
            entity_id: r.get(4)?,
            commitment: r.get(5)?,
            action: r.get::<String>(6)?.parse()?,
            before: json(7)?,
            after: json(8)?,
            source: r.get(9)?,
            actor_id: r.get(10)?,
        })
    })
}
