//! Frameworks, their levels, types and categories (the catalogue the commitment rules read).

use crate::store::db::{args, Conn};
use std::collections::HashMap;

use crate::domain::{Catalogue, Category, Framework};
use crate::error::Error;

/// Every framework with its taxonomy, in order.
pub fn load(conn: &Conn<'_>) -> Result<Catalogue, Error> {
    let mut frameworks: Vec<(String, Framework)> = conn.query_map(
        "SELECT id, code, name, description, source, min_categories, version
               FROM frameworks ORDER BY position, code",
        args![],
        |r| {
            Ok((
                r.get(0)?,
                Framework {
                    code: r.get(1)?,
                    name: r.get(2)?,
                    description: r.get(3)?,
                    source: r.get(4)?,
                    levels: Vec::new(),
                    types: Vec::new(),
                    min_categories: r.get(5)?,
                    categories: Vec::new(),
                    version: r.get(6)?,
                },
            ))
        },
    )?;
    let index: HashMap<String, usize> = frameworks
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (id.clone(), i))
        .collect();
    let rows = conn.query_map(
        "SELECT framework_id, name FROM framework_levels ORDER BY framework_id, depth",
        args![],
        |r| Ok((r.get::<String>(0)?, r.get(1)?)),
    )?;
    for (fw, name) in rows {
        if let Some(&i) = index.get(&fw) {
            frameworks[i].1.levels.push(name);
        }
    }
    let rows = conn.query_map(
        "SELECT framework_id, name FROM framework_types ORDER BY framework_id, position",
        args![],
        |r| Ok((r.get::<String>(0)?, r.get(1)?)),
    )?;
    for (fw, name) in rows {
        if let Some(&i) = index.get(&fw) {
            frameworks[i].1.types.push(name);
        }
    }
    for (fw, categories) in categories_by_framework(conn)? {
        if let Some(&i) = index.get(&fw) {
            frameworks[i].1.categories = categories;
        }
    }
    Ok(Catalogue {
        frameworks: frameworks.into_iter().map(|(_, f)| f).collect(),
    })
}

/// Each framework's categories, depth-first (parents before children, siblings by position).
fn categories_by_framework(conn: &Conn<'_>) -> Result<HashMap<String, Vec<Category>>, Error> {
    struct Row {
        id: String,
        framework: String,
        parent_id: Option<String>,
        category: Category,
    }
    let rows: Vec<Row> = conn.query_map(
        "SELECT c.id, c.framework_id, c.parent_id, c.code, c.name, c.depth, p.code,
                    c.reference_text
               FROM categories c LEFT JOIN categories p ON p.id = c.parent_id
              ORDER BY c.framework_id, c.position, c.code",
        args![],
        |r| {
            Ok(Row {
                id: r.get(0)?,
                framework: r.get(1)?,
                parent_id: r.get(2)?,
                category: Category {
                    code: r.get(3)?,
                    name: r.get(4)?,
                    level: r.get(5)?,
                    parent: r.get(6)?,
                    reference_text: r.get(7)?,
                },
            })
        },
    )?;
    let mut children: HashMap<Option<&str>, Vec<&Row>> = HashMap::new();
    for row in &rows {
        children
            .entry(row.parent_id.as_deref())
            .or_default()
            .push(row);
    }
    fn walk(
        parent: Option<&str>,
        children: &HashMap<Option<&str>, Vec<&Row>>,
        out: &mut HashMap<String, Vec<Category>>,
    ) {
        for row in children.get(&parent).map(Vec::as_slice).unwrap_or(&[]) {
            out.entry(row.framework.clone())
                .or_default()
                .push(row.category.clone());
            walk(Some(&row.id), children, out);
        }
    }
    let mut out = HashMap::new();
    walk(None, &children, &mut out);
    Ok(out)
}

/// A framework's UUID by its code (case-insensitive).
pub fn framework_id(conn: &Conn<'_>, code: &str) -> Result<Option<String>, Error> {
    conn.query_opt(
        "SELECT id FROM frameworks WHERE code = ?1 COLLATE NOCASE",
        args![code.trim()],
        |r| r.get(0),
    )
}

/// Adds a framework (validated) with its levels, types and categories.
pub fn insert(conn: &Conn<'_>, id: &str, f: &Framework, now: &str) -> Result<(), Error> {
    conn.execute(
        "INSERT INTO frameworks (id, code, name, description, source, min_categories, position,
                                 created_at, updated_at, version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT coalesce(max(position), 0) + 1 FROM frameworks),
                 ?7, ?7, 1)",
        args![
            id,
            f.code,
            f.name,
            f.description,
            f.source,
            f.min_categories,
            now
        ],
    )?;
    write_taxonomy(conn, id, f)
}

/// Rewrites a framework if it is still at `expected_version`; returns false (changing
/// nothing) if it is not. Categories are matched by code: kept ones keep their UUID (and so
/// their commitments' links), new ones are added. Removing a category still linked is refused
/// by the caller before this is called.
pub fn update(
    conn: &Conn<'_>,
    id: &str,
    expected_version: i32,
    f: &Framework,
    now: &str,
) -> Result<bool, Error> {
    let changed = conn.execute(
        "UPDATE frameworks
                SET code = ?3, name = ?4, description = ?5, source = ?6, min_categories = ?7,
                    updated_at = ?8, version = version + 1
              WHERE id = ?1 AND version = ?2",
        args![
            id,
            expected_version,
            f.code,
            f.name,
            f.description,
            f.source,
            f.min_categories,
            now
        ],
    )?;
    if changed == 0 {
        return Ok(false);
    }
    write_taxonomy(conn, id, f)?;
    Ok(true)
}

