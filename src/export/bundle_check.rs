//! Checks every record of a bundle by the same rules as the window before anything is
//! written: years, lengths, states, evidence and tags through the domain's own validators,
//! and every reference (a report's commitment, a revision's report, a link's core
//! responsibility) to a record that exists. A bundle is a file anyone can edit, so the
//! database's CHECK constraints are the last guard, not the message a user sees.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value as Json};

use unicode_normalization::UnicodeNormalization;

use crate::domain::catalogue::{validate_organisation_code, validate_organisation_name};
use crate::domain::{
    AuditAction, AuditEntity, Catalogue, CategoryInput, CategoryLink, CommitmentInput, Framework,
    FrameworkInput, ImplementationStatus, OpenCycle, ReportContent, ReportInput, ReviewState,
};
use crate::error::Error;

type Row = Map<String, Json>;

/// The frameworks a bundle's commitments point into: this database's and the bundle's own
/// (WHS has the same UUIDs everywhere: migrations 0002 and 0010 fix them).
pub struct Frame {
    /// This database's frameworks, each extended with what the bundle's copy of it adds, and
    /// the bundle's other frameworks.
    pub catalogue: Catalogue,
    /// Framework UUID (local or the bundle's) → code.
    pub frameworks: HashMap<String, String>,
    /// Category UUID (local or the bundle's) → code.
    pub categories: HashMap<String, String>,
}

impl Frame {
    /// The frame of this database (`local`, with its UUID maps) and the bundle's frameworks,
    /// each checked by the framework form's rules.
    pub fn new(
        mut catalogue: Catalogue,
        mut frameworks: HashMap<String, String>,
        mut categories: HashMap<String, String>,
        tables: &std::collections::BTreeMap<String, Vec<Row>>,
    ) -> Result<Frame, Error> {
        for at in each(tables, "categories") {
            categories.insert(at.required("id")?.to_owned(), at.text("code")?.to_owned());
        }
        for at in each(tables, "frameworks") {
            let id = at.required("id")?;
            let theirs = bundle_framework(tables, &at, id, &categories)?;
            frameworks.insert(id.to_owned(), theirs.code.clone());
            match catalogue
                .frameworks
                .iter_mut()
                .find(|f| f.code.eq_ignore_ascii_case(&theirs.code))
            {
                Some(mine) => extend(mine, theirs),
                None => catalogue.frameworks.push(theirs),
            }
        }
        Ok(Frame {
            catalogue,
            frameworks,
            categories,
        })
    }
}

/// A framework as the bundle holds it, checked as the framework form checks one.
fn bundle_framework(
    tables: &std::collections::BTreeMap<String, Vec<Row>>,
    at: &At<'_>,
    id: &str,
    categories: &HashMap<String, String>,
) -> Result<Framework, Error> {
    let of = |t: &str| {
        rows(tables, t)
            .iter()
            .filter(move |r| r.get("framework_id").and_then(Json::as_str) == Some(id))
    };
    let mut levels: Vec<(i64, String)> = of("framework_levels")
        .map(|r| {
            let depth = r.get("depth").and_then(Json::as_i64).unwrap_or(0);
            let name = r.get("name").and_then(Json::as_str).unwrap_or("");
            (depth, name.to_owned())
        })
        .collect();
    levels.sort();
    let mut types: Vec<(i64, String)> = of("framework_types")
        .map(|r| {
            let pos = r.get("position").and_then(Json::as_i64).unwrap_or(0);
            let name = r.get("name").and_then(Json::as_str).unwrap_or("");
            (pos, name.to_owned())
        })
        .collect();
    types.sort();
    let text = |r: &Row, c: &str| r.get(c).and_then(Json::as_str).unwrap_or("").to_owned();
    let input = FrameworkInput {
        code: at.text("code")?.to_owned(),
        name: at.text("name")?.to_owned(),
        description: text(at.row, "description"),
        source: text(at.row, "source"),
        levels: levels.into_iter().map(|(_, n)| n).collect(),
        types: types.into_iter().map(|(_, n)| n).collect(),
        min_categories: at.int("min_categories")?.clamp(0, 1_000) as u32,
        categories: of("categories")
            .map(|r| CategoryInput {
                code: text(r, "code"),
                name: text(r, "name"),
                parent: r
                    .get("parent_id")
                    .and_then(Json::as_str)
                    .and_then(|p| categories.get(p))
                    .cloned(),
                reference_text: text(r, "reference_text"),
            })
            .collect(),
    };
    input.validate().map_err(|e| at.rule(|_| "framework", e))
}

