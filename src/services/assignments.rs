//! Focal points assigned to commitments: a coordinator assigns, and a focal point then writes
//! and submits that commitment's reports. Each change is in the commitment's audit trail.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::{time, Actor, AuditAction, AuditEntity, Role, User};
use crate::error::Error;
use crate::services::audit::record_tx;
use crate::store::{self, Conn, Store};

/// An assignment to make or remove: a commitment (UUID) and an account (e-mail or UUID).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Assignment {
    pub commitment: String,
    pub user: String,
}

/// The account named by e-mail (without case) or UUID.
pub fn find_user(conn: &Conn<'_>, user: &str) -> Result<User, Error> {
    let found = if user.contains('@') {
        store::users::by_email(conn, user.trim())?
    } else {
        store::users::get(conn, user.trim())?
    };
    found.ok_or_else(|| Error::NotFound {
        entity: "user",
        id: user.to_owned(),
    })
}

/// Assigns the account to the commitment (an account that cannot write reports, a viewer, is
/// refused). Assigning twice changes nothing.
pub fn assign(store: &Store, actor: &Actor, a: &Assignment) -> Result<Vec<User>, Error> {
    store.write(|tx| assign_tx(tx, actor, &a.commitment, &a.user))
}

/// [`assign`] inside the caller's transaction (a catalogue import's focal-point column).
pub fn assign_tx(
    tx: &Conn<'_>,
    actor: &Actor,
    commitment: &str,
    user: &str,
) -> Result<Vec<User>, Error> {
    store::commitments::get(tx, commitment)?;
    let u = find_user(tx, user)?;
    if u.role == Role::Viewer {
        return Err(Error::validation(
            "user",
            format!("{} is a viewer: a viewer cannot write reports", u.email),
        ));
    }
    if store::assignments::add(tx, commitment, &u.id, &time::now())? {
        record_tx(
            tx,
            actor,
            AuditEntity::Commitment,
            commitment,
            commitment,
            AuditAction::Assign,
            None::<&()>,
            Some(&serde_json::json!({ "user": u.email, "name": u.name })),
        )?;
    }
    store::assignments::users_of(tx, commitment)
}

/// Removes the account's assignment. Removing one that is not there changes nothing.
pub fn unassign(store: &Store, actor: &Actor, a: &Assignment) -> Result<Vec<User>, Error> {
    store.write(|tx| {
        store::commitments::get(tx, &a.commitment)?;
        let u = find_user(tx, &a.user)?;
        if store::assignments::remove(tx, &a.commitment, &u.id)? {
            record_tx(
                tx,
                actor,
                AuditEntity::Commitment,
                &a.commitment,
                &a.commitment,
                AuditAction::Unassign,
                Some(&serde_json::json!({ "user": u.email, "name": u.name })),
                None::<&()>,
            )?;
        }
        store::assignments::users_of(tx, &a.commitment)
    })
}

/// The accounts assigned to a commitment.
pub fn assignees(store: &Store, commitment: &str) -> Result<Vec<User>, Error> {
    store.read(|conn| {
        store::commitments::get(conn, commitment)?;
        store::assignments::users_of(conn, commitment)
    })
}
