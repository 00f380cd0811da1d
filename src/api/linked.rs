//! The command table on an offline copy of a team server: which commands run on the copy, as
//! the linked account (reads, and report edits, which wait there to be sent), and which go to
//! the server (review steps, the catalogue, cycles, assignments, accounts: they need a
//! connection, and say so when there is none).

use serde_json::Value;

use super::{dispatch_here, rule_kind};
use crate::app::App;
use crate::domain::Caller;
use crate::error::Error;
use crate::services::access::RuleKind;
use crate::services::replica;

/// Where a command runs on a copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    /// On the copy, as the linked account (the server's rules, checked on the copy's
    /// assignments).
    Copy,
    /// On the copy, as the person at the computer (the link itself, backups).
    Computer,
    /// On the server.
    Server,
}

/// Report edits saved on the copy as pending edits (and autosaves, which are the computer's).
const EDITS_ON_THE_COPY: &[&str] = &[
    "create_report",
    "update_report",
    "set_report",
    "restore_revision",
    "import_reports",
    "autosave_put",
];

/// Reads that are the server's own (the account's tokens), not the copy's.
const READS_ON_THE_SERVER: &[&str] = &["list_tokens", "create_token", "revoke_token"];

fn route(cmd: &str) -> Route {
    if READS_ON_THE_SERVER.contains(&cmd) {
        return Route::Server;
    }
    if EDITS_ON_THE_COPY.contains(&cmd) {
        return Route::Copy;
    }
    match rule_kind(cmd) {
        Some(RuleKind::Read) => Route::Copy,
        Some(RuleKind::Local) => Route::Computer,
        // Backups are of this computer's file.
        Some(RuleKind::Administer) if cmd.contains("backup") => Route::Computer,
        // Unknown commands fail on the copy, with the table's own message.
        None => Route::Copy,
        Some(_) => Route::Server,
    }
}

/// Runs `cmd` on the copy or on its server.
pub fn dispatch(app: &App, account: &Caller, cmd: &str, args: Value) -> Result<Value, Error> {
    match route(cmd) {
        Route::Copy => dispatch_here(app, account, cmd, args),
        Route::Computer => dispatch_here(app, &Caller::Local, cmd, args),
        Route::Server => replica::forward(app.store(), cmd, args),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn review_steps_and_the_catalogue_go_to_the_server_and_edits_stay() {
        for cmd in [
            "submit_report",
            "approve_report",
            "return_report",
            "reopen_report",
            "update_commitment",
            "open_cycle",
            "assign_commitment",
            "import_catalogue",
            "create_token",
        ] {
            assert_eq!(route(cmd), Route::Server, "{cmd}");
        }
        for cmd in [
            "update_report",
            "create_report",
            "set_report",
            "matrix",
            "sync_status",
        ] {
            assert_eq!(route(cmd), Route::Copy, "{cmd}");
        }
        for cmd in ["sync_now", "link_server", "resolve_sync", "create_backup"] {
            assert_eq!(route(cmd), Route::Computer, "{cmd}");
        }
    }
}
