//! The annual self-report's content, shared by its Markdown and PDF renderings: commitments
//! grouped by core responsibility, then transformation, each with its report for the year.

use std::collections::HashMap;

use crate::domain::{Breakdown, Commitment, CommitmentFilter, DashboardQuery, Report, ReviewState};
use crate::error::Error;
use crate::services;
use crate::store::{self, Store};

/// One commitment as the report shows it under one heading.
#[derive(Debug, Clone)]
pub struct Entry {
    pub commitment: Commitment,
    /// Its report for the year, if written.
    pub report: Option<Report>,
    /// The link to this heading's transformation was inferred, not stated.
    pub inferred: bool,
    /// The other headings it also appears under ("CR4 / 4B").
    pub also_under: Vec<String>,
}

/// A transformation's heading (or, with `code` empty, the commitments of a core
/// responsibility linked to none of its transformations).
#[derive(Debug, Clone)]
pub struct TransformationSection {
    pub code: String,
    pub name: String,
    pub entries: Vec<Entry>,
}

/// A core responsibility's chapter.
#[derive(Debug, Clone)]
pub struct ChapterSection {
    pub number: u8,
    pub name: String,
    pub sections: Vec<TransformationSection>,
}

/// The whole report.
#[derive(Debug, Clone)]
pub struct AnnualReport {
    pub year: i32,
    pub organisations: Vec<String>,
    pub totals: Breakdown,
    pub chapters: Vec<ChapterSection>,
}

/// Gathers the annual report of `year` for the commitments the filter lets through.
pub fn build(store: &Store, year: i32, filter: &CommitmentFilter) -> Result<AnnualReport, Error> {
    let dashboard = services::status::dashboard(store, &DashboardQuery { year: Some(year) })?;
    store.read(|conn| {
        let catalogue = store::catalogue::load(conn)?;
        let summaries = store::commitments::list(conn, filter)?;
        let mut commitments: Vec<Commitment> = Vec::with_capacity(summaries.len());
        let mut reports: HashMap<String, Report> = HashMap::new();
        for s in &summaries {
            commitments.push(store::commitments::get(conn, &s.id)?);
            if let Some(r) = store::reports::find(conn, &s.id, year)? {
                reports.insert(s.id.clone(), r);
            }
        }
        let mut organisations: Vec<String> = store::organisations::list(conn)?
            .into_iter()
            .filter(|o| commitments.iter().any(|c| c.organisation == o.code))
            .map(|o| o.name)
            .collect();
        organisations.dedup();

        // Every heading a commitment appears under, to mark the others.
        let headings = |c: &Commitment| -> Vec<String> {
            let mut h: Vec<String> = Vec::new();
            for n in &c.core_responsibilities {
                let codes: Vec<&str> = c
                    .transformations
                    .iter()
                    .filter(|l| l.code.starts_with(&n.to_string()))
                    .map(|l| l.code.as_str())
                    .collect();
                if codes.is_empty() {
                    h.push(format!("CR{n}"));
                }
                h.extend(codes.iter().map(|code| format!("CR{n} / {code}")));
            }
            h
        };
        let entry = |c: &Commitment, here: &str, inferred: bool| Entry {
            commitment: c.clone(),
            report: reports.get(&c.id).cloned(),
            inferred,
            also_under: headings(c).into_iter().filter(|h| h != here).collect(),
        };

        let mut chapters = Vec::new();
        for cr in &catalogue.core_responsibilities {
            let mut sections = Vec::new();
            for t in &cr.transformations {
                let here = format!("CR{} / {}", cr.number, t.code);
                let entries: Vec<Entry> = commitments
                    .iter()
                    .filter_map(|c| {
                        c.transformations
                            .iter()
                            .find(|l| l.code == t.code)
                            .map(|l| entry(c, &here, l.inferred))
                    })
                    .collect();
                if !entries.is_empty() {
                    sections.push(TransformationSection {
                        code: t.code.clone(),
                        name: t.name.clone(),
                        entries,
                    });
                }
            }
            let here = format!("CR{}", cr.number);
            let unlinked: Vec<Entry> = commitments
                .iter()
                .filter(|c| c.core_responsibilities.contains(&cr.number))
                .filter(|c| {
                    !c.transformations
                        .iter()
                        .any(|l| cr.transformations.iter().any(|t| t.code == l.code))
                })
                .map(|c| entry(c, &here, false))
                .collect();
            if !unlinked.is_empty() {
                sections.push(TransformationSection {
                    code: String::new(),
                    name: String::new(),
                    entries: unlinked,
                });
            }
            if !sections.is_empty() {
                chapters.push(ChapterSection {
                    number: cr.number,
                    name: cr.name.clone(),
                    sections,
                });
            }
        }
        Ok(AnnualReport {
            year,
            organisations,
            totals: dashboard.totals.clone(),
            chapters,
        })
    })
}

/// The English label of a review state, for the report.
pub fn review_label(s: ReviewState) -> &'static str {
    match s {
        ReviewState::Draft => "Draft",
        ReviewState::Submitted => "Submitted, awaiting review",
        ReviewState::Returned => "Returned for changes",
        ReviewState::Approved => "Approved",
    }
}
