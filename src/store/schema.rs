//! What a database's schema holds, read from either engine's catalogue, so that a test can
//! check that the two migration series make the same schema.

use super::db::{args, Conn, Engine};
use crate::error::Error;

/// One column: table, name, type family (`integer`, `real`, `text`, `blob`: what the
/// value is to the app; PostgreSQL's `uuid`, `timestamptz`, `date` and `json` are text to it),
/// and whether it may be null.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ColumnShape {
    pub table: String,
    pub column: String,
    pub family: &'static str,
    pub nullable: bool,
}

/// The family of a declared type.
fn family(declared: &str) -> &'static str {
    let t = declared.to_ascii_lowercase();
    if t.contains("int") {
        "integer"
    } else if t.contains("real") || t.contains("double") || t.contains("float") {
        "real"
    } else if t.contains("blob") || t.contains("bytea") {
        "blob"
    } else {
        "text"
    }
}

/// Every column of the app's tables (the search index's own tables left out: each engine
/// has its own), sorted.
pub fn columns(conn: &Conn<'_>) -> Result<Vec<ColumnShape>, Error> {
    let sql = match conn.engine() {
        Engine::Sqlite => {
            "SELECT m.name, p.name, p.type, NOT (p.\"notnull\" OR p.pk > 0)
               FROM sqlite_schema m, pragma_table_info(m.name) p
              WHERE m.type = 'table' AND m.name NOT LIKE 'search%' AND m.name NOT LIKE 'sqlite%'"
        }
        Engine::Postgres => {
            "SELECT table_name::text, column_name::text, data_type::text, is_nullable = 'YES'
               FROM information_schema.columns
              WHERE table_schema = current_schema() AND table_name NOT LIKE 'search%'
                AND table_name <> 'ct_schema'"
        }
    };
    let mut out = conn.query_map(sql, args![], |r| {
        Ok(ColumnShape {
            table: r.get(0)?,
            column: r.get(1)?,
            family: family(&r.get::<String>(2)?),
            nullable: r.get(3)?,
        })
    })?;
    out.sort();
    Ok(out)
}

/// The names of the indexes made by migrations (not those behind keys), sorted.
pub fn indexes(conn: &Conn<'_>) -> Result<Vec<String>, Error> {
    let sql = match conn.engine() {
        Engine::Sqlite => {
            "SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL
                AND tbl_name NOT LIKE 'search%' ORDER BY name"
        }
        Engine::Postgres => {
            "SELECT i.indexname::text FROM pg_indexes i
              WHERE i.schemaname = current_schema() AND i.tablename NOT LIKE 'search%'
                AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)
              ORDER BY 1"
        }
    };
    conn.query_map(sql, args![], |r| r.get(0))
}
