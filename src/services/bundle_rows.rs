//! A bundle's rows written into their tables as they are (UUIDs kept), each checked against
//! the table's columns first, a refusal naming the table and the record.

use crate::error::Error;
use crate::export::bundle::Row;
use crate::store::db::Conn;
use crate::store::export::{columns, insert_row};

fn check_columns(conn: &Conn<'_>, table: &str, rows: &[Row]) -> Result<Vec<String>, Error> {
    let cols = columns(conn, table)?;
    for (i, row) in rows.iter().enumerate() {
        if let Some(bad) = row.keys().find(|k| !cols.contains(k)) {
            return Err(Error::BadRequest {
                message: format!("table {table}, record {}: unknown field {bad:?}", i + 1),
                field: Some("file".to_owned()),
            });
        }
    }
    Ok(cols)
}

/// Inserts the rows into `table`; returns how many.
pub fn insert_all(conn: &Conn<'_>, table: &str, rows: &[Row]) -> Result<u32, Error> {
    let cols = check_columns(conn, table, rows)?;
    for (i, row) in rows.iter().enumerate() {
        insert_row(conn, table, &cols, row).map_err(|e| Error::BadRequest {
            message: format!("table {table}, record {}: {e}", i + 1),
            field: Some("file".to_owned()),
        })?;
    }
    Ok(rows.len() as u32)
}
