//! The full-text indexes (FTS5), kept in step by triggers (see migrations 0004 and 0009):
//! words, and trigrams of the records in scripts written without spaces.

use super::db::{arg_refs, args, Conn, Engine, Row, Value};

use crate::domain::{CommitmentFilter, ImplementationStatus};
use crate::error::Error;

/// Above this many records for its rarest word, a search lists the newest matches instead of
/// ranking every one (ranking costs time in proportion to the matches).
pub const RANK_LIMIT: i64 = 1_000;

/// One hit, before its snippet is made.
pub struct RawHit {
    pub kind: String,
    pub ref_id: String,
    pub commitment_id: String,
    pub public_id: String,
    pub year: Option<i32>,
    pub body: String,
    pub code: String,
    pub tags: String,
    pub rank: f64,
}

impl RawHit {
    /// A hit from the columns kind, ref_id, commitment_id, public_id, year, body, code, tags
    /// (both engines' searches select them in this order).
    pub(super) fn read(r: &Row<'_>, rank: f64) -> Result<RawHit, Error> {
        let text = |i: usize| -> Result<String, Error> {
            Ok(r.get::<Option<String>>(i)?.unwrap_or_default())
        };
        Ok(RawHit {
            kind: r.get(0)?,
            ref_id: r.get(1)?,
            commitment_id: r.get(2)?,
            public_id: r.get(3)?,
            year: r.get(4)?,
            body: text(5)?,
            code: text(6)?,
            tags: text(7)?,
            rank,
        })
    }
}

/// How many records hold the word (`prefix`: any word starting with it).
pub fn document_frequency(conn: &Conn<'_>, word: &str, prefix: bool) -> Result<i64, Error> {
    let n: Option<i64> = if prefix {
        // The next string after every word with this prefix.
        let mut end = word.to_owned();
        end.push(char::MAX);
        conn.query_one(
            "SELECT sum(doc) FROM search_vocab WHERE term >= ?1 AND term < ?2",
            args![word, end],
            |r| r.get(0),
        )?
    } else {
        conn.query_opt(
            "SELECT doc FROM search_vocab WHERE term = ?1",
            args![word],
            |r| r.get(0),
        )?
    };
    Ok(n.unwrap_or(0))
}

/// Runs an FTS5 `expr` with the filters: the best `limit` hits by BM25 when `rank` is set,
/// else the newest (FTS5 walks rowids in order and stops at the limit).
pub fn search(
    conn: &Conn<'_>,
    expr: &str,
    filter: &CommitmentFilter,
    year: Option<i32>,
    status: Option<ImplementationStatus>,
    limit: u32,
    rank: bool,
) -> Result<Vec<RawHit>, Error> {
    let (clause, filter_args) = super::commitments::filter_clause(filter);
    // Matches in the ID weigh most, then tags, then the text.
    let score = if rank {
        "bm25(search_index, 0, 0, 0, 0, 10.0, 1.0, 3.0)"
    } else {
        "0.0"
    };
    let mut sql = format!(
        "SELECT s.rowid, {score} FROM search_index s
           JOIN commitments c ON c.id = s.commitment_id
           JOIN organisations o ON o.id = c.organisation_id
          WHERE search_index MATCH ?"
    );
    let mut args: Vec<Value> = vec![Value::Text(expr.to_owned())];
    sql.push_str(&clause);
    args.extend(filter_args);
    push_report_filters(&mut sql, &mut args, year, status);
    sql.push_str(if rank {
        " ORDER BY 2 LIMIT ?"
    } else {
        " ORDER BY s.rowid DESC LIMIT ?"
    });
    args.push(Value::Integer(limit.into()));
    let ids: Vec<(i64, f64)> =
        conn.query_map(&sql, &arg_refs(&args), |r| Ok((r.get(0)?, r.get(1)?)))?;
    read_hits(conn, ids)
}

