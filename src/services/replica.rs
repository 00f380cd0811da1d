//! This database as an offline copy of a team server (docs/decisions/0007-offline-sync.md).
//!
//! Reads come from the copy. A report edit is saved here as a pending edit, with the server's
//! version it was based on ([`save_here`], [`create_here`]); [`sync`] sends the pending edits
//! and then pulls what changed on the server. An edit whose base is no longer the server's
//! version becomes a conflict that the person settles ([`resolve`]): the server's text is
//! never overwritten unasked, and this copy's text is never dropped unasked.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Map, Value as Json};

use crate::app::App;
use crate::domain::sync::{
    LinkRequest, PendingChange, PendingState, PullPage, PullRequest, PushAnswer, PushChange,
    PushOutcome, PushRequest, Resolution, ResolveRequest, SyncOutcome, SyncStatus, PROTOCOL,
};
use crate::domain::{time, Actor, Caller, Report, ReportContent, SignedIn};
use crate::error::{Error, ErrorKind};
use crate::remote::{self, Remote};
use crate::services::reports::NewReport;
use crate::store::replica::{self as copy, Link, Pending, PendingUpdate};
use crate::store::{self, Conn, Store};

/// Only one sync at a time in a process (the window's own and a "Sync now").
static SYNCING: Mutex<()> = Mutex::new(());

/// How long a personal access token made when linking with a password lasts (days).
const TOKEN_DAYS: u32 = 365;

/// The account this copy acts as, when it is one.
pub fn linked_caller(store: &Store) -> Result<Option<Caller>, Error> {
    Ok(store.read(copy::link)?.map(|l| {
        Caller::User(SignedIn {
            id: l.user_id,
            email: l.email,
            name: l.name,
            role: l.role,
        })
    }))
}

/// Where the copy stands: the link, the last sync, and the edits not yet on the server.
pub fn status(store: &Store) -> Result<SyncStatus, Error> {
    store.read(status_tx)
}

fn status_tx(conn: &Conn<'_>) -> Result<SyncStatus, Error> {
    let Some(link) = copy::link(conn)? else {
        return Ok(SyncStatus {
            linked: false,
            server: None,
            email: None,
            name: None,
            role: None,
            last_synced_at: None,
            last_attempt_at: None,
            last_error: None,
            offline: false,
            outdated: false,
            position: 0,
            pending: Vec::new(),
        });
    };
    let pending = copy::pending(conn)?
        .into_iter()
        .map(|p| shown(conn, p))
        .collect::<Result<Vec<_>, _>>()?;
    let kind = link.last_error_kind.as_deref();
    Ok(SyncStatus {
        linked: true,
        server: Some(link.server),
        email: Some(link.email),
        name: Some(link.name),
        role: Some(link.role),
        last_synced_at: link.last_synced_at,
        last_attempt_at: link.last_attempt_at,
        offline: kind == Some("offline"),
        outdated: kind == Some("outdated"),
        position: link.pulled_seq,
        last_error: link.last_error,
        pending,
    })
}

/// A pending edit as people see it.
fn shown(conn: &Conn<'_>, p: Pending) -> Result<PendingChange, Error> {
    let commitment_id = store::commitments::get(conn, &p.commitment)
        .map(|c| c.commitment_id)
        .unwrap_or_else(|_| p.commitment.clone());
    let server = p.server_row.as_ref().and_then(server_content);
    let server_text = |k: &str| {
        p.server_row
            .as_ref()
            .and_then(|row| row.get(k))
            .and_then(Json::as_str)
            .map(str::to_owned)
    };
    let server_updated_by = server_text("updated_by");
    let server_updated_at = server_text("updated_at");
    Ok(PendingChange {
        number: p.number,
        report_id: p.report_id,
        commitment: p.commitment,
        commitment_id,
        year: p.year,
        state: p.state,
        base_version: p.base_version,
        content: p.content,
        server_content: server.as_ref().map(|s| s.0.clone()),
        server_version: server.map(|s| s.1),
        server_updated_by,
        server_updated_at,
        message: p.message,
        made_at: p.made_at,
        updated_at: p.updated_at,
    })
}

