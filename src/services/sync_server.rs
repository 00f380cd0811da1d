//! A team server's side of offline copies (docs/decisions/0007-offline-sync.md): the changes
//! feed they pull, and the report edits they push, each applied once, through the same save
//! as an edit in the window, and never over someone else's newer text.

use crate::app::Call;
use crate::domain::sync::{
    PullPage, PullRequest, PushAnswer, PushChange, PushOutcome, PushRequest, PushResult, PROTOCOL,
};
use crate::domain::{time, Actor, Caller, Report, SignedIn};
use crate::error::Error;
use crate::services::access::{self, WriteScope};
use crate::services::reports::{self, NewReport, Origin};
use crate::store::{self, Conn};

/// The most rows a page of the feed holds.
pub const MAX_PAGE: u32 = 5_000;

/// Refuses a client of another protocol version (kind `outdated`), saying which side to
/// update. The client keeps everything it has not sent.
pub fn check_protocol(theirs: u32) -> Result<(), Error> {
    match theirs.cmp(&PROTOCOL) {
        std::cmp::Ordering::Equal => Ok(()),
        std::cmp::Ordering::Less => Err(Error::Outdated(format!(
            "this app is older than the team server (sync protocol {theirs}; the server speaks {PROTOCOL}): please update the app. Your edits not yet sent are kept and will be sent once it is updated"
        ))),
        std::cmp::Ordering::Greater => Err(Error::Outdated(format!(
            "the team server is older than this app (sync protocol {PROTOCOL}; this app speaks {theirs}): ask its administrator to update it. Your edits not yet sent are kept"
        ))),
    }
}

/// `sync_pull`: the feed after `req.since`, one page.
pub fn pull(call: &Call<'_>, req: &PullRequest) -> Result<PullPage, Error> {
    check_protocol(req.protocol)?;
    let limit = req.limit.unwrap_or(MAX_PAGE).clamp(1, MAX_PAGE);
    let (rows, next, more) = call
        .store()
        .read(|conn| store::sync_feed::page(conn, req.since.max(0), limit))?;
    Ok(PullPage {
        protocol: PROTOCOL,
        rows,
        next,
        more,
    })
}

/// `sync_push`: applies each change in a transaction of its own, in the order sent, and says
/// what became of it. A change already answered gets the same answer again, unapplied.
///
/// Errors: `outdated` (protocol), `bad_request` on one computer (a copy syncs with a team
/// server), a storage failure (the changes before it stay applied and recorded: the client
/// sends them again and gets their answers).
pub fn push(call: &Call<'_>, req: &PushRequest) -> Result<PushAnswer, Error> {
    check_protocol(req.protocol)?;
    let Caller::User(user) = call.caller() else {
        return Err(Error::BadRequest {
            message: "offline copies sync with a team server, not with a database on one computer"
                .to_owned(),
            field: None,
        });
    };
    let scope = access::write_scope(call.store(), call.caller())?;
    let actor = call.actor()?;
    let mut results = Vec::with_capacity(req.changes.len());
    for change in &req.changes {
        let outcome = push_one(call, user, &actor, &scope, change)?;
        results.push(PushResult {
            change_id: change.change_id.clone(),
            outcome,
        });
    }
    Ok(PushAnswer {
        protocol: PROTOCOL,
        results,
    })
}

/// One change: applied (and its answer recorded) in one transaction; a refusal is recorded in
/// a second one, after the first rolled back whatever it began.
fn push_one(
    call: &Call<'_>,
    user: &SignedIn,
    actor: &Actor,
    scope: &WriteScope,
    change: &PushChange,
) -> Result<PushOutcome, Error> {
    let applied = call.store().write(|tx| {
        if let Some(answer) = answered(tx, &change.change_id)? {
            return Ok(answer);
        }
        let outcome = apply(tx, user, actor, scope, change)?;
        record(tx, user, change, &outcome)?;
        Ok(outcome)
    });
    match applied {
        Ok(outcome) => Ok(outcome),
        Err(e) => {
            let outcome = match refusal(&e) {
                Some(outcome) => outcome,
                None => return Err(e),
            };
            call.store().write(|tx| {
                if let Some(answer) = answered(tx, &change.change_id)? {
                    return Ok(answer);
                }
                record(tx, user, change, &outcome)?;
                Ok(outcome)
            })
        }
    }
}

