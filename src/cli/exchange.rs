//! `export` and `import`: files in and out, from the command line.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::filters::CategoryArgs;
use super::output::print_json;
use crate::app::App;
use crate::domain::{Caller, CommitmentFilter};
use crate::error::Error;
use crate::export::{ExportFormat, ExportScope, Job};
use crate::import::mapping::ColumnMapping;
use crate::import::reports::ReportRowAction;
use crate::services::bundle_import::{Resolution, Take};
use crate::services::catalogue_import::{CatalogueImport, CatalogueImportOptions};
use crate::services::exchange::{
    self, BundleRequest, CatalogueImportRequest, FileSource, ReportImportRequest,
};
use crate::services::import_mapping::MappingChoice;
use crate::services::report_import::{ReportImport, ReportImportOptions};

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

/// How an import reads an organisation's own spreadsheet: which sheet, which row is the
/// header, which columns are which fields, what its values mean; and mappings saved by name.
#[derive(Debug, Clone, Default, Args)]
pub struct MappingArgs {
    /// The worksheet to read (XLSX; default: the first that looks like a table).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// The header's row number, from 1 (default: detected below any title rows).
    #[arg(long, value_name = "N")]
    pub header_row: Option<u32>,
    /// A field read from a column, or from several joined in order (repeat per field),
    /// e.g. --map id=commitment_detail_sub_id, --map id=Number+Letter; --map FIELD= leaves
    /// the field unread.
    #[arg(long = "map", value_name = "FIELD=COLUMN[+COLUMN…]")]
    pub map: Vec<String>,
    /// What a value of an enumerated field means (repeat), e.g. --value status:delayed=InProgress.
    #[arg(long = "value", value_name = "FIELD:SOURCE=TARGET")]
    pub value: Vec<String>,
    /// Start from the mapping saved under this name.
    #[arg(long = "mapping", value_name = "NAME")]
    pub mapping: Option<String>,
    /// Save the mapping in force under this name (with --apply, once the import succeeds).
    #[arg(long = "save-mapping", value_name = "NAME")]
    pub save_mapping: Option<String>,
}

fn bad_flag(flag: &str, text: &str, shape: &str) -> Error {
    Error::BadRequest {
        message: format!("{flag} {text:?}: expected {shape}"),
        field: Some(flag.trim_start_matches('-').to_owned()),
    }
}

impl MappingArgs {
    /// The choices as a [`MappingChoice`]. Errors (`BadRequest`, naming the flag): a --map
    /// without `=` or a column, a --value without `:` or `=`.
    pub fn choice(&self) -> Result<MappingChoice, Error> {
        let mut mapping = ColumnMapping {
            sheet: self.sheet.clone(),
            header_row: self.header_row,
            ..ColumnMapping::default()
        };
        for m in &self.map {
            let (field, columns) = m
                .split_once('=')
                .ok_or_else(|| bad_flag("--map", m, "FIELD=COLUMN[+COLUMN…]"))?;
            let columns: Vec<String> = columns
                .split('+')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect();
            // `--map FIELD=` (no column) leaves the field unread, whatever the proposal says.
            if field.trim().is_empty() {
                return Err(bad_flag("--map", m, "FIELD=COLUMN[+COLUMN…]"));
            }
            mapping.fields.insert(field.trim().to_owned(), columns);
        }
        for v in &self.value {
            let (field, rest) = v
                .split_once(':')
                .ok_or_else(|| bad_flag("--value", v, "FIELD:SOURCE=TARGET"))?;
            let (source, target) = rest
                .rsplit_once('=')
                .ok_or_else(|| bad_flag("--value", v, "FIELD:SOURCE=TARGET"))?;
            if field.trim().is_empty() || target.trim().is_empty() {
                return Err(bad_flag("--value", v, "FIELD:SOURCE=TARGET"));
            }
            mapping
                .values
                .entry(field.trim().to_owned())
                .or_default()
                .insert(source.trim().to_owned(), target.trim().to_owned());
        }
        Ok(MappingChoice {
            mapping_name: self.mapping.clone(),
            mapping,
        })
    }
}

/// How an import's preview or result is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    Table,
    Json,
}

/// `import`: catalogue or bundle files.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Commitments from CSV, XLSX or JSON into one framework: shows the preview (the mapping
    /// in force, row by row); --apply imports (all or nothing).
    Catalogue {
        file: PathBuf,
        /// The framework the commitments go to (default: WHS, else the first).
        #[arg(long)]
        framework: Option<String>,
        /// The organisation of rows that name none (created if new).
        #[arg(long)]
        organisation: Option<String>,
        /// Add the categories the file names and the framework lacks (else their rows are
        /// refused and the names listed).
        #[arg(long)]
        create_categories: bool,
        #[command(flatten)]
        mapping: MappingArgs,
        #[arg(long, value_enum, default_value = "table")]
        format: ImportFormat,
        #[arg(long)]
        apply: bool,
    },
    /// Report history from an organisation's own CSV or XLSX: shows the preview (the mapping
    /// in force, row by row); --apply imports (all or nothing).
    Reports {
        file: PathBuf,
        /// The reporting year of rows without a year column.
        #[arg(long)]
        year: Option<i32>,
        #[command(flatten)]
        mapping: MappingArgs,
        #[arg(long, value_enum, default_value = "table")]
        format: ImportFormat,
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
        upload_id: None,
    }
}

