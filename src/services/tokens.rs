//! Personal access tokens, for `ct --server` and scripts: created for an account, shown once,
//! stored only as their SHA-256, with an expiry; revocable. Sent as `Authorization: Bearer`.

use chrono::{DateTime, Duration, Utc};

use crate::domain::{time, NewToken, SignedIn, TokenInfo, User};
use crate::error::Error;
use crate::services::assignments::find_user;
use crate::services::secrets;
use crate::services::sessions::{due_for_touch, unauthorized};
use crate::store::{self, Store};

/// What every token starts with, so that one pasted in the wrong place is recognisable (and
/// secret scanners can find it).
pub const PREFIX: &str = "ct_";

/// A token's life when none is asked for.
pub const DEFAULT_DAYS: u32 = 90;

/// The longest life a token may have: a forgotten token should not work for ever.
pub const MAX_DAYS: u32 = 365;

/// Longest label.
const MAX_LABEL: usize = 100;

/// Creates a token for the account (e-mail or UUID), valid for `days` (1–365; kind
/// `validation`, field `days`), named `label` (at most 100 characters; empty: "personal
/// access token"). A disabled account gets none (field `user`). The secret is in the result
/// and nowhere else.
pub fn create_token(store: &Store, user: &str, label: &str, days: u32) -> Result<NewToken, Error> {
    if !(1..=MAX_DAYS).contains(&days) {
        return Err(Error::validation(
            "days",
            format!("a token lasts from 1 to {MAX_DAYS} days, not {days}"),
        ));
    }
    let label = valid_label(label)?;
    let token = secrets::new_secret(PREFIX)?;
    let now = Utc::now();
    let expires_at = time::stamp(now + Duration::days(i64::from(days)));
    let id = store::new_id();
    store.write(|tx| {
        let u = find_user(tx, user)?;
        if u.disabled {
            return Err(Error::validation(
                "user",
                format!("{} is disabled: enable the account first", u.email),
            ));
        }
        store::access_tokens::insert(
            tx,
            &store::access_tokens::NewRow {
                id: &id,
                user_id: &u.id,
                token_hash: &secrets::digest(&token),
                label: &label,
                created_at: &time::stamp(now),
                expires_at: &expires_at,
            },
        )
    })?;
    Ok(NewToken {
        id,
        token,
        label,
        expires_at,
    })
}

/// An account's tokens (UUID), newest first, revoked and expired ones included; never a
/// secret or a hash.
pub fn list_tokens(store: &Store, user_id: &str) -> Result<Vec<TokenInfo>, Error> {
    store.read(|conn| store::access_tokens::of_user(conn, user_id))
}

/// Revokes one of the account's tokens (kind `not_found` when it is not theirs); revoking
/// one already revoked changes nothing.
pub fn revoke_token(store: &Store, user_id: &str, token_id: &str) -> Result<TokenInfo, Error> {
    store.write(|tx| {
        store::access_tokens::revoke(tx, user_id, token_id, &time::now())?;
        store::access_tokens::get(tx, user_id, token_id)?.ok_or_else(|| Error::NotFound {
            entity: "token",
            id: token_id.to_owned(),
        })
    })
}

/// The account a token belongs to. Kind `unauthorized` for a token that is unknown, revoked,
/// expired, or whose account is disabled. Notes when it was used, at most once a minute.
pub fn token_user(store: &Store, token: &str) -> Result<SignedIn, Error> {
    token_user_at(store, token, Utc::now())
}

/// [`token_user`] at the moment `now`.
pub fn token_user_at(store: &Store, token: &str, now: DateTime<Utc>) -> Result<SignedIn, Error> {
    let token = token.trim();
    if !token.starts_with(PREFIX) {
        return Err(unauthorized(
            "this is not a personal access token (they start with ct_)",
        ));
    }
    let hash = secrets::digest(token);
    let found = store
        .read(|conn| store::access_tokens::by_hash(conn, &hash))?
        .filter(|f| secrets::same(&f.token_hash, &hash))
        .ok_or_else(|| unauthorized("this token is not known: create a new one"))?;
    if found.revoked_at.is_some() {
        return Err(unauthorized("this token was revoked: create a new one"));
    }
    if time::parse(&found.expires_at).is_none_or(|end| now >= end) {
        return Err(unauthorized(&format!(
            "this token expired at {}: create a new one",
            found.expires_at
        )));
    }
    let user = live_user(store, &found.user_id)?;
    if due_for_touch(found.last_used_at.as_deref(), now) {
        store.write(|tx| store::access_tokens::touch(tx, &found.id, &time::stamp(now)))?;
    }
    Ok(SignedIn::from(&user))
}

/// The account, unless it is gone or disabled (kind `unauthorized`).
pub(crate) fn live_user(store: &Store, id: &str) -> Result<User, Error> {
    match store.read(|conn| store::users::get(conn, id))? {
        Some(u) if !u.disabled => Ok(u),
        Some(_) => Err(unauthorized("this account is disabled: ask an admin")),
        None => Err(unauthorized("this account no longer exists")),
    }
}

fn valid_label(label: &str) -> Result<String, Error> {
    let label = label.split_whitespace().collect::<Vec<_>>().join(" ");
    if label.chars().count() > MAX_LABEL {
        return Err(Error::validation(
            "label",
            format!("the label is longer than {MAX_LABEL} characters"),
        ));
    }
    Ok(if label.is_empty() {
        "personal access token".to_owned()
    } else {
        label
    })
}
