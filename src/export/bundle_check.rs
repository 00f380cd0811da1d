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
    Catalogue, CommitmentInput, CommitmentType, ImplementationStatus, OpenCycle, ReportContent,
    ReportInput, ReviewState, TransformationLink,
};
use crate::error::Error;

type Row = Map<String, Json>;

/// The reference frame a bundle's links point into: core responsibility and transformation
/// UUIDs (the same in every database: migration 0002 fixes them) and the catalogue's rules.
pub struct Frame {
    pub catalogue: Catalogue,
    /// Core responsibility UUID → number.
    pub core_responsibilities: HashMap<String, u8>,
    /// Transformation UUID → code.
    pub transformations: HashMap<String, String>,
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
        if !["create", "update", "restore"].contains(&at.text("action")?) {
            return Err(at.fail("action", "must be create, update or restore"));
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
        if !["commitment", "report"].contains(&at.text("entity_type")?) {
            return Err(at.fail("entity_type", "must be commitment or report"));
        }
        at.required("action")?;
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
const KINDS: [&str; 4] = [
    CommitmentType::ALL[0].as_str(),
    CommitmentType::ALL[1].as_str(),
    CommitmentType::ALL[2].as_str(),
    CommitmentType::ALL[3].as_str(),
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
    let mut crs: HashMap<&str, Vec<u8>> = HashMap::new();
    for at in each(tables, "commitment_core_responsibilities") {
        let cr = at.text("core_responsibility_id")?;
        let number = frame
            .core_responsibilities
            .get(cr)
            .ok_or_else(|| at.fail("core_responsibility_id", format!("{cr} does not exist")))?;
        crs.entry(at.text("commitment_id")?)
            .or_default()
            .push(*number);
    }
    let mut links: HashMap<&str, Vec<TransformationLink>> = HashMap::new();
    for at in each(tables, "commitment_transformations") {
        let t = at.text("transformation_id")?;
        let code = frame
            .transformations
            .get(t)
            .ok_or_else(|| at.fail("transformation_id", format!("{t} does not exist")))?;
        links
            .entry(at.text("commitment_id")?)
            .or_default()
            .push(TransformationLink {
                code: code.clone(),
                inferred: at.int("inferred")? != 0,
            });
    }
    let mut ids = HashSet::new();
    for at in each(tables, "commitments") {
        let id = at.required("id")?;
        reference(&at, "organisation_id", organisations)?;
        at.stored("kind", &KINDS)?;
        let input = CommitmentInput {
            organisation: None,
            commitment_id: at.text("public_id")?.to_owned(),
            kind: at.text("kind")?.to_owned(),
            description: at.text("description")?.to_owned(),
            core_responsibilities: crs.remove(id).unwrap_or_default(),
            transformations: links.remove(id).unwrap_or_default(),
        };
        input.validate(&frame.catalogue).map_err(|e| {
            at.rule(
                |f| match f {
                    "commitmentId" => "public_id",
                    "type" => "kind",
                    "coreResponsibilities" => "commitment_core_responsibilities",
                    "transformations" => "commitment_transformations",
                    other => other,
                },
                e,
            )
        })?;
        for col in ["created_at", "updated_at"] {
            at.timestamp(col)?;
        }
        ids.insert(id.to_owned());
    }
    // A link whose commitment is not in the bundle was not taken out above.
    if let Some(orphan) = crs.keys().chain(links.keys()).next() {
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
