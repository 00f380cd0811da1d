//! Reading reports for exports, and whole tables for bundles.

use rusqlite::types::{Value, ValueRef};
use rusqlite::{params_from_iter, Connection};
use serde_json::{Map, Value as Json};

use super::row_text;
use crate::domain::{CommitmentFilter, EvidenceLink};
use crate::error::Error;

/// A commitment's metadata, as exports write it beside each of its reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportCommitment {
    pub commitment_id: String,
    pub organisation: String,
    /// The framework's code.
    pub framework: String,
    pub kind: String,
    pub description: String,
    /// (category code, inferred), level by level in the framework's order: ("3", false),
    /// ("3A", true).
    pub categories: Vec<(String, bool)>,
}

/// One report, as exports write it: its text borrowed from the database row (an export of
/// 50,000 reports would otherwise copy ~150 MB of narratives and descriptions once more).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRow<'a> {
    pub commitment: &'a ExportCommitment,
    pub year: i32,
    pub status: &'a str,
    pub progress: Option<u8>,
    pub review_state: &'a str,
    pub achievements: &'a str,
    pub challenges: &'a str,
    pub next_steps: &'a str,
    pub evidence: Vec<EvidenceLink>,
    pub tags: Vec<String>,
    pub author: &'a str,
    pub created_at: &'a str,
    pub updated_at: &'a str,
    pub updated_by: &'a str,
}

/// How many reports the scope holds.
pub fn count_reports(
    conn: &Connection,
    filter: &CommitmentFilter,
    from: i32,
    to: i32,
) -> Result<u64, Error> {
    let (clause, mut args) = super::commitments::filter_clause(filter);
    // The commitments first, then their reports through the (commitment, year) index: joining
    // each report to its commitment looked every one of them up (93 → 20 ms for 50,000).
    let sql = format!(
        "SELECT count(*) FROM reports r
          WHERE r.year BETWEEN ? AND ?
            AND r.commitment_id IN (SELECT c.id FROM commitments c
                                      JOIN organisations o ON o.id = c.organisation_id
                                     WHERE 1{clause})"
    );
    let mut all = vec![Value::Integer(from.into()), Value::Integer(to.into())];
    all.append(&mut args);
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params_from_iter(all), |r| r.get::<_, i64>(0))? as u64)
}

