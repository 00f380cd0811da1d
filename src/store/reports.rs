//! Queries on reports.

use crate::domain::report::excerpt_of;
use crate::domain::{EvidenceLink, Report, ReportContent, ReportSummary, ReviewState};
use crate::error::Error;
use crate::store::db::{args, Conn, Row, Value};

const COLUMNS: &str =
    "r.id, r.commitment_id, c.public_id, o.code, r.year, r.status, r.achievements,
    r.challenges, r.next_steps, r.evidence, r.progress, r.tags, r.review_state, r.author,
    r.created_at, r.updated_at, r.updated_by, r.revision, r.version";
const FROM: &str = "FROM reports r JOIN commitments c ON c.id = r.commitment_id
    JOIN organisations o ON o.id = c.organisation_id";

fn conversion(idx: usize, e: impl std::fmt::Display) -> Error {
    Error::Cell(crate::store::db::CellError {
        column: idx,
        message: e.to_string(),
    })
}

fn json<T: serde::de::DeserializeOwned>(r: &Row<'_>, idx: usize) -> Result<T, Error> {
    serde_json::from_str(&r.get::<String>(idx)?).map_err(|e| conversion(idx, e))
}

fn parsed<T: std::str::FromStr>(r: &Row<'_>, idx: usize) -> Result<T, Error>
where
    T::Err: std::fmt::Display,
{
    r.get::<String>(idx)?
        .parse()
        .map_err(|e| conversion(idx, e))
}

fn row(r: &Row<'_>) -> Result<Report, Error> {
    Ok(Report {
        id: r.get(0)?,
        commitment: r.get(1)?,
        commitment_id: r.get(2)?,
        organisation: r.get(3)?,
        year: r.get(4)?,
        content: ReportContent {
            status: parsed(r, 5)?,
            achievements: r.get(6)?,
            challenges: r.get(7)?,
            next_steps: r.get(8)?,
            evidence: json::<Vec<EvidenceLink>>(r, 9)?,
            progress: r.get(10)?,
            tags: json(r, 11)?,
        },
        review_state: parsed(r, 12)?,
        author: r.get(13)?,
        created_at: r.get(14)?,
        updated_at: r.get(15)?,
        updated_by: r.get(16)?,
        revision: r.get(17)?,
        version: r.get(18)?,
    })
}

fn summary(r: &Report) -> ReportSummary {
    ReportSummary {
        id: r.id.clone(),
        commitment: r.commitment.clone(),
        commitment_id: r.commitment_id.clone(),
        organisation: r.organisation.clone(),
        year: r.year,
        status: r.content.status,
        review_state: r.review_state,
        excerpt: excerpt_of(&r.content.achievements),
        author: r.author.clone(),
        updated_at: r.updated_at.clone(),
        version: r.version,
    }
}

fn to_json<T: serde::Serialize>(v: &T) -> String {
    // Serialising plain strings and numbers cannot fail.
    serde_json::to_string(v).unwrap_or_else(|_| "[]".to_owned())
}

/// One report by UUID.
pub fn get(conn: &Conn<'_>, id: &str) -> Result<Report, Error> {
    conn.query_opt(
        &format!("SELECT {COLUMNS} {FROM} WHERE r.id = ?1"),
        args![id],
        row,
    )?
    .ok_or_else(|| Error::NotFound {
        entity: "report",
        id: id.to_owned(),
    })
}

/// The report of a commitment for a year, if any.
pub fn find(conn: &Conn<'_>, commitment_id: &str, year: i32) -> Result<Option<Report>, Error> {
    conn.query_opt(
        &format!("SELECT {COLUMNS} {FROM} WHERE r.commitment_id = ?1 AND r.year = ?2"),
        args![commitment_id, year],
        row,
    )
}

/// The newest report of a commitment before `year`, if any.
pub fn previous(conn: &Conn<'_>, commitment_id: &str, year: i32) -> Result<Option<Report>, Error> {
    conn.query_opt(
        &format!(
            "SELECT {COLUMNS} {FROM} WHERE r.commitment_id = ?1 AND r.year < ?2
              ORDER BY r.year DESC LIMIT 1"
        ),
        args![commitment_id, year],
        row,
    )
}

/// A commitment's reports, oldest year first.
pub fn list_for_commitment(
    conn: &Conn<'_>,
    commitment_id: &str,
) -> Result<Vec<ReportSummary>, Error> {
    conn.query_map(
        &format!("SELECT {COLUMNS} {FROM} WHERE r.commitment_id = ?1 ORDER BY r.year"),
        args![commitment_id],
        |r| Ok(summary(&row(r)?)),
    )
}

/// Reports in any of `states`, of one year or all, newest change first.
pub fn list_by_state(
    conn: &Conn<'_>,
    year: Option<i32>,
    states: &[ReviewState],
    assignee: Option<&str>,
) -> Result<Vec<ReportSummary>, Error> {
    let marks = vec!["?"; states.len()].join(", ");
    let mut sql = format!("SELECT {COLUMNS} {FROM} WHERE r.review_state IN ({marks})");
    let mut args: Vec<Value> = states
        .iter()
        .map(|s| Value::Text(s.as_str().to_owned()))
        .collect();
    if let Some(y) = year {
        sql.push_str(" AND r.year = ?");
        args.push(Value::Integer(i64::from(y)));
    }
    if let Some(user) = assignee {
        sql.push_str(&format!(" AND {ASSIGNED_TO}"));
        args.push(Value::Text(user.to_owned()));
    }
    sql.push_str(" AND c.retired_at IS NULL ORDER BY r.updated_at DESC");
    conn.query_map(&sql, &crate::store::db::arg_refs(&args), |r| {
        Ok(summary(&row(r)?))
    })
}

/// Drafts being revised after a return: their newest review step that is not a move back to
/// Draft is a return (saving a returned report makes it a draft, and it stays returned work
/// until it is submitted again). Newest first.
pub fn list_drafts_after_return(
    conn: &Conn<'_>,
    assignee: Option<&str>,
) -> Result<Vec<ReportSummary>, Error> {
    let mine = if assignee.is_some() {
        format!("AND {ASSIGNED_TO}")
    } else {
        String::new()
    };
    let sql = format!(
        "SELECT {COLUMNS} {FROM}
          WHERE r.review_state = 'Draft' AND c.retired_at IS NULL {mine}
            AND (SELECT e.to_state FROM review_events e
                  WHERE e.report_id = r.id AND e.to_state <> 'Draft'
                  ORDER BY e.created_at DESC, e.id DESC LIMIT 1) = 'Returned'
          ORDER BY r.updated_at DESC"
    );
    match assignee {
        Some(user) => conn.query_map(&sql, args![user], |r| Ok(summary(&row(r)?))),
        None => conn.query_map(&sql, args![], |r| Ok(summary(&row(r)?))),
    }
}

/// Keeps the reports of the commitments assigned to the account bound next (`?`).
const ASSIGNED_TO: &str =
    "r.commitment_id IN (SELECT a.commitment_id FROM assignments a WHERE a.user_id = ?)";

/// Adds a report (revision 1, version 1) written by `actor`.
pub fn insert(
    conn: &Conn<'_>,
    id: &str,
    commitment_id: &str,
    year: i32,
    content: &ReportContent,
    actor: &str,
    now: &str,
) -> Result<(), Error> {
    insert_by(conn, id, commitment_id, year, content, actor, actor, now)
}

/// [`insert`] with an author other than the person saving (an imported report names who
/// wrote it in the organisation's file).
#[allow(clippy::too_many_arguments)]
pub fn insert_by(
    conn: &Conn<'_>,
    id: &str,
    commitment_id: &str,
    year: i32,
    content: &ReportContent,
    author: &str,
    actor: &str,
    now: &str,
) -> Result<(), Error> {
    conn.execute("INSERT INTO reports (id, commitment_id, year, status, achievements, challenges, next_steps,
                              evidence, tags, progress, review_state, author, created_at, updated_at,
                              updated_by, revision, version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'Draft', ?11, ?12, ?12, ?13, 1, 1)", args![
        id,
        commitment_id,
        year,
        content.status.as_str(),
        content.achievements,
        content.challenges,
        content.next_steps,
        to_json(&content.evidence),
        to_json(&content.tags),
        content.progress,
        author,
        now,
        actor
    ])?;
    Ok(())
}

