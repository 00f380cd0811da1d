//! Who is acting. Every write names its actor (name and role, and on a team server the
//! signed-in account's id); on one computer people say who they are on first start.

use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Error;

/// What a person may do. On a team server each account has one; on one computer it is what
/// the person said they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
pub enum Role {
    /// Reads and exports.
    Viewer,
    /// Writes and submits the reports of the commitments assigned to them.
    FocalPoint,
    /// Reviews any report (approve, return, reopen), opens cycles, manages the catalogue and
    /// assignments.
    Coordinator,
    /// Everything a coordinator does, and accounts, frameworks and settings.
    Admin,
}

impl Role {
    /// Every role, least rights first.
    pub const ALL: [Role; 4] = [
        Role::Viewer,
        Role::FocalPoint,
        Role::Coordinator,
        Role::Admin,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "Viewer",
            Role::FocalPoint => "FocalPoint",
            Role::Coordinator => "Coordinator",
            Role::Admin => "Admin",
        }
    }

    /// The name on the command line (`focal-point`).
    pub fn cli_name(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::FocalPoint => "focal-point",
            Role::Coordinator => "coordinator",
            Role::Admin => "admin",
        }
    }

    /// Approves, returns and reopens reports; opens cycles.
    pub fn may_review(self) -> bool {
        matches!(self, Role::Coordinator | Role::Admin)
    }
}

impl FromStr for Role {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        match s
            .trim()
            .replace([' ', '_', '-'], "")
            .to_ascii_lowercase()
            .as_str()
        {
            "focalpoint" => Ok(Role::FocalPoint),
            "coordinator" => Ok(Role::Coordinator),
            "admin" | "administrator" => Ok(Role::Admin),
            "viewer" => Ok(Role::Viewer),
            _ => Err(Error::validation(
                "role",
                format!("role {s:?} is not one of admin, coordinator, focal-point, viewer"),
            )),
        }
    }
}

/// The person a change is recorded against, as they said who they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Identity {
    pub name: String,
    pub role: Role,
}

impl Identity {
    /// Checks the name (required, at most 100 characters).
    pub fn validate(&self) -> Result<Identity, Error> {
        let name = self.name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err(Error::validation("name", "your name is required"));
        }
        if name.chars().count() > 100 {
            return Err(Error::validation(
                "name",
                "the name is longer than 100 characters",
            ));
        }
        Ok(Identity {
            name,
            role: self.role,
        })
    }
}

/// The acting person of one service call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub name: String,
    pub role: Role,
    /// The signed-in account (a team server); None on one computer, where a name is all there
    /// is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

impl Actor {
    /// A focal point with this name.
    pub fn new(name: impl Into<String>) -> Self {
        Actor {
            name: name.into(),
            role: Role::FocalPoint,
            user_id: None,
        }
    }

    /// A coordinator with this name.
    pub fn coordinator(name: impl Into<String>) -> Self {
        Actor {
            name: name.into(),
            role: Role::Coordinator,
            user_id: None,
        }
    }

    /// A signed-in account.
    pub fn user(id: impl Into<String>, name: impl Into<String>, role: Role) -> Self {
        Actor {
            name: name.into(),
            role,
            user_id: Some(id.into()),
        }
    }

    /// The operating-system account's name, for the key of per-person settings.
    pub fn os_account() -> String {
        std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_else(|_| "local user".to_owned())
    }

    /// The operating-system user, as a focal point, until they say who they are.
    pub fn from_os_user() -> Self {
        Actor::new(Actor::os_account())
    }

    /// The app itself (seeding).
    pub fn system() -> Self {
        Actor::coordinator("system")
    }
}

impl From<Identity> for Actor {
    fn from(i: Identity) -> Self {
        Actor {
            name: i.name,
            role: i.role,
            user_id: None,
        }
    }
}
