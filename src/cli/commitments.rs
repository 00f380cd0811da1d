//! `commitments …`: the catalogue from the command line.

use std::io::Read;
use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::output::{self, Format};
use crate::app::App;
use crate::domain::{
    Commitment, CommitmentFilter, CommitmentInput, CommitmentType, TransformationLink,
};
use crate::error::Error;
use crate::services::commitments as svc;

/// The `commitments` subcommands.
#[derive(Debug, Subcommand)]
pub enum CommitmentsCommand {
    /// List commitments, optionally filtered.
    List(ListArgs),
    /// Show one commitment by its Commitment ID.
    Show {
        /// The Commitment ID, e.g. 200005.
        id: String,
        #[arg(long)]
        organisation: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Add a commitment.
    Add(EditArgs),
    /// Edit a commitment (only the options given change).
    Edit {
        /// The current Commitment ID.
        id: String,
        #[command(flatten)]
        edit: EditArgs,
    },
    /// Retire a commitment (it keeps its history).
    Retire {
        id: String,
        #[arg(long)]
        organisation: Option<String>,
    },
    /// Bring a retired commitment back.
    Restore {
        id: String,
        #[arg(long)]
        organisation: Option<String>,
    },
}

/// Filters for `commitments list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Operational, Policy, Advocacy or Financial.
    #[arg(long = "type")]
    kind: Option<String>,
    /// A core responsibility number (1–5).
    #[arg(long = "cr")]
    core_responsibility: Option<u8>,
    /// A transformation code (1A–5E).
    #[arg(long)]
    transformation: Option<String>,
    /// Words that must all appear in the ID or description.
    #[arg(long)]
    search: Option<String>,
    #[arg(long)]
    organisation: Option<String>,
    /// List retired commitments too.
    #[arg(long)]
    include_retired: bool,
}

/// Fields for `add` and `edit`.
#[derive(Debug, Args)]
pub struct EditArgs {
    /// The Commitment ID (for `edit`: the new one, to rename).
    #[arg(long = "commitment-id")]
    commitment_id: Option<String>,
    #[arg(long)]
    organisation: Option<String>,
    /// Operational, Policy, Advocacy or Financial.
    #[arg(long = "type")]
    kind: Option<String>,
    /// The description text.
    #[arg(long, conflicts_with = "description_file")]
    description: Option<String>,
    /// Read the description from a file ("-" for standard input).
    #[arg(long, value_name = "FILE")]
    description_file: Option<PathBuf>,
    /// Core responsibility numbers (repeat or comma-separate).
    #[arg(long = "cr", value_delimiter = ',')]
    core_responsibilities: Vec<u8>,
    /// Transformation codes (repeat or comma-separate); given ones count as confirmed.
    #[arg(long = "transformation", value_delimiter = ',')]
    transformations: Vec<String>,
}

pub fn run(app: &App, command: &CommitmentsCommand) -> Result<(), Error> {
    match command {
        CommitmentsCommand::List(a) => {
            let filter = CommitmentFilter {
                search: a.search.clone(),
                kind: a
                    .kind
                    .as_deref()
                    .map(str::parse::<CommitmentType>)
                    .transpose()?,
                core_responsibility: a.core_responsibility,
                transformation: a.transformation.clone(),
                organisation: a.organisation.clone(),
                include_retired: a.include_retired,
            };
            output::commitment_list(&svc::list(app.store(), &filter)?, a.format)
        }
        CommitmentsCommand::Show {
            id,
            organisation,
            format,
        } => output::commitment(&find(app, organisation.as_deref(), id)?, *format),
        CommitmentsCommand::Add(edit) => {
            let input = CommitmentInput {
                organisation: edit.organisation.clone(),
                commitment_id: edit.commitment_id.clone().unwrap_or_default(),
                kind: edit.kind.clone().unwrap_or_default(),
                description: edit.description()?.unwrap_or_default(),
                core_responsibilities: edit.core_responsibilities.clone(),
                transformations: links(&edit.transformations),
            };
            let c = svc::create(app.store(), &app.actor()?, &input)?;
            outln!("added commitment {} ({})", c.commitment_id, c.id);
            Ok(())
        }
        CommitmentsCommand::Edit { id, edit } => {
            let current = find(app, edit.organisation.as_deref(), id)?;
            let input = CommitmentInput {
                organisation: Some(current.organisation.clone()),
                commitment_id: edit
                    .commitment_id
                    .clone()
                    .unwrap_or_else(|| current.commitment_id.clone()),
                kind: edit
                    .kind
                    .clone()
                    .unwrap_or_else(|| current.kind.to_string()),
                description: edit
                    .description()?
                    .unwrap_or_else(|| current.description.clone()),
                core_responsibilities: if edit.core_responsibilities.is_empty() {
                    current.core_responsibilities.clone()
                } else {
                    edit.core_responsibilities.clone()
                },
                transformations: if edit.transformations.is_empty() {
                    current.transformations.clone()
                } else {
                    links(&edit.transformations)
                },
            };
            let c = svc::update(
                app.store(),
                &app.actor()?,
                &current.id,
                current.version,
                &input,
            )?;
            outln!(
                "saved commitment {} (version {})",
                c.commitment_id,
                c.version
            );
            Ok(())
        }
        CommitmentsCommand::Retire { id, organisation } => {
            let current = find(app, organisation.as_deref(), id)?;
            svc::retire(app.store(), &app.actor()?, &current.id, current.version)?;
            outln!("retired commitment {}", current.commitment_id);
            Ok(())
        }
        CommitmentsCommand::Restore { id, organisation } => {
            let current = find(app, organisation.as_deref(), id)?;
            svc::restore(app.store(), &app.actor()?, &current.id, current.version)?;
            outln!("restored commitment {}", current.commitment_id);
            Ok(())
        }
    }
}

fn links(codes: &[String]) -> Vec<TransformationLink> {
    codes
        .iter()
        .map(|c| TransformationLink::stated(c))
        .collect()
}

fn find(app: &App, organisation: Option<&str>, public_id: &str) -> Result<Commitment, Error> {
    svc::find_by_commitment_id(app.store(), organisation, public_id)
}

impl EditArgs {
    fn description(&self) -> Result<Option<String>, Error> {
        match (&self.description, &self.description_file) {
            (Some(d), _) => Ok(Some(d.clone())),
            (None, Some(path)) if path.as_os_str() == "-" => {
                let mut s = String::new();
                std::io::stdin()
                    .read_to_string(&mut s)
                    .map_err(|e| Error::io("standard input", e))?;
                Ok(Some(s))
            }
            (None, Some(path)) => std::fs::read_to_string(path)
                .map(Some)
                .map_err(|e| Error::io(path, e)),
            (None, None) => Ok(None),
        }
    }
}
