//! Full-text search over commitment IDs, descriptions, narratives and tags.

use crate::domain::snippet::{snippet, Terms};
use crate::domain::{SearchHit, SearchQuery};
use crate::error::Error;
use crate::store::{self, Store};

/// The FTS5 expression for a person's words: every word must match (as a phrase token, so
/// FTS syntax in the input is inert), the last one also as a prefix while it is being typed.
pub fn fts_expression(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\""))
        .collect();
    if words.is_empty() {
        return None;
    }
    let mut expr = words.join(" ");
    if text.ends_with(|c: char| c.is_alphanumeric()) {
        expr.push('*');
    }
    Some(expr)
}

/// Ranked hits with highlighted snippets, combined with the filters. Words found in more than
/// [`store::search::RANK_LIMIT`] records are not ranked (that would cost time in proportion to
/// the matches): their newest matches come first.
pub fn search(store: &Store, q: &SearchQuery) -> Result<Vec<SearchHit>, Error> {
    let Some(expr) = fts_expression(&q.text) else {
        return Ok(Vec::new());
    };
    let terms = Terms::of(&q.text);
    let limit = q.limit.unwrap_or(50).clamp(1, 500);
    store.read(|conn| {
        let mut rarest = i64::MAX;
        for (i, w) in terms.words.iter().enumerate() {
            let prefix = terms.prefix && i + 1 == terms.words.len();
            rarest = rarest.min(store::search::document_frequency(conn, w, prefix)?);
        }
        let rank = rarest <= store::search::RANK_LIMIT;
        let raw = store::search::search(conn, &expr, &q.filter, q.year, q.status, limit, rank)?;
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

fn terms_in(text: &str, terms: &Terms) -> bool {
    crate::domain::snippet::contains(text, terms)
}

/// Rebuilds the index from the tables (it is kept in step by triggers; this is for repair).
pub fn rebuild(store: &Store) -> Result<u64, Error> {
    store.write(|tx| store::search::rebuild(tx))
}
