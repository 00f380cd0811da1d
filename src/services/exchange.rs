//! Exports to files and imports from files, with progress and cancellation.

use std::path::{Path, PathBuf};

use base64::Engine;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::bundle_import::{self, BundleImport, Importer, Resolution};
use super::catalogue_import::{self, CatalogueImport, CatalogueImportOptions};
use crate::app::App;
use crate::domain::time::current_year;
use crate::domain::{Caller, DashboardQuery};
use crate::error::Error;
use crate::export::bundle;
use crate::export::job::Progress;
use crate::export::{
    self, annual, write_atomically, ExportFormat, ExportOutcome, ExportScope, Job,
};
use crate::import::catalogue::TEMPLATE_CSV;
use crate::import::mapping::ImportKind;
use crate::import::MAX_IMPORT_BYTES;
use crate::services::import_mapping::{self, MappingChoice, MappingProposal};
use crate::services::report_import::{self, ReportImport, ReportImportOptions};
use crate::services::{access, status};
use crate::store::Store;

/// An export to run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportRequest {
    /// The caller's id for this job (to watch its progress or cancel it).
    pub job_id: String,
    pub format: ExportFormat,
    #[serde(default)]
    pub scope: ExportScope,
    /// Where to write (the window's save dialog); None in browser mode (the file is then
    /// offered for download).
    #[serde(default)]
    pub path: Option<String>,
    /// CSV only: start with a byte-order mark so Excel reads UTF-8.
    #[serde(default)]
    pub bom: bool,
}

/// A file to import: a path (window, CLI), its content (browser page), or a file uploaded
/// to the team server (`POST /upload`). A signed-in account of a team server may not name a
/// path: the server's disk is not the client's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FileSource {
    /// The file's name (its extension tells the format).
    pub name: String,
    #[serde(default)]
    pub path: Option<String>,
    #[serde(default)]
    pub content_base64: Option<String>,
    /// The id `POST /upload` answered (only the account that uploaded it may use it).
    #[serde(default)]
    #[ts(optional)]
    pub upload_id: Option<String>,
}

/// A catalogue import: preview (apply = false) or apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportRequest {
    pub source: FileSource,
    #[serde(default)]
    pub apply: bool,
}

/// A catalogue import: preview (apply = false) or apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CatalogueImportRequest {
    pub source: FileSource,
    #[serde(default)]
    pub apply: bool,
    #[serde(default)]
    pub options: CatalogueImportOptions,
}

/// A report history import: preview (apply = false) or apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportImportRequest {
    pub source: FileSource,
    #[serde(default)]
    pub apply: bool,
    #[serde(default)]
    pub options: ReportImportOptions,
}

/// A file to see through a mapping before importing it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProposeMappingRequest {
    pub source: FileSource,
    pub kind: ImportKind,
    #[serde(default)]
    pub choice: MappingChoice,
    /// Catalogue: the framework the commitments would go to (default WHS, else the first);
    /// its types are known values of the `type` field, not unmapped ones.
    #[serde(default)]
    #[ts(optional)]
    pub framework: Option<String>,
}

/// The mappings saved for one import kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ByImportKind {
    pub kind: ImportKind,
}

/// A bundle import: preview or apply, with decisions about conflicts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BundleRequest {
    pub source: FileSource,
    #[serde(default)]
    pub apply: bool,
    #[serde(default)]
    pub resolutions: Vec<Resolution>,
}

/// A job to watch or cancel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JobRef {
    pub job_id: String,
}

/// A small text file to offer (the import template).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TextFile {
    pub name: String,
    pub content: String,
}

/// The default file name of an export.
pub fn file_name(format: ExportFormat, scope: &ExportScope) -> String {
    let (from, to) = scope.years().unwrap_or((0, 0));
    let years = if from == to {
        from.to_string()
    } else {
        format!("{from}-{to}")
    };
    match format {
        ExportFormat::Json => "commitment-tracker-bundle.json".to_owned(),
        ExportFormat::Markdown => format!("annual-report-{to}.md"),
        ExportFormat::Pdf => format!("annual-report-{to}.pdf"),
        f => format!("reports-{years}.{}", f.extension()),
    }
}

