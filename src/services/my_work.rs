//! The "my work" lists: what is to write this year and what is to review.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::{CommitmentFilter, CommitmentSummary, ReportSummary, ReviewState};
use crate::error::Error;
use crate::store::{self, Store};

/// The year to list (default: this year).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct MyWorkQuery {
    pub year: Option<i32>,
}

/// What is waiting for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MyWork {
    pub year: i32,
    /// Reports of the year in Draft or Returned.
    pub to_write: Vec<ReportSummary>,
    /// Submitted reports of any year, for coordinators.
    pub to_review: Vec<ReportSummary>,
    /// Active commitments with no report for the year yet.
    pub not_started: Vec<CommitmentSummary>,
}

/// The lists for `year` (default: this year).
pub fn my_work(store: &Store, query: &MyWorkQuery) -> Result<MyWork, Error> {
    let year = query.year.unwrap_or_else(super::reports::current_year);
    store.read(|conn| {
        let to_write = store::reports::list_by_state(
            conn,
            Some(year),
            &[ReviewState::Returned, ReviewState::Draft],
        )?;
        let to_review = store::reports::list_by_state(conn, None, &[ReviewState::Submitted])?;
        let reported: Vec<String> =
            store::reports::list_by_state(conn, Some(year), &ReviewState::ALL)?
                .into_iter()
                .map(|r| r.commitment)
                .collect();
        let not_started = store::commitments::list(conn, &CommitmentFilter::default())?
            .into_iter()
            .filter(|c| !reported.contains(&c.id))
            .collect();
        Ok(MyWork {
            year,
            to_write,
            to_review,
            not_started,
        })
    })
}
