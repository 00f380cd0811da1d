//! The command line, shared by the headless `ct` binary and the desktop binary (which opens
//! its window when no subcommand is given).

/// `println!` that hands back the error instead of panicking when standard output is
/// closed (`ct search … | head`), so the command ends and [`run`] exits quietly.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)
            .map_err(|e| $crate::error::Error::io("standard output", e))?
    }};
}

/// `print!` likewise.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout().lock(), $($arg)*)
            .map_err(|e| $crate::error::Error::io("standard output", e))?
    }};
}

mod backend;
mod backup;
mod commitments;
mod exchange;
mod filters;
mod frameworks;
mod identity;
mod notices;
mod output;
mod reports;
mod serve;
mod status;
mod sync;
mod users;

use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};

use crate::api;
use crate::app::{App, OpenOptions};
use crate::error::Error;
use crate::http::AssetSource;
use crate::paths;
use crate::store::Location;

pub use backend::{Backend, Remote};
pub use notices::MailArgs;
pub use output::Format;

/// The environment variable naming the team server (`--server`).
pub const SERVER_ENV: &str = "COMMITMENT_TRACKER_SERVER";
/// The environment variable holding the personal access token (`--token`).
pub const TOKEN_ENV: &str = "COMMITMENT_TRACKER_TOKEN";

/// Commitment Tracker: yearly progress reports against humanitarian commitments.
#[derive(Debug, Parser)]
#[command(name = "commitment-tracker", version, about)]
pub struct Cli {
    /// The database: a file (default: the per-user data directory), or a PostgreSQL database
    /// as a `postgres://` URL (a unix-socket directory as `?host=/path`).
    /// (The variable's value is not shown in help: it may hold a password.)
    #[arg(long, global = true, env = paths::DB_ENV, hide_env_values = true, value_name = "PATH|URL")]
    pub db: Option<String>,

    /// Run the command on a team server (https://…) instead of a database here, as the
    /// account whose personal access token --token gives. Files to import are sent to it;
    /// exports are downloaded to the path given.
    #[arg(long, global = true, env = SERVER_ENV, value_name = "URL")]
    pub server: Option<String>,

    /// A personal access token for --server (`ct users token EMAIL` on the server prints one).
    /// (The variable's value is not shown in help: it is a secret.)
    #[arg(long, global = true, env = TOKEN_ENV, hide_env_values = true, value_name = "TOKEN")]
    pub token: Option<String>,

    /// Do not seed IOM's catalogue into a new, empty database.
    #[arg(long, global = true)]
    pub no_seed: bool,

