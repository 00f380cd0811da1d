//! Browser sessions: a random secret in the cookie, its SHA-256 in the database. A session
//! ends when idle too long, when too old whatever its use, at sign-out, or when the account is
//! disabled or its password reset.

use chrono::{DateTime, Duration, Utc};

use crate::domain::{time, SignedIn};
use crate::error::Error;
use crate::services::secrets;
use crate::services::tokens::live_user;
use crate::store::{self, sessions::Session, Store};

/// A session unused this long ends: a working day, so a browser left open overnight asks to
/// sign in again the next morning.
pub const IDLE_HOURS: i64 = 8;

/// A session ends this long after sign-in however much it is used: a stolen cookie works a
/// week at most.
pub const ABSOLUTE_DAYS: i64 = 7;

/// How often the last use of a session or token is written: at most once a minute, not at
/// every request (a write each time would serialise all reads behind the writer).
pub const TOUCH_EVERY_SECS: i64 = 60;

/// The value of a session cookie. Only its SHA-256 is stored; Debug does not show it.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionSecret(String);

impl SessionSecret {
    /// The cookie's value.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SessionSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionSecret(…)")
    }
}

/// Kind `unauthorized` with this message.
pub(crate) fn unauthorized(message: &str) -> Error {
    Error::Unauthorized(message.to_owned())
}

/// Whether a last use noted at `last` (RFC 3339, or never) is older than a minute at `now`.
pub(crate) fn due_for_touch(last: Option<&str>, now: DateTime<Utc>) -> bool {
    last.and_then(time::parse)
        .is_none_or(|t| now - t >= Duration::seconds(TOUCH_EVERY_SECS))
}

/// Starts a session for the account (UUID) with a new random secret (a new one at every
/// sign-in, so a secret planted before sign-in is worth nothing). Kind `unauthorized` when the
/// account is disabled or gone. Sessions already expired, anyone's, are deleted on the way.
pub fn start_session(store: &Store, user_id: &str) -> Result<SessionSecret, Error> {
    start_session_at(store, user_id, Utc::now())
}

/// [`start_session`] at the moment `now`.
pub fn start_session_at(
    store: &Store,
    user_id: &str,
    now: DateTime<Utc>,
) -> Result<SessionSecret, Error> {
    live_user(store, user_id)?;
    let secret = secrets::new_secret("")?;
    let session = Session {
        id_hash: secrets::digest(&secret),
        user_id: user_id.to_owned(),
        created_at: time::stamp(now),
        last_seen_at: time::stamp(now),
        expires_at: time::stamp(now + Duration::days(ABSOLUTE_DAYS)),
    };
    store.write(|tx| {
        store::sessions::delete_expired(
            tx,
            &time::stamp(now),
            &time::stamp(now - Duration::hours(IDLE_HOURS)),
        )?;
        store::sessions::insert(tx, &session)
    })?;
    Ok(SessionSecret(secret))
}

/// The account signed in with this session secret. Kind `unauthorized` when the secret is
/// unknown, the session has expired (idle or absolute; it is then deleted) or the account is
/// disabled. Notes the session's use, at most once a minute.
pub fn session_user(store: &Store, secret: &str) -> Result<SignedIn, Error> {
    session_user_at(store, secret, Utc::now())
}

/// [`session_user`] at the moment `now`.
pub fn session_user_at(store: &Store, secret: &str, now: DateTime<Utc>) -> Result<SignedIn, Error> {
    let hash = secrets::digest(secret);
    let session = store
        .read(|conn| store::sessions::get(conn, &hash))?
        .filter(|s| secrets::same(&s.id_hash, &hash))
        .ok_or_else(|| unauthorized("you are not signed in (or your session ended): sign in"))?;
    if expired(&session, now) {
        store.write(|tx| store::sessions::delete(tx, &hash))?;
        return Err(unauthorized("your session has expired: sign in again"));
    }
    let user = live_user(store, &session.user_id)?;
    if due_for_touch(Some(&session.last_seen_at), now) {
        store.write(|tx| store::sessions::touch(tx, &hash, &time::stamp(now)))?;
    }
    Ok(SignedIn::from(&user))
}

fn expired(s: &Session, now: DateTime<Utc>) -> bool {
    let absolute = time::parse(&s.expires_at);
    let idle = time::parse(&s.last_seen_at).map(|t| t + Duration::hours(IDLE_HOURS));
    [absolute, idle]
        .iter()
        .any(|end| end.is_none_or(|end| now >= end))
}

/// Ends the session with this secret (an unknown one: nothing happens).
pub fn sign_out(store: &Store, secret: &str) -> Result<(), Error> {
    let hash = secrets::digest(secret);
    store.write(|tx| store::sessions::delete(tx, &hash))?;
    Ok(())
}

/// Ends every session of the account (UUID), on every browser; how many. Its access tokens
/// stay (revoke them one by one).
pub fn sign_out_everywhere(store: &Store, user_id: &str) -> Result<usize, Error> {
    store.write(|tx| store::sessions::delete_of_user(tx, user_id))
}
