//! Accounts of a team server: adding one, its role, disabling and enabling it, resetting its
//! password; personal access tokens in [`crate::services::tokens`] (re-exported here).
//!
//! Each change is in the account history (`account_events`, append-only), in the same
//! transaction: who did it, when, and what changed.

use crate::domain::{time, AccountAction, AccountEvent, Actor, NewUser, Role, User};
use crate::error::Error;
use crate::services::assignments::find_user;
use crate::services::passwords;
use crate::store::{self, Conn, Store};

pub use crate::services::tokens::{create_token, list_tokens, revoke_token};

/// Longest e-mail address (RFC 5321's path limit).
const MAX_EMAIL: usize = 254;

/// Longest account name.
pub(crate) const MAX_NAME: usize = 100;

/// Adds an account. The e-mail must look like one and be new (kind `duplicate`, field
/// `email`, otherwise); the name 1–100 characters; a password, when given, must meet
/// [`passwords::check`]. Without a password the account signs in only through single
/// sign-on.
pub fn add(store: &Store, actor: &Actor, new: &NewUser) -> Result<User, Error> {
    let email = valid_email(&new.email)?;
    let name = valid_name(&new.name)?;
    let hash = match &new.password {
        Some(p) => {
            passwords::check(p, &email, &name)?;
            Some(passwords::hash(p))
        }
        None => None,
    };
    let id = store::new_id();
    store.write(|tx| {
        if let Some(u) = store::users::by_email(tx, &email)? {
            return Err(Error::Duplicate {
                field: "email".to_owned(),
                message: format!("an account with the e-mail {} already exists", u.email),
            });
        }
        store::users::insert(
            tx,
            &store::users::NewRow {
                id: &id,
                email: &email,
                name: &name,
                role: new.role,
                password_hash: hash.as_deref(),
                oidc: None,
                now: &time::now(),
            },
        )?;
        let detail = serde_json::json!({ "role": new.role, "password": hash.is_some() });
        record(tx, actor, &id, AccountAction::Add, Some(&detail))?;
        get(tx, &id)
    })
}

/// Gives the account (e-mail or UUID) another role. The last enabled admin keeps theirs
/// (kind `validation`, field `role`).
pub fn set_role(store: &Store, actor: &Actor, user: &str, role: Role) -> Result<User, Error> {
    store.write(|tx| {
        let u = find_user(tx, user)?;
        if u.role == role {
            return Ok(u);
        }
        if u.role == Role::Admin && !u.disabled {
            keep_an_admin(tx, &u, "role", "stop being an admin")?;
        }
        store::users::set_role(tx, &u.id, role, &time::now())?;
        let detail = serde_json::json!({ "from": u.role, "to": role });
        record(tx, actor, &u.id, AccountAction::SetRole, Some(&detail))?;
        get(tx, &u.id)
    })
}

/// Disables the account (e-mail or UUID): its sessions end and its tokens are revoked; it
/// cannot sign in until enabled. Refused for the last enabled admin and for the caller's own
/// account (kind `validation`, field `user`).
pub fn disable(store: &Store, actor: &Actor, user: &str) -> Result<User, Error> {
    store.write(|tx| {
        let u = find_user(tx, user)?;
        if actor.user_id.as_deref() == Some(u.id.as_str()) {
            return Err(Error::validation(
                "user",
                "you cannot disable your own account: another admin can",
            ));
        }
        if u.role == Role::Admin && !u.disabled {
            keep_an_admin(tx, &u, "user", "be disabled")?;
        }
        let now = time::now();
        store::users::set_disabled(tx, &u.id, true, &now)?;
        store::sessions::delete_of_user(tx, &u.id)?;
        store::access_tokens::revoke_all(tx, &u.id, &now)?;
        record(tx, actor, &u.id, AccountAction::Disable, None)?;
        get(tx, &u.id)
    })
}

/// Enables a disabled account (e-mail or UUID). Its old tokens stay revoked.
pub fn enable(store: &Store, actor: &Actor, user: &str) -> Result<User, Error> {
    store.write(|tx| {
        let u = find_user(tx, user)?;
        if !u.disabled {
            return Ok(u);
        }
        store::users::set_disabled(tx, &u.id, false, &time::now())?;
        record(tx, actor, &u.id, AccountAction::Enable, None)?;
        get(tx, &u.id)
    })
}

/// Sets a new password on the account (e-mail or UUID), which must meet
/// [`passwords::check`]; every session of the account ends (its tokens stay: revoke those
/// separately).
pub fn reset_password(
    store: &Store,
    actor: &Actor,
    user: &str,
    password: &str,
) -> Result<User, Error> {
    let u = store.read(|conn| find_user(conn, user))?;
    passwords::check(password, &u.email, &u.name)?;
    let hash = passwords::hash(password);
    store.write(|tx| {
        store::users::set_password_hash(tx, &u.id, &hash, &time::now())?;
        store::sessions::delete_of_user(tx, &u.id)?;
        record(tx, actor, &u.id, AccountAction::ResetPassword, None)?;
        get(tx, &u.id)
    })
}