/// This database's framework with what the bundle's copy adds (categories and types it lacks).
fn extend(mine: &mut Framework, theirs: Framework) {
    for t in theirs.types {
        if mine.type_named(&t).is_none() {
            mine.types.push(t);
        }
    }
    for c in theirs.categories {
        if mine.category(&c.code).is_none() {
            mine.categories.push(c);
        }
    }
}

/// Where a bad value is: "table reports, record 3 (id …), field year".
struct At<'a> {
    table: &'a str,
    index: usize,
    row: &'a Row,
}

impl<'a> At<'a> {
    fn fail(&self, field: &str, message: impl std::fmt::Display) -> Error {
        let id = self
            .row
            .get("id")
            .and_then(Json::as_str)
            .map(|id| format!(" (id {id})"))
            .unwrap_or_default();
        Error::BadRequest {
            message: format!(
                "table {}, record {}{id}, field {field}: {message}; nothing was imported",
                self.table,
                self.index + 1
            ),
            field: Some("file".to_owned()),
        }
    }

    fn text(&self, col: &str) -> Result<&'a str, Error> {
        match self.row.get(col) {
            Some(Json::String(s)) => Ok(s),
            _ => Err(self.fail(col, "must be text")),
        }
    }

    fn required(&self, col: &str) -> Result<&'a str, Error> {
        let s = self.text(col)?;
        if s.trim().is_empty() {
            return Err(self.fail(col, "is empty"));
        }
        Ok(s)
    }

    /// A closed vocabulary, as stored (`InProgress`, not the label "In progress").
    fn stored(&self, col: &str, allowed: &[&str]) -> Result<(), Error> {
        let value = self.text(col)?;
        if allowed.contains(&value) {
            Ok(())
        } else {
            Err(self.fail(
                col,
                format!("{value:?} is not one of {} (as stored)", allowed.join(", ")),
            ))
        }
    }

    fn int(&self, col: &str) -> Result<i64, Error> {
        self.row
            .get(col)
            .and_then(Json::as_i64)
            .ok_or_else(|| self.fail(col, "must be a whole number"))
    }

    fn timestamp(&self, col: &str) -> Result<(), Error> {
        let s = self.text(col)?;
        chrono::DateTime::parse_from_rfc3339(s)
            .map(|_| ())
            .map_err(|_| self.fail(col, format!("{s:?} is not a date and time (RFC 3339)")))
    }

    /// A domain rule's error, placed: its field is the bundle's column.
    fn rule(&self, column_of: impl Fn(&str) -> &str, e: Error) -> Error {
        let field = e.field().map(&column_of).unwrap_or("?").to_owned();
        self.fail(&field, e)
    }
}

fn rows<'a>(tables: &'a std::collections::BTreeMap<String, Vec<Row>>, t: &str) -> &'a [Row] {
    tables.get(t).map(Vec::as_slice).unwrap_or(&[])
}

fn each<'a>(
    tables: &'a std::collections::BTreeMap<String, Vec<Row>>,
    table: &'a str,
) -> impl Iterator<Item = At<'a>> {
    rows(tables, table)
        .iter()
        .enumerate()
        .map(move |(index, row)| At { table, index, row })
}

