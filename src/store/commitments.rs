//! Queries on commitments and their links to their framework's categories.

use crate::domain::commitment::summary_of;
use crate::domain::{
    CategoryLink, Commitment, CommitmentFilter, CommitmentSummary, ValidCommitment,
};
use crate::error::Error;
use crate::store::db::{args, Conn, Row, Value};

/// The framework code and the linked categories ("3:0,3A:1": code and inferred mark, in the
/// framework's order) of the commitment `c`, as two columns.
const LINK_COLUMNS: &str = "
    (SELECT code FROM frameworks WHERE id = c.framework_id),
    (SELECT string_agg(l, ',' ORDER BY d, p) FROM (SELECT cat.code || ':' || cc.inferred AS l,
                    cat.depth AS d, cat.position AS p
       FROM commitment_categories cc
       JOIN categories cat ON cat.id = cc.category_id
      WHERE cc.commitment_id = c.id) AS links)";

fn parse_links(s: Option<String>) -> Vec<CategoryLink> {
    s.unwrap_or_default()
        .split(',')
        .filter_map(|pair| pair.rsplit_once(':'))
        .map(|(code, inferred)| CategoryLink {
            code: code.to_owned(),
            inferred: inferred == "1",
        })
        .collect()
}

/// Escapes LIKE wildcards so a search for "100%" means the text.
fn like_pattern(word: &str) -> String {
    let mut p = String::with_capacity(word.len() + 2);
    p.push('%');
    for ch in word.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(ch);
    }
    p.push('%');
    p
}

/// The WHERE clause (after "WHERE 1 = 1") and arguments that select the filter's commitments
/// `c` (joined with their organisation `o`).
pub fn filter_clause(filter: &CommitmentFilter) -> (String, Vec<Value>) {
    let mut sql = String::new();
    let mut args: Vec<Value> = Vec::new();
    if !filter.include_retired {
        sql.push_str(" AND c.retired_at IS NULL");
    }
    if let Some(kind) = filter.kind.as_deref().filter(|s| !s.trim().is_empty()) {
        sql.push_str(" AND c.kind = ? COLLATE NOCASE");
        args.push(Value::Text(kind.trim().to_owned()));
    }
    let framework = filter.framework.as_deref().filter(|s| !s.trim().is_empty());
    if let Some(code) = framework {
        sql.push_str(
            " AND c.framework_id = (SELECT id FROM frameworks WHERE code = ? COLLATE NOCASE)",
        );
        args.push(Value::Text(code.trim().to_owned()));
    }
    if let Some(org) = filter.organisation.as_deref().filter(|s| !s.is_empty()) {
        sql.push_str(" AND o.code = ? COLLATE NOCASE");
        args.push(Value::Text(org.to_owned()));
    }
    if let Some(code) = filter.category.as_deref().filter(|s| !s.trim().is_empty()) {
        sql.push_str(
            " AND EXISTS (SELECT 1 FROM commitment_categories cc
                 JOIN categories cat ON cat.id = cc.category_id
                WHERE cc.commitment_id = c.id AND cat.code = ? COLLATE NOCASE
                  AND cat.framework_id = c.framework_id)",
        );
        args.push(Value::Text(code.trim().to_owned()));
    }
    for word in filter.search.as_deref().unwrap_or("").split_whitespace() {
        // lower(): SQLite's LIKE ignores ASCII case and PostgreSQL's does not.
        sql.push_str(
            " AND (lower(c.public_id) LIKE lower(?) ESCAPE '\\'
               OR lower(c.description) LIKE lower(?) ESCAPE '\\')",
        );
        let p = like_pattern(word);
        args.push(Value::Text(p.clone()));
        args.push(Value::Text(p));
    }
    (sql, args)
}

const ORDER: &str = " ORDER BY o.code, length(c.public_id), c.public_id";

fn summary_row(r: &Row<'_>) -> Result<CommitmentSummary, Error> {
    let description: String = r.get(4)?;
    let title: String = r.get(8)?;
    Ok(CommitmentSummary {
        id: r.get(0)?,
        commitment_id: r.get(1)?,
        organisation: r.get(2)?,
        kind: r.get(3)?,
        summary: summary_of(&description),
        title,
        retired: r.get::<Option<String>>(5)?.is_some(),
        framework: r.get(6)?,
        categories: parse_links(r.get(7)?),
        tags: serde_json::from_str(&r.get::<String>(9)?).unwrap_or_default(),
    })
}

