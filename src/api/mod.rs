//! The command table: every command the UI may call, its argument and result types, and the
//! service function behind it. The window (one Tauri command) and the browser mode (one HTTP
//! route) both call [`dispatch`]; TypeScript types for the table come from [`bindings`].

pub mod args;
pub mod bindings;

use serde_json::Value;

use crate::app::App;
pub use crate::app::Call;
use crate::domain::sync::{
    LinkRequest, PullPage, PullRequest, PushAnswer, PushRequest, ResolveRequest, SsoLinkRequest,
    SyncOutcome, SyncStatus,
};
use crate::domain::{
    AccountEvent, AuditEntry, AuditQuery, Autosave, Caller, Catalogue, Commitment,
    CommitmentFilter, CommitmentInput, CommitmentPage, CommitmentPageQuery, CommitmentSummary,
    Dashboard, DashboardQuery, DraftKey, Framework, FrameworkInput, FrameworkUpdate, Identity,
    Matrix, MatrixQuery, NewToken, NewUser, OpenCycle, Organisation, Report, ReportInput,
    ReportSummary, ReportingCycle, ReviewAction, ReviewEvent, Revision, RevisionDiff,
    RevisionSummary, SearchHit, SearchQuery, SignedIn, TimelinePoint, TokenInfo, User,
};
use crate::error::Error;
use crate::export::job::Progress;
use crate::export::ExportOutcome;
use crate::services;
use crate::services::access::{self, Rule, RuleKind, Target};
use crate::services::assignments::Assignment;
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
use crate::services::server_settings::ServerSettings;

mod linked;
pub use args::{
    AccountHistoryQuery, AppInfo, ByCode, ByCommitment, ByCommitmentId, ById, DiffRequest,
    NewReport, NoArgs, PasswordReset, RestoreRevision, ReviewRequest, RevisionRef, SetReport,
    StartupMark, TokenRequest, UiReady, UpdateCommitment, UpdateReport, UserRef, UserRole,
    VersionedId,
};

