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

/// One reference: table, column, the table it points at, and what deleting that row does
/// (`cascade`, `restrict`, `set null`, `no action`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ForeignKey {
    pub table: String,
    pub column: String,
    pub references: String,
    pub on_delete: String,
}

/// Every foreign key of the app's tables, sorted.
pub fn foreign_keys(conn: &Conn<'_>) -> Result<Vec<ForeignKey>, Error> {
    let sql = match conn.engine() {
        Engine::Sqlite => {
            "SELECT m.name, f.\"from\", f.\"table\", lower(f.on_delete)
               FROM sqlite_schema m, pragma_foreign_key_list(m.name) f
              WHERE m.type = 'table' AND m.name NOT LIKE 'search%'"
        }
        Engine::Postgres => {
            "SELECT c.conrelid::regclass::text, a.attname::text, c.confrelid::regclass::text,
                    CASE c.confdeltype WHEN 'c' THEN 'cascade' WHEN 'r' THEN 'restrict'
                         WHEN 'n' THEN 'set null' WHEN 'd' THEN 'set default' ELSE 'no action' END
               FROM pg_constraint c
               JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
              WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace"
        }
    };
    let mut out = conn.query_map(sql, args![], |r| {
        Ok(ForeignKey {
            table: r.get(0)?,
            column: r.get(1)?,
            references: r.get(2)?,
            on_delete: r.get(3)?,
        })
    })?;
    out.sort();
    Ok(out)
}

/// Each table's primary key columns, in key order.
pub fn primary_keys(conn: &Conn<'_>) -> Result<Vec<(String, Vec<String>)>, Error> {
    let sql = match conn.engine() {
        Engine::Sqlite => {
            "SELECT m.name, p.name FROM sqlite_schema m, pragma_table_info(m.name) p
              WHERE m.type = 'table' AND p.pk > 0 AND m.name NOT LIKE 'search%'
                AND m.name NOT LIKE 'sqlite%'
              ORDER BY m.name, p.pk"
        }
        Engine::Postgres => {
            "SELECT c.conrelid::regclass::text, a.attname::text
               FROM pg_constraint c
               CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, n)
               JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
              WHERE c.contype = 'p' AND c.connamespace = current_schema()::regnamespace
                AND c.conrelid::regclass::text NOT LIKE 'search%'
                AND c.conrelid::regclass::text <> 'ct_schema'
              ORDER BY 1, k.n"
        }
    };
    let pairs: Vec<(String, String)> =
        conn.query_map(sql, args![], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for (table, column) in pairs {
        match out.last_mut() {
            Some((t, cols)) if *t == table => cols.push(column),
            _ => out.push((table, vec![column])),
        }
    }
    Ok(out)
}
