//! Writing and reviewing yearly progress reports. Every save adds a revision and an audit
//! entry in the same transaction; every change names the version it was based on.

use crate::store::db::Conn;

use crate::domain::report::validate_year;
use crate::domain::review::transition;
use crate::domain::revision::diff;
use crate::domain::{
    time, Actor, AuditAction, AuditEntity, Report, ReportContent, ReportInput, ReportSummary,
    ReviewAction, ReviewEvent, ReviewState, Revision, RevisionDiff, RevisionSummary,
};
use crate::error::Error;
use crate::services::audit::{record_from_tx, record_tx};
use crate::store::{self, Store};

pub use crate::domain::time::current_year;

/// A commitment's reports, oldest year first.
pub fn list_for_commitment(store: &Store, commitment: &str) -> Result<Vec<ReportSummary>, Error> {
    store.read(|conn| {
        store::commitments::get(conn, commitment)?;
        store::reports::list_for_commitment(conn, commitment)
    })
}

/// One report by UUID.
pub fn get(store: &Store, id: &str) -> Result<Report, Error> {
    store.read(|conn| store::reports::get(conn, id))
}

/// The report of a commitment for a year, if written.
pub fn find(store: &Store, commitment: &str, year: i32) -> Result<Option<Report>, Error> {
    store.read(|conn| store::reports::find(conn, commitment, year))
}

/// "Start from last year": the content of the commitment's newest report before `year`, to
/// prefill a new one (status and narratives carried over; the person edits from there).
pub fn prefill(store: &Store, commitment: &str, year: i32) -> Result<Option<ReportInput>, Error> {
    store.read(|conn| {
        Ok(store::reports::previous(conn, commitment, year)?.map(|r| r.content.to_input()))
    })
}

/// Writes the report of a commitment for a year (as a draft). A second report for the same
/// commitment and year is refused.
pub fn create(
    store: &Store,
    actor: &Actor,
    account: &str,
    commitment: &str,
    year: i32,
    input: &ReportInput,
) -> Result<Report, Error> {
    store.write(|tx| create_tx(tx, actor, account, commitment, year, input))
}

/// [`create`] inside the caller's transaction.
pub fn create_tx(
    tx: &Conn<'_>,
    actor: &Actor,
    account: &str,
    commitment: &str,
    year: i32,
    input: &ReportInput,
) -> Result<Report, Error> {
    let content = input.validate()?;
    create_from_tx(
        tx,
        actor,
        account,
        commitment,
        year,
        &content,
        Origin::Edit,
        None,
    )
}

/// Where saved content comes from: what its revision and audit entry record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin<'a> {
    /// Typed by a person (revision action `create` or `update`).
    Edit,
    /// An old revision brought back (action `restore`).
    Restore(i32),
    /// Read from a file (action `import`, the file's name recorded as the source).
    Import { source: &'a str },
}

/// A new report from checked content, inside the caller's transaction. `author` names who
/// wrote it when that is not the actor (an imported file's author column). Errors:
/// `Validation` (year), `NotFound` (commitment), `Duplicate` (a report for that year exists).
#[allow(clippy::too_many_arguments)]
pub fn create_from_tx(
    tx: &Conn<'_>,
    actor: &Actor,
    account: &str,
    commitment: &str,
    year: i32,
    content: &ReportContent,
    origin: Origin<'_>,
    author: Option<&str>,
) -> Result<Report, Error> {
    let new = NewReport {
        id: &store::new_id(),
        commitment,
        year,
    };
    create_as_tx(tx, actor, account, new, content, origin, author)
}

/// The report a create makes: its UUID (an offline copy makes it, so the report keeps it on
/// the server), commitment and year.
#[derive(Debug, Clone, Copy)]
pub struct NewReport<'a> {
    pub id: &'a str,
    pub commitment: &'a str,
    pub year: i32,
}

