//! Signing in to a team server: by e-mail and password (throttled), then a session; or with a
//! personal access token. Sessions live in [`crate::services::sessions`], tokens in
//! [`crate::services::tokens`]; both are re-exported here, so the HTTP side has one module.

use std::net::IpAddr;

use chrono::{DateTime, Utc};

use crate::domain::{SignedIn, User};
use crate::error::Error;
use crate::services::passwords;
use crate::store::{self, Store};

pub use crate::services::sessions::{
    session_user, session_user_at, sign_out, sign_out_everywhere, start_session, start_session_at,
    SessionSecret,
};
pub use crate::services::throttle::Throttle;
pub use crate::services::tokens::{token_user, token_user_at};

/// The one answer to a wrong e-mail, a wrong password, an account without a password or a
/// disabled one: which of them it was is not told.
pub const WRONG: &str = "the e-mail or the password is wrong";

/// Signs in by e-mail and password from the client address `addr`: a new session (a new
/// random secret every time). Kind `throttled` (with the seconds to wait) after too many
/// failures for the account or the address, even with the right password; kind
/// `unauthorized` ([`WRONG`]) otherwise on any failure.
pub fn password(
    store: &Store,
    throttle: &Throttle,
    email: &str,
    password: &str,
    addr: IpAddr,
) -> Result<(SignedIn, SessionSecret), Error> {
    password_at(store, throttle, email, password, addr, Utc::now())
}

/// [`password`] at the moment `now`.
pub fn password_at(
    store: &Store,
    throttle: &Throttle,
    email: &str,
    password: &str,
    addr: IpAddr,
    now: DateTime<Utc>,
) -> Result<(SignedIn, SessionSecret), Error> {
    throttle.admit(email, addr, now)?;
    let Some(user) = check(store, email, password)? else {
        return Err(Error::Unauthorized(WRONG.to_owned()));
    };
    throttle.succeeded(email, addr);
    let secret = start_session_at(store, &user.id, now)?;
    Ok((SignedIn::from(&user), secret))
}

/// The enabled account whose password this is, if any. Spends one password check's time
/// whatever the case, so that timing does not tell an unknown e-mail from a wrong password.
fn check(store: &Store, email: &str, password: &str) -> Result<Option<User>, Error> {
    let found = store.read(|conn| match store::users::by_email(conn, email.trim())? {
        Some(u) => Ok(store::users::password_hash(conn, &u.id)?.map(|h| (u, h))),
        None => Ok(None),
    })?;
    Ok(match found {
        Some((u, hash)) if passwords::verify(password, &hash) && !u.disabled => Some(u),
        Some(_) => None,
        None => {
            passwords::verify_nothing(password);
            None
        }
    })
}