/// The content and version of a server's report row.
fn server_content(row: &Map<String, Json>) -> Option<(ReportContent, i32)> {
    let text = |k: &str| row.get(k).and_then(Json::as_str).unwrap_or_default();
    let list = |k: &str| serde_json::from_str::<Json>(text(k)).unwrap_or(Json::Array(Vec::new()));
    let content = serde_json::json!({
        "status": text("status"),
        "achievements": text("achievements"),
        "challenges": text("challenges"),
        "nextSteps": text("next_steps"),
        "evidence": list("evidence"),
        "progress": row.get("progress").cloned().unwrap_or(Json::Null),
        "tags": list("tags"),
    });
    let version = row.get("version").and_then(Json::as_i64)?;
    Some((
        serde_json::from_value(content).ok()?,
        i32::try_from(version).ok()?,
    ))
}

/// Saves an edit of `before` on this copy: the report's row takes the text (its version goes
/// up here, as a save's does), and the report's pending edit records it with the server's
/// version it was based on. No revision or audit entry is written here: the server writes
/// them when the edit reaches it, and they come back with the next pull.
pub fn save_here(
    tx: &Conn<'_>,
    actor: &Actor,
    account: &str,
    before: &Report,
    content: &ReportContent,
) -> Result<Report, Error> {
    let now = time::now();
    let base = match copy::pending_for(tx, &before.commitment, before.year)? {
        Some(p) => p.base_version,
        None => Some(before.version),
    };
    store::reports::update_content(
        tx,
        &before.id,
        before.version,
        content,
        crate::domain::ReviewState::Draft,
        before.revision,
        &actor.name,
        &now,
    )?;
    copy::put_pending(
        tx,
        &before.id,
        &before.commitment,
        before.year,
        base,
        content,
        PendingState::Pending,
        &store::new_id(),
        &now,
    )?;
    store::autosaves::discard(tx, account, &before.commitment, before.year)?;
    store::reports::get(tx, &before.id)
}

/// Writes a report new on this copy (its UUID made here, and kept on the server) as a
/// pending edit.
pub fn create_here(
    tx: &Conn<'_>,
    actor: &Actor,
    account: &str,
    new: NewReport<'_>,
    content: &ReportContent,
) -> Result<Report, Error> {
    let now = time::now();
    store::reports::insert_by(
        tx,
        new.id,
        new.commitment,
        new.year,
        content,
        &actor.name,
        &actor.name,
        &now,
    )?;
    copy::put_pending(
        tx,
        new.id,
        new.commitment,
        new.year,
        None,
        content,
        PendingState::Pending,
        &store::new_id(),
        &now,
    )?;
    store::autosaves::discard(tx, account, new.commitment, new.year)?;
    store::reports::get(tx, new.id)
}

/// The link's server, called with its token.
fn remote_of(link: &Link) -> Result<Remote, Error> {
    Remote::new(&link.server, &link.token)
}

/// A server call: unreachable becomes kind `offline`.
fn call<R: serde::de::DeserializeOwned>(
    remote: &Remote,
    cmd: &str,
    args: &impl serde::Serialize,
) -> Result<R, Error> {
    let args = serde_json::to_value(args).map_err(|e| Error::BadRequest {
        message: format!("could not encode the arguments of {cmd}: {e}"),
        field: None,
    })?;
    let value = remote
        .call(cmd, &args)
        .map_err(offline_if_unreachable)
        .map_err(|e| older_server(cmd, e))?;
    serde_json::from_value(value).map_err(|e| Error::Remote {
        kind: ErrorKind::Io,
        message: format!("{}: could not read the answer to {cmd}: {e}", remote.base()),
        field: None,
    })
}

/// A server from before offline copies answers their commands as unknown: it must be updated.
fn older_server(cmd: &str, e: Error) -> Error {
    let unknown =
        matches!(&e, Error::BadRequest { message, .. } if message.starts_with("unknown command"));
    if unknown && cmd.starts_with("sync_") {
        Error::Outdated(
            "the team server is older than this app and does not take offline copies: ask its administrator to update it. Your edits not yet sent are kept".to_owned(),
        )
    } else {
        e
    }
}