/// Reads the page of hits in full (a rowid lookup each: both indexes share rowids).
fn read_hits(conn: &Conn<'_>, ids: Vec<(i64, f64)>) -> Result<Vec<RawHit>, Error> {
    let mut hits = Vec::with_capacity(ids.len());
    for (rowid, score) in ids {
        let hit = conn.query_one(
            "SELECT s.kind, s.ref_id, s.commitment_id, c.public_id, s.year, s.body, s.code, s.tags
               FROM search_index s JOIN commitments c ON c.id = s.commitment_id
              WHERE s.rowid = ?1",
            args![rowid],
            |r| RawHit::read(r, score),
        )?;
        hits.push(hit);
    }
    Ok(hits)
}

/// A search holding words of unspaced scripts (migration 0009), run on their trigram index.
pub struct UnspacedQuery {
    /// A trigram FTS5 expression (words of three characters or more, shorter ones expanded to
    /// the trigrams that start with them).
    pub matching: Option<String>,
    /// Short words too common to expand: looked for in the text of the indexed records.
    pub containing: Vec<String>,
    /// The query's other words, as an expression for `search_index`.
    pub spaced: Option<String>,
    /// Walk `search_index`'s matches for `spaced` (newest first) and look each up in the set
    /// of unspaced matches, instead of the other way round: the set computed in full should
    /// be the smaller one (a common Latin word has tens of thousands of matches).
    pub spaced_first: bool,
}

