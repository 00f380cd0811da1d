//! `backup …`: copies of the database.

use std::path::PathBuf;

use clap::Subcommand;

use crate::app::App;
use crate::error::Error;
use crate::services::backups;

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

pub fn run(app: &App, c: &BackupCommand) -> Result<(), Error> {
    match c {
        BackupCommand::Create => {
            let b = backups::create(app.store(), "manual")?;
            outln!("backed up to {} ({} bytes)", b.path, b.bytes);
        }
        BackupCommand::List => {
            for b in backups::list(app.store())? {
                outln!("{}  {:>10} bytes  {}", b.file_name, b.bytes, b.reason);
            }
        }
        BackupCommand::Restore { file } => {
            let r = backups::restore(app.store(), file)?;
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