fn offline_if_unreachable(e: Error) -> Error {
    if remote::is_unreachable(&e) {
        Error::Offline(format!(
            "the team server cannot be reached ({e}): you are working offline; your edits are kept here and sent when it can be reached"
        ))
    } else {
        e
    }
}

/// Makes this database an offline copy of `req.server`'s: signs in (with the token, or with
/// the e-mail and password, which make a token kept here), then pulls everything the account
/// may read. A database that held reports of its own is backed up first, and its reports are
/// offered for upload (`Offered` pending edits matched by organisation, Commitment ID and
/// year; those the server's catalogue lacks are listed in the answer's status message).
///
/// Errors: `bad_request` (no token and no password; already linked to another server), the
/// server's refusal (`unauthorized`), `offline`.
pub fn link(app: &App, req: &LinkRequest) -> Result<SyncOutcome, Error> {
    refuse_unless_a_file(app.store())?;
    let remote = match (&req.token, &req.email, &req.password) {
        (Some(t), _, _) if !t.trim().is_empty() => Remote::new(&req.server, t)?,
        (_, Some(email), Some(password)) => Remote::sign_in(
            &req.server,
            email,
            password,
            &format!("Commitment Tracker on {}", host_name()),
            TOKEN_DAYS,
        )
        .map_err(offline_if_unreachable)?,
        _ => {
            return Err(Error::BadRequest {
                message: "give a personal access token, or your e-mail and password".to_owned(),
                field: Some("token".to_owned()),
            })
        }
    };
    link_with(app, remote)
}

/// [`link`] signing in through the organisation's single sign-on in the system browser
/// (RFC 8252; [`crate::browser_sign_in`]): waits up to five minutes for the person.
///
/// Errors: as [`link`]'s; `unauthorized` with the provider's or server's refusal; `cancelled`
/// when nobody finished in time.
pub fn link_through_browser(app: &App, server: &str) -> Result<SyncOutcome, Error> {
    refuse_unless_a_file(app.store())?;
    let remote = crate::browser_sign_in::sign_in(
        server,
        &format!("Commitment Tracker on {}", host_name()),
        crate::browser_sign_in::open_system_browser,
        crate::browser_sign_in::WAIT,
    )
    .map_err(offline_if_unreachable)?;
    link_with(app, remote)
}

/// An offline copy is a file on this computer: a PostgreSQL database is a server's.
fn refuse_unless_a_file(store: &Store) -> Result<(), Error> {
    if store.file().is_some() {
        return Ok(());
    }
    Err(Error::BadRequest {
        message: "an offline copy is a database file on this computer: link a file (--db FILE), not a PostgreSQL database".to_owned(),
        field: Some("db".to_owned()),
    })
}

fn link_with(app: &App, remote: Remote) -> Result<SyncOutcome, Error> {
    let store = app.store();
    if let Some(old) = store.read(copy::link)? {
        if old.server != remote.base() {
            return Err(Error::BadRequest {
                message: format!(
                    "this database is already a copy of {}: it cannot be linked to another server",
                    old.server
                ),
                field: Some("server".to_owned()),
            });
        }
    }
    let me: Option<SignedIn> = call(&remote, "whoami", &serde_json::json!({}))?;
    let me = me.ok_or_else(|| Error::BadRequest {
        message: format!(
            "{} answered as a database on one computer, not a team server",
            remote.base()
        ),
        field: Some("server".to_owned()),
    })?;
    let offers = store.read(personal_reports)?;
    if !offers.is_empty() {
        crate::services::backups::create(store, "before-link")?;
    }
    let link = Link {
        server: remote.base().to_owned(),
        token: remote.token().to_owned(),
        user_id: me.id,
        email: me.email,
        name: me.name,
        role: me.role,
        pulled_seq: 0,
        last_synced_at: None,
        last_attempt_at: None,
        last_error: None,
        last_error_kind: None,
    };
    let already = store.read(copy::link)?.is_some();
    // One transaction from emptying the personal tables to the offers: a link cut short (a
    // crash, the server lost) leaves the database as it was.
    let pulled = store.write(|tx| {
        if !already {
            copy::clear_copied_tables(tx)?;
        }
        copy::set_link(tx, &link, &time::now())?;
        let pulled = pull_in(tx, &remote, 0)?;
        offer(tx, &offers)?;
        copy::record_attempt(tx, &time::now(), None)?;
        Ok(pulled)
    })?;
    Ok(SyncOutcome {
        pushed: 0,
        pulled,
        conflicts: 0,
        status: status(store)?,
    })
}

