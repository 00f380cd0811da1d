//! `users …`: a team server's accounts, from the server's own command line (where the first
//! admin is created).

use std::io::Read as _;

use clap::Subcommand;

use super::output::{self, Format};
use crate::app::App;
use crate::domain::{NewUser, Role, User};
use crate::error::Error;
use crate::services::{accounts, secrets, tokens, users};

/// The `users` subcommands.
#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Add an account. Without --password-stdin it has no password and signs in only through
    /// single sign-on (OpenID Connect). The first admin is created this way.
    Add {
        email: String,
        #[arg(long)]
        name: String,
        /// admin, coordinator, focal-point or viewer.
        #[arg(long)]
        role: String,
        /// Read the password from standard input (at least 12 characters, not a common one),
        /// e.g. `printf '%s' "$PW" | ct users add …`.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List the accounts (never a password or its hash).
    List {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Disable an account (e-mail or id): its sessions end, its tokens are revoked.
    Disable { user: String },
    /// Enable a disabled account again (its old tokens stay revoked).
    Enable { user: String },
    /// Give an account another role (admin, coordinator, focal-point, viewer).
    SetRole { user: String, role: String },
    /// Set a new password (its sessions end). Without --password-stdin a random one is made
    /// and printed as the last line.
    ResetPassword {
        user: String,
        /// Read the new password from standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Create a personal access token for the account; the token is the last line printed,
    /// shown this once (`ct --server URL --token …`).
    Token {
        user: String,
        /// What the token is for ("laptop", "nightly export").
        #[arg(long, default_value = "ct")]
        label: String,
        /// How many days it works (1–365).
        #[arg(long, default_value_t = tokens::DEFAULT_DAYS)]
        days: u32,
    },
}

pub fn run(app: &App, c: &UsersCommand) -> Result<(), Error> {
    let store = app.store();
    match c {
        UsersCommand::Add {
            email,
            name,
            role,
            password_stdin,
        } => {
            let new = NewUser {
                email: email.clone(),
                name: name.clone(),
                role: role.parse()?,
                password: password_stdin.then(read_password).transpose()?,
            };
            let u = accounts::add(store, &app.local_actor()?, &new)?;
            outln!("added {}", describe(&u));
        }
        UsersCommand::List { format } => output::user_list(&users::list(store)?, *format)?,
        UsersCommand::Disable { user } => {
            let u = accounts::disable(store, &app.local_actor()?, user)?;
            outln!(
                "disabled {}: its sessions ended and its tokens were revoked",
                u.email
            );
        }
        UsersCommand::Enable { user } => {
            let u = accounts::enable(store, &app.local_actor()?, user)?;
            outln!("enabled {}", describe(&u));
        }
        UsersCommand::SetRole { user, role } => {
            let role: Role = role.parse()?;
            let u = accounts::set_role(store, &app.local_actor()?, user, role)?;
            outln!("{}", describe(&u));
        }
        UsersCommand::ResetPassword {
            user,
            password_stdin,
        } => reset_password(app, user, *password_stdin)?,
        UsersCommand::Token { user, label, days } => {
            let t = accounts::create_token(store, user, label, *days)?;
            outln!(
                "token {:?} for {user}, valid until {} (shown this once):",
                t.label,
                t.expires_at
            );
            outln!("{}", t.token);
        }
    }
    Ok(())
}

fn reset_password(app: &App, user: &str, from_stdin: bool) -> Result<(), Error> {
    let password = if from_stdin {
        read_password()?
    } else {
        secrets::new_secret("")?
    };
    let u = accounts::reset_password(app.store(), &app.local_actor()?, user, &password)?;
    outln!("set a new password for {}; its sessions ended", u.email);
    if !from_stdin {
        outln!("the new password (shown this once):");
        outln!("{password}");
    }
    Ok(())
}

/// `alice@example.org (Alice, coordinator)`.
fn describe(u: &User) -> String {
    let disabled = if u.disabled { ", disabled" } else { "" };
    format!("{} ({}, {}{disabled})", u.email, u.name, u.role.cli_name())
}

/// The password on standard input, without the line end a shell's `echo` adds.
pub(super) fn read_password() -> Result<String, Error> {
    let mut s = String::new();
    std::io::stdin()
        .read_to_string(&mut s)
        .map_err(|e| Error::io("standard input", e))?;
    let p = s.strip_suffix('\n').unwrap_or(&s);
    let p = p.strip_suffix('\r').unwrap_or(p);
    if p.is_empty() {
        return Err(Error::validation(
            "password",
            "no password on standard input",
        ));
    }
    Ok(p.to_owned())
}
