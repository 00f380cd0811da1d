//! The command table: every command the UI may call, its argument and result types, and the
//! service function behind it. The window (one Tauri command) and the browser mode (one HTTP
//! route) both call [`dispatch`]; TypeScript types for the table come from [`bindings`].

pub mod args;
pub mod bindings;

use serde_json::Value;

use crate::app::App;
use crate::domain::{
    AuditEntry, AuditQuery, Autosave, Catalogue, Commitment, CommitmentFilter, CommitmentInput,
    CommitmentPage, CommitmentPageQuery, CommitmentSummary, Dashboard, DashboardQuery, DraftKey,
    Framework, FrameworkInput, FrameworkUpdate, Identity, Matrix, MatrixQuery, OpenCycle,
    Organisation, Report, ReportInput, ReportSummary, ReportingCycle, ReviewAction, ReviewEvent,
    Revision, RevisionDiff, RevisionSummary, SearchHit, SearchQuery, TimelinePoint,
};
use crate::error::Error;
use crate::export::job::Progress;
use crate::export::ExportOutcome;
use crate::services;
use crate::services::backups::{BackupFile, RestoreOutcome, RestoreRequest};
use crate::services::bundle_import::BundleImport;
use crate::services::catalogue_import::CatalogueImport;
use crate::services::exchange::{
    BundleRequest, ByImportKind, CatalogueImportRequest, ExportRequest, ImportRequest, JobRef,
    ProposeMappingRequest, ReportImportRequest, TextFile,
};
use crate::services::frameworks::FrameworkImport;
use crate::services::import_mapping::MappingProposal;
use crate::services::my_work::{MyWork, MyWorkQuery};
use crate::services::report_import::ReportImport;
pub use args::{
    AppInfo, ByCommitment, ByCommitmentId, ById, DiffRequest, NewReport, NoArgs, RestoreRevision,
    ReviewRequest, RevisionRef, StartupMark, UiReady, UpdateCommitment, UpdateReport, VersionedId,
};

/// Declares the table once; generates [`dispatch`], [`COMMANDS`] and the TypeScript map.
macro_rules! commands {
    ($( $name:ident ( $app:ident, $args:ident : $args_ty:ty ) -> $res:ty => $body:expr ; )*) => {
        /// Runs the command `cmd` with JSON `args`, returning its JSON result.
        pub fn dispatch(app: &App, cmd: &str, args: Value) -> Result<Value, Error> {
            match cmd {
                $( stringify!($name) => {
                    let $args: $args_ty = args::parse(cmd, args)?;
                    let $app = app;
                    let out: $res = $body?;
                    serde_json::to_value(out).map_err(|e| Error::BadRequest {
                        message: format!("could not encode the result of {cmd}: {e}"),
                        field: None,
                    })
                } )*
                _ => Err(Error::BadRequest {
                    message: format!("unknown command {cmd:?}"),
                    field: None,
                }),
            }
        }

        /// Every command name.
        pub const COMMANDS: &[&str] = &[$( stringify!($name) ),*];

        /// Exports the TypeScript types of every command's arguments and result, and the
        /// `Commands` map, into `dir`.
        pub fn export_bindings(dir: &std::path::Path) -> Result<(), bindings::BindingsError> {
            let mut map = bindings::CommandMap::new(dir);
            $( map.add::<$args_ty, $res>(stringify!($name))?; )*
            map.finish()
        }
    };
}