/// This computer's name, for the token's label.
fn host_name() -> String {
    std::env::var("HOSTNAME")
        .or_else(|_| std::env::var("COMPUTERNAME"))
        .ok()
        .filter(|h| !h.trim().is_empty())
        .or_else(|| {
            std::fs::read_to_string("/etc/hostname")
                .ok()
                .map(|h| h.trim().to_owned())
        })
        .unwrap_or_else(|| "this computer".to_owned())
}

/// A report of the database from before it was linked.
struct Offer {
    organisation: String,
    commitment_id: String,
    year: i32,
    content: ReportContent,
    author: String,
}

fn personal_reports(conn: &Conn<'_>) -> Result<Vec<Offer>, Error> {
    if copy::is_linked(conn)? {
        return Ok(Vec::new());
    }
    let mut offers = Vec::new();
    store::export::for_each_report(
        conn,
        &crate::domain::CommitmentFilter::default(),
        crate::domain::report::FIRST_YEAR,
        2100,
        |r| {
            let content = crate::domain::ReportInput {
                status: r.status.to_owned(),
                achievements: r.achievements.to_owned(),
                challenges: r.challenges.to_owned(),
                next_steps: r.next_steps.to_owned(),
                evidence: r.evidence.clone(),
                progress: r.progress,
                tags: r.tags.clone(),
            }
            .validate()?;
            offers.push(Offer {
                organisation: r.commitment.organisation.clone(),
                commitment_id: r.commitment.commitment_id.clone(),
                year: r.year,
                content,
                author: r.author.to_owned(),
            });
            Ok(())
        },
    )?;
    Ok(offers)
}

/// Records the database's own reports as offered edits against the server's catalogue (the
/// same match as a bundle's: organisation, Commitment ID, year). A report the server holds
/// with the same text is not offered; one whose commitment the server lacks is skipped.
fn offer(tx: &Conn<'_>, offers: &[Offer]) -> Result<(), Error> {
    let now = time::now();
    for o in offers {
        let found =
            store::commitments::find_by_public_id(tx, Some(&o.organisation), &o.commitment_id)?;
        let Some((commitment, _)) = found.into_iter().next() else {
            continue;
        };
        let c = store::commitments::get(tx, &commitment)?;
        let existing = store::reports::find(tx, &c.id, o.year)?;
        if existing.as_ref().is_some_and(|r| r.content == o.content) {
            continue;
        }
        let (report_id, base) = match &existing {
            Some(r) => (r.id.clone(), Some(r.version)),
            None => {
                // Shown on the copy as the draft it was (the server's text, where there is
                // one, stays shown until the person uploads theirs).
                let id = store::new_id();
                store::reports::insert_by(
                    tx, &id, &c.id, o.year, &o.content, &o.author, &o.author, &now,
                )?;
                (id, None)
            }
        };
        copy::put_pending(
            tx,
            &report_id,
            &c.id,
            o.year,
            base,
            &o.content,
            PendingState::Offered,
            &store::new_id(),
            &now,
        )?;
    }
    Ok(())
}

