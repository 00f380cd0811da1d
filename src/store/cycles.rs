//! Queries on reporting cycles.

use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::domain::ReportingCycle;
use crate::error::Error;

fn row(r: &Row<'_>) -> rusqlite::Result<ReportingCycle> {
    Ok(ReportingCycle {
        year: r.get(0)?,
        deadline: r.get(1)?,
        opened_by: r.get(2)?,
        opened_at: r.get(3)?,
        updated_at: r.get(4)?,
    })
}

/// The cycle of a year, if opened.
pub fn get(conn: &Connection, year: i32) -> Result<Option<ReportingCycle>, Error> {
    Ok(conn
        .prepare_cached(
            "SELECT year, deadline, opened_by, opened_at, updated_at FROM reporting_cycles WHERE year = ?1",
        )?
        .query_row([year], row)
        .optional()?)
}

/// Every opened cycle, newest year first.
pub fn list(conn: &Connection) -> Result<Vec<ReportingCycle>, Error> {
    Ok(conn
        .prepare_cached(
            "SELECT year, deadline, opened_by, opened_at, updated_at FROM reporting_cycles ORDER BY year DESC",
        )?
        .query_map([], row)?
        .collect::<Result<_, _>>()?)
}

/// Opens a year's cycle or moves its deadline.
pub fn upsert(
    conn: &Connection,
    year: i32,
    deadline: &str,
    actor: &str,
    now: &str,
) -> Result<(), Error> {
    conn.prepare_cached(
        "INSERT INTO reporting_cycles (year, deadline, opened_by, opened_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?4)
         ON CONFLICT (year) DO UPDATE SET deadline = excluded.deadline, updated_at = excluded.updated_at",
    )?
    .execute(params![year, deadline, actor, now])?;
    Ok(())
}
