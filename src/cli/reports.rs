//! `report …`: write and review yearly reports from the command line, so a year can be
//! scripted. Narratives come from files or standard input ("-").

use std::io::Read;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::backend::Backend;
use super::output::{self, Format};
use crate::api::{ByCommitmentId, ById, ReviewRequest, SetReport};
use crate::domain::{
    Commitment, DraftKey, EvidenceLink, Report, ReportChanges, ReviewAction, ReviewEvent,
    RevisionSummary,
};
use crate::error::Error;

/// The `report` subcommands.
#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Show a report.
    Show {
        #[command(flatten)]
        which: Which,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Write or change a report (only the options given change; a new report starts as a
    /// draft, from last year's with --from-last-year).
    Set(SetArgs),
    /// Submit a report for review.
    Submit(Step),
    /// Approve a submitted report (coordinators).
    Approve(Step),
    /// Return a submitted report with a comment (coordinators).
    Return(Step),
    /// Reopen an approved report with a reason (coordinators).
    Reopen(Step),
    /// List a report's revisions and review steps.
    History {
        #[command(flatten)]
        which: Which,
    },
}

/// Which report: a commitment (public ID) and a year.
#[derive(Debug, Args)]
pub struct Which {
    /// The Commitment ID, e.g. 200009.
    #[arg(long)]
    commitment: String,
    #[arg(long)]
    organisation: Option<String>,
    /// The reporting year.
    #[arg(long)]
    year: i32,
}

/// A review step.
#[derive(Debug, Args)]
pub struct Step {
    #[command(flatten)]
    which: Which,
    /// Why (required to return or reopen).
    #[arg(long)]
    comment: Option<String>,
}

/// Fields for `report set`.
#[derive(Debug, Args)]
pub struct SetArgs {
    #[command(flatten)]
    which: Which,
    /// Not started, In progress, Substantial progress, Completed, Discontinued, No update.
    #[arg(long)]
    status: Option<String>,
    /// Markdown file with the year's achievements ("-" for standard input).
    #[arg(long, value_name = "FILE")]
    achievements: Option<PathBuf>,
    #[arg(long, value_name = "FILE")]
    challenges: Option<PathBuf>,
    #[arg(long, value_name = "FILE")]
    next_steps: Option<PathBuf>,
    /// Evidence as "Title|https://…" (repeat; replaces the list).
    #[arg(long)]
    evidence: Vec<String>,
    /// Progress in percent (0–100).
    #[arg(long)]
    progress: Option<u8>,
    /// Tags (repeat or comma-separate; replaces the list).
    #[arg(long = "tag", value_delimiter = ',')]
    tags: Vec<String>,
    /// Start a new report from the commitment's previous one.
    #[arg(long)]
    from_last_year: bool,
}

fn read_text(path: &Path) -> Result<String, Error> {
    if path.as_os_str() == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| Error::io("standard input", e))?;
        Ok(s)
    } else {
        std::fs::read_to_string(path).map_err(|e| Error::io(path, e))
    }
}

fn parse_evidence(items: &[String]) -> Result<Vec<EvidenceLink>, Error> {
    items
        .iter()
        .map(|e| {
            e.split_once('|')
                .map(|(t, u)| EvidenceLink {
                    title: t.trim().to_owned(),
                    url: u.trim().to_owned(),
                })
                .ok_or_else(|| {
                    Error::validation("evidence", format!("evidence {e:?} is not \"Title|URL\""))
                })
        })
        .collect()
}

fn commitment_uuid(b: &Backend, w: &Which) -> Result<String, Error> {
    let c: Commitment = b.call(
        "find_commitment",
        &ByCommitmentId {
            organisation: w.organisation.clone(),
            commitment_id: w.commitment.clone(),
        },
    )?;
    Ok(c.id)
}

fn existing(b: &Backend, w: &Which) -> Result<Report, Error> {
    let commitment = commitment_uuid(b, w)?;
    let found: Option<Report> = b.call(
        "find_report",
        &DraftKey {
            commitment,
            year: w.year,
        },
    )?;
    found.ok_or_else(|| Error::NotFound {
        entity: "report",
        id: format!("{} {}", w.commitment, w.year),
    })
}

pub fn run(b: &Backend, command: &ReportCommand) -> Result<(), Error> {
    match command {
        ReportCommand::Show { which, format } => output::report(&existing(b, which)?, *format),
        ReportCommand::Set(a) => set(b, a),
        ReportCommand::Submit(s) => step(b, s, ReviewAction::Submit),
        ReportCommand::Approve(s) => step(b, s, ReviewAction::Approve),
        ReportCommand::Return(s) => step(b, s, ReviewAction::Return),
        ReportCommand::Reopen(s) => step(b, s, ReviewAction::Reopen),
        ReportCommand::History { which } => {
            let r = existing(b, which)?;
            let by_id = ById { id: r.id.clone() };
            let revisions: Vec<RevisionSummary> = b.call("list_revisions", &by_id)?;
            let events: Vec<ReviewEvent> = b.call("review_history", &by_id)?;
            output::report_history(&revisions, &events)
        }
    }
}

fn set(b: &Backend, a: &SetArgs) -> Result<(), Error> {
    let commitment = commitment_uuid(b, &a.which)?;
    let text = |p: &Option<PathBuf>| p.as_deref().map(read_text).transpose();
    let changes = ReportChanges {
        status: a.status.clone(),
        achievements: text(&a.achievements)?,
        challenges: text(&a.challenges)?,
        next_steps: text(&a.next_steps)?,
        evidence: if a.evidence.is_empty() {
            None
        } else {
            Some(parse_evidence(&a.evidence)?)
        },
        progress: a.progress,
        tags: (!a.tags.is_empty()).then(|| a.tags.clone()),
    };
    let saved: Report = b.call(
        "set_report",
        &SetReport {
            commitment,
            year: a.which.year,
            changes,
            from_last_year: a.from_last_year,
        },
    )?;
    outln!(
        "saved the {} report of {} (revision {}, {})",
        saved.year,
        saved.commitment_id,
        saved.revision,
        saved.review_state.as_str()
    );
    Ok(())
}

/// The table's command for a review step.
fn review_command(action: ReviewAction) -> &'static str {
    match action {
        ReviewAction::Submit => "submit_report",
        ReviewAction::Approve => "approve_report",
        ReviewAction::Return => "return_report",
        ReviewAction::Reopen => "reopen_report",
    }
}

fn step(b: &Backend, s: &Step, action: ReviewAction) -> Result<(), Error> {
    let r = existing(b, &s.which)?;
    let saved: Report = b.call(
        review_command(action),
        &ReviewRequest {
            id: r.id.clone(),
            expected_version: r.version,
            comment: s.comment.clone(),
        },
    )?;
    outln!(
        "the {} report of {} is now {}",
        saved.year,
        saved.commitment_id,
        saved.review_state.as_str()
    );
    Ok(())
}
