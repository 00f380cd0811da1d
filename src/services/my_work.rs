//! The "my work" lists: what was returned (any year), what is to write for a year, what is to
//! review, and the year's deadline.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::{
    Caller, CommitmentFilter, CommitmentSummary, ReportSummary, ReportingCycle, ReviewState,
    Traffic,
};
use crate::error::Error;
use crate::services::status::{phase, today};
use crate::store::{self, Store};

/// The year to list (default: the newest opened cycle's year, else this year).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct MyWorkQuery {
    pub year: Option<i32>,
}

/// A report sent back by a coordinator, with what they asked for and its year's deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReturnedReport {
    pub report: ReportSummary,
    /// The newest return comment, with who wrote it and when.
    pub comment: Option<String>,
    pub returned_by: Option<String>,
    pub returned_at: Option<String>,
    /// The deadline of the report's year (YYYY-MM-DD), if its cycle is open.
    pub deadline: Option<String>,
    /// The deadline has passed.
    pub overdue: bool,
}

/// What is waiting for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MyWork {
    pub year: i32,
    /// Today (UTC, YYYY-MM-DD), against which deadlines were judged.
    pub today: String,
    /// The year's reporting cycle, if opened, and where it stands.
    pub cycle: Option<ReportingCycle>,
    pub phase: Traffic,
    /// Returned reports of any year, oldest year first, including those saved since (drafts
    /// again) until they are submitted: they wait on someone.
    pub returned: Vec<ReturnedReport>,
    /// Drafts of the year (not those in `returned`).
    pub to_write: Vec<ReportSummary>,
    /// Submitted reports of any year, for coordinators.
    pub to_review: Vec<ReportSummary>,
    /// Active commitments with no report for the year yet.
    pub not_started: Vec<CommitmentSummary>,
    /// The lists hold only the commitments assigned to the signed-in focal point (a team
    /// server); false: every commitment's.
    pub assigned_only: bool,
    /// With `assigned_only`: how many commitments (active or retired) are assigned to the
    /// account, so that empty lists can tell "nothing assigned" from "nothing waiting".
    /// None when the lists are everyone's.
    pub assigned: Option<u32>,
}

/// The year My work opens on: an opened cycle is what people report for, so the newest one
/// (up to next year) comes first; without one, this year.
fn default_year(cycles: &[ReportingCycle], current: i32) -> i32 {
    cycles
        .iter()
        .map(|c| c.year)
        .filter(|y| *y <= current + 1)
        .max()
        .unwrap_or(current)
}

fn overdue(deadline: Option<&str>, today: NaiveDate) -> bool {
    deadline
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .is_some_and(|d| today > d)
}

/// Whose work the lists show: everyone's, or one account's assignments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkOf<'a> {
    /// Every commitment's (one computer; coordinators and admins on a team server).
    Everyone,
    /// The commitments assigned to this account (focal points and viewers on a team server);
    /// nothing to review.
    Assigned(&'a str),
}

/// The caller's [`WorkOf`].
pub fn work_of(caller: &Caller) -> WorkOf<'_> {
    match caller {
        Caller::User(u) if !u.role.may_review() => WorkOf::Assigned(&u.id),
        _ => WorkOf::Everyone,
    }
}

/// The lists for `year` (default: see [`default_year`]), for `whose` work.
pub fn my_work(store: &Store, query: &MyWorkQuery, whose: WorkOf<'_>) -> Result<MyWork, Error> {
    let today = today();
    store.read(|conn| {
        let mine: Option<HashSet<String>> = match whose {
            WorkOf::Everyone => None,
            WorkOf::Assigned(user) => Some(
                store::assignments::commitments_of(conn, user)?
                    .into_iter()
                    .collect(),
            ),
        };
        let is_mine = |commitment: &str| mine.as_ref().is_none_or(|m| m.contains(commitment));
        // A focal point's lists are read for their assignments only (in SQL: reading everyone's
        // work to keep theirs cost 0.4–0.6 s a call at 5,000 commitments).
        let assignee = match whose {
            WorkOf::Everyone => None,
            WorkOf::Assigned(user) => Some(user),
        };
        let cycles = store::cycles::list(conn)?;
        let year = query
            .year
            .unwrap_or_else(|| default_year(&cycles, super::reports::current_year()));
        let cycle = cycles.iter().find(|c| c.year == year).cloned();
        // Returned, and returned then saved (a draft again) but not submitted yet.
        let mut returned_rows =
            store::reports::list_by_state(conn, None, &[ReviewState::Returned], assignee)?;
        returned_rows.extend(store::reports::list_drafts_after_return(conn, assignee)?);
        returned_rows.retain(|r| is_mine(&r.commitment));
        returned_rows.sort_by_key(|r| r.year);
        let mut returned = Vec::with_capacity(returned_rows.len());
        for report in returned_rows {
            let last = store::revisions::last_return(conn, &report.id)?;
            let deadline = cycles
                .iter()
                .find(|c| c.year == report.year)
                .map(|c| c.deadline.clone());
            returned.push(ReturnedReport {
                overdue: overdue(deadline.as_deref(), today),
                deadline,
                comment: last.as_ref().and_then(|e| e.comment.clone()),
                returned_by: last.as_ref().map(|e| e.actor.clone()),
                returned_at: last.map(|e| e.created_at),
                report,
            });
        }
        let to_write =
            store::reports::list_by_state(conn, Some(year), &[ReviewState::Draft], assignee)?
                .into_iter()
                .filter(|r| is_mine(&r.commitment) && !returned.iter().any(|x| x.report.id == r.id))
                .collect();
        let to_review = match whose {
            WorkOf::Everyone => {
                store::reports::list_by_state(conn, None, &[ReviewState::Submitted], None)?
            }
            WorkOf::Assigned(_) => Vec::new(),
        };
        let reported: HashSet<String> =
            store::reports::list_by_state(conn, Some(year), &ReviewState::ALL, assignee)?
                .into_iter()
                .map(|r| r.commitment)
                .collect();
        let candidates = match assignee {
            Some(user) => store::commitments::list_assigned(conn, user)?,
            None => store::commitments::list(conn, &CommitmentFilter::default())?,
        };
        let not_started = candidates
            .into_iter()
            .filter(|c| !reported.contains(&c.id))
            .collect();
        Ok(MyWork {
            year,
            today: today.format("%Y-%m-%d").to_string(),
            phase: phase(cycle.as_ref(), today),
            cycle,
            returned,
            to_write,
            to_review,
            not_started,
            assigned_only: mine.is_some(),
            assigned: mine
                .as_ref()
                .map(|m| u32::try_from(m.len()).unwrap_or(u32::MAX)),
        })
    })
}
