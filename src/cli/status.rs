//! `status`, `search`, `cycle` and `search-index`: where commitments stand, from the command
//! line.

use clap::{Args, Subcommand};

use super::backend::Backend;
use super::filters::CategoryArgs;
use super::output::{self, Format};
use crate::api::NoArgs;
use crate::app::App;
use crate::domain::{
    CommitmentFilter, Dashboard, DashboardQuery, OpenCycle, ReportingCycle, SearchHit, SearchQuery,
};
use crate::error::Error;
use crate::services::search;

/// `status`: the dashboard numbers of a year.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Default: this year.
    #[arg(long)]
    year: Option<i32>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// `search`: full-text search.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The words to find.
    text: String,
    /// Only reports of this year.
    #[arg(long)]
    year: Option<i32>,
    #[command(flatten)]
    categories: CategoryArgs,
    #[arg(long, default_value_t = 20)]
    limit: u32,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// `cycle`: reporting cycles.
#[derive(Debug, Subcommand)]
pub enum CycleCommand {
    /// Open a year for reporting, or move its deadline (coordinators).
    Open {
        #[arg(long)]
        year: i32,
        /// YYYY-MM-DD.
        #[arg(long)]
        deadline: String,
    },
    /// List the opened cycles.
    List,
}

/// `search-index`: maintenance of the full-text index.
#[derive(Debug, Subcommand)]
pub enum IndexCommand {
    /// Rebuild the index from the commitments and reports.
    Rebuild,
}

pub fn run_status(b: &Backend, a: &StatusArgs) -> Result<(), Error> {
    let d: Dashboard = b.call("dashboard", &DashboardQuery { year: a.year })?;
    output::dashboard(&d, a.format)
}

pub fn run_search(b: &Backend, a: &SearchArgs) -> Result<(), Error> {
    let mut filter = CommitmentFilter::default();
    a.categories.apply(&mut filter)?;
    let hits: Vec<SearchHit> = b.call(
        "search",
        &SearchQuery {
            text: a.text.clone(),
            filter,
            year: a.year,
            status: None,
            limit: Some(a.limit),
        },
    )?;
    output::search_hits(&hits, a.format)
}

pub fn run_cycle(b: &Backend, c: &CycleCommand) -> Result<(), Error> {
    match c {
        CycleCommand::Open { year, deadline } => {
            let cycle: ReportingCycle = b.call(
                "open_cycle",
                &OpenCycle {
                    year: *year,
                    deadline: deadline.clone(),
                },
            )?;
            outln!(
                "the {} cycle is open; reports are due by {}",
                cycle.year,
                cycle.deadline
            );
        }
        CycleCommand::List => {
            let cycles: Vec<ReportingCycle> = b.call("list_cycles", &NoArgs {})?;
            for c in cycles {
                outln!(
                    "{}  due {}  (opened by {})",
                    c.year,
                    c.deadline,
                    c.opened_by
                );
            }
        }
    }
    Ok(())
}

pub fn run_index(app: &App, c: &IndexCommand) -> Result<(), Error> {
    match c {
        IndexCommand::Rebuild => {
            let n = search::rebuild(app.store())?;
            outln!("indexed {n} commitments and reports");
        }
    }
    Ok(())
}
