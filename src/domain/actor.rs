//! Who is acting. Every write names its actor (name and role); real accounts come with the
//! team server, until then people say who they are on first start.

use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Error;

/// What a person may do in the review workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub enum Role {
    /// Writes and submits reports.
    FocalPoint,
    /// Also approves, returns and reopens them.
    Coordinator,
}

impl Role {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::FocalPoint => "FocalPoint",
            Role::Coordinator => "Coordinator",
        }
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
            _ => Err(Error::validation(
                "role",
                format!("role {s:?} is not one of focal point, coordinator"),
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
}

impl Actor {
    /// A focal point with this name.
    pub fn new(name: impl Into<String>) -> Self {
        Actor {
            name: name.into(),
            role: Role::FocalPoint,
        }
    }

    /// A coordinator with this name.
    pub fn coordinator(name: impl Into<String>) -> Self {
        Actor {
            name: name.into(),
            role: Role::Coordinator,
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
        }
    }
}