/// [`create_from_tx`] with the report's UUID given. On an offline copy of a team server the
/// report is kept here as a pending edit ([`crate::services::replica::save_here`]).
pub fn create_as_tx(
    tx: &Conn<'_>,
    actor: &Actor,
    account: &str,
    new: NewReport<'_>,
    content: &ReportContent,
    origin: Origin<'_>,
    author: Option<&str>,
) -> Result<Report, Error> {
    let NewReport {
        id,
        commitment,
        year,
    } = new;
    let year = validate_year(year, current_year())?;
    // Only whether the commitment exists (the whole commitment only for the message): an
    // import creates thousands of reports in one go.
    if store::commitments::version(tx, commitment)?.is_none() {
        return Err(Error::NotFound {
            entity: "commitment",
            id: commitment.to_owned(),
        });
    }
    if store::reports::find(tx, commitment, year)?.is_some() {
        let c = store::commitments::get(tx, commitment)?;
        return Err(Error::Duplicate {
            field: "year".to_owned(),
            message: format!(
                "commitment {} already has a report for {year}: open it to edit",
                c.commitment_id
            ),
        });
    }
    if store::replica::is_linked(tx)? {
        return crate::services::replica::create_here(tx, actor, account, new, content);
    }
    let id = id.to_owned();
    let now = time::now();
    let author = author.unwrap_or(&actor.name);
    store::reports::insert_by(
        tx,
        &id,
        commitment,
        year,
        content,
        author,
        &actor.name,
        &now,
    )?;
    let json = store::reports::content_json(content);
    let revision_id = store::new_id();
    match origin {
        Origin::Import { source } => {
            store::revisions::insert_imported(tx, &revision_id, &id, 1, &json, actor, source, &now)?
        }
        _ => {
            store::revisions::insert(tx, &revision_id, &id, 1, &json, actor, "create", None, &now)?
        }
    }
    store::autosaves::discard(tx, account, commitment, year)?;
    let report = store::reports::get(tx, &id)?;
    let (action, source) = match origin {
        Origin::Import { source } => (AuditAction::Import, Some(source)),
        _ => (AuditAction::Create, None),
    };
    record_from_tx(
        tx,
        actor,
        AuditEntity::Report,
        &id,
        commitment,
        action,
        None::<&Report>,
        Some(&report),
        source,
    )?;
    Ok(report)
}

/// [`update`] inside the caller's transaction.
pub fn update_tx(
    tx: &Conn<'_>,
    actor: &Actor,
    account: &str,
    id: &str,
    expected_version: i32,
    input: &ReportInput,
) -> Result<Report, Error> {
    let content = input.validate()?;
    save_content_tx(
        tx,
        actor,
        account,
        id,
        expected_version,
        &content,
        Origin::Edit,
    )
}

fn conflict(id: &str, expected: i32, actual: i32) -> Error {
    Error::Conflict {
        entity: "report",
        id: id.to_owned(),
        expected,
        actual,
    }
}

pub(crate) fn ensure_editable(r: &Report) -> Result<(), Error> {
    match r.review_state {
        ReviewState::Approved => Err(Error::Locked(format!(
            "the {} report of {} is approved and locked: a coordinator must reopen it first",
            r.year, r.commitment_id
        ))),
        ReviewState::Submitted => Err(Error::Locked(format!(
            "the {} report of {} is submitted and waiting for review: a coordinator must return it before it can be edited",
            r.year, r.commitment_id
        ))),
        ReviewState::Draft | ReviewState::Returned => Ok(()),
    }
}

/// Saves new content as the next revision, if nobody saved since `expected_version` and the
/// report is editable. Editing a returned report makes it a draft again.
pub fn update(
    store: &Store,
    actor: &Actor,
    account: &str,
    id: &str,
    expected_version: i32,
    input: &ReportInput,
) -> Result<Report, Error> {
    let content = input.validate()?;
    store.write(|tx| {
        save_content_tx(
            tx,
            actor,
            account,
            id,
            expected_version,
            &content,
            Origin::Edit,
        )
    })
}

/// Saves checked content as the report's next revision, inside the caller's transaction,
/// if nobody saved since `expected_version` and the report is editable (Draft or Returned).
/// Editing a returned report makes it a draft again. Errors: `NotFound`, `Conflict`,
/// `Locked` (submitted or approved).
pub fn save_content_tx(
    tx: &Conn<'_>,
    actor: &Actor,
    account: &str,
    id: &str,
    expected_version: i32,
    content: &crate::domain::ReportContent,
    origin: Origin<'_>,
) -> Result<Report, Error> {
    let before = store::reports::get(tx, id)?;
    if before.version != expected_version {
        return Err(conflict(id, expected_version, before.version));
    }
    ensure_editable(&before)?;
    if store::replica::is_linked(tx)? {
        return crate::services::replica::save_here(tx, actor, account, &before, content);
    }
    let now = time::now();
    let revision = before.revision + 1;
    let state = ReviewState::Draft;
    if !store::reports::update_content(
        tx,
        id,
        expected_version,
        content,
        state,
        revision,
        &actor.name,
        &now,
    )? {
        return Err(conflict(id, expected_version, before.version));
    }
    let json = store::reports::content_json(content);
    let revision_id = store::new_id();
    let (action, audit_action, restored_from, source) = match origin {
        Origin::Edit => ("update", AuditAction::Update, None, None),
        Origin::Restore(r) => ("restore", AuditAction::RestoreRevision, Some(r), None),
        Origin::Import { source } => ("import", AuditAction::Import, None, Some(source)),
    };
    match source {
        Some(source) => store::revisions::insert_imported(
            tx,
            &revision_id,
            id,
            revision,
            &json,
            actor,
            source,
            &now,
        )?,
        None => store::revisions::insert(
            tx,
            &revision_id,
            id,
            revision,
            &json,
            actor,
            action,
            restored_from,
            &now,
        )?,
    }
    if before.review_state == ReviewState::Returned {
        store::revisions::insert_event(
            tx,
            &store::new_id(),
            id,
            ReviewState::Returned,
            ReviewState::Draft,
            actor,
            Some("edited after return"),
            &now,
        )?;
    }
    store::autosaves::discard(tx, account, &before.commitment, before.year)?;
    let after = store::reports::get(tx, id)?;
    record_from_tx(
        tx,
        actor,
        AuditEntity::Report,
        id,
        &before.commitment,
        audit_action,
        Some(&before),
        Some(&after),
        source,
    )?;
    Ok(after)
}

