//! Who may do what. Every command of the command table declares a [`Rule`]; [`check`] runs
//! before the service. On one computer ([`Caller::Local`]) everything is allowed: whoever has
//! the file has the data. On a team server the signed-in account's role decides, and a focal
//! point writes only the reports of the commitments assigned to them.

use std::collections::HashSet;

use crate::domain::{Caller, Role, SignedIn};
use crate::error::Error;
use crate::store::{self, Conn, Store};

/// The report or commitment a write concerns.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    /// A commitment's UUID.
    Commitment(&'a str),
    /// A report's UUID.
    Report(&'a str),
}

/// What a command requires of its caller.
#[derive(Debug, Clone, Copy)]
pub enum Rule<'a> {
    /// Any signed-in account: reading and exporting.
    Read,
    /// Writing one commitment's report: its focal points, coordinators and admins.
    WriteReport(Target<'a>),
    /// Writing reports in bulk (imports): focal points pass this gate and each row is then
    /// checked against their assignments ([`write_scope`]).
    WriteReports,
    /// Reviewing, cycles, the catalogue and assignments: coordinators and admins.
    Coordinate,
    /// Accounts, frameworks and settings: admins.
    Administer,
    /// Only on the computer itself (one computer, or the server's own command line): paths
    /// on the server's disk, restoring a backup, a self-declared identity.
    Local,
}

/// A [`Rule`] without its target, to list and test the table's rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuleKind {
    Read,
    WriteReport,
    WriteReports,
    Coordinate,
    Administer,
    Local,
}

impl Rule<'_> {
    /// The rule without its target.
    pub fn kind(&self) -> RuleKind {
        match self {
            Rule::Read => RuleKind::Read,
            Rule::WriteReport(_) => RuleKind::WriteReport,
            Rule::WriteReports => RuleKind::WriteReports,
            Rule::Coordinate => RuleKind::Coordinate,
            Rule::Administer => RuleKind::Administer,
            Rule::Local => RuleKind::Local,
        }
    }
}

/// Refuses the call (kind `forbidden`) unless the rule allows the caller.
pub fn check(store: &Store, caller: &Caller, rule: Rule<'_>) -> Result<(), Error> {
    let Caller::User(user) = caller else {
        return Ok(());
    };
    match rule {
        Rule::Read => Ok(()),
        Rule::WriteReports => at_least(user, Role::FocalPoint, "write reports"),
        Rule::Coordinate => at_least(user, Role::Coordinator, "do this (coordinators only)"),
        Rule::Administer => at_least(user, Role::Admin, "do this (admins only)"),
        Rule::Local => Err(Error::Forbidden(
            "this runs only on the server's own computer (its command line)".to_owned(),
        )),
        Rule::WriteReport(target) => {
            at_least(user, Role::FocalPoint, "write reports")?;
            if user.role.may_review() {
                return Ok(());
            }
            store.read(|conn| {
                let commitment = commitment_of(conn, target)?;
                if store::assignments::is_assigned(conn, &commitment, &user.id)? {
                    Ok(())
                } else {
                    Err(not_assigned())
                }
            })
        }
    }
}

fn at_least(user: &SignedIn, role: Role, what: &str) -> Result<(), Error> {
    if user.role >= role {
        Ok(())
    } else {
        Err(Error::Forbidden(format!(
            "your role ({}) may not {what}",
            user.role.cli_name()
        )))
    }
}

fn not_assigned() -> Error {
    Error::Forbidden(
        "you are not a focal point of this commitment: a coordinator assigns commitments"
            .to_owned(),
    )
}

fn commitment_of(conn: &Conn<'_>, target: Target<'_>) -> Result<String, Error> {
    match target {
        Target::Commitment(id) => {
            store::commitments::get(conn, id)?;
            Ok(id.to_owned())
        }
        Target::Report(id) => Ok(store::reports::get(conn, id)?.commitment),
    }
}

/// Which commitments' reports a caller may write: the same rule as [`Rule::WriteReport`],
/// for imports that write many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteScope {
    /// Every commitment's (one computer, coordinators, admins).
    All,
    /// Only these commitments' (a focal point's assignments).
    Commitments(HashSet<String>),
}

impl WriteScope {
    /// Whether the caller may write this commitment's reports.
    pub fn allows(&self, commitment: &str) -> bool {
        match self {
            WriteScope::All => true,
            WriteScope::Commitments(ids) => ids.contains(commitment),
        }
    }

    /// Refuses (kind `forbidden`) a commitment outside the scope, naming it as the user knows
    /// it (its Commitment ID).
    pub fn require(&self, commitment: &str, shown_as: &str) -> Result<(), Error> {
        if self.allows(commitment) {
            Ok(())
        } else {
            Err(Error::Forbidden(format!(
                "you are not a focal point of commitment {shown_as}: nothing was imported"
            )))
        }
    }
}

/// The caller's [`WriteScope`].
pub fn write_scope(store: &Store, caller: &Caller) -> Result<WriteScope, Error> {
    match caller {
        Caller::Local => Ok(WriteScope::All),
        Caller::User(u) if u.role.may_review() => Ok(WriteScope::All),
        Caller::User(u) if u.role == Role::FocalPoint => store.read(|conn| {
            Ok(WriteScope::Commitments(
                store::assignments::commitments_of(conn, &u.id)?
                    .into_iter()
                    .collect(),
            ))
        }),
        Caller::User(_) => Ok(WriteScope::Commitments(HashSet::new())),
    }
}
