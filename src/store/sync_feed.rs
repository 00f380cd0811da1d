//! The changes feed a team server gives its offline copies (`sync_rows`, kept by the triggers
//! of migrations/0014_sync.sql and postgres/0004_sync.sql), and its record of the changes
//! copies sent (`sync_applied`).

use serde_json::Map;

use super::export::to_json;
use crate::domain::sync::FeedRow;
use crate::error::Error;
use crate::store::db::{arg_refs, args, Conn, Engine, Value, ValueRef};

/// A copied table: its name, its key columns with their PostgreSQL types, and the columns a
/// copy receives (None: all of them).
pub struct FeedTable {
    pub name: &'static str,
    pub key: &'static [(&'static str, &'static str)],
    pub columns: Option<&'static [&'static str]>,
}

const fn table(name: &'static str, key: &'static [(&'static str, &'static str)]) -> FeedTable {
    FeedTable {
        name,
        key,
        columns: None,
    }
}

/// What an offline copy holds, parents before children. Accounts are copied without their
/// password hash or single sign-on identity: a copy needs names and roles, never secrets.
pub const FEED_TABLES: &[FeedTable] = &[
    table("organisations", &[("id", "uuid")]),
    table("frameworks", &[("id", "uuid")]),
    table(
        "framework_levels",
        &[("framework_id", "uuid"), ("depth", "integer")],
    ),
    table(
        "framework_types",
        &[("framework_id", "uuid"), ("name", "text")],
    ),
    table("categories", &[("id", "uuid")]),
    table("commitments", &[("id", "uuid")]),
    table(
        "commitment_categories",
        &[("commitment_id", "uuid"), ("category_id", "uuid")],
    ),
    FeedTable {
        name: "users",
        key: &[("id", "uuid")],
        columns: Some(&[
            "id",
            "email",
            "name",
            "role",
            "disabled",
            "created_at",
            "updated_at",
        ]),
    },
    table(
        "assignments",
        &[("commitment_id", "uuid"), ("user_id", "uuid")],
    ),
    table("reporting_cycles", &[("year", "integer")]),
    table("reports", &[("id", "uuid")]),
    table("report_revisions", &[("id", "uuid")]),
    table("review_events", &[("id", "uuid")]),
    table("audit_log", &[("id", "uuid")]),
];

/// The copied table called `name`, if it is one.
pub fn feed_table(name: &str) -> Option<&'static FeedTable> {
    FEED_TABLES.iter().find(|t| t.name == name)
}

/// The feed's rows after position `since`, at most `limit`, parents first within the page;
/// with the position to ask from next and whether more follow.
pub fn page(conn: &Conn<'_>, since: i64, limit: u32) -> Result<(Vec<FeedRow>, i64, bool), Error> {
    let upper: Option<i64> = conn.query_one(
        "SELECT max(seq) FROM (SELECT seq FROM sync_rows WHERE seq > ?1 ORDER BY seq LIMIT ?2) AS p",
        args![since, i64::from(limit)],
        |r| r.get(0),
    )?;
    let Some(upper) = upper else {
        return Ok((Vec::new(), since, false));
    };
    let mut rows = Vec::new();
    for t in FEED_TABLES {
        rows.extend(table_rows(conn, t, since, upper)?);
    }
    let more = conn.exists("SELECT 1 FROM sync_rows WHERE seq > ?1", args![upper])?;
    Ok((rows, upper, more))
}

/// The columns of `t` a copy receives.
fn feed_columns(conn: &Conn<'_>, t: &FeedTable) -> Result<Vec<String>, Error> {
    Ok(match t.columns {
        Some(cols) => cols.iter().map(|c| (*c).to_owned()).collect(),
        None => super::export::columns(conn, t.name)?,
    })
}

