//! A team server's accounts and who is calling: the signed-in person, or the person at this
//! computer (one computer, or the server's own command line).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::actor::{Actor, Role};

/// An account on a team server. Never carries a password hash or a token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// The account's UUID.
    pub id: String,
    /// Unique, compared without case.
    pub email: String,
    pub name: String,
    pub role: Role,
    /// A disabled account cannot sign in; its sessions and tokens stop working.
    pub disabled: bool,
    /// It has a password (else it signs in only through the organisation's OpenID provider).
    pub has_password: bool,
    /// It is linked to an OpenID Connect identity (issuer and subject).
    pub single_sign_on: bool,
    /// RFC 3339, UTC.
    pub created_at: String,
}

/// A new account (`ct users add`, the admin page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub role: Role,
    /// At least 12 characters and not a common password; None for single sign-on only.
    #[serde(default)]
    pub password: Option<String>,
}

/// The person a command runs for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// One computer, or the server's own command line: whoever holds the database file or
    /// the server's credentials may do everything; changes carry the name they gave.
    Local,
    /// A team server's signed-in account.
    User(SignedIn),
}

/// A signed-in account, as a request carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignedIn {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
}

impl SignedIn {
    /// The actor its changes are recorded against.
    pub fn actor(&self) -> Actor {
        Actor::user(&self.id, &self.name, self.role)
    }
}

impl From<&User> for SignedIn {
    fn from(u: &User) -> Self {
        SignedIn {
            id: u.id.clone(),
            email: u.email.clone(),
            name: u.name.clone(),
            role: u.role,
        }
    }
}

/// A personal access token as its owner sees it in a list: never the token nor its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TokenInfo {
    /// The token's UUID (to revoke it).
    pub id: String,
    /// What the owner called it ("laptop", "nightly export").
    pub label: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// RFC 3339, UTC: the token stops working then.
    pub expires_at: String,
    /// RFC 3339, UTC, once revoked.
    pub revoked_at: Option<String>,
    /// RFC 3339, UTC, to the minute: when it was last used.
    pub last_used_at: Option<String>,
}

/// A token just created: the only time its secret is shown. Only its SHA-256 is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewToken {
    /// The token's UUID.
    pub id: String,
    /// The secret (`ct_` and 43 characters), for `ct --token` or `Authorization: Bearer`.
    pub token: String,
    pub label: String,
    /// RFC 3339, UTC.
    pub expires_at: String,
}

/// A change to an account, as the account history records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AccountAction {
    Add,
    SetRole,
    Disable,
    Enable,
    ResetPassword,
    /// Linked to (or created from) an OpenID Connect identity.
    LinkSso,
}

impl AccountAction {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            AccountAction::Add => "add",
            AccountAction::SetRole => "set_role",
            AccountAction::Disable => "disable",
            AccountAction::Enable => "enable",
            AccountAction::ResetPassword => "reset_password",
            AccountAction::LinkSso => "link_sso",
        }
    }
}

impl std::str::FromStr for AccountAction {
    type Err = crate::error::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [
            AccountAction::Add,
            AccountAction::SetRole,
            AccountAction::Disable,
            AccountAction::Enable,
            AccountAction::ResetPassword,
            AccountAction::LinkSso,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
        .ok_or_else(|| crate::error::Error::validation("action", format!("unknown action {s:?}")))
    }
}

/// One entry of the account history: who did what to which account, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountEvent {
    pub id: String,
    /// RFC 3339, UTC.
    pub at: String,
    pub actor: String,
    /// None: the server's command line.
    pub actor_id: Option<String>,
    pub user_id: String,
    pub action: AccountAction,
    /// What changed (the new role, the identity provider), if anything more than the action.
    pub detail: Option<serde_json::Value>,
}

/// How one may sign in to a team server: the open answer of `GET /auth/methods`, for the
/// sign-in page (which shows "Sign in with your organisation", a link to
/// `/auth/oidc/start`, when `single_sign_on`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignInMethods {
    /// E-mail and password (`POST /auth/sign-in`): always offered.
    pub password: bool,
    /// The organisation's OpenID provider is configured (`ct serve --oidc-issuer`).
    pub single_sign_on: bool,
}