/// Checks the whole bundle; the first broken rule is returned, naming table, record and field.
pub fn check(
    tables: &std::collections::BTreeMap<String, Vec<Row>>,
    frame: &Frame,
    current_year: i32,
) -> Result<(), Error> {
    let mut organisations = HashSet::new();
    let mut codes = Unique::default();
    for at in each(tables, "organisations") {
        organisations.insert(at.required("id")?.to_owned());
        let code = validate_organisation_code(at.text("code")?).map_err(|e| at.fail("code", e))?;
        codes.once(&at, "code", code)?;
        validate_organisation_name(at.text("name")?).map_err(|e| at.fail("name", e))?;
    }
    for (table, key) in UNIQUE_IDS {
        let mut seen = Unique::default();
        for at in each(tables, table) {
            let value = key
                .iter()
                .map(|col| cell(&at, col))
                .collect::<Vec<_>>()
                .join(" ");
            seen.once(&at, &key.join(", "), value)?;
        }
    }
    let commitments = check_commitments(tables, frame, &organisations)?;
    let reports = check_reports(tables, &commitments, current_year)?;
    for at in each(tables, "report_revisions") {
        reference(&at, "report_id", &reports)?;
        at.int("revision")?;
        at.required("actor")?;
        at.timestamp("created_at")?;
        if !["create", "update", "restore", "import"].contains(&at.text("action")?) {
            return Err(at.fail("action", "must be create, update, restore or import"));
        }
        let content: ReportContent = serde_json::from_str(at.text("content")?)
            .map_err(|e| at.fail("content", format!("not a report's content ({e})")))?;
        input_of(&content)
            .validate()
            .map_err(|e| at.rule(|_| "content", e))?;
    }
    for at in each(tables, "review_events") {
        reference(&at, "report_id", &reports)?;
        for col in ["from_state", "to_state"] {
            at.stored(col, &REVIEW_STATES)?;
        }
        at.required("actor")?;
        at.timestamp("created_at")?;
    }
    for at in each(tables, "reporting_cycles") {
        let cycle = OpenCycle {
            year: at.int("year")? as i32,
            deadline: at.text("deadline")?.to_owned(),
        };
        cycle
            .validate(current_year)
            .map_err(|e| at.rule(|f| f, e))?;
    }
    for at in each(tables, "audit_log") {
        if at.text("entity_type")?.parse::<AuditEntity>().is_err() {
            return Err(at.fail("entity_type", "must be commitment or report"));
        }
        let action = at.required("action")?;
        if action.parse::<AuditAction>().is_err() {
            return Err(at.fail("action", format!("unknown action {action:?}")));
        }
        at.timestamp("at")?;
    }
    Ok(())
}

const STATUSES: [&str; 6] = [
    ImplementationStatus::ALL[0].as_str(),
    ImplementationStatus::ALL[1].as_str(),
    ImplementationStatus::ALL[2].as_str(),
    ImplementationStatus::ALL[3].as_str(),
    ImplementationStatus::ALL[4].as_str(),
    ImplementationStatus::ALL[5].as_str(),
];
const REVIEW_STATES: [&str; 4] = [
    ReviewState::ALL[0].as_str(),
    ReviewState::ALL[1].as_str(),
    ReviewState::ALL[2].as_str(),
    ReviewState::ALL[3].as_str(),
];

/// What must not appear twice in a table (the database's keys and unique constraints).
const UNIQUE_IDS: [(&str, &[&str]); 8] = [
    ("organisations", &["id"]),
    ("commitments", &["id"]),
    ("commitments", &["organisation_id", "public_id"]),
    ("reports", &["id"]),
    ("reports", &["commitment_id", "year"]),
    ("report_revisions", &["report_id", "revision"]),
    ("review_events", &["id"]),
    ("reporting_cycles", &["year"]),
];

