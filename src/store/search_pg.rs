//! Full-text search on PostgreSQL: `search_documents` (kept in step by triggers, see
//! `migrations/postgres/0001_schema.sql`) with a `tsvector` of the `ct_search` configuration
//! (`unaccent`, no stemming: FTS5's unicode61 with diacritics removed), and the column of
//! the text in scripts written without spaces, for their words (found inside it, like FTS5's
//! trigrams).

use super::db::{arg_refs, args, Conn, Value};
use super::search::{RawHit, RANK_LIMIT};
use crate::domain::snippet::Terms;
use crate::domain::{CommitmentFilter, ImplementationStatus};
use crate::error::Error;

/// Escapes LIKE wildcards so a word means its text.
fn like_pattern(word: &str) -> String {
    let mut p = String::from("%");
    for ch in word.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(ch);
    }
    p.push('%');
    p
}

/// Hits for every word of `terms` (the last one also as a prefix while it is typed), with the
/// filters: ranked by `ts_rank` when there are spaced words found in at most [`RANK_LIMIT`]
/// records, else newest first.
pub fn search(
    conn: &Conn<'_>,
    terms: &Terms,
    filter: &CommitmentFilter,
    year: Option<i32>,
    status: Option<ImplementationStatus>,
    limit: u32,
) -> Result<Vec<RawHit>, Error> {
    if terms.words.is_empty() && terms.unspaced.is_empty() {
        return Ok(Vec::new());
    }
    let (clause, filter_args) = super::commitments::filter_clause(filter);
    let mut args: Vec<Value> = Vec::new();
    let mut query = Vec::new();
    let (prefix, whole) = match (terms.prefix, terms.words.split_last()) {
        (true, Some((last, rest))) => (Some(last), rest),
        _ => (None, terms.words.as_slice()),
    };
    if !whole.is_empty() {
        query.push("websearch_to_tsquery('ct_search', ?)".to_owned());
        // Quoted: each word is a word, whatever it holds ("or", "-").
        args.push(Value::Text(
            whole
                .iter()
                .map(|w| format!("\"{}\"", w.replace('"', " ")))
                .collect::<Vec<_>>()
                .join(" "),
        ));
    }
    if let Some(p) = prefix {
        query.push("to_tsquery('ct_search', quote_literal(?) || ':*')".to_owned());
        args.push(Value::Text(p.clone()));
    }
    let tsquery = query.join(" && ");
    // As on SQLite (`RANK_LIMIT`): ranking costs time in proportion to the matches, so the
    // words are ranked only when they are in at most RANK_LIMIT records (counted up to one
    // more, without the filters, through the word index); else the newest matches are listed,
    // which walks the primary key backwards and stops at the limit.
    let rank = !tsquery.is_empty() && {
        let n: i64 = conn.query_one(
            &format!(
                "SELECT count(*) FROM (SELECT 1 FROM search_documents s
                  WHERE s.document @@ ({tsquery}) LIMIT {}) m",
                RANK_LIMIT + 1
            ),
            &arg_refs(&args),
            |r| r.get(0),
        )?;
        n <= RANK_LIMIT
    };
    let score = if rank {
        format!("-ts_rank(s.document, {tsquery})::float8")
    } else {
        "0.0::float8".to_owned()
    };
    // The organisations only when a filter names one: joined for nothing, they let the
    // planner pick a nested loop that reads them again for every candidate.
    let organisations = if filter
        .organisation
        .as_deref()
        .is_some_and(|o| !o.is_empty())
    {
        " JOIN organisations o ON o.id = c.organisation_id"
    } else {
        ""
    };
    let mut sql = format!(
        "SELECT s.kind, s.ref_id, s.commitment_id, c.public_id, s.year, s.body, s.code, s.tags, {score}
           FROM search_documents s
           JOIN commitments c ON c.id = s.commitment_id{organisations}
          WHERE TRUE"
    );
    // The rank's parameters come first in the text, so they are bound first.
    let mut all: Vec<Value> = if rank { args.clone() } else { Vec::new() };
    if rank {
        sql.push_str(&format!(" AND s.document @@ ({tsquery})"));
        all.extend(args);
    } else if !tsquery.is_empty() {
        // Words in more than RANK_LIMIT records: checked on each record walked newest first
        // (`ts_match_vq` is `@@` without the word index). Through the index, a prepared
        // statement's generic plan (which cannot know the words are common) would read every
        // match and sort them: 87 ms for "displacement" at 5k, against 0.3 ms.
        sql.push_str(&format!(" AND ts_match_vq(s.document, {tsquery})"));
        all.extend(args);
    }
    // Words of unspaced scripts: inside the text's runs of those scripts (`unspaced`, see
    // the schema), through its trigram index or, for shorter words, by walking the records
    // that have such text, newest first.
    for w in &terms.unspaced {
        if w.chars().count() < 3 {
            // No trigram to look up: through the index this is a scan of the whole index
            // (19 ms for 疏), which a prepared statement's generic plan picked and then sorted
            // every match; `strpos` is not indexable, so the records are walked newest first.
            sql.push_str(" AND s.unspaced IS NOT NULL AND strpos(s.unspaced, ?) > 0");
            all.push(Value::Text(w.clone()));
        } else {
            sql.push_str(" AND s.unspaced LIKE ?");
            all.push(Value::Text(like_pattern(w)));
        }
    }
    sql.push_str(&clause);
    all.extend(filter_args);
    if let Some(y) = year {
        sql.push_str(" AND s.kind = 'report' AND s.year = ?");
        all.push(Value::Integer(y.into()));
    }
    if let Some(st) = status {
        sql.push_str(
            " AND s.kind = 'report' AND EXISTS (SELECT 1 FROM reports r WHERE r.id = s.ref_id AND r.status = ?)",
        );
        all.push(Value::Text(st.as_str().to_owned()));
    }
    sql.push_str(if rank {
        " ORDER BY 9, s.id DESC LIMIT ?"
    } else {
        " ORDER BY s.id DESC LIMIT ?"
    });
    all.push(Value::Integer(limit.into()));
    conn.query_map(&sql, &arg_refs(&all), |r| RawHit::read(r, r.get(8)?))
}

/// Rebuilds the index from the commitments and reports; returns the rows indexed.
pub fn rebuild(conn: &Conn<'_>) -> Result<u64, Error> {
    conn.execute("DELETE FROM search_documents", args![])?;
    let a = conn.execute(
        "INSERT INTO search_documents (kind, ref_id, commitment_id, year, code, body, tags)
         SELECT 'commitment', id, id, NULL, public_id,
                CASE WHEN title = '' THEN description ELSE title || E'\\n' || description END,
                ct_json_words(tags)
           FROM commitments ORDER BY id",
        args![],
    )?;
    let b = conn.execute(
        "INSERT INTO search_documents (kind, ref_id, commitment_id, year, code, body, tags)
         SELECT 'report', r.id, r.commitment_id, r.year, c.public_id,
                r.achievements || E'\\n' || r.challenges || E'\\n' || r.next_steps,
                ct_json_words(r.tags)
           FROM reports r JOIN commitments c ON c.id = r.commitment_id ORDER BY r.id",
        args![],
    )?;
    Ok((a + b) as u64)
}

/// Rows in the index (to check it against the tables).
pub fn count(conn: &Conn<'_>) -> Result<i64, Error> {
    conn.query_one("SELECT count(*) FROM search_documents", args![], |r| {
        r.get(0)
    })
}
