//! `frameworks …`: the frameworks commitments are made under, from the command line.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::backend::Backend;
use super::output::{self, Format};
use crate::api::{ByCode, NoArgs};
use crate::domain::framework::FrameworkChanges;
use crate::domain::{Catalogue, CategoryInput, Framework, FrameworkUpdate};
use crate::error::Error;
use crate::services::exchange::{ImportRequest, TextFile};
use crate::services::frameworks::FrameworkImport;

/// The `frameworks` subcommands.
#[derive(Debug, Subcommand)]
pub enum FrameworksCommand {
    /// List the frameworks.
    List {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Show one framework with its levels, types and categories.
    Show {
        code: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Add a framework, e.g. `--code OT --name "…" --level Category --types "A,B"`.
    Add(FrameworkArgs),
    /// Edit a framework (only the options given change; categories are matched by code).
    Edit {
        /// The framework's current code.
        code: String,
        #[command(flatten)]
        args: FrameworkArgs,
        /// Remove a category (refused while commitments link to it; repeat).
        #[arg(long, value_name = "CODE")]
        remove_category: Vec<String>,
    },
    /// Add or update a framework from a JSON file, or a CSV/XLSX file with one category a row
    /// (see `frameworks template`); shows the result, --apply keeps it.
    Import {
        file: PathBuf,
        #[arg(long)]
        apply: bool,
    },
    /// Print a documented example of a framework file (JSON; --csv: the table form).
    Template {
        #[arg(long)]
        csv: bool,
    },
}

/// Fields for `add` and `edit`.
#[derive(Debug, Args)]
pub struct FrameworkArgs {
    /// Short code (letters, digits, - _ . /); `edit --code` renames it.
    #[arg(long = "code", id = "new_code")]
    code: Option<String>,
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    description: Option<String>,
    /// Where the framework is published (URL or citation).
    #[arg(long)]
    source: Option<String>,
    /// A level of the taxonomy, from the top (repeat; replaces the list).
    #[arg(long = "level")]
    levels: Vec<String>,
    /// Commitment types, comma-separated (replaces the list; "" for none).
    #[arg(long)]
    types: Option<String>,
    /// How many top-level categories each commitment must link.
    #[arg(long)]
    min_categories: Option<u32>,
    /// A category as CODE=NAME or CODE=NAME@PARENT (repeat; adds or renames by code).
    #[arg(long = "category", value_name = "CODE=NAME[@PARENT]")]
    categories: Vec<String>,
}

fn get(b: &Backend, code: &str) -> Result<Framework, Error> {
    b.call(
        "get_framework",
        &ByCode {
            code: code.to_owned(),
        },
    )
}

pub fn run(b: &Backend, command: &FrameworksCommand) -> Result<(), Error> {
    match command {
        FrameworksCommand::List { format } => {
            let catalogue: Catalogue = b.call("catalogue", &NoArgs {})?;
            output::framework_list(&catalogue.frameworks, *format)
        }
        FrameworksCommand::Show { code, format } => output::framework(&get(b, code)?, *format),
        FrameworksCommand::Add(a) => {
            let input = a.changes(&[])?.over(None)?;
            let f: Framework = b.call("create_framework", &input)?;
            outln!(
                "added framework {} ({} {})",
                f.code,
                f.categories.len(),
                if f.categories.len() == 1 {
                    "category"
                } else {
                    "categories"
                }
            );
            Ok(())
        }
        FrameworksCommand::Edit {
            code,
            args,
            remove_category,
        } => {
            let current = get(b, code)?;
            let input = args.changes(remove_category)?.over(Some(&current))?;
            let f: Framework = b.call(
                "update_framework",
                &FrameworkUpdate {
                    code: current.code.clone(),
                    expected_version: current.version,
                    input,
                },
            )?;
            outln!("saved framework {} (version {})", f.code, f.version);
            Ok(())
        }
        FrameworksCommand::Import { file, apply } => {
            let r: FrameworkImport = b.call(
                "import_framework",
                &ImportRequest {
                    source: b.source(file)?,
                    apply: *apply,
                },
            )?;
            let verb = match (r.existed, r.applied) {
                (false, true) => "added",
                (true, true) => "updated",
                (false, false) => "would add",
                (true, false) => "would update",
            };
            let kept = if r.kept.is_empty() {
                String::new()
            } else {
                format!(
                    "; kept, not in the file: {} (remove them with `ct frameworks edit --remove-category`)",
                    r.kept.join(", ")
                )
            };
            outln!(
                "{verb} framework {}: {} categories, {} of them new{kept}{}",
                r.framework.code,
                r.framework.categories.len(),
                r.added.len(),
                if r.applied {
                    ""
                } else {
                    "; --apply to keep it"
                }
            );
            Ok(())
        }
        FrameworksCommand::Template { csv } => {
            let cmd = if *csv {
                "framework_template_csv"
            } else {
                "framework_template"
            };
            let t: TextFile = b.call(cmd, &NoArgs {})?;
            out!("{}", t.content);
            Ok(())
        }
    }
}

impl FrameworkArgs {
    /// The options as changes to lay over a framework (`remove`: categories to drop).
    fn changes(&self, remove: &[String]) -> Result<FrameworkChanges, Error> {
        Ok(FrameworkChanges {
            code: self.code.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            source: self.source.clone(),
            levels: self.levels.clone(),
            types: self.types.as_ref().map(|t| {
                t.split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned)
                    .collect()
            }),
            min_categories: self.min_categories,
            categories: self
                .categories
                .iter()
                .map(|c| parse_category(c))
                .collect::<Result<_, _>>()?,
            remove: remove.to_vec(),
        })
    }
}

/// "CODE=NAME" or "CODE=NAME@PARENT".
fn parse_category(spec: &str) -> Result<CategoryInput, Error> {
    let Some((code, rest)) = spec.split_once('=') else {
        return Err(Error::validation(
            "categories",
            format!("--category {spec:?}: write CODE=NAME or CODE=NAME@PARENT"),
        ));
    };
    let (name, parent) = match rest.rsplit_once('@') {
        Some((name, parent)) => (name, Some(parent.trim().to_owned())),
        None => (rest, None),
    };
    Ok(CategoryInput {
        code: code.trim().to_owned(),
        name: name.trim().to_owned(),
        parent,
        reference_text: String::new(),
    })
}