/// Adds a viewer account linked to an OpenID Connect identity (issuer, subject), without a
/// password, inside the caller's transaction: single sign-on's first sign-in where the admin
/// allows it. The e-mail and the name are checked as [`add`] checks them; kind `duplicate`
/// (field `email`) when the e-mail is taken. The history shows it added and linked by the
/// person.
pub(crate) fn add_linked_viewer_tx(
    tx: &Conn<'_>,
    email: &str,
    name: &str,
    issuer: &str,
    subject: &str,
) -> Result<User, Error> {
    let email = valid_email(email)?;
    let name = valid_name(name)?;
    if let Some(u) = store::users::by_email(tx, &email)? {
        return Err(Error::Duplicate {
            field: "email".to_owned(),
            message: format!("an account with the e-mail {} already exists", u.email),
        });
    }
    let id = store::new_id();
    store::users::insert(
        tx,
        &store::users::NewRow {
            id: &id,
            email: &email,
            name: &name,
            role: Role::Viewer,
            password_hash: None,
            oidc: Some((issuer, subject)),
            now: &time::now(),
        },
    )?;
    let user = get(tx, &id)?;
    // Nobody else made it: the person signed up through the organisation's provider.
    let actor = Actor::user(&user.id, &user.name, user.role);
    let detail =
        serde_json::json!({ "role": Role::Viewer, "password": false, "signUp": "single_sign_on" });
    record(tx, &actor, &id, AccountAction::Add, Some(&detail))?;
    record_sso_link(tx, &user, issuer, subject)?;
    Ok(user)
}

/// Records that the account was linked to the OpenID Connect identity (issuer, subject), by
/// the person's own sign-in.
pub(crate) fn record_sso_link(
    tx: &Conn<'_>,
    user: &User,
    issuer: &str,
    subject: &str,
) -> Result<(), Error> {
    let actor = Actor::user(&user.id, &user.name, user.role);
    let detail = serde_json::json!({ "issuer": issuer, "subject": subject });
    record(tx, &actor, &user.id, AccountAction::LinkSso, Some(&detail))
}

/// Appends to the account history inside the change's transaction.
pub fn record(
    tx: &Conn<'_>,
    actor: &Actor,
    user_id: &str,
    action: AccountAction,
    detail: Option<&serde_json::Value>,
) -> Result<(), Error> {
    store::account_events::append(tx, actor, user_id, action, detail, &time::now())
}

/// The account history, newest first: one account's (e-mail or UUID) or everyone's.
pub fn history(
    store: &Store,
    user: Option<&str>,
    limit: Option<u32>,
) -> Result<Vec<AccountEvent>, Error> {
    store.read(|conn| {
        let id = match user {
            Some(u) => Some(find_user(conn, u)?.id),
            None => None,
        };
        store::account_events::list(conn, id.as_deref(), limit.unwrap_or(200).min(10_000))
    })
}

fn get(conn: &Conn<'_>, id: &str) -> Result<User, Error> {
    store::users::get(conn, id)?.ok_or_else(|| Error::NotFound {
        entity: "user",
        id: id.to_owned(),
    })
}

/// Refuses to take away the last enabled admin: no one could then manage accounts except
/// from the server's command line.
fn keep_an_admin(conn: &Conn<'_>, u: &User, field: &str, what: &str) -> Result<(), Error> {
    if store::users::enabled_admins(conn)? <= 1 {
        return Err(Error::validation(
            field,
            format!(
                "{} is the last enabled admin and cannot {what}: make another account admin first",
                u.email
            ),
        ));
    }
    Ok(())
}

/// The e-mail, trimmed, if it looks like one: `local@domain.tld`, no spaces, at most 254
/// characters (kind `validation`, field `email`).
fn valid_email(email: &str) -> Result<String, Error> {
    let email = email.trim();
    let bad = |why: &str| Err(Error::validation("email", format!("{email:?} {why}")));
    if email.chars().count() > MAX_EMAIL {
        return bad("is longer than 254 characters");
    }
    let Some((local, domain)) = email.split_once('@') else {
        return bad("is not an e-mail address (it has no @)");
    };
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@');
    if local.is_empty() || !domain_ok || email.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return bad("is not an e-mail address (name@organisation.org)");
    }
    Ok(email.to_owned())
}

/// The name with its spaces collapsed: required, at most 100 characters (kind `validation`,
/// field `name`).
fn valid_name(name: &str) -> Result<String, Error> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(Error::validation("name", "the name is required"));
    }
    if name.chars().count() > MAX_NAME {
        return Err(Error::validation(
            "name",
            format!("the name is longer than {MAX_NAME} characters"),
        ));
    }
    Ok(name)
}
