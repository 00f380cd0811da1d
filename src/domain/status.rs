//! Where commitments stand: dashboard counts, the commitments × years matrix, timelines and
//! reporting cycles.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::commitment::{CommitmentFilter, CommitmentSummary};
use super::report::{validate_year, ImplementationStatus, ReportSummary, ReviewState};
use crate::error::Error;

/// A year opened for reporting, with its deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportingCycle {
    pub year: i32,
    /// The last day reports are due, YYYY-MM-DD (inclusive).
    pub deadline: String,
    pub opened_by: String,
    pub opened_at: String,
    pub updated_at: String,
}

/// A request to open (or move the deadline of) a year's cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OpenCycle {
    pub year: i32,
    /// YYYY-MM-DD.
    pub deadline: String,
}

impl OpenCycle {
    /// Checks the year (see [`validate_year`]) and the deadline: a YYYY-MM-DD date not before
    /// the reporting year begins (reports on a year are written once it has begun, so an
    /// earlier deadline is a typo). Errors name the field, `year` or `deadline`.
    pub fn validate(&self, current_year: i32) -> Result<(i32, chrono::NaiveDate), Error> {
        let year = validate_year(self.year, current_year)?;
        let deadline = chrono::NaiveDate::parse_from_str(self.deadline.trim(), "%Y-%m-%d")
            .map_err(|_| {
                Error::validation(
                    "deadline",
                    format!(
                        "the deadline {:?} is not a date (YYYY-MM-DD)",
                        self.deadline
                    ),
                )
            })?;
        if chrono::NaiveDate::from_ymd_opt(year, 1, 1).is_some_and(|start| deadline < start) {
            return Err(Error::validation(
                "deadline",
                format!("the deadline {deadline} is before the reporting year {year} begins"),
            ));
        }
        Ok((year, deadline))
    }
}

/// Where one commitment stands in an open cycle (the traffic light of UN registries).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub enum Traffic {
    /// A report was submitted (or approved).
    Reported,
    /// Not reported yet; the deadline has not passed.
    Due,
    /// Not reported; the deadline has passed.
    Overdue,
    /// The year's cycle is not open.
    NotOpen,
}

/// How many reports have one implementation status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StatusCount {
    pub status: ImplementationStatus,
    pub count: u32,
}

/// How many reports are in one review state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReviewCount {
    pub state: ReviewState,
    pub count: u32,
}

/// The counts of one group of commitments (all, one core responsibility, one transformation)
/// for one year. A commitment under two groups counts once in each group and once in the
/// totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Breakdown {
    /// "" for the totals, the core responsibility number, or the transformation code.
    pub key: String,
    pub label: String,
    /// Active commitments in the group.
    pub commitments: u32,
    /// Of those, with a report for the year in any review state, drafts included.
    pub with_report: u32,
    /// Of those, reported: submitted or approved ("reported" has this one meaning
    /// everywhere).
    pub reported: u32,
    /// Without a submitted report while the cycle's deadline has not passed.
    pub due: u32,
    /// Without a submitted report after the deadline.
    pub overdue: u32,
    /// One entry per implementation status, in order (zeros included).
    pub by_status: Vec<StatusCount>,
    /// One entry per review state, in order (zeros included).
    pub by_review: Vec<ReviewCount>,
}

/// A commitment's report for the year as a breakdown counts it: none, or its status and
/// review state.
pub type ReportState = Option<(ImplementationStatus, ReviewState)>;

impl Breakdown {
    /// The counts of one group from its commitments' report states, each given with how many
    /// commitments are in it; `phase` is where the year's cycle stands (what the commitments
    /// not yet reported are: due, overdue, or neither). The one rule behind the dashboard, the
    /// matrix's groups and the annual report's totals.
    pub fn tally(
        key: &str,
        label: &str,
        states: impl IntoIterator<Item = (ReportState, u32)>,
        phase: Traffic,
    ) -> Breakdown {
        let mut by_status = [0u32; ImplementationStatus::ALL.len()];
        let mut by_review = [0u32; ReviewState::ALL.len()];
        let (mut commitments, mut with_report, mut reported) = (0, 0, 0);
        for (state, n) in states {
            commitments += n;
            let Some((status, review)) = state else {
                continue;
            };
            with_report += n;
            if matches!(review, ReviewState::Submitted | ReviewState::Approved) {
                reported += n;
            }
            if let Some(i) = ImplementationStatus::ALL.iter().position(|s| *s == status) {
                by_status[i] += n;
            }
            if let Some(i) = ReviewState::ALL.iter().position(|r| *r == review) {
                by_review[i] += n;
            }
        }
        let waiting = commitments - reported;
        Breakdown {
            key: key.to_owned(),
            label: label.to_owned(),
            commitments,
            with_report,
            reported,
            due: if phase == Traffic::Due { waiting } else { 0 },
            overdue: if phase == Traffic::Overdue {
                waiting
            } else {
                0
            },
            by_status: ImplementationStatus::ALL
                .into_iter()
                .zip(by_status)
                .map(|(status, count)| StatusCount { status, count })
                .collect(),
            by_review: ReviewState::ALL
                .into_iter()
                .zip(by_review)
                .map(|(state, count)| ReviewCount { state, count })
                .collect(),
        }
    }
}