/// Writes one export to `path` (atomically), watching `job`.
pub fn export_to(
    app: &App,
    format: ExportFormat,
    scope: &ExportScope,
    bom: bool,
    path: &Path,
    job: &Job,
) -> Result<ExportOutcome, Error> {
    let store = app.store();
    write_atomically(path, |out| match format {
        ExportFormat::Csv => export::csv::write(store, scope, bom, job, out),
        ExportFormat::Xlsx => {
            let (_, to) = scope.years()?;
            let year = export::xlsx::summary_year(to, current_year());
            let summary = status::dashboard(store, &DashboardQuery { year: Some(year) })?;
            export::xlsx::write(store, scope, &summary, job, out)
        }
        ExportFormat::Json => super::bundle_export::write(store, job, out),
        ExportFormat::Markdown => {
            let report = annual_report(store, scope)?;
            export::markdown::write(&report, out)
        }
        ExportFormat::Pdf => {
            let report = annual_report(store, scope)?;
            job.set_total(1);
            let n = export::pdf::write(&report, job, out)?;
            job.tick()?;
            Ok(n)
        }
    })
}

/// Refuses a path on the server's disk named by a team server's signed-in account (kind
/// `forbidden`): such a client uploads and downloads instead.
fn no_server_path(caller: &Caller, path: Option<&str>, instead: &str) -> Result<(), Error> {
    match (caller, path) {
        (Caller::User(_), Some(p)) => Err(Error::Forbidden(format!(
            "a team server does not read or write files on its own disk for a client ({p}): {instead}"
        ))),
        _ => Ok(()),
    }
}

/// Runs an export request: to the given path (the window, the local CLI), or to a temporary
/// file offered for download to `caller` alone (browser mode, the team server, where a path
/// is refused).
pub fn export(app: &App, caller: &Caller, req: &ExportRequest) -> Result<ExportOutcome, Error> {
    no_server_path(
        caller,
        req.path.as_deref(),
        "leave the path out and download the file",
    )?;
    let key = job_key(app, caller, &req.job_id);
    let job = app.start_job(&key);
    let name = file_name(req.format, &req.scope);
    let result = match &req.path {
        Some(p) => export_to(app, req.format, &req.scope, req.bom, Path::new(p), &job),
        None => crate::transfers::folder("downloads").and_then(|dir| {
            let path: PathBuf = dir.join(crate::transfers::new_id());
            export_to(app, req.format, &req.scope, req.bom, &path, &job).map(|mut o| {
                let owner = app.account_for(caller);
                o.download_id = Some(app.transfers().add_download(owner, path, &name));
                o.file_name = name.clone();
                o
            })
        }),
    };
    app.end_job(&key);
    result
}

/// The annual report of the scope's last year (default: this year), with its cycle's phase.
fn annual_report(store: &Store, scope: &ExportScope) -> Result<annual::AnnualReport, Error> {
    let year = scope.to_year.unwrap_or_else(current_year);
    let dashboard = status::dashboard(store, &DashboardQuery { year: Some(year) })?;
    let phase = status::phase(dashboard.cycle.as_ref(), status::today());
    annual::build(store, year, &scope.filter, phase)
}

/// The key of `caller`'s job `id`: each account sees and cancels only its own jobs, whatever
/// ids two people's pages happen to choose.
fn job_key(app: &App, caller: &Caller, id: &str) -> String {
    format!("{}/{id}", app.account_for(caller))
}

/// `caller`'s job's progress, if it is under way.
pub fn progress(app: &App, caller: &Caller, job: &JobRef) -> Option<Progress> {
    app.job(&job_key(app, caller, &job.job_id))
        .map(|j| j.progress())
}

/// Asks `caller`'s job to stop; returns whether it was under way.
pub fn cancel(app: &App, caller: &Caller, job: &JobRef) -> bool {
    app.job(&job_key(app, caller, &job.job_id))
        .map(|j| j.cancel())
        .is_some()
}

/// The bytes of a file to import, for `caller` (a signed-in account may not name a path on
/// the server, and reads only its own uploads).
pub fn read_source(app: &App, caller: &Caller, src: &FileSource) -> Result<Vec<u8>, Error> {
    let too_big = || Error::BadRequest {
        message: format!(
            "{}: the file is larger than {} MB",
            src.name,
            MAX_IMPORT_BYTES / 1024 / 1024
        ),
        field: Some("file".to_owned()),
    };
    no_server_path(caller, src.path.as_deref(), "upload the file instead")?;
    let read = |p: &Path| {
        let len = std::fs::metadata(p).map_err(|e| Error::io(p, e))?.len();
        if len > bundle::MAX_BUNDLE_BYTES as u64 {
            return Err(too_big());
        }
        std::fs::read(p).map_err(|e| Error::io(p, e))
    };
    if let Some(id) = &src.upload_id {
        let upload = app.transfers().upload(id, app.account_for(caller))?;
        return read(&upload.path);
    }
    match (&src.path, &src.content_base64) {
        (Some(p), _) => read(Path::new(p)),
        (None, Some(b64)) => base64::engine::general_purpose::STANDARD
            .decode(b64.as_bytes())
            .map_err(|e| Error::BadRequest {
                message: format!("{}: the upload is damaged ({e})", src.name),
                field: Some("file".to_owned()),
            }),
        (None, None) => Err(Error::validation("file", "choose a file")),
    }
}

