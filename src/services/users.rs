//! Accounts of a team server: listing here; adding, roles, passwords and tokens in
//! `services::accounts`.

use crate::domain::User;
use crate::error::Error;
use crate::store::{self, Store};

/// Every account, by name.
pub fn list(store: &Store) -> Result<Vec<User>, Error> {
    store.read(store::users::list)
}
