//! `notices send`: one pass of the team server's e-mail notices (from cron, or to test a mail
//! set-up); the server itself runs a pass every five minutes.

use clap::{Args, Subcommand};

use crate::app::App;
use crate::cli::output::{print_json, Format};
use crate::error::Error;
use crate::mail::{Mailer, MAIL_FROM_ENV, SMTP_URL_ENV};
use crate::services::notices::{self, NoticeOptions, Pass};

/// The `notices` subcommands.
#[derive(Debug, Subcommand)]
pub enum NoticesCommand {
    /// Send the e-mail notices owed now (reports returned to their focal points, reports
    /// submitted to the coordinators, reminders 14 and 3 days before a deadline) and list
    /// them. Each notice goes out once; one that cannot be sent makes the exit status 1 and
    /// is tried again at the next run.
    Send(SendArgs),
}

/// What `notices send` takes.
#[derive(Debug, Args)]
pub struct SendArgs {
    /// List what would be sent; send and record nothing (no mail server needed).
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    #[command(flatten)]
    pub mail: MailArgs,
    /// The server's public address (`https://tracker.example.org`): the notices link to
    /// reports under it. Without it they carry no links.
    #[arg(long, env = "COMMITMENT_TRACKER_PUBLIC_URL", value_name = "URL")]
    pub public_url: Option<String>,
}

/// The mail server to send notices through (also for `serve --team`, flattened in).
#[derive(Debug, Clone, Args)]
pub struct MailArgs {
    /// The SMTP server: `smtps://user:password@host[:465]` (TLS), `smtp://user:password@host:587?tls=required`
    /// (STARTTLS) or `smtp://host:25` (unencrypted: a relay on the same machine only); user
    /// and password percent-encoded. (The variable's value is not shown in help: it may hold
    /// a password.)
    #[arg(long, env = SMTP_URL_ENV, hide_env_values = true, value_name = "URL")]
    pub smtp_url: Option<String>,
    /// The notices' sender: `tracker@example.org` or `Commitment Tracker <tracker@example.org>`.
    #[arg(long, env = MAIL_FROM_ENV, value_name = "ADDRESS")]
    pub mail_from: Option<String>,
}

impl MailArgs {
    /// The mailer when SMTP is configured, None when it is not.
    ///
    /// Errors: `Validation` on `mailFrom` when an SMTP URL is given without a sender, or on
    /// either when it cannot be used ([`Mailer::new`]).
    pub fn mailer(&self) -> Result<Option<Mailer>, Error> {
        let Some(url) = self.smtp_url.as_deref().filter(|u| !u.trim().is_empty()) else {
            return Ok(None);
        };
        let from = self.mail_from.as_deref().ok_or_else(|| {
            Error::validation(
                "mailFrom",
                format!(
                    "a mail server needs a sender: pass --mail-from ADDRESS or set {MAIL_FROM_ENV}"
                ),
            )
        })?;
        Mailer::new(url, from).map(Some)
    }
}

pub fn run(app: &App, c: &NoticesCommand) -> Result<(), Error> {
    match c {
        NoticesCommand::Send(args) => send(app, args),
    }
}

fn send(app: &App, args: &SendArgs) -> Result<(), Error> {
    let options = NoticeOptions {
        public_url: args.public_url.clone(),
    };
    let pass = if args.dry_run {
        notices::dry_run(app.store(), &options)?
    } else {
        let mailer = args.mail.mailer()?.ok_or_else(|| {
            Error::validation(
                "smtpUrl",
                format!("no mail server is configured: pass --smtp-url URL or set {SMTP_URL_ENV} (or use --dry-run)"),
            )
        })?;
        notices::send_due(app.store(), &mailer, &options)?
    };
    print(&pass, args.format)?;
    match pass.error() {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

fn print(pass: &Pass, format: Format) -> Result<(), Error> {
    if format == Format::Json {
        return print_json(pass);
    }
    let verb = if pass.dry_run { "would send" } else { "sent" };
    for n in &pass.sent {
        outln!("{verb}: {} to {}: {}", n.kind.as_str(), n.to, n.subject);
    }
    for n in &pass.failed {
        outln!(
            "not sent: {} to {}: {}",
            n.key,
            n.to,
            n.error.as_deref().unwrap_or_default()
        );
    }
    if pass.sent.is_empty() && pass.failed.is_empty() {
        outln!("no notices are due");
    }
    Ok(())
}
