//! The domain: plain types and the rules that need no database.

pub mod account;
pub mod actor;
pub mod audit;
pub mod autosave;
pub mod catalogue;
pub mod commitment;
pub mod framework;
pub mod report;
pub mod review;
pub mod revision;
pub mod script;
pub mod snippet;
pub mod status;
pub mod sync;
pub mod time;

pub use account::{
    AccountAction, AccountEvent, Caller, NewToken, NewUser, SignInMethods, SignedIn, TokenInfo,
    User,
};
pub use actor::{Actor, Identity, Role};
pub use audit::{AuditAction, AuditEntity, AuditEntry, AuditQuery};
pub use autosave::{Autosave, DraftKey};
pub use catalogue::Organisation;
pub use commitment::{
    CategoryLink, Commitment, CommitmentFilter, CommitmentInput, CommitmentPage,
    CommitmentPageQuery, CommitmentSummary, ValidCommitment,
};
pub use framework::{
    Catalogue, Category, CategoryInput, Framework, FrameworkInput, FrameworkUpdate,
};
pub use report::{
    EvidenceLink, ImplementationStatus, Report, ReportChanges, ReportContent, ReportInput,
    ReportSummary, ReviewState,
};
pub use review::{ReviewAction, ReviewEvent};
pub use revision::{FieldChange, Revision, RevisionDiff, RevisionSummary};
pub use status::{
    Breakdown, Dashboard, DashboardQuery, FrameworkBreakdown, LevelBreakdown, Matrix, MatrixCell,
    MatrixQuery, MatrixRow, OpenCycle, ReportingCycle, ReviewCount, SearchHit, SearchQuery,
    StatusCount, TimelinePoint, Traffic,
};