/// On a team server, the account that wrote a report's latest content may not approve it
/// while the organisation's separation-of-duties setting is on (the default).
fn check_separation_of_duties(tx: &Conn<'_>, actor: &Actor, report: &str) -> Result<(), Error> {
    let Some(me) = &actor.user_id else {
        return Ok(());
    };
    if !crate::services::server_settings::get_tx(tx)?.separation_of_duties {
        return Ok(());
    }
    if store::revisions::latest_author_id(tx, report)?.as_deref() == Some(me.as_str()) {
        return Err(Error::Forbidden(
            "you wrote this report's latest content: another coordinator approves it \
             (separation of duties)"
                .to_owned(),
        ));
    }
    Ok(())
}

/// Moves a report along the review workflow (submit, approve, return, reopen), recording who,
/// when and the comment.
pub fn review(
    store: &Store,
    actor: &Actor,
    id: &str,
    expected_version: i32,
    action: ReviewAction,
    comment: Option<&str>,
) -> Result<Report, Error> {
    store.write(|tx| {
        let before = store::reports::get(tx, id)?;
        if before.version != expected_version {
            return Err(conflict(id, expected_version, before.version));
        }
        let to = transition(before.review_state, action, actor, comment)?;
        if action == ReviewAction::Approve {
            check_separation_of_duties(tx, actor, id)?;
        }
        if action == ReviewAction::Submit {
            before.content.check_submittable()?;
        }
        let now = time::now();
        if !store::reports::set_state(tx, id, expected_version, to, &actor.name, &now)? {
            return Err(conflict(id, expected_version, before.version));
        }
        let comment = comment.map(str::trim).filter(|c| !c.is_empty());
        store::revisions::insert_event(
            tx,
            &store::new_id(),
            id,
            before.review_state,
            to,
            actor,
            comment,
            &now,
        )?;
        let after = store::reports::get(tx, id)?;
        record_tx(
            tx,
            actor,
            AuditEntity::Report,
            id,
            &before.commitment,
            action.into(),
            Some(&before),
            Some(&after),
        )?;
        Ok(after)
    })
}

/// A report's review transitions, oldest first.
pub fn history(store: &Store, id: &str) -> Result<Vec<ReviewEvent>, Error> {
    store.read(|conn| {
        store::reports::get(conn, id)?;
        store::revisions::events(conn, id)
    })
}

/// A report's revisions, newest first.
pub fn revisions(store: &Store, id: &str) -> Result<Vec<RevisionSummary>, Error> {
    store.read(|conn| {
        store::reports::get(conn, id)?;
        store::revisions::list(conn, id)
    })
}

/// One revision's content.
pub fn revision(store: &Store, id: &str, revision: i32) -> Result<Revision, Error> {
    store.read(|conn| store::revisions::get(conn, id, revision))
}

/// What changed from revision `from` to revision `to`.
pub fn diff_revisions(store: &Store, id: &str, from: i32, to: i32) -> Result<RevisionDiff, Error> {
    store.read(|conn| {
        let a = store::revisions::get(conn, id, from)?;
        let b = store::revisions::get(conn, id, to)?;
        Ok(RevisionDiff {
            from,
            to,
            changes: diff(&a.content, &b.content),
        })
    })
}

/// Brings back an old revision's content as a new revision (nothing is overwritten).
pub fn restore_revision(
    store: &Store,
    actor: &Actor,
    account: &str,
    id: &str,
    expected_version: i32,
    revision: i32,
) -> Result<Report, Error> {
    store.write(|tx| {
        let old = store::revisions::get(tx, id, revision)?;
        save_content_tx(
            tx,
            actor,
            account,
            id,
            expected_version,
            &old.content,
            Origin::Restore(revision),
        )
    })
}