/// Sends the pending edits, then pulls what changed on the server; records the attempt.
///
/// Errors: `bad_request` (not a copy), `offline` (nothing was lost: the edits stay pending),
/// `outdated`, `unauthorized` (the token was revoked or expired: link again).
pub fn sync(store: &Store) -> Result<SyncOutcome, Error> {
    let _one = SYNCING.lock().unwrap_or_else(|p| p.into_inner());
    let link = store.read(copy::link)?.ok_or_else(not_linked)?;
    let result = remote_of(&link).and_then(|remote| {
        let (pushed, conflicts) = push(store, &remote)?;
        let pulled = pull(store, &remote, link.pulled_seq)?;
        Ok((pushed, pulled, conflicts))
    });
    let now = time::now();
    match result {
        Ok((pushed, pulled, conflicts)) => {
            store.write(|tx| copy::record_attempt(tx, &now, None))?;
            Ok(SyncOutcome {
                pushed,
                pulled,
                conflicts,
                status: status(store)?,
            })
        }
        Err(e) => {
            let kind = match e.kind() {
                ErrorKind::Offline => "offline",
                ErrorKind::Outdated => "outdated",
                ErrorKind::Unauthorized => "unauthorized",
                _ => "error",
            };
            store.write(|tx| copy::record_attempt(tx, &now, Some((kind, &e.to_string()))))?;
            Err(e)
        }
    }
}

fn not_linked() -> Error {
    Error::BadRequest {
        message: "this database is not linked to a team server: `ct link --server URL` links it"
            .to_owned(),
        field: None,
    }
}

/// Sends every `Pending` edit; returns how many the server saved and how many now wait for
/// the person (conflicts and refusals).
fn push(store: &Store, remote: &Remote) -> Result<(usize, usize), Error> {
    // The ids about to be sent are recorded first: if the answer is lost, the next push says
    // they may have been applied.
    let sent: Vec<(i64, PushChange)> = store.write(|tx| {
        let mut sent = Vec::new();
        for p in copy::pending(tx)? {
            if p.state != PendingState::Pending {
                continue;
            }
            let supersedes: Vec<String> = p
                .sent_ids
                .iter()
                .filter(|id| **id != p.change_id)
                .cloned()
                .collect();
            let mut ids = p.sent_ids.clone();
            if !ids.contains(&p.change_id) {
                ids.push(p.change_id.clone());
            }
            copy::mark_sent(tx, p.number, &ids)?;
            sent.push((
                p.number,
                PushChange {
                    change_id: p.change_id,
                    supersedes,
                    report_id: p.report_id,
                    commitment: p.commitment,
                    year: p.year,
                    base_version: p.base_version,
                    content: p.content,
                },
            ));
        }
        Ok(sent)
    })?;
    let waiting = |store: &Store| -> Result<usize, Error> {
        store.read(|c| {
            Ok(copy::pending(c)?
                .iter()
                .filter(|p| matches!(p.state, PendingState::Conflict | PendingState::Refused))
                .count())
        })
    };
    if sent.is_empty() {
        return Ok((0, waiting(store)?));
    }
    let answer: PushAnswer = call(
        remote,
        "sync_push",
        &PushRequest {
            protocol: PROTOCOL,
            changes: sent.iter().map(|(_, c)| c.clone()).collect(),
        },
    )?;
    let mut pushed = 0;
    store.write(|tx| {
        for ((number, change), result) in sent.iter().zip(&answer.results) {
            if result.change_id != change.change_id {
                continue;
            }
            if matches!(result.outcome, PushOutcome::Applied { .. }) {
                pushed += 1;
            }
            settle(tx, *number, change, &result.outcome)?;
        }
        Ok(())
    })?;
    Ok((pushed, waiting(store)?))
}

/// Records the server's answer to one sent edit. An edit changed again since it was sent
/// stays pending (its new text goes next time, based on what the answer says).
fn settle(
    tx: &Conn<'_>,
    number: i64,
    sent: &PushChange,
    outcome: &PushOutcome,
) -> Result<(), Error> {
    let Ok(now) = copy::pending_by_number(tx, number) else {
        return Ok(());
    };
    let unchanged = now.change_id == sent.change_id;
    let update = |state, base, message: Option<&str>| {
        copy::update_pending(
            tx,
            number,
            &PendingUpdate {
                state,
                base_version: base,
                message,
                sent_ids: &[],
                report_id: &now.report_id,
                change_id: &now.change_id,
            },
        )
    };
    match outcome {
        // The pull that brings the server's row may not come (the server went away, the
        // process ended): the row takes the version now, so the next edit's base is right.
        PushOutcome::Applied { version } if unchanged => {
            copy::set_report_version(tx, &now.report_id, *version)?;
            copy::remove_pending(tx, number)
        }
        PushOutcome::Applied { version } => update(PendingState::Pending, Some(*version), None),
        PushOutcome::Conflict { .. } if unchanged => {
            update(PendingState::Conflict, now.base_version, None)
        }
        PushOutcome::Refused { message, .. } if unchanged => {
            update(PendingState::Refused, now.base_version, Some(message))
        }
        // Changed since: sent again next time.
        PushOutcome::Conflict { .. } | PushOutcome::Refused { .. } => Ok(()),
    }
}