/// The codes of a framework's categories that commitments link to.
pub fn linked_codes(conn: &Conn<'_>, framework_id: &str) -> Result<Vec<String>, Error> {
    conn.query_map(
        "SELECT DISTINCT c.code FROM categories c
               JOIN commitment_categories cc ON cc.category_id = c.id
              WHERE c.framework_id = ?1 ORDER BY c.code",
        args![framework_id],
        |r| r.get(0),
    )
}

/// The commitment types of a framework that commitments use.
pub fn used_types(conn: &Conn<'_>, framework_id: &str) -> Result<Vec<String>, Error> {
    conn.query_map(
        "SELECT DISTINCT kind FROM commitments WHERE framework_id = ?1 AND kind <> ''
              ORDER BY kind",
        args![framework_id],
        |r| r.get(0),
    )
}

/// How many commitments a framework holds.
pub fn commitment_count(conn: &Conn<'_>, framework_id: &str) -> Result<u32, Error> {
    conn.query_one(
        "SELECT count(*) FROM commitments WHERE framework_id = ?1",
        args![framework_id],
        |r| r.get(0),
    )
}

fn write_taxonomy(conn: &Conn<'_>, id: &str, f: &Framework) -> Result<(), Error> {
    conn.execute(
        "DELETE FROM framework_levels WHERE framework_id = ?1",
        args![id],
    )?;
    for (i, name) in f.levels.iter().enumerate() {
        conn.execute(
            "INSERT INTO framework_levels (framework_id, depth, name) VALUES (?1, ?2, ?3)",
            args![id, (i + 1) as i64, name],
        )?;
    }
    conn.execute(
        "DELETE FROM framework_types WHERE framework_id = ?1",
        args![id],
    )?;
    for (i, name) in f.types.iter().enumerate() {
        conn.execute(
            "INSERT INTO framework_types (framework_id, name, position) VALUES (?1, ?2, ?3)",
            args![id, name, (i + 1) as i64],
        )?;
    }
    write_categories(conn, id, f)
}

/// Upserts categories by code (parents come first: the list is depth-first), then removes
/// the ones no longer listed, deepest first.
fn write_categories(conn: &Conn<'_>, id: &str, f: &Framework) -> Result<(), Error> {
    let existing: HashMap<String, String> = conn.query_map_into(
        "SELECT code, id FROM categories WHERE framework_id = ?1",
        args![id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut ids: HashMap<&str, String> = HashMap::new();
    // Positions run through the whole framework (depth-first), so that ordering one level's
    // categories by position keeps their parents' order too.
    for (pos, c) in (1i64..).zip(&f.categories) {
        let parent_id = c.parent.as_deref().and_then(|p| ids.get(p)).cloned();
        let cat_id = existing.get(&c.code).cloned().unwrap_or_else(super::new_id);
        conn.execute(
            "INSERT INTO categories (id, framework_id, depth, code, name, parent_id,
                                     reference_text, position)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (id) DO UPDATE SET depth = excluded.depth, name = excluded.name,
                 parent_id = excluded.parent_id, reference_text = excluded.reference_text,
                 position = excluded.position",
            args![
                cat_id,
                id,
                c.level,
                c.code,
                c.name,
                parent_id,
                c.reference_text,
                pos
            ],
        )?;
        ids.insert(&c.code, cat_id);
    }
    let mut gone: Vec<&String> = existing
        .iter()
        .filter(|(code, _)| !ids.contains_key(code.as_str()))
        .map(|(_, id)| id)
        .collect();
    gone.sort();
    // Children before parents: repeat until nothing more can go. A category still linked to
    // a commitment stays (checked here, not left to the foreign key: a failed statement
    // would end a PostgreSQL transaction).
    while !gone.is_empty() {
        let before = gone.len();
        let mut kept = Vec::new();
        for cat in gone {
            let deleted = conn.execute(
                "DELETE FROM categories WHERE id = ?1
                   AND NOT EXISTS (SELECT 1 FROM categories WHERE parent_id = ?1)
                   AND NOT EXISTS (SELECT 1 FROM commitment_categories WHERE category_id = ?1)",
                args![cat],
            )?;
            if deleted == 0 {
                kept.push(cat);
            }
        }
        gone = kept;
        if gone.len() == before {
            break;
        }
    }
    Ok(())
}

/// Framework UUID → code, and category UUID → code (what a bundle's rows point at).
#[allow(clippy::type_complexity)]
pub fn ids(conn: &Conn<'_>) -> Result<(HashMap<String, String>, HashMap<String, String>), Error> {
    let frameworks = conn.query_map_into("SELECT id, code FROM frameworks", args![], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    let categories = conn.query_map_into("SELECT id, code FROM categories", args![], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    Ok((frameworks, categories))
}

/// A category's UUID by its framework's UUID and its code.
pub fn category_id(
    conn: &Conn<'_>,
    framework_id: &str,
    code: &str,
) -> Result<Option<String>, Error> {
    conn.query_opt(
        "SELECT id FROM categories WHERE framework_id = ?1 AND code = ?2",
        args![framework_id, code],
        |r| r.get(0),
    )
}