/// A cell as text, to compare keys (a public ID compared as the app compares it: NFKC).
fn cell(at: &At<'_>, col: &str) -> String {
    match at.row.get(col) {
        Some(Json::String(s)) if col == "public_id" => {
            s.nfkc().collect::<String>().trim().to_owned()
        }
        Some(Json::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// Values seen so far in one column (or columns) of a table, with the record they were in.
#[derive(Default)]
struct Unique(HashMap<String, usize>);

impl Unique {
    fn once(&mut self, at: &At<'_>, field: &str, value: String) -> Result<(), Error> {
        match self.0.insert(value.clone(), at.index + 1) {
            Some(first) => Err(at.fail(
                field,
                format!("{value} appears again (first in record {first})"),
            )),
            None => Ok(()),
        }
    }
}

fn reference(at: &At<'_>, col: &str, known: &HashSet<String>) -> Result<(), Error> {
    let id = at.text(col)?;
    if known.contains(id) {
        Ok(())
    } else {
        Err(at.fail(col, format!("{id} is not in the bundle")))
    }
}

/// Commitments with their links, checked as the commitment form checks them; returns their
/// UUIDs.
fn check_commitments(
    tables: &std::collections::BTreeMap<String, Vec<Row>>,
    frame: &Frame,
    organisations: &HashSet<String>,
) -> Result<HashSet<String>, Error> {
    let mut links: HashMap<&str, Vec<CategoryLink>> = HashMap::new();
    for at in each(tables, "commitment_categories") {
        let c = at.text("category_id")?;
        let code = frame
            .categories
            .get(c)
            .ok_or_else(|| at.fail("category_id", format!("{c} does not exist")))?;
        links
            .entry(at.text("commitment_id")?)
            .or_default()
            .push(CategoryLink {
                code: code.clone(),
                inferred: at.int("inferred")? != 0,
            });
    }
    let mut ids = HashSet::new();
    for at in each(tables, "commitments") {
        let id = at.required("id")?;
        reference(&at, "organisation_id", organisations)?;
        let framework_id = at.text("framework_id")?;
        let framework = frame
            .frameworks
            .get(framework_id)
            .ok_or_else(|| at.fail("framework_id", format!("{framework_id} does not exist")))?;
        let input = CommitmentInput {
            organisation: None,
            framework: Some(framework.clone()),
            commitment_id: at.text("public_id")?.to_owned(),
            title: at.text("title")?.to_owned(),
            kind: at.text("kind")?.to_owned(),
            description: at.text("description")?.to_owned(),
            categories: links.remove(id).unwrap_or_default(),
            tags: serde_json::from_str(at.text("tags")?)
                .map_err(|e| at.fail("tags", format!("not a list of tags ({e})")))?,
        };
        let valid = input.validate(&frame.catalogue).map_err(|e| {
            at.rule(
                |f| match f {
                    "commitmentId" => "public_id",
                    "type" => "kind",
                    "categories" => "commitment_categories",
                    "framework" => "framework_id",
                    other => other,
                },
                e,
            )
        })?;
        // Stored as given: a type spelt otherwise than its framework spells it is refused.
        if valid.kind != at.text("kind")? {
            return Err(at.fail(
                "kind",
                format!(
                    "{:?} is not spelt as its framework spells it",
                    at.text("kind")?
                ),
            ));
        }
        for col in ["created_at", "updated_at"] {
            at.timestamp(col)?;
        }
        ids.insert(id.to_owned());
    }
    // A link whose commitment is not in the bundle was not taken out above.
    if let Some(orphan) = links.keys().next() {
        return Err(Error::BadRequest {
            message: format!(
                "a commitment link names commitment {orphan}, which is not in the bundle; nothing was imported"
            ),
            field: Some("file".to_owned()),
        });
    }
    Ok(ids)
}

/// Reports checked as the report editor checks them; returns their UUIDs.
fn check_reports(
    tables: &std::collections::BTreeMap<String, Vec<Row>>,
    commitments: &HashSet<String>,
    current_year: i32,
) -> Result<HashSet<String>, Error> {
    let mut ids = HashSet::new();
    for at in each(tables, "reports") {
        let id = at.required("id")?;
        reference(&at, "commitment_id", commitments)?;
        let year = at.int("year")?;
        crate::domain::report::validate_year(year as i32, current_year)
            .map_err(|e| at.fail("year", e))?;
        at.stored("status", &STATUSES)?;
        at.stored("review_state", &REVIEW_STATES)?;
        let evidence = serde_json::from_str(at.text("evidence")?)
            .map_err(|e| at.fail("evidence", format!("not a list of links ({e})")))?;
        let tags = serde_json::from_str(at.text("tags")?)
            .map_err(|e| at.fail("tags", format!("not a list of tags ({e})")))?;
        let progress = match at.row.get("progress") {
            None | Some(Json::Null) => None,
            Some(p) => Some(
                p.as_u64()
                    .and_then(|p| u8::try_from(p).ok())
                    .ok_or_else(|| at.fail("progress", "must be a whole number from 0 to 100"))?,
            ),
        };
        let input = ReportInput {
            status: at.text("status")?.to_owned(),
            achievements: at.text("achievements")?.to_owned(),
            challenges: at.text("challenges")?.to_owned(),
            next_steps: at.text("next_steps")?.to_owned(),
            evidence,
            progress,
            tags,
        };
        input.validate().map_err(|e| {
            at.rule(
                |f| match f {
                    "nextSteps" => "next_steps",
                    other => other,
                },
                e,
            )
        })?;
        for col in ["created_at", "updated_at"] {
            at.timestamp(col)?;
        }
        at.required("author")?;
        ids.insert(id.to_owned());
    }
    Ok(ids)
}

fn input_of(content: &ReportContent) -> ReportInput {
    ReportInput {
        status: content.status.as_str().to_owned(),
        achievements: content.achievements.clone(),
        challenges: content.challenges.clone(),
        next_steps: content.next_steps.clone(),
        evidence: content.evidence.clone(),
        progress: content.progress,
        tags: content.tags.clone(),
    }
}
