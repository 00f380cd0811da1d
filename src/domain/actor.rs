//! Who is acting. Every write names its actor; real identities come with the team mode.

use serde::{Deserialize, Serialize};

/// The person a change is recorded against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub name: String,
}

impl Actor {
    /// An actor with this name.
    pub fn new(name: impl Into<String>) -> Self {
        Actor { name: name.into() }
    }

    /// The operating-system user, until the app asks people who they are.
    pub fn from_os_user() -> Self {
        let name = std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_else(|_| "local user".to_owned());
        Actor { name }
    }

    /// The app itself (seeding, migrations).
    pub fn system() -> Self {
        Actor::new("system")
    }
}
