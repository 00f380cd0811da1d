//! Aggregate queries for the dashboard and the matrix.

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection};

use crate::error::Error;

/// Counts of active commitments for one year, grouped by a key (None: the totals; a core
/// responsibility number or a transformation code otherwise), by the status and review state
/// of their report that year (None, None: no report).
pub struct GroupCount {
    pub key: Option<String>,
    pub status: Option<String>,
    pub review_state: Option<String>,
    pub count: u32,
}

fn collect(conn: &Connection, sql: &str, year: i32) -> Result<Vec<GroupCount>, Error> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params![year], |r| {
        Ok(GroupCount {
            key: r.get(0)?,
            status: r.get(1)?,
            review_state: r.get(2)?,
            count: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Counts over all active commitments.
pub fn totals(conn: &Connection, year: i32) -> Result<Vec<GroupCount>, Error> {
    collect(
        conn,
        "SELECT NULL, r.status, r.review_state, count(*)
           FROM commitments c
           LEFT JOIN reports r ON r.commitment_id = c.id AND r.year = ?1
          WHERE c.retired_at IS NULL
          GROUP BY r.status, r.review_state",
        year,
    )
}

/// Counts per core responsibility (a commitment under two counts in both).
pub fn by_core_responsibility(conn: &Connection, year: i32) -> Result<Vec<GroupCount>, Error> {
    collect(
        conn,
        "SELECT CAST(cr.number AS TEXT), r.status, r.review_state, count(*)
           FROM commitment_core_responsibilities ccr
           JOIN core_responsibilities cr ON cr.id = ccr.core_responsibility_id
           JOIN commitments c ON c.id = ccr.commitment_id
           LEFT JOIN reports r ON r.commitment_id = c.id AND r.year = ?1
          WHERE c.retired_at IS NULL
          GROUP BY cr.number, r.status, r.review_state",
        year,
    )
}

/// Counts per transformation.
pub fn by_transformation(conn: &Connection, year: i32) -> Result<Vec<GroupCount>, Error> {
    collect(
        conn,
        "SELECT t.code, r.status, r.review_state, count(*)
           FROM commitment_transformations ct
           JOIN transformations t ON t.id = ct.transformation_id
           JOIN commitments c ON c.id = ct.commitment_id
           LEFT JOIN reports r ON r.commitment_id = c.id AND r.year = ?1
          WHERE c.retired_at IS NULL
          GROUP BY t.code, r.status, r.review_state",
        year,
    )
}

/// The AND-clause on `c` that keeps commitments without a submitted or approved report for
/// the year (bind the year).
pub const NOT_SUBMITTED: &str = " AND NOT EXISTS (SELECT 1 FROM reports rs
      WHERE rs.commitment_id = c.id AND rs.year = ? AND rs.review_state IN ('Submitted', 'Approved'))";

/// The AND-clause on `c` that keeps commitments with a report of a status within a span of
/// years (bind status, from, to).
pub const HAS_STATUS_IN_YEARS: &str = " AND EXISTS (SELECT 1 FROM reports rs
      WHERE rs.commitment_id = c.id AND rs.status = ? AND rs.year BETWEEN ? AND ?)";

/// One cell of the matrix.
pub struct CellRow {
    pub commitment_id: String,
    pub year: i32,
    pub report_id: String,
    pub status: String,
    pub review_state: String,
}

/// The reports of these commitments within a span of years.
pub fn cells(
    conn: &Connection,
    commitment_ids: &[String],
    from: i32,
    to: i32,
) -> Result<Vec<CellRow>, Error> {
    if commitment_ids.is_empty() {
        return Ok(Vec::new());
    }
    // A JSON array keeps the statement the same whatever the page size (cached once).
    let ids = serde_json::to_string(commitment_ids).unwrap_or_else(|_| "[]".to_owned());
    let mut stmt = conn.prepare_cached(
        "SELECT r.commitment_id, r.year, r.id, r.status, r.review_state
           FROM reports r
          WHERE r.commitment_id IN (SELECT value FROM json_each(?1)) AND r.year BETWEEN ?2 AND ?3",
    )?;
    let rows = stmt.query_map(
        params_from_iter([
            Value::Text(ids),
            Value::Integer(from.into()),
            Value::Integer(to.into()),
        ]),
        |r| {
            Ok(CellRow {
                commitment_id: r.get(0)?,
                year: r.get(1)?,
                report_id: r.get(2)?,
                status: r.get(3)?,
                review_state: r.get(4)?,
            })
        },
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}
