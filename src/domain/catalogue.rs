//! The Agenda for Humanity's reference frame and the organisations that hold commitments.

use serde::Serialize;
use ts_rs::TS;

/// One of the 24 transformations (codes 1A–5E) of the Agenda for Humanity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Transformation {
    /// "1A" … "5E".
    pub code: String,
    pub name: String,
    /// The number (1–5) of the core responsibility it belongs to.
    pub core_responsibility: u8,
}

/// One of the five core responsibilities, with its transformations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CoreResponsibility {
    /// 1–5.
    pub number: u8,
    pub name: String,
    /// The core commitments under it, as reference text (Markdown: headings and bullets).
    pub core_commitments: String,
    pub transformations: Vec<Transformation>,
}

/// The whole reference frame.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Catalogue {
    pub core_responsibilities: Vec<CoreResponsibility>,
}

impl Catalogue {
    /// The transformation with this code.
    pub fn transformation(&self, code: &str) -> Option<&Transformation> {
        self.core_responsibilities
            .iter()
            .flat_map(|cr| &cr.transformations)
            .find(|t| t.code == code)
    }

    /// Whether a core responsibility with this number exists.
    pub fn has_core_responsibility(&self, number: u8) -> bool {
        self.core_responsibilities
            .iter()
            .any(|cr| cr.number == number)
    }
}

/// An organisation that holds commitments (IOM first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Organisation {
    pub id: String,
    /// Short code, e.g. "IOM".
    pub code: String,
    pub name: String,
}
