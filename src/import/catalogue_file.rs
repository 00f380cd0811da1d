//! The JSON catalogue file format: organisations and their commitments (the seed and
//! `ct import catalogue` of a .json file).

use serde::Deserialize;

use crate::domain::framework::WHS;
use crate::domain::{CategoryLink, CommitmentInput};

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
