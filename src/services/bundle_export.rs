//! The whole database as a JSON bundle (the format is `export::bundle`).

use std::collections::BTreeMap;
use std::io::Write;

use crate::error::Error;
use crate::export::{bundle, Job};
use crate::store::export::{dump_table, BUNDLE_TABLES};
use crate::store::Store;

/// Writes every table as a bundle, read in one snapshot; returns the records written.
pub fn write(store: &Store, job: &Job, out: &mut (dyn Write + Send)) -> Result<u64, Error> {
    let tables = store.read(|conn| {
        let mut tables = BTreeMap::new();
        for (table, order) in BUNDLE_TABLES {
            let rows = dump_table(conn, table, order)?;
            for _ in &rows {
                job.tick()?;
            }
            tables.insert((*table).to_owned(), rows);
        }
        Ok(tables)
    })?;
    bundle::to_writer(&bundle::new(tables), out)
}
