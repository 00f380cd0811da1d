//! The organisations that hold commitments (frameworks are in `framework`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use unicode_normalization::UnicodeNormalization;

use crate::error::Error;

/// The longest organisation code ("IOM", "UNHCR", "OCHA-ROAP").
pub const MAX_ORGANISATION_CODE_LEN: usize = 16;
/// The longest organisation name.
pub const MAX_ORGANISATION_NAME_LEN: usize = 200;

/// Checks an organisation code, as typed in a catalogue file or carried by a bundle: 1 to
/// [`MAX_ORGANISATION_CODE_LEN`] letters, digits and `- _ .`, compared in NFKC (a full-width
/// `ＩＯＭ` is `IOM`). Errors name the field `organisation`.
pub fn validate_organisation_code(code: &str) -> Result<String, Error> {
    let code: String = code.nfkc().collect::<String>().trim().to_owned();
    if code.is_empty() {
        return Err(Error::validation(
            "organisation",
            "the organisation code is empty",
        ));
    }
    if code.chars().count() > MAX_ORGANISATION_CODE_LEN {
        return Err(Error::validation(
            "organisation",
            format!("the organisation code is longer than {MAX_ORGANISATION_CODE_LEN} characters"),
        ));
    }
    if !code
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err(Error::validation(
            "organisation",
            format!("the organisation code {code:?} may hold only letters, digits and - _ ."),
        ));
    }
    Ok(code)
}

/// Checks an organisation's name: not empty, at most [`MAX_ORGANISATION_NAME_LEN`]
/// characters. Errors name the field `organisationName`.
pub fn validate_organisation_name(name: &str) -> Result<String, Error> {
    let name = name.trim().to_owned();
    if name.is_empty() {
        return Err(Error::validation(
            "organisationName",
            "the organisation's name is empty",
        ));
    }
    if name.chars().count() > MAX_ORGANISATION_NAME_LEN {
        return Err(Error::validation(
            "organisationName",
            format!(
                "the organisation's name is longer than {MAX_ORGANISATION_NAME_LEN} characters"
            ),
        ));
    }
    Ok(name)
}

/// An organisation that holds commitments (IOM first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Organisation {
    pub id: String,
    /// Short code, e.g. "IOM".
    pub code: String,
    pub name: String,
}
