//! Writing a report from a set of changes (`ct report set`): the year's report is found or
//! created (a new one from last year's with `from_last_year`), only the fields given change,
//! and the save is the window's own (`reports::create_tx` / `reports::update_tx`), all in one
//! transaction.

use super::reports::{create_tx, update_tx};
use crate::domain::{Actor, Report, ReportChanges, ReportInput};
use crate::error::Error;
use crate::store::db::Conn;
use crate::store::{self, Store};

/// Which report: a commitment (UUID) and a year.
#[derive(Debug, Clone, Copy)]
pub struct ReportKey<'a> {
    pub commitment: &'a str,
    pub year: i32,
}

/// Saves the changes to the report of `key`, creating it as a draft if it does not exist.
pub fn set(
    store: &Store,
    actor: &Actor,
    account: &str,
    key: ReportKey<'_>,
    changes: &ReportChanges,
    from_last_year: bool,
) -> Result<Report, Error> {
    store.write(|tx| set_tx(tx, actor, account, key, changes, from_last_year))
}

/// [`set`] inside the caller's transaction.
pub fn set_tx(
    tx: &Conn<'_>,
    actor: &Actor,
    account: &str,
    key: ReportKey<'_>,
    changes: &ReportChanges,
    from_last_year: bool,
) -> Result<Report, Error> {
    let current = store::reports::find(tx, key.commitment, key.year)?;
    let base = match &current {
        Some(r) => r.content.to_input(),
        None if from_last_year => store::reports::previous(tx, key.commitment, key.year)?
            .map(|r| r.content.to_input())
            .unwrap_or_default(),
        None => ReportInput::default(),
    };
    let input = changes.apply(base);
    if current.is_none() && input.status.trim().is_empty() {
        return Err(Error::Validation {
            field: "status".to_owned(),
            message: "a new report needs a status (--status, e.g. \"in progress\"), or --from-last-year to start from last year's".to_owned(),
        });
    }
    match current {
        Some(r) => update_tx(tx, actor, account, &r.id, r.version, &input),
        None => create_tx(tx, actor, account, key.commitment, key.year, &input),
    }
}
