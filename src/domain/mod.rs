//! The domain: plain types and the rules that need no database.

pub mod actor;
pub mod catalogue;
pub mod commitment;
pub mod time;

pub use actor::Actor;
pub use catalogue::{Catalogue, CoreResponsibility, Organisation, Transformation};
pub use commitment::{
    Commitment, CommitmentFilter, CommitmentInput, CommitmentSummary, CommitmentType,
    TransformationLink, ValidCommitment,
};
