//! The annual self-report's content, shared by its Markdown and PDF renderings: commitments
//! grouped by framework, then by its top-level categories (WHS: core responsibilities), then
//! by their children (WHS: transformations), each with its report for the year.

use std::collections::HashMap;

use crate::domain::{
    Breakdown, Commitment, CommitmentFilter, Framework, Report, ReviewState, Traffic,
};
use crate::error::Error;
use crate::store::{self, Store};

/// One commitment as the report shows it under one heading.
#[derive(Debug, Clone)]
pub struct Entry {
    pub commitment: Commitment,
    /// Its report for the year, if written.
    pub report: Option<Report>,
    /// The link to this heading's category was inferred, not stated.
    pub inferred: bool,
    /// The other headings it also appears under ("Core responsibility 4 / 4B").
    pub also_under: Vec<String>,
}

/// A heading below a chapter: a level-2 category of the framework (WHS: a transformation),
/// or, with `code` empty, the chapter's commitments linked to none of them.
#[derive(Debug, Clone)]
pub struct CategorySection {
    pub code: String,
    /// "3A Reduce and address displacement", or "Not linked to a transformation of this core
    /// responsibility".
    pub title: String,
    pub entries: Vec<Entry>,
}

/// A chapter: one top-level category of a framework (WHS: a core responsibility).
#[derive(Debug, Clone)]
pub struct ChapterSection {
    /// "Core responsibility 3: Leave No One Behind" (prefixed with the framework's code when
    /// the report covers several frameworks).
    pub title: String,
    pub sections: Vec<CategorySection>,
}

/// The whole report.
#[derive(Debug, Clone)]
pub struct AnnualReport {
    pub year: i32,
    pub organisations: Vec<String>,
    pub totals: Breakdown,
    pub chapters: Vec<ChapterSection>,
}

/// Gathers the annual report of `year` for the commitments the filter lets through; `phase`
/// is where the year's reporting cycle stands (what "due" and "overdue" mean).
pub fn build(
    store: &Store,
    year: i32,
    filter: &CommitmentFilter,
    phase: Traffic,
) -> Result<AnnualReport, Error> {
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

        let several = {
            let mut codes: Vec<&str> = commitments.iter().map(|c| c.framework.as_str()).collect();
            codes.sort_unstable();
            codes.dedup();
            codes.len() > 1
        };
        let mut chapters = Vec::new();
        for framework in &catalogue.frameworks {
            let mine: Vec<&Commitment> = commitments
                .iter()
                .filter(|c| c.framework == framework.code)
                .collect();
            if !mine.is_empty() {
                chapters.extend(framework_chapters(framework, &mine, &reports, several));
            }
        }
        Ok(AnnualReport {
            year,
            organisations,
            totals: totals_of(&commitments, &reports, phase),
            chapters,
        })
    })
}

