//! `backup …`: copies of the database.

use std::path::PathBuf;

use clap::Subcommand;

use super::backend::Backend;
use crate::api::NoArgs;
use crate::error::Error;
use crate::services::backups::{BackupFile, RestoreOutcome, RestoreRequest};

/// The `backup` subcommands.
#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Take a copy now (kept until deleted by hand).
    Create,
    /// List the copies, newest first.
    List,
    /// Replace the data with a copy's (the file is checked first; the current data is kept as
    /// a copy).
    Restore { file: PathBuf },
}

pub fn run(b: &Backend, c: &BackupCommand) -> Result<(), Error> {
    match c {
        BackupCommand::Create => {
            let b: BackupFile = b.call("create_backup", &NoArgs {})?;
            outln!("backed up to {} ({} bytes)", b.path, b.bytes);
        }
        BackupCommand::List => {
            let list: Vec<BackupFile> = b.call("list_backups", &NoArgs {})?;
            for b in list {
                outln!("{}  {:>10} bytes  {}", b.file_name, b.bytes, b.reason);
            }
        }
        // A file on this computer replaces the database on this computer (refused with
        // --server before anything runs; the table's rule allows it only locally).
        BackupCommand::Restore { file } => {
            let r: RestoreOutcome = b.call(
                "restore_backup",
                &RestoreRequest {
                    path: file.display().to_string(),
                },
            )?;
            outln!(
                "restored {} (schema {}); the data it replaced is kept at {}",
                file.display(),
                r.restored_schema_version,
                r.replaced_kept_at
            );
        }
    }
    Ok(())
}