/// Which year's dashboard.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct DashboardQuery {
    /// Default: this year.
    pub year: Option<i32>,
}

/// A year at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    pub year: i32,
    /// Today (UTC, YYYY-MM-DD), against which "due" and "overdue" were judged.
    pub today: String,
    pub cycle: Option<ReportingCycle>,
    pub totals: Breakdown,
    /// Per framework, per level of its taxonomy, per category.
    pub by_framework: Vec<FrameworkBreakdown>,
    /// Commitments without a submitted report after the deadline, in catalogue order: the
    /// first 200 of them (`totals.overdue` counts them all).
    pub overdue: Vec<CommitmentSummary>,
}

/// One framework's share of the dashboard: a breakdown per category, level by level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FrameworkBreakdown {
    /// The framework's code.
    pub framework: String,
    pub name: String,
    pub levels: Vec<LevelBreakdown>,
}

/// The categories of one level of a framework (WHS level 1: the core responsibilities).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LevelBreakdown {
    /// 1 for the top level.
    pub level: u8,
    /// The level's name ("Core responsibility").
    pub name: String,
    /// One per category of the level, in the framework's order; `key` is the category code.
    pub groups: Vec<Breakdown>,
}

/// One commitment's status in one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimelinePoint {
    pub year: i32,
    /// None: no report that year (a gap).
    pub report: Option<ReportSummary>,
}

/// Which rows and years of the matrix.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct MatrixQuery {
    pub filter: CommitmentFilter,
    /// Only commitments with a report of this status in the years shown.
    pub status: Option<ImplementationStatus>,
    /// Default: 2016.
    pub from_year: Option<i32>,
    /// Default: next year.
    pub to_year: Option<i32>,
    pub offset: u32,
    /// Rows per page (default 200, at most 1,000).
    pub limit: Option<u32>,
}

/// One cell: the report of a commitment for a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MatrixCell {
    pub report_id: String,
    pub status: ImplementationStatus,
    pub review_state: ReviewState,
}

/// One row: a commitment and its cells, one per year (None: no report).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MatrixRow {
    pub commitment: CommitmentSummary,
    pub cells: Vec<Option<MatrixCell>>,
}

/// A page of the commitments × years matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Matrix {
    pub years: Vec<i32>,
    /// Rows matching the query, over all pages.
    pub total: u32,
    pub offset: u32,
    pub rows: Vec<MatrixRow>,
}

/// A full-text search.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct SearchQuery {
    /// Words (all must match; the last may be a prefix).
    pub text: String,
    /// Catalogue filters (type, core responsibility, transformation, organisation, retired).
    pub filter: CommitmentFilter,
    /// Only reports of this year.
    pub year: Option<i32>,
    /// Only reports with this status.
    pub status: Option<ImplementationStatus>,
    /// Default 50, at most 500.
    pub limit: Option<u32>,
}

/// One search result. In `snippet`, U+E000 and U+E001 mark the start and end of a match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    /// "commitment" or "report".
    pub kind: String,
    pub commitment: String,
    pub commitment_id: String,
    /// The commitment's organisation code (with the Commitment ID, its public address).
    pub organisation: String,
    pub report_id: Option<String>,
    pub year: Option<i32>,
    pub snippet: String,
    /// BM25 score; lower is better.
    pub rank: f64,
}

/// The highlight markers of snippets.
pub const MARK_START: char = '\u{E000}';
pub const MARK_END: char = '\u{E001}';

#[cfg(test)]
mod tally_tests {
    use super::*;

    #[test]
    fn a_breakdown_counts_reports_by_status_and_review_and_the_rest_as_due() {
        let states = [
            (None, 3),
            (Some((ImplementationStatus::ALL[1], ReviewState::Draft)), 2),
            (
                Some((ImplementationStatus::ALL[1], ReviewState::Submitted)),
                1,
            ),
            (
                Some((ImplementationStatus::ALL[3], ReviewState::Approved)),
                4,
            ),
        ];
        let b = Breakdown::tally("3", "Leave No One Behind", states, Traffic::Due);
        assert_eq!(
            (b.commitments, b.with_report, b.reported, b.due, b.overdue),
            (10, 7, 5, 5, 0)
        );
        assert_eq!(b.by_status[1].count, 3);
        assert_eq!(b.by_status[3].count, 4);
        let review: Vec<u32> = b.by_review.iter().map(|r| r.count).collect();
        assert_eq!(review.iter().sum::<u32>(), 7);
        let late = Breakdown::tally("", "", states, Traffic::Overdue);
        assert_eq!((late.due, late.overdue), (0, 5));
        let closed = Breakdown::tally("", "", states, Traffic::NotOpen);
        assert_eq!((closed.due, closed.overdue), (0, 0));
    }
}
