//! The running app: one open database and the person acting. Both shells (window and browser
//! mode) and the CLI hold one `App`.

use std::path::Path;

use crate::domain::Actor;
use crate::error::Error;
use crate::services;
use crate::store::{OpenReport, Store};

/// How to open the app's database.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// Seed IOM's catalogue into a database that holds no organisation yet.
    pub seed: bool,
    /// Who the changes are recorded against.
    pub actor: Actor,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            seed: true,
            actor: Actor::from_os_user(),
        }
    }
}

/// An open database and the person acting.
pub struct App {
    store: Store,
    actor: Actor,
    report: OpenReport,
}

impl App {
    /// Opens (creating, migrating and, if asked, seeding) the database at `path`.
    pub fn open(path: &Path, options: OpenOptions) -> Result<App, Error> {
        let (store, report) = Store::open(path)?;
        if options.seed {
            services::seed::seed_iom_if_empty(&store)?;
        }
        Ok(App {
            store,
            actor: options.actor,
            report,
        })
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The person acting.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// What opening found (schema versions before and after).
    pub fn open_report(&self) -> OpenReport {
        self.report
    }
}
