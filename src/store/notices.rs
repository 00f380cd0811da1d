//! E-mail notices: what the review history, assignments and accounts say is owed, and the keys
//! of the notices already sent (`notices_sent`), which make each go out once.

use crate::domain::{ReviewState, Role};
use crate::error::Error;
use crate::store::db::{args, Conn, Row};

/// An enabled account to write to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub id: String,
    pub email: String,
    pub name: String,
}

/// The commitment a notice is about, with what its address in the UI is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitmentRef {
    /// The internal UUID.
    pub id: String,
    /// The public Commitment ID ("200009").
    pub commitment_id: String,
    /// The organisation's code ("IOM").
    pub organisation: String,
    /// Its title, or its description when it has none.
    pub title: String,
}

/// A review transition that is still its report's latest (nobody has acted on it since).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewNotice {
    pub event_id: String,
    pub report_id: String,
    pub year: i32,
    pub commitment: CommitmentRef,
    /// Who made the transition (name), and their account when signed in.
    pub actor: String,
    pub actor_id: Option<String>,
    pub comment: Option<String>,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// A commitment assigned to an account whose report for a year is not in yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenAssignment {
    pub user: Recipient,
    pub commitment: CommitmentRef,
    /// The report's review state (Draft or Returned); None: no report yet.
    pub state: Option<ReviewState>,
}

/// The columns `commitment_ref` reads, from `c` (commitments) and `o` (organisations).
const COMMITMENT_COLUMNS: &str = "c.id, c.public_id, o.code,
    CASE WHEN c.title = '' THEN c.description ELSE c.title END";

fn commitment_ref(r: &Row<'_>, first: usize) -> Result<CommitmentRef, Error> {
    Ok(CommitmentRef {
        id: r.get(first)?,
        commitment_id: r.get(first + 1)?,
        organisation: r.get(first + 2)?,
        title: r.get(first + 3)?,
    })
}

fn parse_state(r: &Row<'_>, i: usize) -> Result<Option<ReviewState>, Error> {
    r.get::<Option<String>>(i)?
        .map(|s| {
            s.parse().map_err(|e: Error| {
                Error::Cell(crate::store::db::CellError {
                    column: i,
                    message: e.to_string(),
                })
            })
        })
        .transpose()
}

/// Transitions to `to` made at or after `since` (RFC 3339) that are still their report's
/// latest, oldest first.
pub fn latest_events_to(
    conn: &Conn<'_>,
    to: ReviewState,
    since: &str,
) -> Result<Vec<ReviewNotice>, Error> {
    conn.query_map(
        &format!(
            "SELECT e.id, e.report_id, r.year, e.actor, e.actor_id, e.comment, e.created_at,
                    {COMMITMENT_COLUMNS}
               FROM review_events e
               JOIN reports r ON r.id = e.report_id
               JOIN commitments c ON c.id = r.commitment_id
               JOIN organisations o ON o.id = c.organisation_id
              WHERE e.to_state = ?1 AND e.created_at >= ?2
                AND NOT EXISTS (
                    SELECT 1 FROM review_events l
                     WHERE l.report_id = e.report_id
                       AND (l.created_at > e.created_at
                            OR (l.created_at = e.created_at AND l.id > e.id)))
              ORDER BY e.created_at, e.id"
        ),
        args![to.as_str(), since],
        |r| {
            Ok(ReviewNotice {
                event_id: r.get(0)?,
                report_id: r.get(1)?,
                year: r.get(2)?,
                actor: r.get(3)?,
                actor_id: r.get(4)?,
                comment: r.get(5)?,
                at: r.get(6)?,
                commitment: commitment_ref(r, 7)?,
            })
        },
    )
}

fn recipient(r: &Row<'_>) -> Result<Recipient, Error> {
    Ok(Recipient {
        id: r.get(0)?,
        email: r.get(1)?,
        name: r.get(2)?,
    })
}

/// The enabled accounts assigned to a commitment who may write its reports (viewers left
/// out), by name.
pub fn assignees(conn: &Conn<'_>, commitment: &str) -> Result<Vec<Recipient>, Error> {
    conn.query_map(
        "SELECT u.id, u.email, u.name FROM assignments a JOIN users u ON u.id = a.user_id
          WHERE a.commitment_id = ?1 AND u.disabled = 0 AND u.role <> 'Viewer'
          ORDER BY u.name COLLATE NOCASE, u.email",
        args![commitment],
        recipient,
    )
}

/// The enabled accounts of a role, by name.
pub fn with_role(conn: &Conn<'_>, role: Role) -> Result<Vec<Recipient>, Error> {
    conn.query_map(
        "SELECT id, email, name FROM users WHERE role = ?1 AND disabled = 0
          ORDER BY name COLLATE NOCASE, email",
        args![role.as_str()],
        recipient,
    )
}

/// For each enabled account that may write (viewers left out), the active commitments
/// assigned to it whose report for `year` is missing, a draft or returned; by account, then
/// organisation and Commitment ID.
pub fn unsubmitted_assignments(conn: &Conn<'_>, year: i32) -> Result<Vec<OpenAssignment>, Error> {
    conn.query_map(
        &format!(
            "SELECT u.id, u.email, u.name, r.review_state, {COMMITMENT_COLUMNS}
               FROM assignments a
               JOIN users u ON u.id = a.user_id
               JOIN commitments c ON c.id = a.commitment_id
               JOIN organisations o ON o.id = c.organisation_id
               LEFT JOIN reports r ON r.commitment_id = c.id AND r.year = ?1
              WHERE u.disabled = 0 AND u.role <> 'Viewer' AND c.retired_at IS NULL
                AND (r.id IS NULL OR r.review_state IN ('Draft', 'Returned'))
              ORDER BY u.id, o.code, c.public_id"
        ),
        args![year],
        |r| {
            Ok(OpenAssignment {
                user: recipient(r)?,
                state: parse_state(r, 3)?,
                commitment: commitment_ref(r, 4)?,
            })
        },
    )
}

/// Whether the notice `key` was sent (or is being sent).
pub fn is_sent(conn: &Conn<'_>, key: &str) -> Result<bool, Error> {
    conn.exists("SELECT 1 FROM notices_sent WHERE key = ?1", args![key])
}

/// Records the notice `key` as sent at `now`; false when it already was (someone else sends
/// it).
pub fn claim(conn: &Conn<'_>, key: &str, now: &str) -> Result<bool, Error> {
    Ok(conn.execute(
        "INSERT INTO notices_sent (key, sent_at) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING",
        args![key, now],
    )? == 1)
}

/// Forgets the notice `key` (its sending failed), so that the next run sends it.
pub fn release(conn: &Conn<'_>, key: &str) -> Result<bool, Error> {
    Ok(conn.execute("DELETE FROM notices_sent WHERE key = ?1", args![key])? == 1)
}
