//! Keeping editor text that is typed but not saved yet.

use crate::domain::{time, Autosave, DraftKey};
use crate::error::Error;
use crate::store::{self, Store};

/// Keeps the editor's text (replacing the previous copy). The text is kept as typed, even if
/// it would not pass validation yet: losing it would be worse.
pub fn put(store: &Store, account: &str, draft: &Autosave) -> Result<Autosave, Error> {
    let mut a = draft.clone();
    a.saved_at = time::now();
    store.write(|tx| {
        // The commitment must exist (a foreign key would refuse it less clearly).
        store::commitments::get(tx, &a.commitment)?;
        store::autosaves::put(tx, account, &a)?;
        Ok(a.clone())
    })
}

/// The kept text of one editor, if any.
pub fn get(store: &Store, account: &str, key: &DraftKey) -> Result<Option<Autosave>, Error> {
    store.read(|conn| store::autosaves::get(conn, account, &key.commitment, key.year))
}

/// All kept texts of this account (offered back after a crash), newest first.
pub fn list(store: &Store, account: &str) -> Result<Vec<Autosave>, Error> {
    store.read(|conn| store::autosaves::list(conn, account))
}

/// Drops one editor's kept text; returns whether there was one.
pub fn discard(store: &Store, account: &str, key: &DraftKey) -> Result<bool, Error> {
    store.write(|tx| store::autosaves::discard(tx, account, &key.commitment, key.year))
}
