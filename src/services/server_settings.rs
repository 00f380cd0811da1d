//! A team server's settings: separation of duties, and who may join through single sign-on.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Error;
use crate::store::{self, Conn, Store};

const SEPARATION_OF_DUTIES: &str = "review.separation_of_duties";
const SSO_SIGN_UP: &str = "oidc.sign_up_as_viewer";

/// The organisation's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ServerSettings {
    /// The author of a report's latest content cannot approve it (default: on).
    pub separation_of_duties: bool,
    /// A person the OpenID provider vouches for but who has no account gets one, as a viewer,
    /// at first sign-in (default: off; an admin creates accounts).
    pub sso_sign_up: bool,
}

fn flag(conn: &Conn<'_>, key: &str, default: bool) -> Result<bool, Error> {
    Ok(store::server_settings::get(conn, key)?.map_or(default, |v| v == "true"))
}

/// The settings inside a transaction.
pub fn get_tx(conn: &Conn<'_>) -> Result<ServerSettings, Error> {
    Ok(ServerSettings {
        separation_of_duties: flag(conn, SEPARATION_OF_DUTIES, true)?,
        sso_sign_up: flag(conn, SSO_SIGN_UP, false)?,
    })
}

/// The settings.
pub fn get(store: &Store) -> Result<ServerSettings, Error> {
    store.read(get_tx)
}

/// Replaces the settings (admins).
pub fn set(store: &Store, s: &ServerSettings) -> Result<ServerSettings, Error> {
    store.write(|tx| {
        store::server_settings::put(tx, SEPARATION_OF_DUTIES, bool_text(s.separation_of_duties))?;
        store::server_settings::put(tx, SSO_SIGN_UP, bool_text(s.sso_sign_up))?;
        get_tx(tx)
    })
}

fn bool_text(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}
