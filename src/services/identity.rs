//! Who the person at this computer says they are (name and role).

use crate::domain::{Identity, Role, SignedIn};
use crate::error::Error;
use crate::store::{self, Store};

const NAME: &str = "identity.name";
const ROLE: &str = "identity.role";

/// The identity this account gave, if any.
pub fn get(store: &Store, account: &str) -> Result<Option<Identity>, Error> {
    store.read(|conn| {
        let name = store::settings::get(conn, account, NAME)?;
        let role = store::settings::get(conn, account, ROLE)?;
        Ok(match (name, role) {
            (Some(name), Some(role)) => Some(Identity {
                name,
                role: role.parse().unwrap_or(Role::FocalPoint),
            }),
            _ => None,
        })
    })
}

/// The identity of a call: the signed-in account's on a team server, else the one this
/// computer's account gave.
pub fn of_call(
    store: &Store,
    account: &str,
    signed_in: Option<&SignedIn>,
) -> Result<Option<Identity>, Error> {
    match signed_in {
        Some(u) => Ok(Some(Identity {
            name: u.name.clone(),
            role: u.role,
        })),
        None => get(store, account),
    }
}

/// Records this account's name and role.
pub fn set(store: &Store, account: &str, identity: &Identity) -> Result<Identity, Error> {
    let valid = identity.validate()?;
    store.write(|tx| {
        store::settings::put(tx, account, NAME, &valid.name)?;
        store::settings::put(tx, account, ROLE, valid.role.as_str())?;
        Ok(valid.clone())
    })
}
