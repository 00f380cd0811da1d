//! Every commitment's public ID at once, for imports that match many rows: one scan instead
//! of one query per row (`commitments.public_id` is indexed only after the organisation).

use crate::store::db::{args, Conn};
use std::collections::HashMap;

use crate::error::Error;

/// Public Commitment ID → the (UUID, organisation code) of each commitment that has it,
/// ordered by organisation code.
pub fn by_public_id(conn: &Conn<'_>) -> Result<HashMap<String, Vec<(String, String)>>, Error> {
    let mut out: HashMap<String, Vec<(String, String)>> = HashMap::new();
    conn.for_each(
        "SELECT c.public_id, c.id, o.code FROM commitments c JOIN organisations o ON o.id = c.organisation_id
          ORDER BY o.code",
        args![],
        |r| {
            out.entry(r.get(0)?)
                .or_default()
                .push((r.get(1)?, r.get(2)?));
            Ok(())
        },
    )?;
    Ok(out)
}
