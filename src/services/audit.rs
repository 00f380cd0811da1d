//! Reading and writing the audit log.

use crate::store::db::Conn;
use serde::Serialize;

use crate::domain::{time, Actor, AuditAction, AuditEntity, AuditEntry, AuditQuery};
use crate::error::Error;
use crate::store::{self, audit::NewEntry, Store};

/// Entries of one commitment's trail or one record's, newest first.
pub fn list(store: &Store, query: &AuditQuery) -> Result<Vec<AuditEntry>, Error> {
    if query.commitment.is_none() && query.entity.is_none() {
        return Err(Error::validation(
            "commitment",
            "name a commitment or a record",
        ));
    }
    store.read(|conn| store::audit::list(conn, query))
}

fn snapshot(v: Option<&impl Serialize>) -> Option<String> {
    v.and_then(|v| serde_json::to_string(v).ok())
}

/// Records one change, inside the caller's transaction (so the change and its record commit
/// together or not at all).
#[allow(clippy::too_many_arguments)]
pub fn record_tx<B: Serialize, A: Serialize>(
    conn: &Conn<'_>,
    actor: &Actor,
    entity_type: AuditEntity,
    entity_id: &str,
    commitment_id: &str,
    action: AuditAction,
    before: Option<&B>,
    after: Option<&A>,
) -> Result<(), Error> {
    record_from_tx(
        conn,
        actor,
        entity_type,
        entity_id,
        commitment_id,
        action,
        before,
        after,
        None,
    )
}

/// [`record_tx`] for a change read from a file: `source` is the file's name.
#[allow(clippy::too_many_arguments)]
pub fn record_from_tx<B: Serialize, A: Serialize>(
    conn: &Conn<'_>,
    actor: &Actor,
    entity_type: AuditEntity,
    entity_id: &str,
    commitment_id: &str,
    action: AuditAction,
    before: Option<&B>,
    after: Option<&A>,
    source: Option<&str>,
) -> Result<(), Error> {
    store::audit::append(
        conn,
        &store::new_id(),
        actor,
        &time::now(),
        &NewEntry {
            entity_type,
            entity_id,
            commitment_id,
            action,
            before: snapshot(before),
            after: snapshot(after),
            source,
        },
    )
}