/// Rewrites the content (as revision `revision`) and review state if the report is still at
/// `expected_version`; returns false, changing nothing, if it is not.
#[allow(clippy::too_many_arguments)]
pub fn update_content(
    conn: &Conn<'_>,
    id: &str,
    expected_version: i32,
    content: &ReportContent,
    state: ReviewState,
    revision: i32,
    actor: &str,
    now: &str,
) -> Result<bool, Error> {
    let n = conn.execute(
        "UPDATE reports SET status = ?3, achievements = ?4, challenges = ?5, next_steps = ?6,
                    evidence = ?7, tags = ?8, progress = ?9, review_state = ?10, revision = ?11,
                    updated_at = ?12, updated_by = ?13, version = version + 1
              WHERE id = ?1 AND version = ?2",
        args![
            id,
            expected_version,
            content.status.as_str(),
            content.achievements,
            content.challenges,
            content.next_steps,
            to_json(&content.evidence),
            to_json(&content.tags),
            content.progress,
            state.as_str(),
            revision,
            now,
            actor
        ],
    )?;
    Ok(n == 1)
}

/// Moves the review state if the report is still at `expected_version`.
pub fn set_state(
    conn: &Conn<'_>,
    id: &str,
    expected_version: i32,
    state: ReviewState,
    actor: &str,
    now: &str,
) -> Result<bool, Error> {
    let n = conn.execute(
        "UPDATE reports SET review_state = ?3, updated_at = ?4, updated_by = ?5,
                    version = version + 1
              WHERE id = ?1 AND version = ?2",
        args![id, expected_version, state.as_str(), now, actor],
    )?;
    Ok(n == 1)
}

/// Content as stored in a revision.
pub fn content_json(content: &ReportContent) -> String {
    to_json(content)
}