commands! {
    app_info(app, _a: NoArgs) -> AppInfo => Ok::<_, Error>(AppInfo::of(app));
    // The UI has painted its first list; nothing happens (the desktop shell's cold-start probe
    // times its arrival). Answers true.
    ui_ready(_app, _a: UiReady) -> bool => Ok::<_, Error>(true);
    get_identity(app, _a: NoArgs) -> Option<Identity> =>
        services::identity::get(app.store(), app.account());
    set_identity(app, a: Identity) -> Identity =>
        services::identity::set(app.store(), app.account(), &a);
    catalogue(app, _a: NoArgs) -> Catalogue => services::catalogue::catalogue(app.store());
    create_framework(app, a: FrameworkInput) -> Framework =>
        services::frameworks::create(app.store(), &app.actor()?, &a);
    update_framework(app, a: FrameworkUpdate) -> Framework =>
        services::frameworks::update(app.store(), &app.actor()?, &a);
    import_framework(app, a: ImportRequest) -> FrameworkImport => services::exchange::import_framework(app, &a);
    framework_template(_app, _a: NoArgs) -> TextFile => Ok::<_, Error>(services::exchange::framework_template());
    framework_template_csv(_app, _a: NoArgs) -> TextFile => Ok::<_, Error>(services::exchange::framework_template_csv());
    list_organisations(app, _a: NoArgs) -> Vec<Organisation> =>
        services::catalogue::list_organisations(app.store());
    list_commitments(app, a: CommitmentFilter) -> Vec<CommitmentSummary> =>
        services::commitments::list(app.store(), &a);
    list_commitments_page(app, a: CommitmentPageQuery) -> CommitmentPage =>
        services::commitments::page(app.store(), &a);
    get_commitment(app, a: ById) -> Commitment => services::commitments::get(app.store(), &a.id);
    find_commitment(app, a: ByCommitmentId) -> Commitment =>
        services::commitments::find_by_commitment_id(app.store(), a.organisation.as_deref(), &a.commitment_id);
    create_commitment(app, a: CommitmentInput) -> Commitment =>
        services::commitments::create(app.store(), &app.actor()?, &a);
    update_commitment(app, a: UpdateCommitment) -> Commitment =>
        services::commitments::update(app.store(), &app.actor()?, &a.id, a.expected_version, &a.input);
    retire_commitment(app, a: VersionedId) -> Commitment =>
        services::commitments::retire(app.store(), &app.actor()?, &a.id, a.expected_version);
    restore_commitment(app, a: VersionedId) -> Commitment =>
        services::commitments::restore(app.store(), &app.actor()?, &a.id, a.expected_version);
    list_reports(app, a: ByCommitment) -> Vec<ReportSummary> =>
        services::reports::list_for_commitment(app.store(), &a.commitment);
    get_report(app, a: ById) -> Report => services::reports::get(app.store(), &a.id);
    find_report(app, a: DraftKey) -> Option<Report> =>
        services::reports::find(app.store(), &a.commitment, a.year);
    prefill_report(app, a: DraftKey) -> Option<ReportInput> =>
        services::reports::prefill(app.store(), &a.commitment, a.year);
    create_report(app, a: NewReport) -> Report =>
        services::reports::create(app.store(), &app.actor()?, app.account(), &a.commitment, a.year, &a.input);
    update_report(app, a: UpdateReport) -> Report =>
        services::reports::update(app.store(), &app.actor()?, app.account(), &a.id, a.expected_version, &a.input);
    submit_report(app, a: ReviewRequest) -> Report =>
        services::reports::review(app.store(), &app.actor()?, &a.id, a.expected_version, ReviewAction::Submit, a.comment.as_deref());
    approve_report(app, a: ReviewRequest) -> Report =>
        services::reports::review(app.store(), &app.actor()?, &a.id, a.expected_version, ReviewAction::Approve, a.comment.as_deref());
    return_report(app, a: ReviewRequest) -> Report =>
        services::reports::review(app.store(), &app.actor()?, &a.id, a.expected_version, ReviewAction::Return, a.comment.as_deref());
    reopen_report(app, a: ReviewRequest) -> Report =>
        services::reports::review(app.store(), &app.actor()?, &a.id, a.expected_version, ReviewAction::Reopen, a.comment.as_deref());
    review_history(app, a: ById) -> Vec<ReviewEvent> => services::reports::history(app.store(), &a.id);
    list_revisions(app, a: ById) -> Vec<RevisionSummary> => services::reports::revisions(app.store(), &a.id);
    get_revision(app, a: RevisionRef) -> Revision =>
        services::reports::revision(app.store(), &a.id, a.revision);
    diff_revisions(app, a: DiffRequest) -> RevisionDiff =>
        services::reports::diff_revisions(app.store(), &a.id, a.from, a.to);
    restore_revision(app, a: RestoreRevision) -> Report =>
        services::reports::restore_revision(app.store(), &app.actor()?, app.account(), &a.id, a.expected_version, a.revision);
    audit_log(app, a: AuditQuery) -> Vec<AuditEntry> => services::audit::list(app.store(), &a);
    my_work(app, a: MyWorkQuery) -> MyWork => services::my_work::my_work(app.store(), &a);
    autosave_put(app, a: Autosave) -> Autosave => services::autosave::put(app.store(), app.account(), &a);
    autosave_get(app, a: DraftKey) -> Option<Autosave> =>
        services::autosave::get(app.store(), app.account(), &a);
    autosave_list(app, _a: NoArgs) -> Vec<Autosave> => services::autosave::list(app.store(), app.account());
    autosave_discard(app, a: DraftKey) -> bool =>
        services::autosave::discard(app.store(), app.account(), &a);
    dashboard(app, a: DashboardQuery) -> Dashboard => services::status::dashboard(app.store(), &a);
    commitment_timeline(app, a: ByCommitment) -> Vec<TimelinePoint> =>
        services::status::timeline(app.store(), &a.commitment);
    matrix(app, a: MatrixQuery) -> Matrix => services::status::matrix(app.store(), &a);
    search(app, a: SearchQuery) -> Vec<SearchHit> => services::search::search(app.store(), &a);
    list_cycles(app, _a: NoArgs) -> Vec<ReportingCycle> => services::cycles::list(app.store());
    open_cycle(app, a: OpenCycle) -> ReportingCycle =>
        services::cycles::open(app.store(), &app.actor()?, &a);
    export_file(app, a: ExportRequest) -> ExportOutcome => services::exchange::export(app, &a);
    job_progress(app, a: JobRef) -> Option<Progress> => Ok::<_, Error>(services::exchange::progress(app, &a));
    cancel_job(app, a: JobRef) -> bool => Ok::<_, Error>(services::exchange::cancel(app, &a));
    import_catalogue(app, a: CatalogueImportRequest) -> CatalogueImport => services::exchange::import_catalogue(app, &a);
    import_bundle(app, a: BundleRequest) -> BundleImport => services::exchange::import_bundle(app, &a);
    // A file's columns, the mapping proposed (or saved, or chosen), missing fields, ignored
    // columns, values with no meaning yet and the first rows through it: all an import's
    // mapping step shows. Reads only.
    propose_mapping(app, a: ProposeMappingRequest) -> MappingProposal => services::exchange::propose_mapping(app, &a);
    import_reports(app, a: ReportImportRequest) -> ReportImport => services::exchange::import_reports(app, &a);
    list_import_mappings(app, a: ByImportKind) -> Vec<String> =>
        services::import_mapping::saved_names(app.store(), a.kind);
    catalogue_template(_app, _a: NoArgs) -> TextFile => Ok::<_, Error>(services::exchange::template());
    list_backups(app, _a: NoArgs) -> Vec<BackupFile> => services::backups::list(app.store());
    create_backup(app, _a: NoArgs) -> BackupFile => services::backups::create(app.store(), "manual");
    restore_backup(app, a: RestoreRequest) -> RestoreOutcome =>
        services::backups::restore(app.store(), std::path::Path::new(&a.path));
}