/// Pulls the feed from `since` to its end, in one transaction of this copy: a page may hold a
/// child whose parent comes in a later page. Returns the rows received.
///
/// The next page is asked for (and decoded) on a thread of its own while this one is written:
/// the server's work, the transfer and the decoding overlap the copy's writes (a first sync is
/// ~50 pages). At most one page waits.
fn pull(store: &Store, remote: &Remote, since: i64) -> Result<usize, Error> {
    store.write(|tx| pull_in(tx, remote, since))
}

/// [`pull`] inside the caller's transaction.
fn pull_in(tx: &Conn<'_>, remote: &Remote, since: i64) -> Result<usize, Error> {
    std::thread::scope(|scope| {
        let (sender, pages) = std::sync::mpsc::sync_channel::<Result<PullPage, Error>>(1);
        scope.spawn(move || {
            let mut since = since;
            loop {
                let page: Result<PullPage, Error> = call(
                    remote,
                    "sync_pull",
                    &PullRequest {
                        protocol: PROTOCOL,
                        since,
                        limit: None,
                    },
                );
                let next = match &page {
                    Ok(p) if p.more => Some(p.next),
                    _ => None,
                };
                // The writer stopped (it failed): nothing more to fetch.
                if sender.send(page).is_err() {
                    return;
                }
                match next {
                    Some(n) => since = n,
                    None => return,
                }
            }
        });
        copy::defer_foreign_keys(tx)?;
        let mut cols = copy::Columns::default();
        let mut received = 0;
        for page in pages.iter() {
            let page = page?;
            received += page.rows.len();
            apply_page(tx, &mut cols, &page)?;
            copy::set_pulled(tx, page.next)?;
            if !page.more {
                return Ok(received);
            }
        }
        Err(Error::Offline(
            "the pull from the team server stopped before its last page: nothing was changed"
                .to_owned(),
        ))
    })
}

/// Writes a page of the feed. A report with a pending edit here keeps this copy's text: the
/// server's row is kept beside the edit (the "theirs" of a conflict).
fn apply_page(tx: &Conn<'_>, cols: &mut copy::Columns, page: &PullPage) -> Result<(), Error> {
    let pending = copy::pending_reports(tx)?;
    for row in &page.rows {
        if row.table == "reports" {
            if let Some(values) = &row.row {
                let key = (
                    values
                        .get("commitment_id")
                        .and_then(Json::as_str)
                        .unwrap_or_default()
                        .to_owned(),
                    values
                        .get("year")
                        .and_then(Json::as_i64)
                        .and_then(|y| i32::try_from(y).ok())
                        .unwrap_or_default(),
                );
                if let Some(number) = pending.get(&key) {
                    keep_beside(tx, *number, values)?;
                    continue;
                }
            }
        }
        copy::apply_row(tx, cols, row)?;
    }
    Ok(())
}

