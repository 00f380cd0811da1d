//! `export` and `import`: files in and out, from the command line.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::filters::CategoryArgs;
use super::output::print_json;
use crate::app::App;
use crate::domain::CommitmentFilter;
use crate::error::Error;
use crate::export::bundle::{Resolution, Take};
use crate::export::{ExportFormat, ExportScope, Job};
use crate::services::exchange::{self, BundleRequest, FileSource, ImportRequest};

/// Export formats on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Csv,
    Xlsx,
    Json,
    Md,
    Pdf,
}

/// `export`: reports to a file.
#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum)]
    format: Format,
    /// The file to write (replaced only once the export is complete).
    #[arg(long, value_name = "PATH")]
    out: PathBuf,
    /// One year (the annual report's year for md).
    #[arg(long, conflicts_with_all = ["from", "to"])]
    year: Option<i32>,
    #[arg(long)]
    from: Option<i32>,
    #[arg(long)]
    to: Option<i32>,
    /// CSV: start with a byte-order mark (for Excel).
    #[arg(long)]
    bom: bool,
    #[arg(long = "type")]
    kind: Option<String>,
    #[command(flatten)]
    categories: CategoryArgs,
    #[arg(long)]
    organisation: Option<String>,
}

/// `import`: catalogue or bundle files.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Commitments from CSV, XLSX or JSON: shows the preview; --apply imports (all or nothing).
    Catalogue {
        file: PathBuf,
        #[arg(long)]
        apply: bool,
    },
    /// A JSON bundle: restores into an empty database, merges into one with data.
    Bundle {
        file: PathBuf,
        #[arg(long)]
        apply: bool,
        /// Keep this copy's version of a conflicting report (its UUID; repeat).
        #[arg(long, value_name = "REPORT_ID")]
        keep_mine: Vec<String>,
        /// Take the bundle's version of a conflicting report (its UUID; repeat).
        #[arg(long, value_name = "REPORT_ID")]
        take_theirs: Vec<String>,
    },
    /// Print the catalogue template (CSV).
    Template,
}

pub fn run_export(app: &App, a: &ExportArgs) -> Result<(), Error> {
    let format = match a.format {
        Format::Csv => ExportFormat::Csv,
        Format::Xlsx => ExportFormat::Xlsx,
        Format::Json => ExportFormat::Json,
        Format::Md => ExportFormat::Markdown,
        Format::Pdf => ExportFormat::Pdf,
    };
    let mut filter = CommitmentFilter {
        kind: a.kind.clone(),
        organisation: a.organisation.clone(),
        ..Default::default()
    };
    a.categories.apply(&mut filter)?;
    let scope = ExportScope {
        from_year: a.year.or(a.from),
        to_year: a.year.or(a.to),
        filter,
    };
    let o = exchange::export_to(app, format, &scope, a.bom, &a.out, &Job::unwatched())?;
    outln!("wrote {} ({} records, {} bytes)", o.path, o.rows, o.bytes);
    Ok(())
}

fn source(file: &std::path::Path) -> FileSource {
    FileSource {
        name: file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        path: Some(file.display().to_string()),
        content_base64: None,
    }
}

pub fn run_import(app: &App, c: &ImportCommand) -> Result<(), Error> {
    match c {
        ImportCommand::Catalogue { file, apply } => {
            let r = exchange::import_catalogue(
                app,
                &ImportRequest {
                    source: source(file),
                    apply: *apply,
                },
            )?;
            for row in &r.rows {
                let what = match (&row.column, &row.error) {
                    (Some(col), Some(e)) => format!("refused: column {col}: {e}"),
                    (None, Some(e)) => format!("refused: {e}"),
                    _ if !row.changes.is_empty() => {
                        format!("{:?}: {}", row.action, row.changes.join(", "))
                    }
                    _ => format!("{:?}", row.action),
                };
                outln!("row {:>4}  {:<12} {what}", row.row, row.commitment_id);
            }
            outln!(
                "{}: {} to add, {} to change, {} unchanged, {} refused{}",
                r.file,
                r.added,
                r.changed,
                r.unchanged,
                r.refused,
                if r.applied {
                    " — imported"
                } else if *apply {
                    ""
                } else {
                    " (preview: nothing imported; add --apply)"
                }
            );
            Ok(())
        }
        ImportCommand::Bundle {
            file,
            apply,
            keep_mine,
            take_theirs,
        } => {
            let resolutions = keep_mine
                .iter()
                .map(|id| Resolution {
                    report_id: id.clone(),
                    take: Take::Mine,
                })
                .chain(take_theirs.iter().map(|id| Resolution {
                    report_id: id.clone(),
                    take: Take::Theirs,
                }))
                .collect();
            let r = exchange::import_bundle(
                app,
                &BundleRequest {
                    source: source(file),
                    apply: *apply,
                    resolutions,
                },
            )?;
            print_json(&r)
        }
        ImportCommand::Template => {
            out!("{}", exchange::template().content);
            Ok(())
        }
    }
}
