//! Full-text search over commitment IDs, descriptions, narratives and tags.

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

/// Ranked hits with highlighted snippets, combined with the filters.
pub fn search(store: &Store, q: &SearchQuery) -> Result<Vec<SearchHit>, Error> {
    let Some(expr) = fts_expression(&q.text) else {
        return Ok(Vec::new());
    };
    let limit = q.limit.unwrap_or(50).clamp(1, 500);
    store.read(|conn| store::search::search(conn, &expr, &q.filter, q.year, q.status, limit))
}

/// Rebuilds the index from the tables (it is kept in step by triggers; this is for repair).
pub fn rebuild(store: &Store) -> Result<u64, Error> {
    store.write(|tx| store::search::rebuild(tx))
}
