//! `link`, `sync` and `unlink`: this database as an offline copy of a team server.

use clap::Args;

use super::backend::Backend;
use super::output::{print_json, Format};
use crate::api::NoArgs;
use crate::domain::sync::{
    LinkRequest, PendingChange, PendingState, Resolution, ResolveRequest, SyncOutcome, SyncStatus,
};
use crate::error::Error;

/// Link this database to a team server (--server URL), as the account of --token, or of
/// --email with the password on standard input.
#[derive(Debug, Args)]
pub struct LinkArgs {
    /// Sign in with this e-mail; the password is read from standard input (a personal access
    /// token is made and kept; the password is not).
    #[arg(long, conflicts_with = "sso")]
    email: Option<String>,
    /// Sign in through the organisation's single sign-on in your web browser (the command
    /// waits up to five minutes for you to finish there).
    #[arg(long)]
    sso: bool,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// Send this copy's edits and pull the server's changes; or list what is pending, or settle
/// a conflict.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// List the edits not yet on the server, and when the copy last synced (nothing is sent).
    #[arg(long, conflicts_with_all = ["keep_mine", "take_theirs"])]
    status: bool,
    /// Settle pending edit N by sending this copy's text over the server's (whose text stays
    /// in the report's revisions); for an offered report, upload it.
    #[arg(long, value_name = "N", conflicts_with = "take_theirs")]
    keep_mine: Option<i64>,
    /// Settle pending edit N by taking the server's text (this copy's goes; the backups
    /// keep it); for an offered report, drop it.
    #[arg(long, value_name = "N")]
    take_theirs: Option<i64>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// `ct link`.
pub fn run_link(
    b: &Backend,
    server: Option<&str>,
    token: Option<&str>,
    a: &LinkArgs,
) -> Result<(), Error> {
    let server = server.ok_or_else(|| Error::BadRequest {
        message: "name the team server: ct link --server https://…".to_owned(),
        field: Some("server".to_owned()),
    })?;
    if a.sso {
        eprintln!("Opening your web browser to sign in to {server}…");
        let out: SyncOutcome = b.call(
            "link_server_sso",
            &crate::domain::sync::SsoLinkRequest {
                server: server.to_owned(),
            },
        )?;
        return print_linked(&out, a.format);
    }
    let password = match (&a.email, token) {
        (Some(_), _) => Some(super::users::read_password()?),
        (None, Some(_)) => None,
        (None, None) => {
            return Err(Error::BadRequest {
                message: "give --token TOKEN, or --email EMAIL with the password on standard input"
                    .to_owned(),
                field: Some("token".to_owned()),
            })
        }
    };
    let req = LinkRequest {
        server: server.to_owned(),
        token: token.filter(|_| a.email.is_none()).map(str::to_owned),
        email: a.email.clone(),
        password,
    };
    let out: SyncOutcome = b.call("link_server", &req)?;
    print_linked(&out, a.format)
}

fn print_linked(out: &SyncOutcome, format: Format) -> Result<(), Error> {
    if format == Format::Json {
        return print_json(out);
    }
    let s = &out.status;
    outln!(
        "linked to {} as {} ({}): pulled {} rows",
        s.server.as_deref().unwrap_or_default(),
        s.email.as_deref().unwrap_or_default(),
        s.role.map(|r| r.cli_name()).unwrap_or_default(),
        out.pulled
    );
    let offered = s
        .pending
        .iter()
        .filter(|p| p.state == PendingState::Offered)
        .count();
    if offered > 0 {
        outln!(
            "{offered} reports of this database are offered for upload: `ct sync --status` lists them, `ct sync --keep-mine N` uploads one"
        );
    }
    Ok(())
}

/// `ct sync`.
pub fn run_sync(b: &Backend, a: &SyncArgs) -> Result<(), Error> {
    let choice = match (a.keep_mine, a.take_theirs) {
        (Some(n), _) => Some((n, Resolution::KeepMine)),
        (None, Some(n)) => Some((n, Resolution::TakeTheirs)),
        (None, None) => None,
    };
    if let Some((number, resolution)) = choice {
        let status: SyncStatus = b.call("resolve_sync", &ResolveRequest { number, resolution })?;
        // Sent now if the server can be reached; else it waits, as any edit does.
        let out = match b.call::<_, SyncOutcome>("sync_now", &NoArgs {}) {
            Ok(out) => out,
            Err(e) => {
                eprintln!("warning: {e}");
                SyncOutcome {
                    pushed: 0,
                    pulled: 0,
                    conflicts: 0,
                    status,
                }
            }
        };
        return print_outcome(&out, a.format);
    }
    if a.status {
        let status: SyncStatus = b.call("sync_status", &NoArgs {})?;
        return print_status(&status, a.format);
    }
    let out: SyncOutcome = b.call("sync_now", &NoArgs {})?;
    print_outcome(&out, a.format)
}

fn print_outcome(out: &SyncOutcome, format: Format) -> Result<(), Error> {
    if format == Format::Json {
        return print_json(out);
    }
    outln!(
        "pushed {}, pulled {}, conflicts {}",
        out.pushed,
        out.pulled,
        out.conflicts
    );
    for p in &out.status.pending {
        print_pending(p)?;
    }
    Ok(())
}

fn print_status(s: &SyncStatus, format: Format) -> Result<(), Error> {
    if format == Format::Json {
        return print_json(s);
    }
    if !s.linked {
        outln!("not linked to a team server (`ct link --server URL` links this database)");
        return Ok(());
    }
    outln!(
        "linked to {} as {}",
        s.server.as_deref().unwrap_or_default(),
        s.email.as_deref().unwrap_or_default()
    );
    match &s.last_synced_at {
        Some(at) => outln!("last synced at {at}"),
        None => outln!("never synced"),
    }
    if s.offline {
        outln!("offline: the server could not be reached at the last try");
    } else if let Some(e) = &s.last_error {
        outln!("the last try failed: {e}");
    }
    if s.pending.is_empty() {
        outln!("nothing pending");
    }
    for p in &s.pending {
        print_pending(p)?;
    }
    Ok(())
}

fn print_pending(p: &PendingChange) -> Result<(), Error> {
    let state = match p.state {
        PendingState::Pending => "pending",
        PendingState::Conflict => "conflict",
        PendingState::Refused => "refused",
        PendingState::Offered => "offered",
    };
    let why = match (p.state, &p.message, p.server_version) {
        (PendingState::Refused, Some(m), _) => format!(": {m}"),
        (PendingState::Conflict, _, Some(v)) => format!(
            ": the server's report changed (now version {v}); --keep-mine {n} or --take-theirs {n}",
            n = p.number
        ),
        _ => String::new(),
    };
    outln!(
        "#{}  {}  {}  {state}{why}",
        p.number,
        p.commitment_id,
        p.year
    );
    Ok(())
}

/// `ct unlink`.
pub fn run_unlink(b: &Backend) -> Result<(), Error> {
    let _: SyncStatus = b.call("unlink_server", &NoArgs {})?;
    outln!("unlinked: this database is a personal one again");
    Ok(())
}
