//! Reporting cycles: a coordinator opens a year with a deadline.

use crate::domain::{time, Actor, OpenCycle, ReportingCycle};
use crate::error::Error;
use crate::services::reports::current_year;
use crate::store::{self, Store};

/// Opens a year's cycle, or moves its deadline (coordinators).
pub fn open(store: &Store, actor: &Actor, req: &OpenCycle) -> Result<ReportingCycle, Error> {
    if !actor.role.may_review() {
        return Err(Error::Forbidden(
            "only a coordinator may open a reporting cycle".to_owned(),
        ));
    }
    let (year, deadline) = req.validate(current_year())?;
    let deadline = deadline.format("%Y-%m-%d").to_string();
    store.write(|tx| {
        store::cycles::upsert(tx, year, &deadline, &actor.name, &time::now())?;
        store::cycles::get(tx, year)?.ok_or_else(|| Error::NotFound {
            entity: "cycle",
            id: year.to_string(),
        })
    })
}

/// Every opened cycle, newest first.
pub fn list(store: &Store) -> Result<Vec<ReportingCycle>, Error> {
    store.read(store::cycles::list)
}
