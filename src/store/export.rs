//! Reading reports for exports, and whole tables for bundles.

use crate::store::db::{args, Conn, Engine, Value, ValueRef};
use serde_json::{Map, Value as Json};

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
    conn: &Conn<'_>,
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
                                     WHERE TRUE{clause})"
    );
    let mut all = vec![Value::Integer(from.into()), Value::Integer(to.into())];
    all.append(&mut args);
    conn.query_one(&sql, &crate::store::db::arg_refs(&all), |r| r.get::<u64>(0))
}

/// Calls `f` for every report of the scope, by organisation, Commitment ID and year, streaming
/// (nothing is collected). `f` may stop the walk by returning an error.
///
/// The commitments are sorted (small rows), then each one's reports are read through the
/// (commitment, year) index: sorting the reports themselves would move every narrative through
/// a temporary sort.
pub fn for_each_report(
    conn: &Conn<'_>,
    filter: &CommitmentFilter,
    from: i32,
    to: i32,
    mut f: impl FnMut(&ExportRow<'_>) -> Result<(), Error>,
) -> Result<(), Error> {
    let (clause, args) = super::commitments::filter_clause(filter);
    if conn.engine() == Engine::Postgres {
        return for_each_report_pg(conn, &clause, args, from, to, f);
    }
    let sql = format!(
        "SELECT c.id, c.public_id, o.code, c.kind, c.description,
                (SELECT code FROM frameworks WHERE id = c.framework_id),
                (SELECT string_agg(l, ',' ORDER BY d, p) FROM (SELECT cat.code || ':' || cc.inferred AS l,
                    cat.depth AS d, cat.position AS p
                   FROM commitment_categories cc JOIN categories cat ON cat.id = cc.category_id
                  WHERE cc.commitment_id = c.id) AS links)
           FROM commitments c JOIN organisations o ON o.id = c.organisation_id
          WHERE EXISTS (SELECT 1 FROM reports r WHERE r.commitment_id = c.id AND r.year BETWEEN ? AND ?){clause}
          ORDER BY o.code, length(c.public_id), c.public_id"
    );
    let mut all = vec![Value::Integer(from.into()), Value::Integer(to.into())];
    all.extend(args);
    conn.for_each(&sql, &crate::store::db::arg_refs(&all), |c| {
        let id: String = c.get(0)?;
        let links: Option<String> = c.get(6)?;
        let categories = categories(links);
        let commitment = ExportCommitment {
            commitment_id: c.get(1)?,
            organisation: c.get(2)?,
            framework: c.get(5)?,
            kind: c.get(3)?,
            description: c.get(4)?,
            categories,
        };
        conn.for_each(
            "SELECT r.year, r.status, r.progress, r.review_state, r.achievements, r.challenges,
                    r.next_steps, r.evidence, r.tags, r.author, r.created_at, r.updated_at, r.updated_by
               FROM reports r WHERE r.commitment_id = ?1 AND r.year BETWEEN ?2 AND ?3 ORDER BY r.year",
            args![id, from, to],
            |r| {
                f(&ExportRow {
                    commitment: &commitment,
                    year: r.get(0)?,
                    status: r.str(1)?,
                    progress: r.get(2)?,
                    review_state: r.str(3)?,
                    achievements: r.str(4)?,
                    challenges: r.str(5)?,
                    next_steps: r.str(6)?,
                    evidence: serde_json::from_str(r.str(7)?).unwrap_or_default(),
                    tags: serde_json::from_str(r.str(8)?).unwrap_or_default(),
                    author: r.str(9)?,
                    created_at: r.str(10)?,
                    updated_at: r.str(11)?,
                    updated_by: r.str(12)?,
                })
            },
        )
    })
}

/// The categories column (`code:inferred,…`) as the export row holds it.
fn categories(links: Option<String>) -> Vec<(String, bool)> {
    links
        .unwrap_or_default()
        .split(',')
        .filter_map(|p| p.rsplit_once(':'))
        .map(|(code, i)| (code.to_owned(), i == "1"))
        .collect()
}

/// PostgreSQL: the same rows in the same order as SQLite's walk, in one statement (one round
/// trip per commitment made it 5,000 statements for 50,000 reports). The commitments are
/// sorted first (small rows; `OFFSET 0` keeps their subqueries to one evaluation per
/// commitment) and each one's reports are read through the (commitment, year) index in year
/// order, so the narratives are never sorted; the rows are streamed, not collected.
fn for_each_report_pg(
    conn: &Conn<'_>,
    clause: &str,
    args: Vec<Value>,
    from: i32,
    to: i32,
    mut f: impl FnMut(&ExportRow<'_>) -> Result<(), Error>,
) -> Result<(), Error> {
    let sql = format!(
        "SELECT cs.id, cs.public_id, cs.org, cs.kind, cs.description, cs.framework, cs.links,
                r.year, r.status, r.progress, r.review_state, r.achievements, r.challenges,
                r.next_steps, r.evidence, r.tags, r.author, r.created_at, r.updated_at, r.updated_by
           FROM (SELECT c.id, c.public_id, o.code AS org, length(c.public_id) AS id_length,
                        c.kind, c.description,
                        (SELECT code FROM frameworks WHERE id = c.framework_id) AS framework,
                        (SELECT string_agg(l, ',' ORDER BY d, p) FROM (SELECT cat.code || ':' || cc.inferred AS l,
                            cat.depth AS d, cat.position AS p
                           FROM commitment_categories cc JOIN categories cat ON cat.id = cc.category_id
                          WHERE cc.commitment_id = c.id) AS links) AS links
                   FROM commitments c JOIN organisations o ON o.id = c.organisation_id
                  WHERE TRUE{clause}
                  ORDER BY o.code, length(c.public_id), c.public_id, c.id OFFSET 0) cs
          CROSS JOIN LATERAL (SELECT * FROM reports r
                               WHERE r.commitment_id = cs.id AND r.year BETWEEN ? AND ?) r
          ORDER BY cs.org, cs.id_length, cs.public_id, cs.id, r.year"
    );
    let mut all = args;
    all.push(Value::Integer(from.into()));
    all.push(Value::Integer(to.into()));
    // The current commitment, read again only when the next row is another's.
    let mut current: Option<(String, ExportCommitment)> = None;
    conn.for_each_streamed(&sql, &crate::store::db::arg_refs(&all), |r| {
        let id: String = r.get(0)?;
        if current.as_ref().map(|(c, _)| c) != Some(&id) {
            let commitment = ExportCommitment {
                commitment_id: r.get(1)?,
                organisation: r.get(2)?,
                framework: r.get(5)?,
                kind: r.get(3)?,
                description: r.get(4)?,
                categories: categories(r.get(6)?),
            };
            current = Some((id, commitment));
        }
        let Some((_, commitment)) = current.as_ref() else {
            return Ok(());
        };
        f(&ExportRow {
            commitment,
            year: r.get(7)?,
            status: r.str(8)?,
            progress: r.get(9)?,
            review_state: r.str(10)?,
            achievements: r.str(11)?,
            challenges: r.str(12)?,
            next_steps: r.str(13)?,
            evidence: serde_json::from_str(r.str(14)?).unwrap_or_default(),
            tags: serde_json::from_str(r.str(15)?).unwrap_or_default(),
            author: r.str(16)?,
            created_at: r.str(17)?,
            updated_at: r.str(18)?,
            updated_by: r.str(19)?,
        })
    })
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

/// The columns of one of our tables, in their order (to check a bundle's keys against).
pub fn columns(conn: &Conn<'_>, table: &str) -> Result<Vec<String>, Error> {
    let sql = match conn.engine() {
        Engine::Sqlite => "SELECT name FROM pragma_table_info(?1) ORDER BY cid",
        Engine::Postgres => {
            "SELECT column_name::text FROM information_schema.columns
              WHERE table_schema = current_schema() AND table_name = ?1 ORDER BY ordinal_position"
        }
    };
    conn.query_map(sql, args![table], |r| r.get(0))
}

/// A cell as JSON (bundles, the sync feed).
pub(crate) fn to_json(v: ValueRef<'_>) -> Json {
    match v {
        ValueRef::Null => Json::Null,
        ValueRef::Integer(i) => Json::from(i),
        ValueRef::Real(f) => Json::from(f),
        ValueRef::Text(t) => Json::from(t),
        ValueRef::Blob(b) => Json::from(b.to_vec()),
    }
}

/// Every row of a bundle table, in a stable order, as JSON objects keyed by column.
pub fn dump_table(
    conn: &Conn<'_>,
    table: &str,
    order: &str,
) -> Result<Vec<Map<String, Json>>, Error> {
    let cols = columns(conn, table)?;
    let sql = format!("SELECT {} FROM {table} ORDER BY {order}", cols.join(", "));
    conn.query_map(&sql, args![], |r| {
        let mut m = Map::new();
        for (i, c) in cols.iter().enumerate() {
            m.insert(c.clone(), to_json(r.value(i)?));
        }
        Ok(m)
    })
}

/// A JSON value as a cell (bundles, a copy's pulled rows).
pub(crate) fn to_sql(v: &Json) -> Value {
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
    conn: &Conn<'_>,
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
    conn.execute(&sql, &crate::store::db::arg_refs(&values))?;
    Ok(())
}

/// How many rows one of our tables holds (`table` is a name from the app's own list, never
/// from input).
pub fn row_count(conn: &Conn<'_>, table: &str) -> Result<i64, Error> {
    conn.query_one(&format!("SELECT count(*) FROM {table}"), args![], |r| {
        r.get(0)
    })
}

/// Empties one of our tables (a copy's target, before it is filled).
pub fn clear_table(conn: &Conn<'_>, table: &str) -> Result<(), Error> {
    conn.execute(&format!("DELETE FROM {table}"), args![])?;
    Ok(())
}

/// Whether the database holds any organisation (a bundle restores only into an empty one).
pub fn is_empty(conn: &Conn<'_>) -> Result<bool, Error> {
    conn.query_one(
        "SELECT NOT EXISTS (SELECT 1 FROM organisations)",
        args![],
        |r| r.get(0),
    )
}

/// The UUIDs of a report's revisions and review events (its history, to compare copies).
pub fn history_ids(
    conn: &Conn<'_>,
    report_id: &str,
) -> Result<std::collections::BTreeSet<String>, Error> {
    let mut ids = std::collections::BTreeSet::new();
    for sql in [
        "SELECT id FROM report_revisions WHERE report_id = ?1",
        "SELECT id FROM review_events WHERE report_id = ?1",
    ] {
        ids.extend(conn.query_map(sql, args![report_id], |r| r.get::<String>(0))?);
    }
    Ok(ids)
}

/// Overwrites a report row with a bundle's newer copy of it (same UUID).
pub fn replace_report(conn: &Conn<'_>, row: &Map<String, Json>) -> Result<(), Error> {
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
    conn.execute(
        &format!("UPDATE reports SET {sets} WHERE id = ?"),
        &crate::store::db::arg_refs(&values),
    )?;
    Ok(())
}
