//! Seeding a new database with IOM's WHS commitments (the file format is
//! `import::catalogue_file`).

use crate::domain::CommitmentInput;
use crate::domain::{time, Actor};
use crate::error::Error;
use crate::import::catalogue_file::{CatalogueEntry, CatalogueFile};
use crate::services::commitments::create_tx;
use crate::store::{self, Store};

/// IOM's World Humanitarian Summit commitments (2019 report), reconstructed from the source
/// PDF's text; see the file's `source` field for what was inferred.
pub const IOM_WHS_2019: &str = include_str!("../seed/iom_whs_2019.json");

/// Seeds the database with IOM's catalogue if it holds no organisation yet; returns how many
/// commitments were added (0 when it was not empty).
pub fn seed_iom_if_empty(store: &Store) -> Result<usize, Error> {
    let file: CatalogueFile =
        serde_json::from_str(IOM_WHS_2019).map_err(|e| Error::BadRequest {
            message: format!("the built-in IOM catalogue is malformed: {e}"),
            field: None,
        })?;
    let actor = Actor::system();
    let inputs: Vec<CommitmentInput> = file
        .commitments
        .into_iter()
        .map(CatalogueEntry::into_input)
        .collect();
    store.write(|tx| {
        if !store::organisations::list(tx)?.is_empty() {
            return Ok(0);
        }
        let now = time::now();
        for org in &file.organisations {
            store::organisations::insert(tx, &store::new_id(), &org.code, &org.name, &now)?;
        }
        for c in &inputs {
            create_tx(tx, &actor, c)?;
        }
        Ok(inputs.len())
    })
}
