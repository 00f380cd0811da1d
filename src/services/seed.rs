//! The catalogue file format, and seeding a new database with IOM's WHS commitments.

use serde::Deserialize;

use crate::domain::framework::WHS;
use crate::domain::{time, Actor, CategoryLink, CommitmentInput};
use crate::error::Error;
use crate::services::commitments::create_tx;
use crate::store::{self, Store};

/// IOM's World Humanitarian Summit commitments (2019 report), reconstructed from the source
/// PDF's text; see the file's `source` field for what was inferred.
pub const IOM_WHS_2019: &str = include_str!("../seed/iom_whs_2019.json");

/// A catalogue file: organisations and their commitments.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CatalogueFile {
    pub format: String,
    pub format_version: u32,
    #[serde(default)]
    pub source: Option<String>,
    pub organisations: Vec<OrganisationEntry>,
    pub commitments: Vec<CatalogueEntry>,
}

/// A commitment in a catalogue file: the fields of [`CommitmentInput`], or, as format 1
/// wrote them, WHS core responsibility numbers and transformation links.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CatalogueEntry {
    #[serde(flatten)]
    pub input: CommitmentInput,
    /// Format 1: WHS core responsibility numbers.
    #[serde(default)]
    pub core_responsibilities: Vec<u8>,
    /// Format 1: WHS transformation links.
    #[serde(default)]
    pub transformations: Vec<CategoryLink>,
}

impl CatalogueEntry {
    /// The commitment input, format-1 links read as WHS categories.
    pub fn into_input(self) -> CommitmentInput {
        let mut input = self.input;
        if !self.core_responsibilities.is_empty() || !self.transformations.is_empty() {
            input.framework.get_or_insert_with(|| WHS.to_owned());
            input.categories.extend(
                self.core_responsibilities
                    .iter()
                    .map(|n| CategoryLink::stated(&n.to_string()))
                    .chain(self.transformations),
            );
        }
        input
    }
}

/// An organisation in a catalogue file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganisationEntry {
    pub code: String,
    pub name: String,
}

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