/// The commitments the filter lets through, by organisation then Commitment ID (numeric IDs
/// in numeric order).
pub fn list(conn: &Conn<'_>, filter: &CommitmentFilter) -> Result<Vec<CommitmentSummary>, Error> {
    page_rows(conn, filter, "", Vec::new(), 0, u32::MAX)
}

/// The active commitments assigned to the account, in [`list`]'s order.
pub fn list_assigned(conn: &Conn<'_>, user: &str) -> Result<Vec<CommitmentSummary>, Error> {
    page_rows(
        conn,
        &CommitmentFilter::default(),
        " AND c.id IN (SELECT a.commitment_id FROM assignments a WHERE a.user_id = ?)",
        vec![Value::Text(user.to_owned())],
        0,
        u32::MAX,
    )
}

/// One page of the commitments the filter (plus `extra_sql`, an AND-clause on `c`, with its
/// arguments) lets through, and how many there are in all.
pub fn page(
    conn: &Conn<'_>,
    filter: &CommitmentFilter,
    extra_sql: &str,
    extra_args: Vec<Value>,
    offset: u32,
    limit: u32,
) -> Result<(u32, Vec<CommitmentSummary>), Error> {
    let (mut clause, mut args) = filter_clause(filter);
    clause.push_str(extra_sql);
    args.extend(extra_args.iter().cloned());
    let total: u32 = conn.query_one(
        &format!("SELECT count(*) {FROM}{clause}"),
        &crate::store::db::arg_refs(&args),
        |r| r.get(0),
    )?;
    let rows = page_rows(conn, filter, extra_sql, extra_args, offset, limit)?;
    Ok((total, rows))
}

const FROM: &str =
    "FROM commitments c JOIN organisations o ON o.id = c.organisation_id WHERE 1 = 1";

/// The rows of one page, as `page`, without counting them all.
pub fn page_rows(
    conn: &Conn<'_>,
    filter: &CommitmentFilter,
    extra_sql: &str,
    extra_args: Vec<Value>,
    offset: u32,
    limit: u32,
) -> Result<Vec<CommitmentSummary>, Error> {
    let (mut clause, mut args) = filter_clause(filter);
    clause.push_str(extra_sql);
    args.extend(extra_args);
    // The page is chosen on the sort keys alone; descriptions and links are read for its rows
    // only (selected with the sort, they were computed for every row before it: 20 ms for a
    // page of 200 among 5,000 against 4 ms).
    let sql = format!(
        "SELECT c.id, c.public_id, p.org, c.kind, c.description, c.retired_at, {LINK_COLUMNS},
                c.title, c.tags
           FROM (SELECT c.id AS rid, o.code AS org, length(c.public_id) AS len,
                        c.public_id AS pid
                   {FROM}{clause}{ORDER} LIMIT ? OFFSET ?) p
           JOIN commitments c ON c.id = p.rid
          ORDER BY p.org, p.len, p.pid"
    );
    args.push(Value::Integer(i64::from(limit)));
    args.push(Value::Integer(i64::from(offset)));
    conn.query_map(&sql, &crate::store::db::arg_refs(&args), summary_row)
}

/// One commitment by its UUID.
pub fn get(conn: &Conn<'_>, id: &str) -> Result<Commitment, Error> {
    let sql = format!(
        "SELECT c.id, c.public_id, o.code, o.name, c.kind, c.description, c.retired_at,
                c.created_at, c.updated_at, c.version, {LINK_COLUMNS}, c.title, c.tags
           FROM commitments c JOIN organisations o ON o.id = c.organisation_id
          WHERE c.id = ?1"
    );
    conn.query_opt(&sql, args![id], |r| {
        Ok(Commitment {
            id: r.get(0)?,
            commitment_id: r.get(1)?,
            organisation: r.get(2)?,
            organisation_name: r.get(3)?,
            kind: r.get(4)?,
            description: r.get(5)?,
            retired_at: r.get(6)?,
            created_at: r.get(7)?,
            updated_at: r.get(8)?,
            version: r.get(9)?,
            framework: r.get(10)?,
            categories: parse_links(r.get(11)?),
            title: r.get(12)?,
            tags: serde_json::from_str(&r.get::<String>(13)?).unwrap_or_default(),
        })
    })?
    .ok_or_else(|| Error::NotFound {
        entity: "commitment",
        id: id.to_owned(),
    })
}

/// The UUID of the commitment with this public ID in this organisation, if any.
pub fn id_by_public_id(
    conn: &Conn<'_>,
    organisation_id: &str,
    public_id: &str,
) -> Result<Option<String>, Error> {
    conn.query_opt(
        "SELECT id FROM commitments WHERE organisation_id = ?1 AND public_id = ?2",
        args![organisation_id, public_id],
        |r| r.get(0),
    )
}

