//! Reading the reference frame and the organisations.

use crate::domain::{Catalogue, Organisation};
use crate::error::Error;
use crate::store::{self, Store};

/// The five core responsibilities with their transformations and core commitments.
pub fn catalogue(store: &Store) -> Result<Catalogue, Error> {
    store.read(store::catalogue::load)
}

/// Every organisation, oldest first.
pub fn list_organisations(store: &Store) -> Result<Vec<Organisation>, Error> {
    store.read(store::organisations::list)
}
