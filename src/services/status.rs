//! Where every commitment stands: the dashboard of a year, a commitment's timeline and the
//! commitments × years matrix.

use crate::store::db::{Conn, Value};
use std::collections::HashMap;

use chrono::NaiveDate;

use crate::domain::report::{validate_year, FIRST_YEAR};
use crate::domain::status::ReportState;
use crate::domain::{
    Breakdown, CommitmentFilter, Dashboard, DashboardQuery, FrameworkBreakdown,
    ImplementationStatus, LevelBreakdown, Matrix, MatrixCell, MatrixQuery, MatrixRow,
    ReportingCycle, ReviewState, TimelinePoint, Traffic,
};
use crate::error::Error;
use crate::services::reports::current_year;
use crate::store::status::{HAS_STATUS_IN_YEARS, NOT_SUBMITTED};
use crate::store::{self, Store};

/// Today, UTC.
pub fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

/// The dashboard lists at most this many overdue commitments (the count covers them all).
pub const OVERDUE_LIST_LIMIT: u32 = 200;

/// Active commitments counted by a group key (None: the totals; a core responsibility number
/// or a transformation code otherwise) and by the status and review state of their report for
/// the year (None, None: no report).
struct GroupCount {
    key: Option<String>,
    state: ReportState,
    count: u32,
}

/// A commitment's report that year: 0 for none, else 1 + status × 4 + review state (indexes
/// into `ImplementationStatus::ALL` and `ReviewState::ALL`).
type Cell = usize;
const CELLS: usize = 1 + ImplementationStatus::ALL.len() * ReviewState::ALL.len();

/// Per group key, how many commitments are in each cell.
type Tally = Vec<(String, [u32; CELLS])>;

/// The year's counts: totals, and per category ("FRAMEWORK:CODE"). Aggregated here from three
/// flat reads (the year's reports through a covering index, the active commitments, the link
/// table), borrowing each row's text: joining them in SQL searched the reports index once per
/// commitment and link, 80 ms at 5,000 commitments against under 10 ms.
type YearCounts = (Vec<GroupCount>, Vec<GroupCount>);

fn year_counts(conn: &Conn<'_>, year: i32) -> Result<YearCounts, Error> {
    let active = store::status::active_commitments(conn)?;
    let mut cells: HashMap<&str, Cell> = active.iter().map(|id| (id.as_str(), 0)).collect();
    store::status::for_each_year_report(conn, year, |commitment, status, review| {
        let s = ImplementationStatus::ALL
            .iter()
            .position(|x| x.as_str() == status);
        let r = ReviewState::ALL.iter().position(|x| x.as_str() == review);
        if let (Some(cell), Some(s), Some(r)) = (cells.get_mut(commitment), s, r) {
            *cell = 1 + s * ReviewState::ALL.len() + r;
        }
    })?;
    let mut totals: Tally = vec![(String::new(), [0; CELLS])];
    for cell in cells.values() {
        totals[0].1[*cell] += 1;
    }
    let mut by_category: HashMap<String, [u32; CELLS]> = HashMap::new();
    store::status::for_each_category_link(conn, |commitment, key| {
        if let Some(cell) = cells.get(commitment) {
            match by_category.get_mut(key) {
                Some(cells) => cells[*cell] += 1,
                None => {
                    let mut cells = [0; CELLS];
                    cells[*cell] = 1;
                    by_category.insert(key.to_owned(), cells);
                }
            }
        }
    })?;
    Ok((
        groups(totals, false),
        groups(by_category.into_iter().collect(), true),
    ))
}

fn groups(tally: Tally, keyed: bool) -> Vec<GroupCount> {
    let mut out = Vec::new();
    for (key, cells) in tally {
        for (cell, count) in cells.into_iter().enumerate().filter(|(_, n)| *n > 0) {
            let state = (cell > 0).then(|| {
                let i = cell - 1;
                (
                    ImplementationStatus::ALL[i / ReviewState::ALL.len()],
                    ReviewState::ALL[i % ReviewState::ALL.len()],
                )
            });
            out.push(GroupCount {
                key: keyed.then(|| key.clone()),
                state,
                count,
            });
        }
    }
    out
}

/// Where a year's cycle stands on `today`.
pub fn phase(cycle: Option<&ReportingCycle>, today: NaiveDate) -> Traffic {
    match cycle.and_then(|c| NaiveDate::parse_from_str(&c.deadline, "%Y-%m-%d").ok()) {
        None => Traffic::NotOpen,
        Some(deadline) if today <= deadline => Traffic::Due,
        Some(_) => Traffic::Overdue,
    }
}

fn breakdown(key: &str, label: &str, rows: &[&GroupCount], phase: Traffic) -> Breakdown {
    Breakdown::tally(key, label, rows.iter().map(|r| (r.state, r.count)), phase)
}

