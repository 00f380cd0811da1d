//! Full-text search over commitment IDs, descriptions, narratives and tags.

use crate::domain::script::{self, Word};
use crate::domain::snippet::{snippet, Terms};
use crate::domain::{SearchHit, SearchQuery};
use crate::error::Error;
use crate::store::db::Conn;
use crate::store::{self, Store};

/// Short words of unspaced scripts are expanded to at most this many trigrams; a word that
/// starts more is common, and its newest records are found quickly by reading them.
const TRIGRAM_CAP: usize = 300;

/// The FTS5 expression for a person's words in spaced scripts: every word must match (as a
/// phrase token, so FTS syntax in the input is inert), the last one also as a prefix while it
/// is being typed. Words of unspaced scripts (Chinese, Thai…) are left out.
pub fn fts_expression(text: &str) -> Option<String> {
    let all = script::words(text);
    let words: Vec<String> = all
        .iter()
        .filter_map(|w| match w {
            Word::Spaced(w) => Some(phrase(w)),
            Word::Unspaced(_) => None,
        })
        .collect();
    if words.is_empty() {
        return None;
    }
    let mut expr = words.join(" ");
    if matches!(all.last(), Some(Word::Spaced(_))) && text.ends_with(|c: char| c.is_alphanumeric())
    {
        expr.push('*');
    }
    Some(expr)
}

/// `text` as an FTS5 string (inert whatever it holds).
fn phrase(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// Ranked hits with highlighted snippets, combined with the filters. Words found in more than
/// [`store::search::RANK_LIMIT`] records are not ranked (that would cost time in proportion to
/// the matches): their newest matches come first.
/// Words of unspaced scripts (Chinese, Japanese, Korean, Thai…) are found inside the text,
/// through their trigram index (see docs/decisions/0001-cjk-search.md); such hits come newest
/// first.
pub fn search(store: &Store, q: &SearchQuery) -> Result<Vec<SearchHit>, Error> {
    let expr = fts_expression(&q.text);
    let terms = Terms::of(&q.text);
    let limit = q.limit.unwrap_or(50).clamp(1, 500);
    store.read(|conn| {
        crate::services::commitments::check_filter(conn, &q.filter)?;
        let raw = if conn.engine() == store::Engine::Postgres {
            store::search_pg::search(conn, &terms, &q.filter, q.year, q.status, limit)?
        } else if !terms.unspaced.is_empty() {
            match unspaced_query(conn, &terms, expr)? {
                Some(uq) => {
                    store::search::search_unspaced(conn, &uq, &q.filter, q.year, q.status, limit)?
                }
                None => Vec::new(),
            }
        } else if let Some(expr) = expr {
            let mut rarest = i64::MAX;
            for (i, w) in terms.words.iter().enumerate() {
                let prefix = terms.prefix && i + 1 == terms.words.len();
                rarest = rarest.min(store::search::document_frequency(conn, w, prefix)?);
            }
            let rank = rarest <= store::search::RANK_LIMIT;
            store::search::search(conn, &expr, &q.filter, q.year, q.status, limit, rank)?
        } else {
            Vec::new()
        };
        raw.into_iter()
            .map(|h| {
                let text = if terms_in(&h.body, &terms) {
                    &h.body
                } else if terms_in(&h.tags, &terms) {
                    &h.tags
                } else {
                    &h.code
                };
                // For the hit's link by Commitment ID (one indexed lookup per hit, ≤ 500).
                let organisation = store::commitments::organisation_code(conn, &h.commitment_id)?
                    .unwrap_or_default();
                Ok(SearchHit {
                    snippet: snippet(text, &terms, 24),
                    organisation,
                    report_id: (h.kind == "report").then_some(h.ref_id),
                    kind: h.kind,
                    commitment: h.commitment_id,
                    commitment_id: h.public_id,
                    year: h.year,
                    rank: h.rank,
                })
            })
            .collect()
    })
}

/// The trigram query for the unspaced words: three characters or more are a phrase of their
/// trigrams; shorter ones (trigrams cannot hold them) any trigram that starts with them, as
/// the index ends every value with two line breaks. `None` when a short word starts no
/// trigram: no record holds it. With words of spaced scripts too, the side with the fewer
/// records (by the indexes' vocabularies) is the one computed in full.
fn unspaced_query(
    conn: &Conn<'_>,
    terms: &Terms,
    spaced: Option<String>,
) -> Result<Option<store::search::UnspacedQuery>, Error> {
    let mut parts = Vec::new();
    let mut containing = Vec::new();
    // At most this many records hold every unspaced word.
    let mut unspaced_records = i64::MAX;
    for w in &terms.unspaced {
        let chars: Vec<char> = w.chars().collect();
        if chars.len() >= 3 {
            parts.push(phrase(w));
            for t in chars.windows(3) {
                let t: String = t.iter().collect();
                let n = store::search::trigram_frequency(conn, &t)?;
                unspaced_records = unspaced_records.min(n);
            }
            continue;
        }
        match store::search::trigrams_starting(conn, w, TRIGRAM_CAP)? {
            Some(t) if t.is_empty() => return Ok(None),
            Some(t) => {
                unspaced_records = unspaced_records.min(t.iter().map(|(_, n)| n).sum());
                parts.push(format!(
                    "({})",
                    t.iter()
                        .map(|(t, _)| phrase(t))
                        .collect::<Vec<_>>()
                        .join(" OR ")
                ));
            }
            None => containing.push(w.clone()),
        }
    }
    let mut spaced_records = i64::MAX;
    if spaced.is_some() {
        for (i, w) in terms.words.iter().enumerate() {
            let prefix = terms.prefix && i + 1 == terms.words.len();
            spaced_records =
                spaced_records.min(store::search::document_frequency(conn, w, prefix)?);
        }
    }
    Ok(Some(store::search::UnspacedQuery {
        matching: (!parts.is_empty()).then(|| parts.join(" AND ")),
        containing,
        spaced,
        spaced_first: spaced_records > unspaced_records,
    }))
}

fn terms_in(text: &str, terms: &Terms) -> bool {
    crate::domain::snippet::contains(text, terms)
}

/// Rebuilds the index from the tables (it is kept in step by triggers; this is for repair).
pub fn rebuild(store: &Store) -> Result<u64, Error> {
    store.write(store::search::rebuild)
}
