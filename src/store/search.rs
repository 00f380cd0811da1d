//! The full-text index (FTS5), kept in step by triggers (see migration 0004).

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};

use crate::domain::{CommitmentFilter, ImplementationStatus, SearchHit};
use crate::error::Error;

/// Runs an FTS5 `expr` (already built from the person's words) with the filters.
pub fn search(
    conn: &Connection,
    expr: &str,
    filter: &CommitmentFilter,
    year: Option<i32>,
    status: Option<ImplementationStatus>,
    limit: u32,
) -> Result<Vec<SearchHit>, Error> {
    let (clause, filter_args) = super::commitments::filter_clause(filter);
    // Rank and filter every match first, then build snippets only for the page of hits:
    // snippet() is the expensive part and would otherwise run for every matching row.
    let mut inner = String::from(
        "SELECT s.rowid FROM search_index s
           JOIN commitments c ON c.id = s.commitment_id
           JOIN organisations o ON o.id = c.organisation_id
          WHERE search_index MATCH ?",
    );
    let mut args: Vec<Value> = vec![Value::Text(expr.to_owned())];
    inner.push_str(&clause);
    args.extend(filter_args);
    if let Some(y) = year {
        inner.push_str(" AND s.kind = 'report' AND s.year = ?");
        args.push(Value::Integer(y.into()));
    }
    if let Some(st) = status {
        inner.push_str(
            " AND s.kind = 'report' AND EXISTS (SELECT 1 FROM reports r WHERE r.id = s.ref_id AND r.status = ?)",
        );
        args.push(Value::Text(st.as_str().to_owned()));
    }
    // Matches in the ID weigh most, then tags, then the text.
    inner.push_str(" ORDER BY bm25(search_index, 0, 0, 0, 0, 10.0, 1.0, 3.0) LIMIT ?");
    args.push(Value::Integer(limit.into()));
    let sql = format!(
        "SELECT s.kind, s.commitment_id, c.public_id, CASE s.kind WHEN 'report' THEN s.ref_id END,
                s.year, snippet(search_index, -1, char(57344), char(57345), '…', 16),
                bm25(search_index, 0, 0, 0, 0, 10.0, 1.0, 3.0) AS rank
           FROM search_index s
           JOIN commitments c ON c.id = s.commitment_id
          WHERE search_index MATCH ? AND s.rowid IN ({inner})
          ORDER BY rank"
    );
    args.insert(0, Value::Text(expr.to_owned()));
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(args), |r| {
        Ok(SearchHit {
            kind: r.get(0)?,
            commitment: r.get(1)?,
            commitment_id: r.get(2)?,
            report_id: r.get(3)?,
            year: r.get(4)?,
            snippet: r.get::<_, String>(5)?.trim().to_owned(),
            rank: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Rebuilds the index from the commitments and reports; returns the rows indexed.
pub fn rebuild(conn: &Connection) -> Result<u64, Error> {
    conn.execute("DELETE FROM search_index", [])?;
    let a = conn.execute(
        "INSERT INTO search_index (rowid, kind, ref_id, commitment_id, year, code, body, tags)
         SELECT rowid * 2, 'commitment', id, id, NULL, public_id, description, '' FROM commitments",
        [],
    )?;
    let b = conn.execute(
        "INSERT INTO search_index (rowid, kind, ref_id, commitment_id, year, code, body, tags)
         SELECT r.rowid * 2 + 1, 'report', r.id, r.commitment_id, r.year, c.public_id,
                r.achievements || char(10) || r.challenges || char(10) || r.next_steps,
                (SELECT group_concat(value, ' ') FROM json_each(r.tags))
           FROM reports r JOIN commitments c ON c.id = r.commitment_id",
        [],
    )?;
    conn.execute(
        "INSERT INTO search_index (search_index) VALUES ('optimize')",
        [],
    )?;
    Ok((a + b) as u64)
}

/// Rows in the index (to check it against the tables).
pub fn count(conn: &Connection) -> Result<i64, Error> {
    Ok(conn.query_row("SELECT count(*) FROM search_index", [], |r| r.get(0))?)
}