/// The dashboard of a year: reported share, counts by status and review state, the same per
/// category of each framework that holds an active commitment (level by level), and what is
/// overdue.
pub fn dashboard(store: &Store, query: &DashboardQuery) -> Result<Dashboard, Error> {
    let year = validate_year(query.year.unwrap_or_else(current_year), current_year())?;
    let today = today();
    store.read(|conn| {
        let catalogue = store::catalogue::load(conn)?;
        let cycle = store::cycles::get(conn, year)?;
        let phase = phase(cycle.as_ref(), today);
        let (totals, by_category) = year_counts(conn, year)?;
        let in_use = store::status::frameworks_in_use(conn)?;
        let mut keyed: HashMap<&str, Vec<&GroupCount>> = HashMap::new();
        for g in &by_category {
            if let Some(key) = g.key.as_deref() {
                keyed.entry(key).or_default().push(g);
            }
        }
        let overdue = if phase == Traffic::Overdue {
            // `totals.overdue` already counts them: only the listed rows are read.
            store::commitments::page_rows(
                conn,
                &CommitmentFilter::default(),
                NOT_SUBMITTED,
                vec![Value::Integer(year.into())],
                0,
                OVERDUE_LIST_LIMIT,
            )?
        } else {
            Vec::new()
        };
        Ok(Dashboard {
            year,
            today: today.format("%Y-%m-%d").to_string(),
            totals: breakdown("", "", &totals.iter().collect::<Vec<_>>(), phase),
            // A framework no active commitment belongs to would only add rows of zeros.
            by_framework: catalogue
                .frameworks
                .iter()
                .filter(|f| in_use.contains(&f.code))
                .map(|f| FrameworkBreakdown {
                    framework: f.code.clone(),
                    name: f.name.clone(),
                    levels: (1..=f.levels.len() as u8)
                        .map(|level| LevelBreakdown {
                            level,
                            name: f.level_name(level),
                            groups: f
                                .at_level(level)
                                .map(|c| {
                                    let key = format!("{}:{}", f.code, c.code);
                                    let rows = keyed.get(key.as_str()).map(Vec::as_slice);
                                    breakdown(&c.code, &c.name, rows.unwrap_or(&[]), phase)
                                })
                                .collect(),
                        })
                        .collect(),
                })
                .collect(),
            cycle,
            overdue,
        })
    })
}

/// A commitment's status year by year, from 2016 to next year (the last year a report may be
/// written for, as in the commitment's table of years); years without a report are gaps.
pub fn timeline(store: &Store, commitment: &str) -> Result<Vec<TimelinePoint>, Error> {
    store.read(|conn| {
        store::commitments::get(conn, commitment)?;
        let reports = store::reports::list_for_commitment(conn, commitment)?;
        let last = reports
            .iter()
            .map(|r| r.year)
            .max()
            .unwrap_or(0)
            .max(current_year() + 1);
        let mut by_year: HashMap<i32, _> = reports.into_iter().map(|r| (r.year, r)).collect();
        Ok((FIRST_YEAR..=last)
            .map(|year| TimelinePoint {
                year,
                report: by_year.remove(&year),
            })
            .collect())
    })
}

/// One page of the commitments × years matrix.
pub fn matrix(store: &Store, q: &MatrixQuery) -> Result<Matrix, Error> {
    let now = current_year();
    let from = validate_year(q.from_year.unwrap_or(FIRST_YEAR), now)?;
    // Up to next year by default, like every other list of years.
    let to = validate_year(q.to_year.unwrap_or(now + 1), now)?;
    if from > to {
        return Err(Error::validation(
            "fromYear",
            format!("the first year ({from}) is after the last ({to})"),
        ));
    }
    let limit = q.limit.unwrap_or(200).clamp(1, 1_000);
    store.read(|conn| {
        let (extra, extra_args) = match q.status {
            Some(s) => (
                HAS_STATUS_IN_YEARS,
                vec![
                    Value::Text(s.as_str().to_owned()),
                    Value::Integer(from.into()),
                    Value::Integer(to.into()),
                ],
            ),
            None => ("", Vec::new()),
        };
        let (total, commitments) = {
            crate::services::commitments::check_filter(conn, &q.filter)?;
            store::commitments::page(conn, &q.filter, extra, extra_args, q.offset, limit)?
        };
        let ids: Vec<String> = commitments.iter().map(|c| c.id.clone()).collect();
        let mut cells: HashMap<(String, i32), MatrixCell> = HashMap::new();
        for c in store::status::cells(conn, &ids, from, to)? {
            let (Ok(status), Ok(review_state)) = (c.status.parse(), c.review_state.parse()) else {
                continue;
            };
            cells.insert(
                (c.commitment_id, c.year),
                MatrixCell {
                    report_id: c.report_id,
                    status,
                    review_state,
                },
            );
        }
        let years: Vec<i32> = (from..=to).collect();
        let rows = commitments
            .into_iter()
            .map(|c| {
                let row_cells = years
                    .iter()
                    .map(|y| cells.remove(&(c.id.clone(), *y)))
                    .collect();
                MatrixRow {
                    commitment: c,
                    cells: row_cells,
                }
            })
            .collect();
        Ok(Matrix {
            years,
            total,
            offset: q.offset,
            rows,
        })
    })
}
