//! `commitments …`: the catalogue from the command line.

use std::io::Read;
use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::backend::Backend;
use super::filters::CategoryArgs;
use super::output::{self, Format};
use crate::api::{ByCommitment, ByCommitmentId, UpdateCommitment, VersionedId};
use crate::domain::{
    CategoryLink, Commitment, CommitmentFilter, CommitmentInput, CommitmentSummary, User,
};
use crate::error::Error;
use crate::services::assignments::Assignment;

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
    /// Make an account a focal point of a commitment (they may then write and submit its
    /// reports); prints the commitment's focal points.
    Assign(AssignArgs),
    /// Remove an account from a commitment's focal points; prints those left.
    Unassign(AssignArgs),
}

/// A commitment and an account, for `assign` and `unassign`.
#[derive(Debug, Args)]
pub struct AssignArgs {
    /// The Commitment ID, e.g. 200005.
    id: String,
    #[arg(long)]
    organisation: Option<String>,
    /// The account's e-mail.
    #[arg(long, value_name = "EMAIL")]
    user: String,
}

/// Filters for `commitments list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// A commitment type of the framework (WHS: Operational, Policy, Advocacy or Financial).
    #[arg(long = "type")]
    kind: Option<String>,
    #[command(flatten)]
    categories: CategoryArgs,
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
    /// The framework's code (default: WHS, or the only framework). `edit` moves the
    /// commitment to it (give its categories too).
    #[arg(long)]
    framework: Option<String>,
    /// A short name.
    #[arg(long)]
    title: Option<String>,
    /// A commitment type of the framework (WHS: Operational, Policy, Advocacy or Financial).
    #[arg(long = "type")]
    kind: Option<String>,
    /// The description text.
    #[arg(long, conflicts_with = "description_file")]
    description: Option<String>,
    /// Read the description from a file ("-" for standard input).
    #[arg(long, value_name = "FILE")]
    description_file: Option<PathBuf>,
    /// Category codes of the framework (repeat or comma-separate); given ones count as
    /// confirmed. Replaces the list.
    #[arg(long = "category", value_delimiter = ',')]
    categories: Vec<String>,
    /// WHS: core responsibility numbers (repeat or comma-separate); categories too.
    #[arg(long = "cr", value_delimiter = ',')]
    core_responsibilities: Vec<u8>,
    /// WHS: transformation codes (repeat or comma-separate); categories too.
    #[arg(long = "transformation", value_delimiter = ',')]
    transformations: Vec<String>,
    /// Tags, comma-separated (replaces the list; "" for none).
    #[arg(long, value_parser = tag_list)]
    tags: Option<Vec<String>>,
}

fn tag_list(s: &str) -> Result<Vec<String>, std::convert::Infallible> {
    Ok(s.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect())
}

