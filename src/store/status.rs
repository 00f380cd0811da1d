//! Aggregate queries for the dashboard and the matrix.

use crate::error::Error;
use crate::store::db::{args, Conn, Engine};

/// Calls `each(commitment UUID, status, review state)` for every report of `year`, read from
/// the year index alone (migration 0007 made it covering). Borrowed strings: no allocation per
/// row.
pub fn for_each_year_report(
    conn: &Conn<'_>,
    year: i32,
    mut each: impl FnMut(&str, &str, &str),
) -> Result<(), Error> {
    conn.for_each(
        "SELECT commitment_id, status, review_state FROM reports WHERE year = ?1",
        args![year],
        |r| {
            each(r.str(0)?, r.str(1)?, r.str(2)?);
            Ok(())
        },
    )
}

/// The UUIDs of the commitments that are not retired.
pub fn active_commitments(conn: &Conn<'_>) -> Result<Vec<String>, Error> {
    conn.query_map(
        "SELECT id FROM commitments WHERE retired_at IS NULL",
        args![],
        |r| r.get(0),
    )
}

/// The codes of the frameworks that hold an active commitment.
pub fn frameworks_in_use(conn: &Conn<'_>) -> Result<Vec<String>, Error> {
    conn.query_map(
        "SELECT code FROM frameworks f
          WHERE EXISTS (SELECT 1 FROM commitments c
                         WHERE c.framework_id = f.id AND c.retired_at IS NULL)",
        args![],
        |r| r.get(0),
    )
}

/// Calls `each(commitment UUID, "FRAMEWORK:CODE")` for every category link (codes cannot
/// hold a colon).
pub fn for_each_category_link(conn: &Conn<'_>, each: impl FnMut(&str, &str)) -> Result<(), Error> {
    for_each_link(
        conn,
        "SELECT cc.commitment_id, f.code || ':' || cat.code
           FROM commitment_categories cc
           JOIN categories cat ON cat.id = cc.category_id
           JOIN frameworks f ON f.id = cat.framework_id",
        each,
    )
}

fn for_each_link(
    conn: &Conn<'_>,
    sql: &str,
    mut each: impl FnMut(&str, &str),
) -> Result<(), Error> {
    // The UUID is read as owned text: on PostgreSQL it is a `uuid` cell made text.
    conn.for_each(sql, args![], |r| {
        each(&r.get::<String>(0)?, r.str(1)?);
        Ok(())
    })
}

/// The AND-clause on `c` that keeps commitments without a submitted or approved report for
/// the year (bind the year).
/// (Uncorrelated `IN (SELECT …)`: SQLite reads the year's reports once into a temporary index,
/// where `NOT EXISTS` searched them again for each commitment, 3–5× slower at 5,000.)
pub const NOT_SUBMITTED: &str = " AND c.id NOT IN (SELECT rs.commitment_id FROM reports rs
      WHERE rs.year = ? AND rs.review_state IN ('Submitted', 'Approved'))";

/// The AND-clause on `c` that keeps commitments with a report of a status within a span of
/// years (bind status, from, to).
pub const HAS_STATUS_IN_YEARS: &str = " AND c.id IN (SELECT rs.commitment_id FROM reports rs
      WHERE rs.status = ? AND rs.year BETWEEN ? AND ?)";

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
    conn: &Conn<'_>,
    commitment_ids: &[String],
    from: i32,
    to: i32,
) -> Result<Vec<CellRow>, Error> {
    if commitment_ids.is_empty() {
        return Ok(Vec::new());
    }
    // A JSON array keeps the statement the same whatever the page size (cached once).
    let ids = serde_json::to_string(commitment_ids).unwrap_or_else(|_| "[]".to_owned());
    let sql = match conn.engine() {
        Engine::Sqlite => {
            "SELECT r.commitment_id, r.year, r.id, r.status, r.review_state
               FROM reports r
              WHERE r.commitment_id IN (SELECT value FROM json_each(?1)) AND r.year BETWEEN ?2 AND ?3"
        }
        Engine::Postgres => {
            "SELECT r.commitment_id, r.year, r.id, r.status, r.review_state
               FROM reports r
              WHERE r.commitment_id IN (SELECT value::uuid FROM json_array_elements_text(?1::json))
                AND r.year BETWEEN ?2 AND ?3"
        }
    };
    conn.query_map(sql, args![ids, from, to], |r| {
        Ok(CellRow {
            commitment_id: r.get(0)?,
            year: r.get(1)?,
            report_id: r.get(2)?,
            status: r.get(3)?,
            review_state: r.get(4)?,
        })
    })
}
