//! Every commitment's public ID at once, for imports that match many rows: one scan instead
//! of one query per row (`commitments.public_id` is indexed only after the organisation).

use std::collections::HashMap;

use rusqlite::Connection;

use crate::error::Error;

/// Public Commitment ID → the (UUID, organisation code) of each commitment that has it,
/// ordered by organisation code.
pub fn by_public_id(conn: &Connection) -> Result<HashMap<String, Vec<(String, String)>>, Error> {
    let mut out: HashMap<String, Vec<(String, String)>> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT c.public_id, c.id, o.code FROM commitments c JOIN organisations o ON o.id = c.organisation_id
          ORDER BY o.code",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        out.entry(r.get(0)?)
            .or_default()
            .push((r.get(1)?, r.get(2)?));
    }
    Ok(out)
}
