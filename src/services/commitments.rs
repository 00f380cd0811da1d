//! Browsing and editing the commitment catalogue.

use crate::domain::{
    time, Actor, AuditAction, AuditEntity, Commitment, CommitmentFilter, CommitmentInput,
    CommitmentPage, CommitmentPageQuery, CommitmentSummary, Organisation, ValidCommitment,
};
use crate::error::Error;
use crate::services::audit::{record_from_tx, record_tx};
use crate::store::db::Conn;
use crate::store::{self, Store};

/// The commitments the filter lets through.
pub fn list(store: &Store, filter: &CommitmentFilter) -> Result<Vec<CommitmentSummary>, Error> {
    store.read(|conn| {
        check_filter(conn, filter)?;
        store::commitments::list(conn, filter)
    })
}

/// Refuses a filter naming a framework, category or type that does not exist.
pub fn check_filter(conn: &Conn<'_>, filter: &CommitmentFilter) -> Result<(), Error> {
    if filter.framework.is_none() && filter.category.is_none() && filter.kind.is_none() {
        return Ok(());
    }
    filter.check(&store::catalogue::load(conn)?)
}

/// Rows a catalogue page holds unless the caller asks otherwise.
pub const PAGE_ROWS: u32 = 200;

/// One page of the commitments the filter lets through (the window and the browser read the
/// catalogue this way: a list of thousands took half a second to send and decode at start).
pub fn page(store: &Store, q: &CommitmentPageQuery) -> Result<CommitmentPage, Error> {
    let limit = q.limit.unwrap_or(PAGE_ROWS).clamp(1, 1_000);
    store.read(|conn| {
        check_filter(conn, &q.filter)?;
        let (total, rows) =
            store::commitments::page(conn, &q.filter, "", Vec::new(), q.offset, limit)?;
        Ok(CommitmentPage {
            total,
            offset: q.offset,
            rows,
        })
    })
}

/// One commitment by its UUID.
pub fn get(store: &Store, id: &str) -> Result<Commitment, Error> {
    store.read(|conn| store::commitments::get(conn, id))
}