pub fn run_import(app: &App, c: &ImportCommand) -> Result<(), Error> {
    match c {
        ImportCommand::Catalogue {
            file,
            framework,
            organisation,
            create_categories,
            mapping,
            format,
            apply,
        } => {
            let r = exchange::import_catalogue(
                app,
                &Caller::Local,
                &CatalogueImportRequest {
                    source: source(file),
                    apply: *apply,
                    options: CatalogueImportOptions {
                        choice: mapping.choice()?,
                        framework: framework.clone(),
                        organisation: organisation.clone(),
                        create_categories: *create_categories,
                        save_mapping: mapping.save_mapping.clone(),
                    },
                },
            )?;
            match format {
                ImportFormat::Json => print_json(&r),
                ImportFormat::Table => print_catalogue_import(&r, *apply),
            }
        }
        ImportCommand::Reports {
            file,
            year,
            mapping,
            format,
            apply,
        } => {
            let r = exchange::import_reports(
                app,
                &Caller::Local,
                &ReportImportRequest {
                    source: source(file),
                    apply: *apply,
                    options: ReportImportOptions {
                        choice: mapping.choice()?,
                        year: *year,
                        save_mapping: mapping.save_mapping.clone(),
                    },
                },
            )?;
            match format {
                ImportFormat::Json => print_json(&r),
                ImportFormat::Table => print_report_import(&r, *apply),
            }
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
                &Caller::Local,
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

/// The mapping in force, then row by row, then the counts.
fn print_catalogue_import(r: &CatalogueImport, apply: bool) -> Result<(), Error> {
    print_mapping(&r.mapping, &r.ignored_columns, &r.unmapped_values)?;
    if !r.mapping.fields.contains_key("organisation") && !r.default_organisation.is_empty() {
        outln!(
            "organisation      <- {} for every row (--organisation to choose another)",
            r.default_organisation
        );
    }
    if !r.created_categories.is_empty() {
        outln!("new categories: {}", r.created_categories.join("; "));
    } else if !r.unknown_categories.is_empty() {
        outln!(
            "categories {} lacks (add them with --create-categories): {}",
            r.framework,
            r.unknown_categories.join("; ")
        );
    }
    for row in &r.rows {
        let what = match (&row.error, row.action) {
            (Some(e), _) => format!("refused: {e}"),
            (None, _) if !row.changes.is_empty() => {
                format!("{:?}: {}", row.action, row.changes.join(", "))
            }
            (None, action) => format!("{action:?}"),
        };
        outln!("row {:>4}  {:<12} {what}", row.row, row.commitment_id);
    }
    let counts = [r.added, r.changed, r.unchanged, r.refused, r.skipped];
    print_counts(
        &format!("{} into {}", r.file, r.framework),
        counts,
        r.applied,
        apply,
    )
}

/// "FILE: 2 to add, … 0 skipped", then whether it was imported.
fn print_counts(
    what: &str,
    [added, changed, unchanged, refused, skipped]: [u32; 5],
    applied: bool,
    apply: bool,
) -> Result<(), Error> {
    let outcome = if applied {
        " — imported"
    } else if apply {
        ""
    } else {
        " (preview: nothing imported; add --apply)"
    };
    outln!(
        "{what}: {added} to add, {changed} to change, {unchanged} unchanged, {refused} refused, {skipped} skipped{outcome}"
    );
    Ok(())
}

/// The mapping in force, the columns it ignores and the values it cannot read yet.
fn print_mapping(
    mapping: &ColumnMapping,
    ignored: &[String],
    unmapped: &std::collections::BTreeMap<String, Vec<String>>,
) -> Result<(), Error> {
    for (field, columns) in &mapping.fields {
        outln!("{field:<17} <- {}", columns.join(" + "));
    }
    if !ignored.is_empty() {
        outln!("ignored columns: {}", ignored.join(", "));
    }
    for (field, values) in unmapped {
        outln!(
            "{field}: values with no meaning yet (map with --value {field}:VALUE=TARGET): {}",
            values.join(", ")
        );
    }
    Ok(())
}

/// The mapping in force, then row by row, then the counts.
fn print_report_import(r: &ReportImport, apply: bool) -> Result<(), Error> {
    print_mapping(&r.mapping, &r.ignored_columns, &r.unmapped_values)?;
    for row in &r.rows {
        let what = match (&row.error, row.action) {
            (Some(e), _) => format!("refused: {e}"),
            (None, ReportRowAction::Change) => format!("Change: {}", row.changes.join(", ")),
            (None, a) => format!("{a:?}"),
        };
        let year = row.year.map(|y| y.to_string()).unwrap_or_default();
        outln!(
            "row {:>4}  {:<12} {:<4} {what}",
            row.row,
            row.commitment_id,
            year
        );
    }
    let counts = [r.added, r.changed, r.unchanged, r.refused, r.skipped];
    print_counts(&r.file, counts, r.applied, apply)
}