/// The trigrams of the unspaced index that start with `word` (one or two characters), each
/// with how many records hold it, or `None` when there are more than `cap` (the word is then
/// too common to expand).
pub fn trigrams_starting(
    conn: &Conn<'_>,
    word: &str,
    cap: usize,
) -> Result<Option<Vec<(String, i64)>>, Error> {
    let mut end = word.to_owned();
    end.push(char::MAX);
    let terms: Vec<(String, i64)> = conn.query_map(
        "SELECT term, doc FROM search_unspaced_vocab WHERE term >= ?1 AND term < ?2 LIMIT ?3",
        args![word, end, cap as i64 + 1],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok((terms.len() <= cap).then_some(terms))
}

/// How many records of the unspaced index hold the trigram.
pub fn trigram_frequency(conn: &Conn<'_>, trigram: &str) -> Result<i64, Error> {
    let n: Option<i64> = conn.query_opt(
        "SELECT doc FROM search_unspaced_vocab WHERE term = ?1",
        args![trigram],
        |r| r.get(0),
    )?;
    Ok(n.unwrap_or(0))
}

/// Runs an [`UnspacedQuery`] with the filters: the newest `limit` hits.
pub fn search_unspaced(
    conn: &Conn<'_>,
    q: &UnspacedQuery,
    filter: &CommitmentFilter,
    year: Option<i32>,
    status: Option<ImplementationStatus>,
    limit: u32,
) -> Result<Vec<RawHit>, Error> {
    let (clause, filter_args) = super::commitments::filter_clause(filter);
    let mut args: Vec<Value> = Vec::new();
    let mut sql = match (&q.spaced, q.spaced_first) {
        (Some(e), true) => {
            // `+`: the unspaced set is computed once, then looked up for each row (a plain
            // `s.rowid IN` is handed to FTS5, which runs the subquery's match per rowid).
            args.push(Value::Text(e.clone()));
            let mut sql = String::from(
                "SELECT s.rowid, 0.0 FROM search_index s
                   JOIN commitments c ON c.id = s.commitment_id
                   JOIN organisations o ON o.id = c.organisation_id
                  WHERE search_index MATCH ? AND +s.rowid IN (SELECT k.rowid FROM search_unspaced k WHERE 1",
            );
            push_unspaced_match(&mut sql, &mut args, q, "k");
            sql.push(')');
            sql
        }
        (spaced, _) => {
            let mut sql = String::from(
                "SELECT s.rowid, 0.0 FROM search_unspaced s
                   JOIN commitments c ON c.id = s.commitment_id
                   JOIN organisations o ON o.id = c.organisation_id
                  WHERE 1",
            );
            push_unspaced_match(&mut sql, &mut args, q, "s");
            if let Some(e) = spaced {
                // `+`: as above, the other way round.
                sql.push_str(
                    " AND +s.rowid IN (SELECT rowid FROM search_index WHERE search_index MATCH ?)",
                );
                args.push(Value::Text(e.clone()));
            }
            sql
        }
    };
    sql.push_str(&clause);
    args.extend(filter_args);
    push_report_filters(&mut sql, &mut args, year, status);
    sql.push_str(" ORDER BY s.rowid DESC LIMIT ?");
    args.push(Value::Integer(limit.into()));
    let ids: Vec<(i64, f64)> =
        conn.query_map(&sql, &arg_refs(&args), |r| Ok((r.get(0)?, r.get(1)?)))?;
    read_hits(conn, ids)
}

/// The unspaced words' conditions on the trigram index row `t`.
fn push_unspaced_match(sql: &mut String, args: &mut Vec<Value>, q: &UnspacedQuery, t: &str) {
    if let Some(m) = &q.matching {
        sql.push_str(" AND search_unspaced MATCH ?");
        args.push(Value::Text(m.clone()));
    }
    for w in &q.containing {
        sql.push_str(&format!(
            " AND (instr({t}.body, ?) OR instr({t}.tags, ?) OR instr({t}.code, ?))"
        ));
        args.extend(std::iter::repeat_n(Value::Text(w.clone()), 3));
    }
}

/// The year and status filters; `s` is the index row.
fn push_report_filters(
    sql: &mut String,
    args: &mut Vec<Value>,
    year: Option<i32>,
    status: Option<ImplementationStatus>,
) {
    if let Some(y) = year {
        sql.push_str(" AND s.kind = 'report' AND s.year = ?");
        args.push(Value::Integer(y.into()));
    }
    if let Some(st) = status {
        sql.push_str(
            " AND s.kind = 'report' AND EXISTS (SELECT 1 FROM reports r WHERE r.id = s.ref_id AND r.status = ?)",
        );
        args.push(Value::Text(st.as_str().to_owned()));
    }
}

/// Rebuilds the index from the commitments and reports; returns the rows indexed.
pub fn rebuild(conn: &Conn<'_>) -> Result<u64, Error> {
    if conn.engine() == Engine::Postgres {
        return super::search_pg::rebuild(conn);
    }
    conn.execute("DELETE FROM search_index", args![])?;
    let a = conn.execute(
        "INSERT INTO search_index (rowid, kind, ref_id, commitment_id, year, code, body, tags)
         SELECT rowid * 2, 'commitment', id, id, NULL, public_id, description, '' FROM commitments",
        args![],
    )?;
    let b = conn.execute(
        "INSERT INTO search_index (rowid, kind, ref_id, commitment_id, year, code, body, tags)
         SELECT r.rowid * 2 + 1, 'report', r.id, r.commitment_id, r.year, c.public_id,
                r.achievements || char(10) || r.challenges || char(10) || r.next_steps,
                (SELECT group_concat(value, ' ') FROM json_each(r.tags))
           FROM reports r JOIN commitments c ON c.id = r.commitment_id",
        args![],
    )?;
    conn.execute(
        "INSERT INTO search_index (search_index) VALUES ('optimize')",
        args![],
    )?;
    rebuild_unspaced(conn)?;
    Ok((a + b) as u64)
}

/// Copies the records of `search_index` that hold an unspaced script into their trigram
/// index, as migration 0009 does (the same GLOB class, taken from it).
fn rebuild_unspaced(conn: &Conn<'_>) -> Result<(), Error> {
    conn.execute("DELETE FROM search_unspaced", args![])?;
    let fill = UNSPACED_MIGRATION
        .rsplit_once("-- Index what exists already.")
        .map_or("", |(_, fill)| fill);
    conn.execute_batch(fill)?;
    conn.execute(
        "INSERT INTO search_unspaced (search_unspaced) VALUES ('optimize')",
        args![],
    )?;
    Ok(())
}

const UNSPACED_MIGRATION: &str = include_str!("../../migrations/0009_search_unspaced_scripts.sql");

/// Rows in the index (to check it against the tables).
pub fn count(conn: &Conn<'_>) -> Result<i64, Error> {
    if conn.engine() == Engine::Postgres {
        return super::search_pg::count(conn);
    }
    conn.query_one("SELECT count(*) FROM search_index", args![], |r| r.get(0))
}