/// Keeps the server's report row beside pending edit `number`; a report new here that the
/// server also has (someone else wrote that year's) takes the server's id, so the server's
/// history of it can be copied.
fn keep_beside(tx: &Conn<'_>, number: i64, row: &Map<String, Json>) -> Result<(), Error> {
    let p = copy::pending_by_number(tx, number)?;
    let server_id = row.get("id").and_then(Json::as_str).unwrap_or_default();
    if !server_id.is_empty() && server_id != p.report_id {
        let local_exists = store::reports::get(tx, &p.report_id).is_ok();
        if local_exists {
            copy::rekey_report(tx, &p.report_id, server_id)?;
        } else {
            copy::take_server_report(tx, &p.report_id, row)?;
        }
        copy::update_pending(
            tx,
            number,
            &PendingUpdate {
                state: p.state,
                base_version: p.base_version,
                message: p.message.as_deref(),
                sent_ids: &p.sent_ids,
                report_id: server_id,
                change_id: &p.change_id,
            },
        )?;
    } else if store::reports::get(tx, &p.report_id).is_err() {
        // An offered report whose row is not here yet: the server's row is the base.
        copy::take_server_report(tx, &p.report_id, row)?;
    }
    copy::set_server_row(tx, number, Some(row))
}

/// Settles pending edit `number`: keep this copy's text (sent next, over the server's
/// version now), take the server's (this copy's text goes; it stays in the backups), or send
/// a merged text. An offered report is uploaded by "keep mine" and dropped by "take theirs".
///
/// Errors: `not_found` (no such pending edit), `validation` (a merged text breaking a rule).
pub fn resolve(store: &Store, req: &ResolveRequest) -> Result<SyncStatus, Error> {
    store.write(|tx| {
        let p = copy::pending_by_number(tx, req.number)?;
        let server = p.server_row.as_ref().and_then(server_content);
        let server_version = server.as_ref().map(|s| s.1);
        match &req.resolution {
            Resolution::TakeTheirs => {
                match &p.server_row {
                    Some(row) => copy::take_server_report(tx, &p.report_id, row)?,
                    // The server has no such report: this copy's new one goes.
                    None if p.base_version.is_none() => {
                        copy::delete_local_report(tx, &p.report_id)?;
                    }
                    None => {}
                }
                copy::remove_pending(tx, p.number)?;
            }
            Resolution::KeepMine | Resolution::Merged { .. } => {
                let content = match &req.resolution {
                    Resolution::Merged { content } => content.validate()?,
                    _ => p.content.clone(),
                };
                if content != p.content {
                    let before = store::reports::get(tx, &p.report_id)?;
                    store::reports::update_content(
                        tx,
                        &before.id,
                        before.version,
                        &content,
                        before.review_state,
                        before.revision,
                        &before.updated_by,
                        &time::now(),
                    )?;
                    copy::put_pending(
                        tx,
                        &p.report_id,
                        &p.commitment,
                        p.year,
                        p.base_version,
                        &content,
                        p.state,
                        &store::new_id(),
                        &time::now(),
                    )?;
                }
                let p = copy::pending_by_number(tx, req.number)?;
                copy::update_pending(
                    tx,
                    p.number,
                    &PendingUpdate {
                        state: PendingState::Pending,
                        base_version: server_version.or(p.base_version),
                        message: None,
                        sent_ids: &p.sent_ids,
                        report_id: &p.report_id,
                        // A new id: the old one was answered (conflict or refusal).
                        change_id: &store::new_id(),
                    },
                )?;
            }
        }
        status_tx(tx)
    })
}

/// Forgets the link: this database becomes a personal one again, holding what it copied
/// (pending edits not sent are kept as they are in its reports).
pub fn unlink(store: &Store) -> Result<SyncStatus, Error> {
    store.write(|tx| {
        copy::remove_link(tx)?;
        copy::clear_pending(tx)?;
        status_tx(tx)
    })
}