/// The organisation code of a commitment (by UUID), if it exists.
pub fn organisation_code(conn: &Conn<'_>, id: &str) -> Result<Option<String>, Error> {
    conn.query_opt(
        "SELECT o.code FROM commitments c JOIN organisations o ON o.id = c.organisation_id
              WHERE c.id = ?1",
        args![id],
        |r| r.get(0),
    )
}

/// The current version of a commitment, if it exists.
pub fn version(conn: &Conn<'_>, id: &str) -> Result<Option<i32>, Error> {
    conn.query_opt(
        "SELECT version FROM commitments WHERE id = ?1",
        args![id],
        |r| r.get(0),
    )
}

/// Adds a commitment with its links.
pub fn insert(
    conn: &Conn<'_>,
    id: &str,
    organisation_id: &str,
    c: &ValidCommitment,
    actor: &str,
    now: &str,
) -> Result<(), Error> {
    conn.execute(
        "INSERT INTO commitments (id, organisation_id, framework_id, public_id, title, kind,
                                  description, created_at, updated_at, created_by, updated_by,
                                  version, tags)
         VALUES (?1, ?2, (SELECT id FROM frameworks WHERE code = ?3), ?4, ?5, ?6, ?7, ?8, ?8,
                 ?9, ?9, 1, ?10)",
        args![
            id,
            organisation_id,
            c.framework,
            c.commitment_id,
            c.title,
            c.kind,
            c.description,
            now,
            actor,
            tags_json(&c.tags)
        ],
    )?;
    replace_links(conn, id, c)
}

fn tags_json(tags: &[String]) -> String {
    serde_json::to_string(tags).unwrap_or_else(|_| "[]".to_owned())
}

/// Rewrites a commitment's fields and links if it is still at `expected_version`; returns
/// false (changing nothing) if it is not.
pub fn update(
    conn: &Conn<'_>,
    id: &str,
    expected_version: i32,
    c: &ValidCommitment,
    actor: &str,
    now: &str,
) -> Result<bool, Error> {
    let changed = conn.execute(
        "UPDATE commitments
                SET public_id = ?3, kind = ?4, description = ?5, updated_at = ?6,
                    updated_by = ?7, version = version + 1, title = ?8,
                    framework_id = (SELECT id FROM frameworks WHERE code = ?9), tags = ?10
              WHERE id = ?1 AND version = ?2",
        args![
            id,
            expected_version,
            c.commitment_id,
            c.kind,
            c.description,
            now,
            actor,
            c.title,
            c.framework,
            tags_json(&c.tags)
        ],
    )?;
    if changed == 0 {
        return Ok(false);
    }
    replace_links(conn, id, c)?;
    Ok(true)
}

/// Sets or clears `retired_at` if the commitment is still at `expected_version`; returns false
/// (changing nothing) if it is not.
pub fn set_retired(
    conn: &Conn<'_>,
    id: &str,
    expected_version: i32,
    retired_at: Option<&str>,
    actor: &str,
    now: &str,
) -> Result<bool, Error> {
    let changed = conn.execute(
        "UPDATE commitments
                SET retired_at = ?3, updated_at = ?4, updated_by = ?5, version = version + 1
              WHERE id = ?1 AND version = ?2",
        args![id, expected_version, retired_at, now, actor],
    )?;
    Ok(changed == 1)
}

fn replace_links(conn: &Conn<'_>, id: &str, c: &ValidCommitment) -> Result<(), Error> {
    conn.execute(
        "DELETE FROM commitment_categories WHERE commitment_id = ?1",
        args![id],
    )?;
    for link in &c.categories {
        conn.execute(
            "INSERT INTO commitment_categories (commitment_id, category_id, inferred)
             SELECT ?1, cat.id, ?3 FROM categories cat
               JOIN frameworks f ON f.id = cat.framework_id
              WHERE f.code = ?4 AND cat.code = ?2",
            args![id, link.code, link.inferred, c.framework],
        )?;
    }
    Ok(())
}

/// The UUIDs and organisation codes of commitments with this public ID, in one organisation
/// or in all.
pub fn find_by_public_id(
    conn: &Conn<'_>,
    organisation: Option<&str>,
    public_id: &str,
) -> Result<Vec<(String, String)>, Error> {
    conn.query_map(
        "SELECT c.id, o.code FROM commitments c JOIN organisations o ON o.id = c.organisation_id
              WHERE c.public_id = ?1 AND (CAST(?2 AS TEXT) IS NULL OR o.code = ?2 COLLATE NOCASE)
              ORDER BY o.code",
        args![public_id, organisation],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}