/// An entry's heading: "Commitment 200005 (Policy)", with its title when it has one.
pub fn entry_title(c: &Commitment) -> String {
    let mut t = format!("Commitment {}", c.commitment_id);
    if !c.title.is_empty() {
        t.push_str(": ");
        t.push_str(&c.title);
    }
    if !c.kind.is_empty() {
        t.push_str(&format!(" ({})", c.kind));
    }
    t
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

/// The report's own totals: the commitments it covers (the filter's, active ones), not the
/// whole database's, counted by the dashboard's rule.
fn totals_of(
    commitments: &[Commitment],
    reports: &HashMap<String, Report>,
    phase: Traffic,
) -> Breakdown {
    let states = commitments
        .iter()
        .filter(|c| c.retired_at.is_none())
        .map(|c| {
            let state = reports
                .get(&c.id)
                .map(|r| (r.content.status, r.review_state));
            (state, 1)
        });
    Breakdown::tally("", "", states, phase)
}

/// Every heading a commitment appears under in its framework's part: "Core responsibility 3"
/// for a top-level category without linked children, "Core responsibility 3 / 3A" for each
/// linked child.
fn headings(framework: &Framework, c: &Commitment) -> Vec<String> {
    let top = framework.level_name(1);
    let mut h = Vec::new();
    for link in &c.categories {
        let Some(cat) = framework.category(&link.code).filter(|cat| cat.level == 1) else {
            continue;
        };
        let children: Vec<&str> = c
            .categories
            .iter()
            .filter(|l| {
                framework
                    .category(&l.code)
                    .is_some_and(|x| x.parent.as_deref() == Some(cat.code.as_str()))
            })
            .map(|l| l.code.as_str())
            .collect();
        if children.is_empty() {
            h.push(format!("{top} {}", cat.code));
        }
        h.extend(
            children
                .iter()
                .map(|code| format!("{top} {} / {code}", cat.code)),
        );
    }
    h
}

/// One framework's chapters: a chapter per top-level category holding commitments, a section
/// per child category, then the chapter's commitments linked to none of its children.
fn framework_chapters(
    framework: &Framework,
    commitments: &[&Commitment],
    reports: &HashMap<String, Report>,
    several: bool,
) -> Vec<ChapterSection> {
    let top = framework.level_name(1);
    let second = framework.level_name(2).to_lowercase();
    let entry = |c: &Commitment, here: &str, inferred: bool| Entry {
        commitment: c.clone(),
        report: reports.get(&c.id).cloned(),
        inferred,
        also_under: headings(framework, c)
            .into_iter()
            .filter(|h| h != here)
            .collect(),
    };
    let linked = |c: &Commitment, code: &str| c.categories.iter().find(|l| l.code == code).cloned();
    let mut chapters = Vec::new();
    for chapter in framework.at_level(1) {
        let children: Vec<_> = framework
            .categories
            .iter()
            .filter(|x| x.parent.as_deref() == Some(chapter.code.as_str()))
            .collect();
        let mut sections = Vec::new();
        for child in &children {
            let here = format!("{top} {} / {}", chapter.code, child.code);
            let entries: Vec<Entry> = commitments
                .iter()
                .filter_map(|c| linked(c, &child.code).map(|l| entry(c, &here, l.inferred)))
                .collect();
            if !entries.is_empty() {
                sections.push(CategorySection {
                    code: child.code.clone(),
                    title: format!("{} {}", child.code, child.name),
                    entries,
                });
            }
        }
        let here = format!("{top} {}", chapter.code);
        let unlinked: Vec<Entry> = commitments
            .iter()
            .filter(|c| linked(c, &chapter.code).is_some())
            .filter(|c| !children.iter().any(|x| linked(c, &x.code).is_some()))
            .map(|c| entry(c, &here, false))
            .collect();
        if !unlinked.is_empty() {
            let title = if framework.levels.len() > 1 {
                format!("Not linked to a {second} of this {}", top.to_lowercase())
            } else {
                String::new()
            };
            sections.push(CategorySection {
                code: String::new(),
                title,
                entries: unlinked,
            });
        }
        if !sections.is_empty() {
            let prefix = if several {
                format!("{} — ", framework.code)
            } else {
                String::new()
            };
            chapters.push(ChapterSection {
                title: format!("{prefix}{top} {}: {}", chapter.code, chapter.name),
                sections,
            });
        }
    }
    // A framework may take commitments without categories: they get a chapter of their own.
    let unplaced: Vec<Entry> = commitments
        .iter()
        .filter(|c| {
            !c.categories
                .iter()
                .any(|l| framework.category(&l.code).is_some_and(|x| x.level == 1))
        })
        .map(|c| entry(c, "", false))
        .collect();
    if !unplaced.is_empty() {
        chapters.push(ChapterSection {
            title: format!("{}: not linked to a {}", framework.name, top.to_lowercase()),
            sections: vec![CategorySection {
                code: String::new(),
                title: String::new(),
                entries: unplaced,
            }],
        });
    }
    chapters
}
