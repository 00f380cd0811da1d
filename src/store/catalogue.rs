//! Queries on the reference frame: core responsibilities and transformations.

use std::collections::HashMap;

use rusqlite::Connection;

use crate::domain::{Catalogue, CoreResponsibility, Transformation};
use crate::error::Error;

/// The five core responsibilities with their transformations, in order.
pub fn load(conn: &Connection) -> Result<Catalogue, Error> {
    let mut crs: Vec<CoreResponsibility> = conn
        .prepare_cached(
            "SELECT number, name, core_commitments FROM core_responsibilities ORDER BY number",
        )?
        .query_map([], |r| {
            Ok(CoreResponsibility {
                number: r.get(0)?,
                name: r.get(1)?,
                core_commitments: r.get(2)?,
                transformations: Vec::new(),
            })
        })?
        .collect::<Result<_, _>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT t.code, t.name, cr.number
           FROM transformations t JOIN core_responsibilities cr ON cr.id = t.core_responsibility_id
          ORDER BY t.position",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Transformation {
            code: r.get(0)?,
            name: r.get(1)?,
            core_responsibility: r.get(2)?,
        })
    })?;
    for t in rows {
        let t = t?;
        if let Some(cr) = crs.iter_mut().find(|cr| cr.number == t.core_responsibility) {
            cr.transformations.push(t);
        }
    }
    Ok(Catalogue {
        core_responsibilities: crs,
    })
}

/// The reference frame's UUIDs: core responsibility UUID → number, transformation UUID →
/// code (what a bundle's link rows point at).
#[allow(clippy::type_complexity)]
pub fn ids(conn: &Connection) -> Result<(HashMap<String, u8>, HashMap<String, String>), Error> {
    let crs = conn
        .prepare_cached("SELECT id, number FROM core_responsibilities")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let transformations = conn
        .prepare_cached("SELECT id, code FROM transformations")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    Ok((crs, transformations))
}