    /// How many automatic backups (daily, before migrations) to keep; 0 takes no daily copy
    /// (scripts and benchmarks that open the database many times a day).
    #[arg(
        long,
        global = true,
        default_value_t = 7,
        env = "COMMITMENT_TRACKER_KEEP_BACKUPS"
    )]
    pub keep_backups: usize,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List, show, add, edit, retire or restore commitments.
    #[command(subcommand)]
    Commitments(commitments::CommitmentsCommand),
    /// Write and review yearly progress reports.
    #[command(subcommand)]
    Report(reports::ReportCommand),
    /// Show or set who you are (your name and role are recorded on every change).
    Identity(identity::IdentityArgs),
    /// Print a year's dashboard numbers (share with a report, reported = submitted or approved,
    /// statuses, review states, per core responsibility and transformation, due and overdue).
    Status(status::StatusArgs),
    /// Search IDs, descriptions, narratives and tags.
    Search(status::SearchArgs),
    /// Open a year for reporting with a deadline, or list the cycles.
    #[command(subcommand)]
    Cycle(status::CycleCommand),
    /// Maintain the full-text index.
    #[command(subcommand)]
    SearchIndex(status::IndexCommand),
    /// Export reports: CSV, XLSX, a JSON bundle or the annual report (Markdown).
    Export(exchange::ExportArgs),
    /// Import a catalogue (CSV, XLSX, JSON), report history (CSV, XLSX) or a report bundle.
    #[command(subcommand)]
    Import(exchange::ImportCommand),
    /// Back up the database, list the backups, or restore one.
    #[command(subcommand)]
    Backup(backup::BackupCommand),
    /// Fill an empty database with synthetic data at scale, for benchmarks (use --no-seed).
    Generate {
        #[arg(long, default_value_t = 5_000)]
        commitments: u32,
        #[arg(long, default_value_t = 400)]
        organisations: u32,
        #[arg(long, default_value_t = 50_000)]
        reports: u32,
        #[arg(long, default_value_t = 10)]
        years: u32,
        /// Characters of narrative per report.
        #[arg(long, default_value_t = 1_500)]
        narrative_chars: usize,
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
    /// List, show, add, edit or import frameworks (WHS, Grand Bargain, an OGP action plan…).
    #[command(subcommand)]
    Frameworks(frameworks::FrameworksCommand),
    /// Print every framework's categories (WHS: core responsibilities and transformations).
    Catalogue {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// A team server's accounts: add (the first admin too), list, disable, enable, set-role,
    /// reset-password, token.
    #[command(subcommand)]
    Users(users::UsersCommand),
    /// Serve the app to a browser on this computer (prints the URL to open), or with --team
    /// serve a whole team over the network, each person signed in.
    Serve(serve::ServeArgs),
    /// E-mail notices of a team server (returned and submitted reports, deadline reminders).
    #[command(subcommand)]
    Notices(notices::NoticesCommand),
    /// Make this database an offline copy of a team server (`ct --db FILE link --server URL
    /// --token T`, or --email with the password on standard input). Its own reports, if any,
    /// are offered for upload.
    Link(sync::LinkArgs),
    /// Send this copy's edits to its team server and pull what changed (`--status` lists what
    /// is pending; `--keep-mine N` / `--take-theirs N` settle a conflict).
    Sync(sync::SyncArgs),
    /// Make a linked database a personal one again.
    Unlink,
    /// Copy a whole database to the other engine: a SQLite file into a new PostgreSQL
    /// database, or back; every table's row count and content hash are checked after.
    Migrate {
        /// The database to copy (a file or a postgres:// URL). It must exist; a file of an
        /// older schema is brought up to date first, as opening it does.
        #[arg(long, value_name = "PATH|URL")]
        from: String,
        /// A new, empty database (a file or a postgres:// URL).
        #[arg(long, value_name = "PATH|URL")]
        to: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

impl Cli {
    /// The database path: `--db`, else the environment variable, else the per-user default.
    pub fn db_location(&self) -> Location {
        self.db
            .as_deref()
            .map(Location::parse)
            .unwrap_or_else(|| Location::File(paths::default_db_path()))
    }

    /// Opening options for this invocation.
    pub fn open_options(&self) -> OpenOptions {
        OpenOptions {
            seed: !self.no_seed,
            keep_backups: self.keep_backups,
            // A copy that rotation would delete at once is not worth taking.
            daily_backup: self.keep_backups > 0,
            ..OpenOptions::default()
        }
    }
}

/// Runs a subcommand. `assets` serves the UI in `serve` (the desktop binary passes its
/// embedded files; `ct` reads a directory).
pub fn run(cli: Cli, assets: Option<Arc<dyn AssetSource>>) -> ExitCode {
    let Some(command) = cli.command.as_ref() else {
        eprintln!("error: name a command (see --help)");
        return ExitCode::from(2);
    };
    // `ct link --server URL` names the server to link this database to: it runs here.
    let linking = matches!(command, Command::Link(_));
    if let (Some(url), false) = (cli.server.as_deref(), linking) {
        if let Some(what) = local_only(command) {
            return finish(Err(backend::refusal(what)));
        }
        let remote = Remote::new(url, cli.token.as_deref().unwrap_or_default());
        return finish(remote.and_then(|r| execute(Backend::Remote(r), command, assets)));
    }
    if let Command::Migrate { from, to, format } = command {
        return finish(migrate(from, to, *format));
    }
    let result = App::open(cli.db_location(), cli.open_options()).and_then(|app| {
        if matches!(command, Command::Serve(_)) {
            return execute(Backend::Local(Box::new(app)), command, assets);
        }
        // A one-shot command lets the day's backup finish first: the copy holds the data as it
        // was before the command, and the process never exits in the middle of it.
        let daily = app.wait_for_daily_backup();
        let result = match command {
            Command::Link(a) => sync::run_link(
                &Backend::Local(Box::new(app)),
                cli.server.as_deref(),
                cli.token.as_deref(),
                a,
            ),
            _ => execute(Backend::Local(Box::new(app)), command, assets),
        };
        if let Err(e) = daily {
            eprintln!("warning: the daily backup failed: {e}");
        }
        result
    });
    finish(result)
}

/// The command's name if it runs only on the database's own computer (it has no command of
/// the table, or works on that computer's files): refused with --server.
fn local_only(command: &Command) -> Option<&'static str> {
    match command {
        Command::Serve(_) => Some("ct serve"),
        Command::Migrate { .. } => Some("ct migrate"),
        Command::Generate { .. } => Some("ct generate"),
        Command::SearchIndex(_) => Some("ct search-index"),
        Command::Backup(backup::BackupCommand::Restore { .. }) => Some("ct backup restore"),
        Command::Users(_) => Some("ct users"),
        Command::Sync(_) => Some("ct sync"),
        Command::Unlink => Some("ct unlink"),
        _ => None,
    }
}

fn migrate(from: &str, to: &str, format: Format) -> Result<(), Error> {
    let report = crate::services::engine_copy::copy(&Location::parse(from), &Location::parse(to))?;
    if format == Format::Json {
        output::print_json(&report)
    } else {
        println!("copied {} to {}", report.from, report.to);
        for (table, check) in &report.tables {
            println!(
                "{table}: {} rows, hash {} (checked)",
                check.rows, check.hash
            );
        }
        Ok(())
    }
}

fn finish(result: Result<(), Error>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (`ct search … | head`): end quietly, with the status a shell
        // reports for a process ended by SIGPIPE (128 + 13).
        Err(e) if e.is_broken_pipe() => ExitCode::from(141),
        Err(e) => {
            match e.field() {
                Some(field) => eprintln!("error: {field}: {e}"),
                None => eprintln!("error: {e}"),
            }
            ExitCode::FAILURE
        }
    }
}

fn execute(
    backend: Backend,
    command: &Command,
    assets: Option<Arc<dyn AssetSource>>,
) -> Result<(), Error> {
    let b = &backend;
    match command {
        Command::Commitments(c) => commitments::run(b, c),
        Command::Report(c) => reports::run(b, c),
        Command::Identity(a) => identity::run(b, a),
        Command::Status(a) => status::run_status(b, a),
        Command::Search(a) => status::run_search(b, a),
        Command::Cycle(c) => status::run_cycle(b, c),
        Command::SearchIndex(c) => status::run_index(b.local("ct search-index")?, c),
        Command::Export(a) => exchange::run_export(b, a),
        Command::Import(c) => exchange::run_import(b, c),
        Command::Backup(c) => backup::run(b, c),
        Command::Generate {
            commitments,
            organisations,
            reports,
            years,
            narrative_chars,
            seed,
        } => {
            let scale = crate::services::generate::Scale {
                commitments: *commitments,
                organisations: *organisations,
                reports: *reports,
                years: *years,
                narrative_chars: *narrative_chars,
                seed: *seed,
            };
            let app = b.local("ct generate")?;
            let g = crate::services::generate::generate(app.store(), scale)?;
            outln!(
                "generated {} commitments, {} reports, {} revisions",
                g.commitments,
                g.reports,
                g.revisions
            );
            Ok(())
        }
        Command::Catalogue { format } => {
            output::catalogue(&b.call("catalogue", &api::NoArgs {})?, *format)
        }
        Command::Frameworks(c) => frameworks::run(b, c),
        Command::Users(c) => users::run(b.local("ct users")?, c),
        Command::Serve(args) => match backend {
            Backend::Local(app) => serve::run(*app, args, assets),
            Backend::Remote(_) => Err(backend::refusal("ct serve")),
        },
        Command::Notices(c) => notices::run(b.local("ct notices")?, c),
        Command::Migrate { from, to, format } => migrate(from, to, *format),
        Command::Link(_) => Err(Error::BadRequest {
            message: "ct link runs on the database to link: without --server pointing elsewhere"
                .to_owned(),
            field: None,
        }),
        Command::Sync(a) => sync::run_sync(b, a),
        Command::Unlink => sync::run_unlink(b),
    }
}