/// Calls `f` for every report of the scope, by organisation, Commitment ID and year, streaming
/// (nothing is collected). `f` may stop the walk by returning an error.
///
/// The commitments are sorted (small rows), then each one's reports are read through the
/// (commitment, year) index: sorting the reports themselves would move every narrative through
/// a temporary sort.
pub fn for_each_report(
    conn: &Connection,
    filter: &CommitmentFilter,
    from: i32,
    to: i32,
    mut f: impl FnMut(&ExportRow<'_>) -> Result<(), Error>,
) -> Result<(), Error> {
    let (clause, args) = super::commitments::filter_clause(filter);
    let sql = format!(
        "SELECT c.id, c.public_id, o.code, c.kind, c.description,
                (SELECT code FROM frameworks WHERE id = c.framework_id),
                (SELECT group_concat(l, ',') FROM (SELECT cat.code || ':' || cc.inferred AS l
                   FROM commitment_categories cc JOIN categories cat ON cat.id = cc.category_id
                  WHERE cc.commitment_id = c.id ORDER BY cat.depth, cat.position))
           FROM commitments c JOIN organisations o ON o.id = c.organisation_id
          WHERE EXISTS (SELECT 1 FROM reports r WHERE r.commitment_id = c.id AND r.year BETWEEN ? AND ?){clause}
          ORDER BY o.code, length(c.public_id), c.public_id"
    );
    let mut all = vec![Value::Integer(from.into()), Value::Integer(to.into())];
    all.extend(args);
    let mut outer = conn.prepare_cached(&sql)?;
    let mut inner = conn.prepare_cached(
        "SELECT r.year, r.status, r.progress, r.review_state, r.achievements, r.challenges,
                r.next_steps, r.evidence, r.tags, r.author, r.created_at, r.updated_at, r.updated_by
           FROM reports r WHERE r.commitment_id = ?1 AND r.year BETWEEN ?2 AND ?3 ORDER BY r.year",
    )?;
    let mut commitments = outer.query(params_from_iter(all))?;
    while let Some(c) = commitments.next()? {
        let id: String = c.get(0)?;
        let links: Option<String> = c.get(6)?;
        let categories: Vec<(String, bool)> = links
            .unwrap_or_default()
            .split(',')
            .filter_map(|p| p.rsplit_once(':'))
            .map(|(code, i)| (code.to_owned(), i == "1"))
            .collect();
        let commitment = ExportCommitment {
            commitment_id: c.get(1)?,
            organisation: c.get(2)?,
            framework: c.get(5)?,
            kind: c.get(3)?,
            description: c.get(4)?,
            categories,
        };
        let mut rows = inner.query(rusqlite::params![id, from, to])?;
        while let Some(r) = rows.next()? {
            f(&ExportRow {
                commitment: &commitment,
                year: r.get(0)?,
                status: row_text(r, 1)?,
                progress: r.get(2)?,
                review_state: row_text(r, 3)?,
                achievements: row_text(r, 4)?,
                challenges: row_text(r, 5)?,
                next_steps: row_text(r, 6)?,
                evidence: serde_json::from_str(row_text(r, 7)?).unwrap_or_default(),
                tags: serde_json::from_str(row_text(r, 8)?).unwrap_or_default(),
                author: row_text(r, 9)?,
                created_at: row_text(r, 10)?,
                updated_at: row_text(r, 11)?,
                updated_by: row_text(r, 12)?,
            })?;
        }
    }
    Ok(())
}

/// The tables a bundle holds, in an order that satisfies foreign keys, with their sort key.
pub const BUNDLE_TABLES: &[(&str, &str)] = &[
    ("organisations", "id"),
    ("frameworks", "id"),
    ("framework_levels", "framework_id, depth"),
    ("framework_types", "framework_id, position"),
    ("categories", "framework_id, depth, position, id"),
    ("commitments", "id"),
    ("commitment_categories", "commitment_id, category_id"),
    ("reports", "id"),
    ("report_revisions", "report_id, revision"),
    ("review_events", "report_id, created_at, id"),
    ("reporting_cycles", "year"),
    ("audit_log", "at, id"),
];

/// The columns of one of our tables (to check a bundle's keys against).
pub fn columns(conn: &Connection, table: &str) -> Result<Vec<String>, Error> {
    let mut stmt = conn.prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?;
    let cols = stmt
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(cols)
}

fn to_json(v: ValueRef<'_>) -> Json {
    match v {
        ValueRef::Null => Json::Null,
        ValueRef::Integer(i) => Json::from(i),
        ValueRef::Real(f) => Json::from(f),
        ValueRef::Text(t) => Json::from(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Json::from(b.to_vec()),
    }
}

/// Every row of a bundle table, in a stable order, as JSON objects keyed by column.
pub fn dump_table(
    conn: &Connection,
    table: &str,
    order: &str,
) -> Result<Vec<Map<String, Json>>, Error> {
    let cols = columns(conn, table)?;
    let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY {order}"))?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let mut m = Map::new();
        for (i, c) in cols.iter().enumerate() {
            m.insert(c.clone(), to_json(r.get_ref(i)?));
        }
        out.push(m);
    }
    Ok(out)
}

fn to_sql(v: &Json) -> Value {
    match v {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Integer(i64::from(*b)),
        Json::Number(n) => n
            .as_i64()
            .map(Value::Integer)
            .unwrap_or_else(|| Value::Real(n.as_f64().unwrap_or(0.0))),
        Json::String(s) => Value::Text(s.clone()),
        other => Value::Text(other.to_string()),
    }
}

/// Inserts one row into a bundle table. `cols` must be the table's own columns (see
/// [`columns`]), so no name from a file reaches the SQL.
pub fn insert_row(
    conn: &Connection,
    table: &str,
    cols: &[String],
    row: &Map<String, Json>,
) -> Result<(), Error> {
    let marks = vec!["?"; cols.len()].join(", ");
    let sql = format!("INSERT INTO {table} ({}) VALUES ({marks})", cols.join(", "));
    let values: Vec<Value> = cols
        .iter()
        .map(|c| row.get(c).map(to_sql).unwrap_or(Value::Null))
        .collect();
    conn.prepare_cached(&sql)?
        .execute(params_from_iter(values))?;
    Ok(())
}

/// Whether the database holds any organisation (a bundle restores only into an empty one).
pub fn is_empty(conn: &Connection) -> Result<bool, Error> {
    Ok(
        conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM organisations)", [], |r| {
            r.get(0)
        })?,
    )
}

/// The UUIDs of a report's revisions and review events (its history, to compare copies).
pub fn history_ids(
    conn: &Connection,
    report_id: &str,
) -> Result<std::collections::BTreeSet<String>, Error> {
    let mut ids = std::collections::BTreeSet::new();
    for sql in [
        "SELECT id FROM report_revisions WHERE report_id = ?1",
        "SELECT id FROM review_events WHERE report_id = ?1",
    ] {
        let mut stmt = conn.prepare_cached(sql)?;
        for id in stmt.query_map([report_id], |r| r.get::<_, String>(0))? {
            ids.insert(id?);
        }
    }
    Ok(ids)
}

/// Overwrites a report row with a bundle's newer copy of it (same UUID).
pub fn replace_report(conn: &Connection, row: &Map<String, Json>) -> Result<(), Error> {
    let cols: Vec<String> = columns(conn, "reports")?
        .into_iter()
        .filter(|c| c != "id")
        .collect();
    let sets = cols
        .iter()
        .map(|c| format!("{c} = ?"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut values: Vec<Value> = cols
        .iter()
        .map(|c| row.get(c).map(to_sql).unwrap_or(Value::Null))
        .collect();
    values.push(row.get("id").map(to_sql).unwrap_or(Value::Null));
    conn.prepare_cached(&format!("UPDATE reports SET {sets} WHERE id = ?"))?
        .execute(params_from_iter(values))?;
    Ok(())
}