/// Previews or applies a catalogue import.
pub fn import_catalogue(
    app: &App,
    caller: &Caller,
    req: &CatalogueImportRequest,
) -> Result<CatalogueImport, Error> {
    let bytes = read_source(app, caller, &req.source)?;
    catalogue_import::import(
        app.store(),
        &app.actor_for(caller)?,
        &req.source.name,
        &bytes,
        &req.options,
        req.apply,
    )
}

/// Previews or applies a report history import.
pub fn import_reports(
    app: &App,
    caller: &Caller,
    req: &ReportImportRequest,
) -> Result<ReportImport, Error> {
    let bytes = read_source(app, caller, &req.source)?;
    // A focal point's file may hold only their commitments' reports: the same rule as
    // writing one report (`access::Rule::WriteReport`), row by row.
    let scope = access::write_scope(app.store(), caller)?;
    if req.apply {
        report_import::apply(
            app.store(),
            &app.actor_for(caller)?,
            app.account_for(caller),
            &req.source.name,
            &bytes,
            &req.options,
            &scope,
        )
    } else {
        report_import::preview(app.store(), &req.source.name, &bytes, &req.options, &scope)
    }
}

/// The file's columns, the mapping proposed (or saved, or chosen) and the first rows through
/// it, before an import.
pub fn propose_mapping(
    app: &App,
    caller: &Caller,
    req: &ProposeMappingRequest,
) -> Result<MappingProposal, Error> {
    let bytes = read_source(app, caller, &req.source)?;
    let mut proposal =
        import_mapping::propose(app.store(), req.kind, &req.source.name, &bytes, &req.choice)?;
    if req.kind == ImportKind::Catalogue {
        let catalogue = super::catalogue::catalogue(app.store())?;
        let framework = catalogue.resolve(req.framework.as_deref())?;
        if let Some(values) = proposal.unmapped_values.get_mut("type") {
            values.retain(|v| framework.type_named(v).is_none());
            if values.is_empty() {
                proposal.unmapped_values.remove("type");
            }
        }
    }
    Ok(proposal)
}

/// Previews or applies a bundle import (restore into an empty database, merge otherwise).
pub fn import_bundle(
    app: &App,
    caller: &Caller,
    req: &BundleRequest,
) -> Result<BundleImport, Error> {
    let bytes = read_source(app, caller, &req.source)?;
    let b = bundle::parse(&req.source.name, &bytes)?;
    let actor = app.actor_for(caller)?;
    let by = Importer {
        actor: &actor,
        account: app.account_for(caller),
        source: &req.source.name,
    };
    bundle_import::import(app.store(), by, &b, &req.resolutions, !req.apply)
}

/// Previews or applies a framework file (JSON).
pub fn import_framework(
    app: &App,
    caller: &Caller,
    req: &ImportRequest,
) -> Result<super::frameworks::FrameworkImport, Error> {
    let bytes = read_source(app, caller, &req.source)?;
    super::frameworks::import(
        app.store(),
        &app.actor_for(caller)?,
        &req.source.name,
        &bytes,
        req.apply,
    )
}

/// The framework file template (JSON).
pub fn framework_template() -> TextFile {
    TextFile {
        name: "framework-template.json".to_owned(),
        content: super::frameworks::TEMPLATE_JSON.to_owned(),
    }
}

/// The framework file template, table form (CSV: one category a row).
pub fn framework_template_csv() -> TextFile {
    TextFile {
        name: "framework-template.csv".to_owned(),
        content: crate::import::framework_file::TEMPLATE_CSV.to_owned(),
    }
}

/// The catalogue import template.
pub fn template() -> TextFile {
    TextFile {
        name: "catalogue-template.csv".to_owned(),
        content: TEMPLATE_CSV.to_owned(),
    }
}