/// Runs a command on the server (review steps, the catalogue, accounts), after sending this
/// copy's pending edits, and pulls its effect. A file to import is uploaded first.
///
/// Errors: `offline` (nothing was changed), the server's own.
pub fn forward(store: &Store, cmd: &str, mut args: Json) -> Result<Json, Error> {
    let link = store.read(copy::link)?.ok_or_else(not_linked)?;
    let remote = remote_of(&link)?;
    upload_source(&remote, &mut args)?;
    // The server's version is what a review step names: after this copy's edits reached it.
    let report = args
        .get("id")
        .and_then(Json::as_str)
        .map(str::to_owned)
        .filter(|_| cmd.ends_with("_report"));
    let seen = match &report {
        Some(id) => store.read(|c| store::reports::get(c, id)).ok(),
        None => None,
    };
    sync(store).map_err(|e| offline_needed(cmd, e))?;
    if let (Some(seen), Some(obj)) = (seen, args.as_object_mut()) {
        let now = store.read(|c| store::reports::get(c, &seen.id))?;
        let expected = obj.get("expectedVersion").and_then(Json::as_i64);
        if expected == Some(i64::from(seen.version)) && now.content == seen.content {
            obj.insert("expectedVersion".to_owned(), Json::from(now.version));
        }
    }
    let out: Json = call(&remote, cmd, &args).map_err(|e| offline_needed(cmd, e))?;
    // The effect comes back with the next pull; a failure here is the background sync's.
    let _ = sync(store);
    Ok(out)
}

fn offline_needed(cmd: &str, e: Error) -> Error {
    match e {
        Error::Offline(_) => Error::Offline(format!(
            "{} needs a connection to the team server, which cannot be reached: nothing was changed. Report edits can still be made and are sent when it is back",
            what(cmd)
        )),
        other => other,
    }
}

/// A command as people name it, for the offline message.
fn what(cmd: &str) -> String {
    match cmd {
        "submit_report" => "Submitting a report".to_owned(),
        "approve_report" => "Approving a report".to_owned(),
        "return_report" => "Returning a report".to_owned(),
        "reopen_report" => "Reopening a report".to_owned(),
        c if c.contains("commitment") || c.contains("framework") || c.contains("catalogue") => {
            "Changing the catalogue".to_owned()
        }
        c => format!("This ({})", c.replace('_', " ")),
    }
}

/// Replaces an import's local file (`source.path`) by an upload to the server.
fn upload_source(remote: &Remote, args: &mut Json) -> Result<(), Error> {
    let Some(source) = args.get_mut("source").and_then(Json::as_object_mut) else {
        return Ok(());
    };
    let Some(path) = source.get("path").and_then(Json::as_str).map(str::to_owned) else {
        return Ok(());
    };
    let name = source
        .get("name")
        .and_then(Json::as_str)
        .unwrap_or_default()
        .to_owned();
    let file = std::fs::File::open(&path).map_err(|e| Error::io(&path, e))?;
    let uploaded = remote.upload(&name, file).map_err(offline_if_unreachable)?;
    source.remove("path");
    source.insert("uploadId".to_owned(), Json::from(uploaded.upload_id));
    Ok(())
}

/// Syncs in the background whenever this database is a copy: soon after an edit, else every
/// ten seconds; less often while the server cannot be reached. Ends with the process.
pub fn spawn_background(app: Arc<App>) {
    let spawned = std::thread::Builder::new()
        .name("sync".to_owned())
        .spawn(move || {
            let idle = background_interval();
            let mut wait = Duration::from_secs(1);
            loop {
                std::thread::sleep(wait);
                wait = match background_pass(app.store()) {
                    Ok(true) => idle.min(Duration::from_secs(3)),
                    Ok(false) => idle,
                    Err(_) => {
                        (wait * 2).clamp(idle.min(Duration::from_secs(5)), Duration::from_secs(60))
                    }
                };
            }
        });
    // No thread, no background sync: "Sync now" and `ct sync` still work.
    drop(spawned);
}

/// The seconds between background syncs when nothing waits to be sent
/// (`COMMITMENT_TRACKER_SYNC_SECONDS`, default 10).
fn background_interval() -> Duration {
    let secs = std::env::var("COMMITMENT_TRACKER_SYNC_SECONDS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .filter(|s| *s > 0)
        .unwrap_or(10);
    Duration::from_secs(secs)
}

/// One background pass: syncs when linked (returns whether edits wait to be sent, so the
/// next pass comes soon).
fn background_pass(store: &Store) -> Result<bool, Error> {
    if store.read(copy::link)?.is_none() {
        return Ok(false);
    }
    sync(store)?;
    let waiting = store.read(copy::pending)?;
    Ok(waiting.iter().any(|p| p.state == PendingState::Pending))
}