/// Declares the table once; generates [`dispatch`], [`COMMANDS`], [`rule_kind`] and the
/// TypeScript map. Every command names its [`Rule`], checked before its service runs.
macro_rules! commands {
    ($( $name:ident ( $app:ident, $args:ident : $args_ty:ty ) -> $res:ty
        , $rule:ident $( ( $($target:tt)* ) )? => $body:expr ; )*) => {
        /// Runs the command `cmd` with JSON `args` for `caller` on this database, returning
        /// its JSON result. A caller the command's rule does not allow gets kind
        /// `forbidden`, and nothing runs.
        fn dispatch_here(app: &App, caller: &Caller, cmd: &str, args: Value) -> Result<Value, Error> {
            match cmd {
                $( stringify!($name) => {
                    #[allow(unused_variables)]
                    let $args: $args_ty = args::parse(cmd, args)?;
                    let $app = &Call::new(app, caller);
                    access::check(app.store(), caller, Rule::$rule $( ( $($target)* ) )?)?;
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

        /// The kind of rule a command declares (None: no such command).
        pub fn rule_kind(cmd: &str) -> Option<RuleKind> {
            match cmd {
                $( stringify!($name) => Some(RuleKind::$rule), )*
                _ => None,
            }
        }

        /// Exports the TypeScript types of every command's arguments and result, and the
        /// `Commands` map, into `dir`.
        pub fn export_bindings(dir: &std::path::Path) -> Result<(), bindings::BindingsError> {
            let mut map = bindings::CommandMap::new(dir);
            $( map.add::<$args_ty, $res>(stringify!($name))?; )*
            map.finish()
        }
    };
}

/// Runs the command `cmd` with JSON `args` for `caller`, returning its JSON result. A caller
/// the command's rule does not allow gets kind `forbidden`, and nothing runs. On an offline
/// copy of a team server, the person at the computer acts as the linked account, and the
/// commands that need the server go to it ([`linked`]).
pub fn dispatch(app: &App, caller: &Caller, cmd: &str, args: Value) -> Result<Value, Error> {
    if matches!(caller, Caller::Local) {
        if let Some(account) = services::replica::linked_caller(app.store())? {
            return linked::dispatch(app, &account, cmd, args);
        }
    }
    dispatch_here(app, caller, cmd, args)
}

commands! {
    app_info(app, _a: NoArgs) -> AppInfo, Read => Ok::<_, Error>(AppInfo::of(app));
    // The UI has painted its first list; nothing happens (the desktop shell's cold-start probe
    // times its arrival). Answers true.
    ui_ready(_app, _a: UiReady) -> bool, Read => Ok::<_, Error>(true);
    // On a team server: the signed-in account's name and role.
    get_identity(app, _a: NoArgs) -> Option<Identity>, Read =>
        services::identity::of_call(app.store(), app.account(), app.signed_in());
    // The signed-in account (None on one computer).
    whoami(app, _a: NoArgs) -> Option<SignedIn>, Read => Ok::<_, Error>(app.signed_in().cloned());
    // Who this call's changes are recorded against: the signed-in account, the identity this
    // computer's account gave, or else the computer's user name (as a focal point).
    recorded_as(app, _a: NoArgs) -> Identity, Read =>
        app.actor().map(|a| Identity { name: a.name, role: a.role });
    set_identity(app, a: Identity) -> Identity, Local =>
        services::identity::set(app.store(), app.account(), &a);
    catalogue(app, _a: NoArgs) -> Catalogue, Read => services::catalogue::catalogue(app.store());
    get_framework(app, a: ByCode) -> Framework, Read => services::frameworks::get(app.store(), &a.code);
    create_framework(app, a: FrameworkInput) -> Framework, Administer =>
        services::frameworks::create(app.store(), &app.actor()?, &a);
    update_framework(app, a: FrameworkUpdate) -> Framework, Administer =>
        services::frameworks::update(app.store(), &app.actor()?, &a);
    import_framework(app, a: ImportRequest) -> FrameworkImport, Administer => services::exchange::import_framework(app, app.caller(), &a);
    framework_template(_app, _a: NoArgs) -> TextFile, Read => Ok::<_, Error>(services::exchange::framework_template());
    framework_template_csv(_app, _a: NoArgs) -> TextFile, Read => Ok::<_, Error>(services::exchange::framework_template_csv());
    list_organisations(app, _a: NoArgs) -> Vec<Organisation>, Read =>
        services::catalogue::list_organisations(app.store());
    list_commitments(app, a: CommitmentFilter) -> Vec<CommitmentSummary>, Read =>
        services::commitments::list(app.store(), &a);
    list_commitments_page(app, a: CommitmentPageQuery) -> CommitmentPage, Read =>
        services::commitments::page(app.store(), &a);
    get_commitment(app, a: ById) -> Commitment, Read => services::commitments::get(app.store(), &a.id);
    find_commitment(app, a: ByCommitmentId) -> Commitment, Read =>
        services::commitments::find_by_commitment_id(app.store(), a.organisation.as_deref(), &a.commitment_id);
    create_commitment(app, a: CommitmentInput) -> Commitment, Coordinate =>
        services::commitments::create(app.store(), &app.actor()?, &a);
    update_commitment(app, a: UpdateCommitment) -> Commitment, Coordinate =>
        services::commitments::update(app.store(), &app.actor()?, &a.id, a.expected_version, &a.input);
    retire_commitment(app, a: VersionedId) -> Commitment, Coordinate =>
        services::commitments::retire(app.store(), &app.actor()?, &a.id, a.expected_version);
    restore_commitment(app, a: VersionedId) -> Commitment, Coordinate =>
        services::commitments::restore(app.store(), &app.actor()?, &a.id, a.expected_version);
    list_reports(app, a: ByCommitment) -> Vec<ReportSummary>, Read =>
        services::reports::list_for_commitment(app.store(), &a.commitment);
    get_report(app, a: ById) -> Report, Read => services::reports::get(app.store(), &a.id);
    find_report(app, a: DraftKey) -> Option<Report>, Read =>
        services::reports::find(app.store(), &a.commitment, a.year);
    prefill_report(app, a: DraftKey) -> Option<ReportInput>, Read =>
        services::reports::prefill(app.store(), &a.commitment, a.year);
    create_report(app, a: NewReport) -> Report, WriteReport(Target::Commitment(&a.commitment)) =>
        services::reports::create(app.store(), &app.actor()?, app.account(), &a.commitment, a.year, &a.input);
    update_report(app, a: UpdateReport) -> Report, WriteReport(Target::Report(&a.id)) =>
        services::reports::update(app.store(), &app.actor()?, app.account(), &a.id, a.expected_version, &a.input);
    // Only the fields given change; the report is created as a draft if there is none.
    set_report(app, a: SetReport) -> Report, WriteReport(Target::Commitment(&a.commitment)) =>
        services::report_set::set(app.store(), &app.actor()?, app.account(),
            services::report_set::ReportKey { commitment: &a.commitment, year: a.year },
            &a.changes, a.from_last_year);
    submit_report(app, a: ReviewRequest) -> Report, WriteReport(Target::Report(&a.id)) =>
        services::reports::review(app.store(), &app.actor()?, &a.id, a.expected_version, ReviewAction::Submit, a.comment.as_deref());
    approve_report(app, a: ReviewRequest) -> Report, Coordinate =>
        services::reports::review(app.store(), &app.actor()?, &a.id, a.expected_version, ReviewAction::Approve, a.comment.as_deref());
    return_report(app, a: ReviewRequest) -> Report, Coordinate =>
        services::reports::review(app.store(), &app.actor()?, &a.id, a.expected_version, ReviewAction::Return, a.comment.as_deref());
    reopen_report(app, a: ReviewRequest) -> Report, Coordinate =>
        services::reports::review(app.store(), &app.actor()?, &a.id, a.expected_version, ReviewAction::Reopen, a.comment.as_deref());
    review_history(app, a: ById) -> Vec<ReviewEvent>, Read => services::reports::history(app.store(), &a.id);
    list_revisions(app, a: ById) -> Vec<RevisionSummary>, Read => services::reports::revisions(app.store(), &a.id);
    get_revision(app, a: RevisionRef) -> Revision, Read =>
        services::reports::revision(app.store(), &a.id, a.revision);
    diff_revisions(app, a: DiffRequest) -> RevisionDiff, Read =>
        services::reports::diff_revisions(app.store(), &a.id, a.from, a.to);
    restore_revision(app, a: RestoreRevision) -> Report, WriteReport(Target::Report(&a.id)) =>
        services::reports::restore_revision(app.store(), &app.actor()?, app.account(), &a.id, a.expected_version, a.revision);
    audit_log(app, a: AuditQuery) -> Vec<AuditEntry>, Read => services::audit::list(app.store(), &a);
    my_work(app, a: MyWorkQuery) -> MyWork, Read => services::my_work::my_work(app.store(), &a, services::my_work::work_of(app.caller()));
    autosave_put(app, a: Autosave) -> Autosave, WriteReport(Target::Commitment(&a.commitment)) => services::autosave::put(app.store(), app.account(), &a);
    autosave_get(app, a: DraftKey) -> Option<Autosave>, Read =>
        services::autosave::get(app.store(), app.account(), &a);
    autosave_list(app, _a: NoArgs) -> Vec<Autosave>, Read => services::autosave::list(app.store(), app.account());
    autosave_discard(app, a: DraftKey) -> bool, Read =>
        services::autosave::discard(app.store(), app.account(), &a);
    dashboard(app, a: DashboardQuery) -> Dashboard, Read => services::status::dashboard(app.store(), &a);
    commitment_timeline(app, a: ByCommitment) -> Vec<TimelinePoint>, Read =>
        services::status::timeline(app.store(), &a.commitment);
    matrix(app, a: MatrixQuery) -> Matrix, Read => services::status::matrix(app.store(), &a);
    search(app, a: SearchQuery) -> Vec<SearchHit>, Read => services::search::search(app.store(), &a);
    // Accounts (for choosing focal points; never a password hash or token).
    list_users(app, _a: NoArgs) -> Vec<User>, Coordinate => services::users::list(app.store());
    list_assignees(app, a: ByCommitment) -> Vec<User>, Read =>
        services::assignments::assignees(app.store(), &a.commitment);
    assign_commitment(app, a: Assignment) -> Vec<User>, Coordinate =>
        services::assignments::assign(app.store(), &app.actor()?, &a);
    unassign_commitment(app, a: Assignment) -> Vec<User>, Coordinate =>
        services::assignments::unassign(app.store(), &app.actor()?, &a);
    // Accounts, for admins (`services::accounts`).
    add_user(app, a: NewUser) -> User, Administer => services::accounts::add(app.store(), &app.actor()?, &a);
    set_user_role(app, a: UserRole) -> User, Administer =>
        services::accounts::set_role(app.store(), &app.actor()?, &a.user, a.role);
    disable_user(app, a: UserRef) -> User, Administer =>
        services::accounts::disable(app.store(), &app.actor()?, &a.user);
    enable_user(app, a: UserRef) -> User, Administer =>
        services::accounts::enable(app.store(), &app.actor()?, &a.user);
    reset_password(app, a: PasswordReset) -> User, Administer =>
        services::accounts::reset_password(app.store(), &app.actor()?, &a.user, &a.password);
    // The caller's own personal access tokens (a team server's accounts only).
    account_history(app, a: AccountHistoryQuery) -> Vec<AccountEvent>, Administer =>
        services::accounts::history(app.store(), a.user.as_deref(), a.limit);
    list_tokens(app, _a: NoArgs) -> Vec<TokenInfo>, Read =>
        services::accounts::list_tokens(app.store(), &app.own_account()?.id);
    create_token(app, a: TokenRequest) -> NewToken, Read =>
        services::accounts::create_token(app.store(), &app.own_account()?.id, &a.label,
            a.days.unwrap_or(services::tokens::DEFAULT_DAYS));
    revoke_token(app, a: ById) -> TokenInfo, Read =>
        services::accounts::revoke_token(app.store(), &app.own_account()?.id, &a.id);
    server_settings(app, _a: NoArgs) -> ServerSettings, Read => services::server_settings::get(app.store());
    set_server_settings(app, a: ServerSettings) -> ServerSettings, Administer =>
        services::server_settings::set(app.store(), &a);
    list_cycles(app, _a: NoArgs) -> Vec<ReportingCycle>, Read => services::cycles::list(app.store());
    open_cycle(app, a: OpenCycle) -> ReportingCycle, Coordinate =>
        services::cycles::open(app.store(), &app.actor()?, &a);
    export_file(app, a: ExportRequest) -> ExportOutcome, Read => services::exchange::export(app, app.caller(), &a);
    job_progress(app, a: JobRef) -> Option<Progress>, Read => Ok::<_, Error>(services::exchange::progress(app, app.caller(), &a));
    cancel_job(app, a: JobRef) -> bool, Read => Ok::<_, Error>(services::exchange::cancel(app, app.caller(), &a));
    import_catalogue(app, a: CatalogueImportRequest) -> CatalogueImport, Coordinate => services::exchange::import_catalogue(app, app.caller(), &a);
    // A bundle carries the catalogue, cycles and audit trail too: a coordinator's tool.
    import_bundle(app, a: BundleRequest) -> BundleImport, Coordinate => services::exchange::import_bundle(app, app.caller(), &a);
    // A file's columns, the mapping proposed (or saved, or chosen), missing fields, ignored
    // columns, values with no meaning yet and the first rows through it: all an import's
    // mapping step shows. Reads only.
    propose_mapping(app, a: ProposeMappingRequest) -> MappingProposal, Read => services::exchange::propose_mapping(app, app.caller(), &a);
    import_reports(app, a: ReportImportRequest) -> ReportImport, WriteReports => services::exchange::import_reports(app, app.caller(), &a);
    list_import_mappings(app, a: ByImportKind) -> Vec<String>, Read =>
        services::import_mapping::saved_names(app.store(), a.kind);
    catalogue_template(_app, _a: NoArgs) -> TextFile, Read => Ok::<_, Error>(services::exchange::template());
    list_backups(app, _a: NoArgs) -> Vec<BackupFile>, Administer => services::backups::list(app.store());
    create_backup(app, _a: NoArgs) -> BackupFile, Administer => services::backups::create(app.store(), "manual");
    restore_backup(app, a: RestoreRequest) -> RestoreOutcome, Local =>
        services::backups::restore(app.store(), std::path::Path::new(&a.path));
    // A team server's side of offline copies: its changes feed, and edits made offline.
    sync_pull(app, a: PullRequest) -> PullPage, Read => services::sync_server::pull(app, &a);
    sync_push(app, a: PushRequest) -> PushAnswer, WriteReports => services::sync_server::push(app, &a);
    // This database as an offline copy of a team server (`services::replica`).
    sync_status(app, _a: NoArgs) -> SyncStatus, Read => services::replica::status(app.store());
    link_server(app, a: LinkRequest) -> SyncOutcome, Local => services::replica::link(app, &a);
    // Opens the system browser at the server's single sign-on and waits (≤ 5 minutes).
    link_server_sso(app, a: SsoLinkRequest) -> SyncOutcome, Local => services::replica::link_through_browser(app, &a.server);
    sync_now(app, _a: NoArgs) -> SyncOutcome, Local => services::replica::sync(app.store());
    resolve_sync(app, a: ResolveRequest) -> SyncStatus, Local => services::replica::resolve(app.store(), &a);
    unlink_server(app, _a: NoArgs) -> SyncStatus, Local => services::replica::unlink(app.store());
}