pub fn run(b: &Backend, command: &CommitmentsCommand) -> Result<(), Error> {
    match command {
        CommitmentsCommand::List(a) => {
            let mut filter = CommitmentFilter {
                search: a.search.clone(),
                kind: a.kind.clone(),
                organisation: a.organisation.clone(),
                include_retired: a.include_retired,
                ..Default::default()
            };
            a.categories.apply(&mut filter)?;
            let list: Vec<CommitmentSummary> = b.call("list_commitments", &filter)?;
            output::commitment_list(&list, a.format)
        }
        CommitmentsCommand::Show {
            id,
            organisation,
            format,
        } => {
            let c = find(b, organisation.as_deref(), id)?;
            let focal_points = focal_points(b, &c)?;
            output::commitment(&c, &focal_points, *format)
        }
        CommitmentsCommand::Add(edit) => {
            let input = CommitmentInput {
                organisation: edit.organisation.clone(),
                framework: edit.framework.clone(),
                commitment_id: edit.commitment_id.clone().unwrap_or_default(),
                title: edit.title.clone().unwrap_or_default(),
                kind: edit.kind.clone().unwrap_or_default(),
                description: edit.description()?.unwrap_or_default(),
                categories: edit.links(),
                tags: edit.tags.clone().unwrap_or_default(),
            };
            let c: Commitment = b.call("create_commitment", &input)?;
            outln!("added commitment {} ({})", c.commitment_id, c.id);
            Ok(())
        }
        CommitmentsCommand::Edit { id, edit } => {
            let current = find(b, edit.organisation.as_deref(), id)?;
            let input = CommitmentInput {
                organisation: Some(current.organisation.clone()),
                commitment_id: edit
                    .commitment_id
                    .clone()
                    .unwrap_or_else(|| current.commitment_id.clone()),
                framework: Some(
                    edit.framework
                        .clone()
                        .unwrap_or_else(|| current.framework.clone()),
                ),
                title: edit.title.clone().unwrap_or_else(|| current.title.clone()),
                kind: edit.kind.clone().unwrap_or_else(|| current.kind.clone()),
                description: edit
                    .description()?
                    .unwrap_or_else(|| current.description.clone()),
                categories: if edit.has_links() {
                    edit.links()
                } else {
                    current.categories.clone()
                },
                tags: edit.tags.clone().unwrap_or_else(|| current.tags.clone()),
            };
            let c: Commitment = b.call(
                "update_commitment",
                &UpdateCommitment {
                    id: current.id.clone(),
                    expected_version: current.version,
                    input,
                },
            )?;
            outln!(
                "saved commitment {} (version {})",
                c.commitment_id,
                c.version
            );
            Ok(())
        }
        CommitmentsCommand::Retire { id, organisation } => {
            let current = find(b, organisation.as_deref(), id)?;
            let _: Commitment = b.call("retire_commitment", &versioned(&current))?;
            outln!("retired commitment {}", current.commitment_id);
            Ok(())
        }
        CommitmentsCommand::Restore { id, organisation } => {
            let current = find(b, organisation.as_deref(), id)?;
            let _: Commitment = b.call("restore_commitment", &versioned(&current))?;
            outln!("restored commitment {}", current.commitment_id);
            Ok(())
        }
        CommitmentsCommand::Assign(a) => assignment(b, a, "assign_commitment"),
        CommitmentsCommand::Unassign(a) => assignment(b, a, "unassign_commitment"),
    }
}

fn find(b: &Backend, organisation: Option<&str>, public_id: &str) -> Result<Commitment, Error> {
    b.call(
        "find_commitment",
        &ByCommitmentId {
            organisation: organisation.map(str::to_owned),
            commitment_id: public_id.to_owned(),
        },
    )
}

fn versioned(c: &Commitment) -> VersionedId {
    VersionedId {
        id: c.id.clone(),
        expected_version: c.version,
    }
}

fn focal_points(b: &Backend, c: &Commitment) -> Result<Vec<User>, Error> {
    b.call(
        "list_assignees",
        &ByCommitment {
            commitment: c.id.clone(),
        },
    )
}

/// `assign` or `unassign` (`cmd`), then the focal points now.
fn assignment(b: &Backend, a: &AssignArgs, cmd: &str) -> Result<(), Error> {
    let c = find(b, a.organisation.as_deref(), &a.id)?;
    let users: Vec<User> = b.call(
        cmd,
        &Assignment {
            commitment: c.id.clone(),
            user: a.user.clone(),
        },
    )?;
    output::focal_points(&c, &users)
}

impl EditArgs {
    fn has_links(&self) -> bool {
        !(self.categories.is_empty()
            && self.core_responsibilities.is_empty()
            && self.transformations.is_empty())
    }

    /// --category, --cr and --transformation together, as confirmed links.
    fn links(&self) -> Vec<CategoryLink> {
        self.categories
            .iter()
            .cloned()
            .chain(self.core_responsibilities.iter().map(u8::to_string))
            .chain(self.transformations.iter().cloned())
            .map(|c| CategoryLink::stated(&c))
            .collect()
    }

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