/// One table's feed rows in (since, upper].
fn table_rows(
    conn: &Conn<'_>,
    t: &FeedTable,
    since: i64,
    upper: i64,
) -> Result<Vec<FeedRow>, Error> {
    let cols = feed_columns(conn, t)?;
    let select = cols
        .iter()
        .map(|c| format!("t.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    // The key is compared in the table's own type, so the table's key index serves the join.
    let join = t
        .key
        .iter()
        .zip(["s.k1", "s.k2"])
        .map(|((col, pg_type), k)| match conn.engine() {
            Engine::Sqlite => format!("t.{col} = {k}"),
            Engine::Postgres => format!("t.{col} = CAST({k} AS {pg_type})"),
        })
        .collect::<Vec<_>>()
        .join(" AND ");
    let sql = format!(
        "SELECT s.seq, s.deleted, s.k1, s.k2, {select}
           FROM sync_rows s LEFT JOIN {} t ON {join}
          WHERE s.tbl = ?1 AND s.seq > ?2 AND s.seq <= ?3
          ORDER BY s.seq",
        t.name
    );
    let keys = t.key.len();
    conn.query_map(&sql, args![t.name, since, upper], |r| {
        let deleted: bool = r.get(1)?;
        let mut key = vec![r.get::<String>(2)?];
        if keys > 1 {
            key.push(r.get(3)?);
        }
        // A row the join did not find was deleted in the same instant.
        let present = !matches!(r.value(4)?, ValueRef::Null);
        let row = if deleted || !present {
            None
        } else {
            let mut m = Map::new();
            for (i, c) in cols.iter().enumerate() {
                m.insert(c.clone(), to_json(r.value(4 + i)?));
            }
            Some(m)
        };
        Ok(FeedRow {
            seq: r.get(0)?,
            table: t.name.to_owned(),
            key,
            row,
        })
    })
}

/// The feed position of the latest change (0: none).
pub fn head(conn: &Conn<'_>) -> Result<i64, Error> {
    conn.query_one(
        "SELECT coalesce(max(seq), 0) FROM sync_rows",
        args![],
        |r| r.get(0),
    )
}

/// A change already answered: its outcome as JSON.
pub fn applied(conn: &Conn<'_>, change_id: &str) -> Result<Option<String>, Error> {
    conn.query_opt(
        "SELECT CAST(outcome AS TEXT) FROM sync_applied WHERE change_id = ?1",
        args![change_id],
        |r| r.get(0),
    )
}

/// The newest version one of `change_ids` made of `report_id` (None: none was applied).
pub fn version_made_by(
    conn: &Conn<'_>,
    report_id: &str,
    change_ids: &[String],
) -> Result<Option<i32>, Error> {
    if change_ids.is_empty() {
        return Ok(None);
    }
    let marks = vec!["?"; change_ids.len()].join(", ");
    let mut values = vec![Value::Text(report_id.to_owned())];
    values.extend(change_ids.iter().map(|c| Value::Text(c.clone())));
    conn.query_one(
        &format!(
            "SELECT max(version) FROM sync_applied
              WHERE report_id = ? AND version IS NOT NULL AND change_id IN ({marks})"
        ),
        &arg_refs(&values),
        |r| r.get(0),
    )
}

/// Records the answer given to a change (in the transaction that applied it).
pub fn record(
    conn: &Conn<'_>,
    change_id: &str,
    user_id: &str,
    report_id: &str,
    version: Option<i32>,
    outcome: &str,
    now: &str,
) -> Result<(), Error> {
    conn.execute(
        "INSERT INTO sync_applied (change_id, user_id, report_id, version, outcome, applied_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        args![change_id, user_id, report_id, version, outcome, now],
    )?;
    Ok(())
}

/// After a whole database was copied in (`ct migrate`), the next feed position follows the
/// copied ones (PostgreSQL's sequence; SQLite counts from the table itself).
pub fn continue_after_copy(conn: &Conn<'_>) -> Result<(), Error> {
    if conn.engine() == Engine::Postgres {
        conn.execute(
            "SELECT setval('sync_seq', greatest((SELECT coalesce(max(seq), 0) FROM sync_rows), 1))",
            args![],
        )?;
    }
    Ok(())
}