/// One commitment by its public Commitment ID, in the named organisation or, when none is
/// named, in whichever single organisation has it.
pub fn find_by_commitment_id(
    store: &Store,
    organisation: Option<&str>,
    commitment_id: &str,
) -> Result<Commitment, Error> {
    store.read(|conn| {
        let wanted = crate::domain::commitment::normalise_commitment_id(commitment_id);
        let found = store::commitments::find_by_public_id(conn, organisation, &wanted)?;
        match found.as_slice() {
            [(id, _)] => store::commitments::get(conn, id),
            [] => Err(Error::NotFound {
                entity: "commitment",
                id: commitment_id.to_owned(),
            }),
            many => Err(Error::validation(
                "organisation",
                format!(
                    "commitment {commitment_id} exists in several organisations ({}); name one",
                    many.iter()
                        .map(|(_, o)| o.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    })
}

/// Adds a commitment after checking every rule; a refused input changes nothing.
pub fn create(store: &Store, actor: &Actor, input: &CommitmentInput) -> Result<Commitment, Error> {
    store.write(|tx| {
        let id = create_tx(tx, actor, input)?;
        store::commitments::get(tx, &id)
    })
}

/// [`create`] inside the caller's transaction; returns the new UUID.
pub fn create_tx(conn: &Conn<'_>, actor: &Actor, input: &CommitmentInput) -> Result<String, Error> {
    let catalogue = store::catalogue::load(conn)?;
    let valid = input.validate(&catalogue)?;
    let org = resolve_organisation(conn, valid.organisation.as_deref())?;
    ensure_unique(conn, &org, &valid, None)?;
    insert_valid_tx(conn, actor, &org, &valid, None)
}

/// Adds a commitment the caller has validated and found unique in `org` (an import checks a
/// whole file against one catalogue read); records it in the audit log ("import" naming the
/// file when `source` is given, else "create"); returns the new UUID.
pub fn insert_valid_tx(
    conn: &Conn<'_>,
    actor: &Actor,
    org: &Organisation,
    valid: &ValidCommitment,
    source: Option<&str>,
) -> Result<String, Error> {
    let id = store::new_id();
    store::commitments::insert(conn, &id, &org.id, valid, &actor.name, &time::now())?;
    let after = store::commitments::get(conn, &id)?;
    record_from_tx(
        conn,
        actor,
        AuditEntity::Commitment,
        &id,
        &id,
        if source.is_some() {
            AuditAction::Import
        } else {
            AuditAction::Create
        },
        None::<&Commitment>,
        Some(&after),
        source,
    )?;
    Ok(id)
}

/// Rewrites a commitment if nobody saved it since `expected_version`; otherwise a conflict.
pub fn update(
    store: &Store,
    actor: &Actor,
    id: &str,
    expected_version: i32,
    input: &CommitmentInput,
) -> Result<Commitment, Error> {
    store.write(|tx| {
        let current = store::commitments::get(tx, id)?;
        let catalogue = store::catalogue::load(tx)?;
        let valid = input.validate(&catalogue)?;
        update_valid_tx(tx, actor, &current, expected_version, &valid, None)
    })
}

/// Rewrites `current` with content the caller has validated, inside the caller's
/// transaction, if nobody saved it since `expected_version`; records it in the audit log
/// ("import" naming the file when `source` is given, else "update"). Errors: `Validation`
/// (a move to another organisation), `Duplicate` (the public ID is taken in the
/// organisation), `Conflict`.
pub fn update_valid_tx(
    tx: &Conn<'_>,
    actor: &Actor,
    current: &Commitment,
    expected_version: i32,
    valid: &ValidCommitment,
    source: Option<&str>,
) -> Result<Commitment, Error> {
    let id = current.id.as_str();
    // A commitment stays with its organisation; moving one is not an edit.
    if let Some(code) = valid.organisation.as_deref() {
        if !code.eq_ignore_ascii_case(&current.organisation) {
            return Err(Error::validation(
                "organisation",
                format!(
                    "commitment {} belongs to {}; it cannot be moved to {code}",
                    current.commitment_id, current.organisation
                ),
            ));
        }
    }
    let org = resolve_organisation(tx, Some(&current.organisation))?;
    ensure_unique(tx, &org, valid, Some(id))?;
    let saved =
        store::commitments::update(tx, id, expected_version, valid, &actor.name, &time::now())?;
    if !saved {
        return Err(conflict(id, expected_version, current.version));
    }
    let after = store::commitments::get(tx, id)?;
    record_from_tx(
        tx,
        actor,
        AuditEntity::Commitment,
        id,
        id,
        if source.is_some() {
            AuditAction::Import
        } else {
            AuditAction::Update
        },
        Some(current),
        Some(&after),
        source,
    )?;
    Ok(after)
}

/// Retires a commitment: it leaves the default lists but keeps its history.
pub fn retire(
    store: &Store,
    actor: &Actor,
    id: &str,
    expected_version: i32,
) -> Result<Commitment, Error> {
    set_retired(store, actor, id, expected_version, true)
}

/// Brings a retired commitment back.
pub fn restore(
    store: &Store,
    actor: &Actor,
    id: &str,
    expected_version: i32,
) -> Result<Commitment, Error> {
    set_retired(store, actor, id, expected_version, false)
}

fn set_retired(
    store: &Store,
    actor: &Actor,
    id: &str,
    expected_version: i32,
    retire: bool,
) -> Result<Commitment, Error> {
    store.write(|tx| {
        let current = store::commitments::get(tx, id)?;
        let now = time::now();
        let retired_at = retire.then_some(now.as_str());
        if !store::commitments::set_retired(
            tx,
            id,
            expected_version,
            retired_at,
            &actor.name,
            &now,
        )? {
            return Err(conflict(id, expected_version, current.version));
        }
        let after = store::commitments::get(tx, id)?;
        let action = if retire {
            AuditAction::Retire
        } else {
            AuditAction::Restore
        };
        record_tx(
            tx,
            actor,
            AuditEntity::Commitment,
            id,
            id,
            action,
            Some(&current),
            Some(&after),
        )?;
        Ok(after)
    })
}

fn conflict(id: &str, expected: i32, actual: i32) -> Error {
    Error::Conflict {
        entity: "commitment",
        id: id.to_owned(),
        expected,
        actual,
    }
}

/// The named organisation, or the only/first one when none is named.
fn resolve_organisation(conn: &Conn<'_>, code: Option<&str>) -> Result<Organisation, Error> {
    match code {
        Some(code) => store::organisations::by_code(conn, code)?.ok_or_else(|| {
            Error::validation(
                "organisation",
                format!("organisation {code:?} does not exist"),
            )
        }),
        None => store::organisations::list(conn)?
            .into_iter()
            .next()
            .ok_or_else(|| {
                Error::validation("organisation", "no organisation exists yet: name one")
            }),
    }
}

fn ensure_unique(
    conn: &Conn<'_>,
    org: &Organisation,
    valid: &ValidCommitment,
    except: Option<&str>,
) -> Result<(), Error> {
    match store::commitments::id_by_public_id(conn, &org.id, &valid.commitment_id)? {
        Some(other) if Some(other.as_str()) != except => Err(Error::Duplicate {
            field: "commitmentId".to_owned(),
            message: format!(
                "Commitment ID {} already exists in {}",
                valid.commitment_id, org.code
            ),
        }),
        _ => Ok(()),
    }
}
