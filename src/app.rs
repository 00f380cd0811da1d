//! The running app: one open database and the person acting. Both shells (window and browser
//! mode) and the CLI hold one `App`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::domain::{Actor, Caller, SignedIn};
use crate::error::Error;
use crate::export::Job;
use crate::services;
use crate::store::{Location, OpenReport, Store};
use crate::transfers::Transfers;

/// How to open the app's database.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// Seed IOM's catalogue into a database that holds no organisation yet.
    pub seed: bool,
    /// Who the changes are recorded against until the person says who they are.
    pub actor: Actor,
    /// The key of per-person settings (the operating-system account).
    pub account: String,
    /// Take the daily backup on start when it is due.
    pub daily_backup: bool,
    /// How many automatic backups to keep.
    pub keep_backups: usize,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            seed: true,
            actor: Actor::from_os_user(),
            account: Actor::os_account(),
            daily_backup: true,
            keep_backups: 7,
        }
    }
}

/// An open database and the person acting.
pub struct App {
    store: Store,
    /// Long exports and imports under way, by the id the caller chose.
    jobs: Mutex<HashMap<String, Arc<Job>>>,
    /// Browser mode and the team server: uploads to import and exports to download.
    transfers: Transfers,
    fallback_actor: Actor,
    account: String,
    report: OpenReport,
    /// The day's backup, when it is being taken in the background.
    daily: Mutex<Option<DailyBackup>>,
}

/// The thread taking the day's backup.
type DailyBackup = std::thread::JoinHandle<Result<Option<services::backups::BackupFile>, Error>>;

impl App {
    /// Opens (creating, migrating and, if asked, seeding) the database at `path`.
    /// `db` is a file path or a `postgres://` URL ([`Location`]).
    pub fn open(db: impl Into<Location>, options: OpenOptions) -> Result<App, Error> {
        let (store, report) = Store::open(&db.into())?;
        if options.seed {
            services::seed::seed_iom_if_empty(&store)?;
        }
        let mut daily = None;
        // A PostgreSQL server's copies are its administrator's (pg_dump), not the app's.
        if let (true, Some(file)) = (options.daily_backup, store.file()) {
            if store.warning().is_none() {
                // WAL: a second connection copies while this one goes on working.
                daily = Some(services::backups::daily_in_background(
                    file.to_owned(),
                    options.keep_backups,
                ));
            } else {
                // Rollback journal (a network drive): a long reader would block writes, so
                // the copy is taken now, before anyone writes.
                services::backups::daily_if_due(&store, options.keep_backups)?;
            }
        }
        Ok(App {
            store,
            jobs: Mutex::default(),
            transfers: Transfers::default(),
            fallback_actor: options.actor,
            account: options.account,
            report,
            daily: Mutex::new(daily),
        })
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The person at this computer: the identity this account gave, else the one the app was
    /// opened with. (A command's actor is its [`Call`]'s.)
    pub fn local_actor(&self) -> Result<Actor, Error> {
        Ok(services::identity::get(&self.store, &self.account)?
            .map(Actor::from)
            .unwrap_or_else(|| self.fallback_actor.clone()))
    }

    /// The key of the person at this computer's settings and autosaves. (A command's is its
    /// [`Call`]'s.)
    pub fn local_account(&self) -> &str {
        &self.account
    }

    /// The person `caller`'s changes are recorded against: the signed-in account on a team
    /// server, else [`App::local_actor`].
    pub fn actor_for(&self, caller: &Caller) -> Result<Actor, Error> {
        match caller {
            Caller::Local => self.local_actor(),
            Caller::User(u) => Ok(u.actor()),
        }
    }

    /// The key of `caller`'s autosaves, settings, uploads and downloads: the signed-in
    /// account's id on a team server, else [`App::local_account`].
    pub fn account_for<'a>(&'a self, caller: &'a Caller) -> &'a str {
        match caller {
            Caller::Local => &self.account,
            Caller::User(u) => &u.id,
        }
    }

    /// Uploads waiting to be imported and exports waiting to be downloaded.
    pub fn transfers(&self) -> &Transfers {
        &self.transfers
    }

    /// Waits for the day's backup if it is being taken in the background; returns what it
    /// made (None: none was due, or it was taken while opening).
    pub fn wait_for_daily_backup(&self) -> Result<Option<services::backups::BackupFile>, Error> {
        let handle = self.daily.lock().unwrap_or_else(|p| p.into_inner()).take();
        match handle {
            Some(h) => h.join().unwrap_or_else(|_| {
                Err(Error::io(
                    "daily backup",
                    std::io::Error::other("the backup thread panicked"),
                ))
            }),
            None => Ok(None),
        }
    }

    /// What opening found (schema versions before and after).
    pub fn open_report(&self) -> &OpenReport {
        &self.report
    }
}

impl App {
    /// Registers a job under the caller's id (replacing a finished one of that id).
    pub fn start_job(&self, id: &str) -> Arc<Job> {
        let job = Arc::new(Job::default());
        self.jobs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id.to_owned(), Arc::clone(&job));
        job
    }

    /// A job under way, if any.
    pub fn job(&self, id: &str) -> Option<Arc<Job>> {
        self.jobs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(id)
            .cloned()
    }

    /// Forgets a finished job.
    pub fn end_job(&self, id: &str) {
        self.jobs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(id);
    }
}

/// One call of the table: the app and who is calling. Derefs to [`App`]; its `actor` and
/// `account` are the caller's (the signed-in account on a team server).
pub struct Call<'a> {
    app: &'a App,
    caller: &'a Caller,
}

impl<'a> Call<'a> {
    /// A call by `caller`.
    pub fn new(app: &'a App, caller: &'a Caller) -> Self {
        Call { app, caller }
    }

    /// Who is calling.
    pub fn caller(&self) -> &Caller {
        self.caller
    }

    /// The person the call's changes are recorded against.
    pub fn actor(&self) -> Result<Actor, Error> {
        self.app.actor_for(self.caller)
    }

    /// The key of the caller's autosaves and settings.
    pub fn account(&self) -> &str {
        self.app.account_for(self.caller)
    }

    /// The signed-in account, on a team server.
    pub fn signed_in(&self) -> Option<&SignedIn> {
        match self.caller {
            Caller::Local => None,
            Caller::User(u) => Some(u),
        }
    }

    /// The signed-in account, for commands about one's own account (kind `bad_request` on one
    /// computer, where there is none).
    pub fn own_account(&self) -> Result<&SignedIn, Error> {
        self.signed_in().ok_or_else(|| Error::BadRequest {
            message: "on one computer there is no account: personal access tokens belong to a team server's accounts (there, `ct users token EMAIL` creates one)".to_owned(),
            field: None,
        })
    }
}

impl std::ops::Deref for Call<'_> {
    type Target = App;

    fn deref(&self) -> &App {
        self.app
    }
}

/// The store behind the app, for what runs beside it on a thread of its own (the team
/// server's notices: `services::notices::spawn`).
impl AsRef<Store> for App {
    fn as_ref(&self) -> &Store {
        &self.store
    }
}