/// The answer a refused save becomes (None: a failure of the server, not a refusal).
fn refusal(e: &Error) -> Option<PushOutcome> {
    use crate::error::ErrorKind as K;
    match e {
        Error::Conflict { actual, .. } => Some(PushOutcome::Conflict {
            server_version: Some(*actual),
        }),
        _ => match e.kind() {
            K::Validation
            | K::Duplicate
            | K::NotFound
            | K::Locked
            | K::Forbidden
            | K::BadRequest => Some(PushOutcome::Refused {
                kind: serde_json::to_value(e.kind())
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                message: e.to_string(),
            }),
            _ => None,
        },
    }
}

fn answered(tx: &Conn<'_>, change_id: &str) -> Result<Option<PushOutcome>, Error> {
    let Some(text) = store::sync_feed::applied(tx, change_id)? else {
        return Ok(None);
    };
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| Error::BadRequest {
            message: format!("the recorded answer to change {change_id} could not be read: {e}"),
            field: None,
        })
}

fn record(
    tx: &Conn<'_>,
    user: &SignedIn,
    change: &PushChange,
    outcome: &PushOutcome,
) -> Result<(), Error> {
    let version = match outcome {
        PushOutcome::Applied { version } => Some(*version),
        _ => None,
    };
    let text = serde_json::to_string(outcome).map_err(|e| Error::BadRequest {
        message: format!("could not encode an answer: {e}"),
        field: None,
    })?;
    store::sync_feed::record(
        tx,
        &change.change_id,
        &user.id,
        &change.report_id,
        version,
        &text,
        &time::now(),
    )
}

/// Applies one change if its base is the report's current version (or the report is new
/// on both sides); else a conflict, nothing written.
fn apply(
    tx: &Conn<'_>,
    user: &SignedIn,
    actor: &Actor,
    scope: &WriteScope,
    change: &PushChange,
) -> Result<PushOutcome, Error> {
    if uuid::Uuid::parse_str(&change.report_id).is_err() {
        return Err(Error::validation(
            "reportId",
            format!("{:?} is not a report id (a UUID)", change.report_id),
        ));
    }
    if !scope.allows(&change.commitment) {
        return Err(Error::Forbidden(format!(
            "you are not a focal point of this commitment ({}): a coordinator assigns commitments",
            commitment_shown(tx, &change.commitment)
        )));
    }
    // Checked again here: a copy's text is the person's, but the rules are the server's.
    let content = change.content.to_input().validate()?;
    let base = store::sync_feed::version_made_by(tx, &change.report_id, &change.supersedes)?
        .or(change.base_version);
    let current = store::reports::find(tx, &change.commitment, change.year)?;
    let saved: Report = match (current, base) {
        (None, None) => reports::create_as_tx(
            tx,
            actor,
            &user.id,
            NewReport {
                id: &change.report_id,
                commitment: &change.commitment,
                year: change.year,
            },
            &content,
            Origin::Edit,
            None,
        )?,
        (None, Some(_)) => {
            return Err(Error::NotFound {
                entity: "report",
                id: change.report_id.clone(),
            })
        }
        (Some(cur), _) if cur.content == content => {
            // Both sides wrote the same: nothing to save, nothing to choose.
            return Ok(PushOutcome::Applied {
                version: cur.version,
            });
        }
        (Some(cur), Some(base)) if cur.id == change.report_id && cur.version == base => {
            reports::save_content_tx(tx, actor, &user.id, &cur.id, base, &content, Origin::Edit)?
        }
        (Some(cur), _) => {
            // A report submitted or approved since the edit's base takes no edit whatever
            // the person chooses: a refusal saying why, not a conflict they cannot settle.
            reports::ensure_editable(&cur)?;
            return Ok(PushOutcome::Conflict {
                server_version: Some(cur.version),
            });
        }
    };
    Ok(PushOutcome::Applied {
        version: saved.version,
    })
}

/// A commitment as people know it: its Commitment ID (its UUID if it is unknown).
fn commitment_shown(tx: &Conn<'_>, commitment: &str) -> String {
    store::commitments::get(tx, commitment)
        .map(|c| c.commitment_id)
        .unwrap_or_else(|_| commitment.to_owned())
}
