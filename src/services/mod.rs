//! One function per use case. Each takes the store and, for writes, the acting person; each
//! write runs in one transaction. The `_tx` variants compose inside a caller's transaction.

pub mod access;
pub mod accounts;
pub mod assignments;
pub mod audit;
pub mod autosave;
pub mod backups;
pub mod bundle_export;
pub mod bundle_frameworks;
pub mod bundle_import;
mod bundle_merge;
mod bundle_rows;
pub mod catalogue;
pub mod catalogue_import;
pub mod commitments;
pub mod cycles;
pub mod engine_copy;
pub mod exchange;
pub mod frameworks;
pub mod generate;
pub mod identity;
pub mod import_mapping;
pub mod my_work;
pub mod passwords;
pub mod report_import;
pub mod report_set;
pub mod reports;
pub mod search;
pub mod secrets;
pub mod seed;
pub mod server_settings;
pub mod sessions;
pub mod sign_in;
pub mod status;
pub mod throttle;
pub mod tokens;
pub mod users;
