//! Queries on reporting cycles.

use crate::domain::ReportingCycle;
use crate::error::Error;
use crate::store::db::{args, Conn, Row};

fn row(r: &Row<'_>) -> Result<ReportingCycle, Error> {
    Ok(ReportingCycle {
        year: r.get(0)?,
        deadline: r.get(1)?,
        opened_by: r.get(2)?,
        opened_at: r.get(3)?,
        updated_at: r.get(4)?,
    })
}

/// The cycle of a year, if opened.
pub fn get(conn: &Conn<'_>, year: i32) -> Result<Option<ReportingCycle>, Error> {
    conn
        .query_opt("SELECT year, deadline, opened_by, opened_at, updated_at FROM reporting_cycles WHERE year = ?1", args![year], row)
}

/// Every opened cycle, newest year first.
pub fn list(conn: &Conn<'_>) -> Result<Vec<ReportingCycle>, Error> {
    conn
        .query_map("SELECT year, deadline, opened_by, opened_at, updated_at FROM reporting_cycles ORDER BY year DESC", args![], row)
}

/// Opens a year's cycle or moves its deadline.
pub fn upsert(
    conn: &Conn<'_>,
    year: i32,
    deadline: &str,
    actor: &str,
    now: &str,
) -> Result<(), Error> {
    conn.execute("INSERT INTO reporting_cycles (year, deadline, opened_by, opened_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?4)
         ON CONFLICT (year) DO UPDATE SET deadline = excluded.deadline, updated_at = excluded.updated_at", args![year, deadline, actor, now])?;
    Ok(())
}
