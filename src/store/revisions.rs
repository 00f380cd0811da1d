//! Queries on report revisions and review events.

use crate::domain::{Actor, ReportContent, ReviewEvent, ReviewState, Revision, RevisionSummary};
use crate::error::Error;
use crate::store::db::{args, Conn, Row};

/// Adds a revision.
#[allow(clippy::too_many_arguments)]
pub fn insert(
    conn: &Conn<'_>,
    id: &str,
    report_id: &str,
    revision: i32,
    content_json: &str,
    actor: &Actor,
    action: &str,
    restored_from: Option<i32>,
    now: &str,
) -> Result<(), Error> {
    conn.execute("INSERT INTO report_revisions (id, report_id, revision, content, actor, actor_id, action, restored_from, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", args![id, report_id, revision, content_json, actor.name, actor.user_id, action, restored_from, now])?;
    Ok(())
}

/// Adds a revision that an import wrote: action `import`, `source` the file's name.
#[allow(clippy::too_many_arguments)]
pub fn insert_imported(
    conn: &Conn<'_>,
    id: &str,
    report_id: &str,
    revision: i32,
    content_json: &str,
    actor: &Actor,
    source: &str,
    now: &str,
) -> Result<(), Error> {
    conn.execute("INSERT INTO report_revisions (id, report_id, revision, content, actor, actor_id, action, source, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'import', ?7, ?8)", args![id, report_id, revision, content_json, actor.name, actor.user_id, source, now])?;
    Ok(())
}

fn summary_row(r: &Row<'_>) -> Result<RevisionSummary, Error> {
    Ok(RevisionSummary {
        revision: r.get(0)?,
        actor: r.get(1)?,
        action: r.get(2)?,
        restored_from: r.get(3)?,
        created_at: r.get(4)?,
        source: r.get(5)?,
        actor_id: r.get(6)?,
    })
}

/// A report's revisions, newest first.
pub fn list(conn: &Conn<'_>, report_id: &str) -> Result<Vec<RevisionSummary>, Error> {
    conn.query_map(
        "SELECT revision, actor, action, restored_from, created_at, source, actor_id
           FROM report_revisions
              WHERE report_id = ?1 ORDER BY revision DESC",
        args![report_id],
        summary_row,
    )
}

/// One revision with its content.
pub fn get(conn: &Conn<'_>, report_id: &str, revision: i32) -> Result<Revision, Error> {
    let found = conn.query_opt(
        "SELECT revision, actor, action, restored_from, created_at, source, actor_id, content
               FROM report_revisions WHERE report_id = ?1 AND revision = ?2",
        args![report_id, revision],
        |r| Ok((summary_row(r)?, r.get::<String>(7)?)),
    )?;
    let Some((summary, content)) = found else {
        return Err(Error::NotFound {
            entity: "revision",
            id: format!("{revision} of report {report_id}"),
        });
    };
    let content: ReportContent = serde_json::from_str(&content).map_err(|e| {
        Error::Storage(rusqlite::Error::FromSqlConversionFailure(
            7,
            rusqlite::types::Type::Text,
            e.into(),
        ))
    })?;
    Ok(Revision { summary, content })
}

/// Records a review transition.
#[allow(clippy::too_many_arguments)]
pub fn insert_event(
    conn: &Conn<'_>,
    id: &str,
    report_id: &str,
    from: ReviewState,
    to: ReviewState,
    actor: &Actor,
    comment: Option<&str>,
    now: &str,
) -> Result<(), Error> {
    conn.execute("INSERT INTO review_events (id, report_id, from_state, to_state, actor, actor_id, role, comment, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", args![id, report_id, from.as_str(), to.as_str(), actor.name, actor.user_id, actor.role.as_str(), comment, now])?;
    Ok(())
}

/// The account that wrote the report's latest content (None: written on one computer, by
/// name only).
pub fn latest_author_id(conn: &Conn<'_>, report_id: &str) -> Result<Option<String>, Error> {
    Ok(conn
        .query_opt(
            "SELECT actor_id FROM report_revisions WHERE report_id = ?1
              ORDER BY revision DESC LIMIT 1",
            args![report_id],
            |r| r.get::<Option<String>>(0),
        )?
        .flatten())
}

/// The newest transition of a report to Returned, if any (its comment says what to fix).
pub fn last_return(conn: &Conn<'_>, report_id: &str) -> Result<Option<ReviewEvent>, Error> {
    Ok(events(conn, report_id)?
        .into_iter()
        .rev()
        .find(|e| e.to_state == ReviewState::Returned))
}

/// A report's review transitions, oldest first.
pub fn events(conn: &Conn<'_>, report_id: &str) -> Result<Vec<ReviewEvent>, Error> {
    conn.query_map(
        "SELECT id, from_state, to_state, actor, role, comment, created_at, actor_id
           FROM review_events
          WHERE report_id = ?1 ORDER BY created_at, id",
        args![report_id],
        |r| {
            let parse = |i: usize, message: String| {
                Error::Cell(crate::store::db::CellError { column: i, message })
            };
            Ok(ReviewEvent {
                id: r.get(0)?,
                from_state: r
                    .get::<String>(1)?
                    .parse()
                    .map_err(|e: Error| parse(1, e.to_string()))?,
                to_state: r
                    .get::<String>(2)?
                    .parse()
                    .map_err(|e: Error| parse(2, e.to_string()))?,
                actor: r.get(3)?,
                role: r
                    .get::<String>(4)?
                    .parse()
                    .map_err(|e: Error| parse(4, e.to_string()))?,
                comment: r.get(5)?,
                created_at: r.get(6)?,
                actor_id: r.get(7)?,
            })
        },
    )
}
