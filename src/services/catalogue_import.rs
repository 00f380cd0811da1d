//! Importing commitments from an organisation's spreadsheet or a JSON catalogue
//! (`ct import catalogue`, the `import_catalogue` command). The file is read through a column
//! mapping into one framework; a preview shows, row by row, what would be added, changed,
//! refused or skipped and writes nothing; applying is all or nothing in one transaction.
//! Every refusal names the file, the row, the column and the problem. A "Focal points" column
//! assigns the accounts it names (e-mails) to each row's commitment, in the same transaction.

use crate::store::db::Conn;
use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::assignments;
use super::commitments::{insert_valid_tx, update_valid_tx};
use super::import_mapping::{resolve, MappingChoice, Resolved};
use crate::domain::{
    time, Actor, Catalogue, CategoryInput, Framework, FrameworkUpdate, Role, User,
};
use crate::error::Error;
use crate::import::catalogue::{from_mapped, parse_json, ImportRow, Parsed, RowAction};
use crate::import::mapping::{self, ColumnMapping, ImportKind, MappedRow};
use crate::import::reports::column_of;
use crate::store::{self, Store};

/// How to read the file, beyond its columns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct CatalogueImportOptions {
    /// The mapping: saved by name and/or chosen (see [`MappingChoice`]).
    pub choice: MappingChoice,
    /// The framework the commitments go to (default: WHS, else the first).
    pub framework: Option<String>,
    /// The organisation of rows that name none (default: the only, or first, one).
    pub organisation: Option<String>,
    /// Adds the categories the file names and the framework lacks (at its top level);
    /// without it they are listed and their rows refused.
    pub create_categories: bool,
    /// Saves the mapping in force under this name, with a successful apply.
    pub save_mapping: Option<String>,
}

/// The preview (or the result) of a catalogue import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CatalogueImport {
    pub file: String,
    pub framework: String,
    pub applied: bool,
    pub added: u32,
    pub changed: u32,
    pub unchanged: u32,
    pub refused: u32,
    pub skipped: u32,
    /// The worksheet read (XLSX) and the header's row number (0 for JSON).
    pub sheet: Option<String>,
    pub header_row: u32,
    pub columns: Vec<String>,
    pub ignored_columns: Vec<String>,
    pub unmapped_values: BTreeMap<String, Vec<String>>,
    /// The organisation of rows that name none: `--organisation`, else the database's first
    /// ("" when there is none yet).
    pub default_organisation: String,
    /// Categories the file names that the framework lacks, as written.
    pub unknown_categories: Vec<String>,
    /// Of those, the ones added (with their new codes: "3 Improve access…").
    pub created_categories: Vec<String>,
    /// The mapping in force (empty for JSON).
    pub mapping: ColumnMapping,
    pub rows: Vec<ImportRow>,
}

/// Previews (`apply` false: nothing is written) or applies a catalogue file.
pub fn import(
    store: &Store,
    actor: &Actor,
    name: &str,
    bytes: &[u8],
    options: &CatalogueImportOptions,
    apply: bool,
) -> Result<CatalogueImport, Error> {
    let save_as = match options.save_mapping.as_deref().map(str::trim) {
        Some("") => return Err(Error::validation("saveMapping", "name the mapping to save")),
        other => other,
    };
    let run = |tx: &Conn<'_>| run(tx, actor, name, bytes, options, apply);
    if !apply {
        return store.dry_run(run);
    }
    store.write(|tx| {
        let result = run(tx)?;
        if let Some(first) = result.rows.iter().find(|r| r.action == RowAction::Refused) {
            // All or nothing: one refused row rolls the whole import back.
            return Err(Error::BadRequest {
                message: format!(
                    "{name}: row {}{}: {} ({} row(s) refused; nothing was imported)",
                    first.row,
                    first
                        .column
                        .as_ref()
                        .map(|c| format!(", column {c}"))
                        .unwrap_or_default(),
                    first.error.clone().unwrap_or_default(),
                    result.refused
                ),
                field: Some("file".to_owned()),
            });
        }
        if let Some(saved) = save_as {
            store::import_mappings::put(
                tx,
                ImportKind::Catalogue,
                saved,
                &result.mapping,
                &time::now(),
            )?;
        }
        Ok(result)
    })
}

/// The file's rows and what the preview shows of the file, before the database is consulted.
struct Read {
    parsed: Vec<Parsed>,
    skipped: Vec<ImportRow>,
    result: CatalogueImport,
}

fn read(
    conn: &Conn<'_>,
    name: &str,
    bytes: &[u8],
    options: &CatalogueImportOptions,
    framework: &Framework,
) -> Result<Read, Error> {
    let mut result = CatalogueImport {
        file: name.to_owned(),
        framework: framework.code.clone(),
        applied: false,
        added: 0,
        changed: 0,
        unchanged: 0,
        refused: 0,
        skipped: 0,
        sheet: None,
        header_row: 0,
        columns: Vec::new(),
        ignored_columns: Vec::new(),
        unmapped_values: BTreeMap::new(),
        default_organisation: String::new(),
        unknown_categories: Vec::new(),
        created_categories: Vec::new(),
        mapping: ColumnMapping::default(),
        rows: Vec::new(),
    };
    if name.to_lowercase().ends_with(".json") {
        let parsed = parse_json(name, bytes, &framework.code)?;
        return Ok(Read {
            parsed,
            skipped: Vec::new(),
            result,
        });
    }
    let lower = name.to_lowercase();
    if ![".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".xls"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        return Err(Error::BadRequest {
            message: format!("{name}: the file must be .csv, .xlsx or .json"),
            field: Some("file".to_owned()),
        });
    }
    let kind = ImportKind::Catalogue;
    let Resolved { table, mapping } = resolve(conn, kind, name, bytes, &options.choice)?;
    mapping::check(kind, name, &mapping)?;
    let missing = mapping::missing_required(kind, &mapping);
    if !missing.is_empty() {
        return Err(Error::BadRequest {
            message: format!(
                "{name}: no column is mapped to {} (the columns are: {}); map a column to it",
                missing.join(", "),
                table.header.join(", "),
            ),
            field: Some("mapping".to_owned()),
        });
    }
    if table.rows.is_empty() {
        return Err(Error::BadRequest {
            message: format!("{name}: the file has a header but no commitments"),
            field: Some("file".to_owned()),
        });
    }
    let mut mapped = mapping::apply(kind, name, &table, &mapping)?;
    // A type is known when the framework has it (its types are data, not the mapping's).
    if let Some(values) = mapped.unmapped_values.get_mut("type") {
        values.retain(|v| framework.type_named(v).is_none());
        if values.is_empty() {
            mapped.unmapped_values.remove("type");
        }
    }
    let (rows, empty): (Vec<MappedRow>, Vec<MappedRow>) =
        mapped.rows.into_iter().partition(|r| !r.values.is_empty());
    result.sheet = table.sheet.clone();
    result.header_row = table.header_row;
    result.columns = mapped.columns;
    result.ignored_columns = mapped.ignored_columns;
    result.unmapped_values = mapped.unmapped_values;
    result.mapping = mapping;
    Ok(Read {
        parsed: rows.iter().map(|r| from_mapped(r, framework)).collect(),
        skipped: empty
            .iter()
            .map(|r| ImportRow {
                row: r.row,
                commitment_id: String::new(),
                action: RowAction::Skipped,
                changes: vec![],
                column: None,
                error: None,
            })
            .collect(),
        result,
    })
}

/// Adds the unknown categories to the framework's top level (codes: the next free numbers),
/// then reads each row's unknown names again. Returns "code name" of each one added.
fn create_categories(
    tx: &Conn<'_>,
    framework: &Framework,
    parsed: &mut [Parsed],
    unknown: &[String],
) -> Result<(Framework, Vec<String>), Error> {
    let mut input = crate::domain::FrameworkInput {
        code: framework.code.clone(),
        name: framework.name.clone(),
        description: framework.description.clone(),
        source: framework.source.clone(),
        levels: framework.levels.clone(),
        types: framework.types.clone(),
        min_categories: framework.min_categories,
        categories: framework
            .categories
            .iter()
            .map(|c| CategoryInput {
                code: c.code.clone(),
                name: c.name.clone(),
                parent: c.parent.clone(),
                reference_text: c.reference_text.clone(),
            })
            .collect(),
    };
    let mut next = 1u32;
    let mut created = Vec::new();
    for name in unknown {
        while framework.category(&next.to_string()).is_some()
            || input.categories.iter().any(|c| c.code == next.to_string())
        {
            next += 1;
        }
        input.categories.push(CategoryInput {
            code: next.to_string(),
            name: name.clone(),
            parent: None,
            reference_text: String::new(),
        });
        created.push(format!("{next} {name}"));
    }
    let valid = input.validate().map_err(|e| Error::BadRequest {
        message: format!("the new categories cannot be added: {e}"),
        field: Some("categories".to_owned()),
    })?;
    let update = FrameworkUpdate {
        code: framework.code.clone(),
        expected_version: framework.version,
        input,
    };
    let updated = super::frameworks::update_tx(tx, &update, &valid)?;
    for p in parsed.iter_mut() {
        for item in std::mem::take(&mut p.unknown_categories) {
            match crate::import::catalogue::category_link(&item, &updated) {
                Some(link) => p.input.categories.push(link),
                None => p.unknown_categories.push(item),
            }
        }
    }
    Ok((updated, created))
}

fn run(
    tx: &Conn<'_>,
    actor: &Actor,
    name: &str,
    bytes: &[u8],
    options: &CatalogueImportOptions,
    apply: bool,
) -> Result<CatalogueImport, Error> {
    let catalogue = store::catalogue::load(tx)?;
    let framework = catalogue.resolve(options.framework.as_deref())?.clone();
    let Read {
        mut parsed,
        skipped,
        mut result,
    } = read(tx, name, bytes, options, &framework)?;
    let mut unknown: Vec<String> = Vec::new();
    for p in &parsed {
        for u in &p.unknown_categories {
            if !unknown.iter().any(|x| x.to_lowercase() == u.to_lowercase()) {
                unknown.push(u.clone());
            }
        }
    }
    result.unknown_categories = unknown.clone();
    result.default_organisation = match &options.organisation {
        Some(code) => code.trim().to_owned(),
        None => store::organisations::list(tx)?
            .into_iter()
            .next()
            .map(|o| o.code)
            .unwrap_or_default(),
    };
    if options.create_categories && !unknown.is_empty() {
        let (_, created) = create_categories(tx, &framework, &mut parsed, &unknown)?;
        result.created_categories = created;
    }
    let catalogue = store::catalogue::load(tx)?;
    let categories_column = column_of(&result.mapping, "categories");
    let mut rows = skipped;
    let mut seen: HashMap<(String, String), u32> = HashMap::new();
    for p in parsed {
        let refuse = |column: Option<String>, error: String| ImportRow {
            row: p.row,
            commitment_id: p.input.commitment_id.clone(),
            action: RowAction::Refused,
            changes: vec![],
            column,
            error: Some(error),
        };
        if let Some(first) = p.unknown_categories.first() {
            rows.push(refuse(
                categories_column.clone(),
                format!(
                    "{first:?} is not a category of {} (add it, or import with --create-categories)",
                    framework.code
                ),
            ));
            continue;
        }
        match row(tx, actor, name, &catalogue, &p, options, &mut seen)? {
            Ok(done) => rows.push(done),
            Err((field, error)) => rows.push(refuse(column_for(&result.mapping, field), error)),
        }
    }
    rows.sort_by_key(|r| r.row);
    let count = |a: RowAction| rows.iter().filter(|r| r.action == a).count() as u32;
    result.added = count(RowAction::Add);
    result.changed = count(RowAction::Change);
    result.unchanged = count(RowAction::Unchanged);
    result.refused = count(RowAction::Refused);
    result.skipped = count(RowAction::Skipped);
    result.applied = apply && result.refused == 0;
    result.rows = rows;
    Ok(result)
}

/// The column a validation field is read from ("commitmentId" → the id column), if mapped.
fn column_for(mapping: &ColumnMapping, field: Option<String>) -> Option<String> {
    let field = field?;
    let f = match field.as_str() {
        "commitmentId" => "id",
        "organisationName" => "organisation_name",
        other => other,
    };
    column_of(mapping, f)
}

type RowOutcome = Result<ImportRow, (Option<String>, String)>;

/// Checks one row against the database and adds or changes its commitment (inside the
/// caller's transaction, so later rows see earlier ones).
fn row(
    tx: &Conn<'_>,
    actor: &Actor,
    source: &str,
    catalogue: &Catalogue,
    p: &Parsed,
    options: &CatalogueImportOptions,
    seen: &mut HashMap<(String, String), u32>,
) -> Result<RowOutcome, Error> {
    let mut input = p.input.clone();
    if input.organisation.is_none() {
        input.organisation = options.organisation.clone();
    }
    let valid = match input.validate(catalogue) {
        Ok(v) => v,
        Err(e) => {
            let mut message = e.to_string();
            if e.field() == Some("title") {
                // Trackers often hold the whole text in a "title" column.
                message.push_str(
                    "; if this column holds the commitment's full text, map it to the description or leave the title unread (--map title=)",
                );
            }
            return Ok(Err((e.field().map(str::to_owned), message)));
        }
    };
    let org_code = match &valid.organisation {
        Some(code) => code.clone(),
        None => match store::organisations::list(tx)?.into_iter().next() {
            Some(o) => o.code,
            None => {
                return Ok(Err((
                    Some("organisation".to_owned()),
                    "name the organisation (a column, or --organisation)".to_owned(),
                )))
            }
        },
    };
    let key = (org_code.to_uppercase(), valid.commitment_id.clone());
    if let Some(first) = seen.get(&key) {
        return Ok(Err((
            Some("commitmentId".to_owned()),
            format!(
                "Commitment ID {} appears again (first on row {first})",
                valid.commitment_id
            ),
        )));
    }
    seen.insert(key, p.row);
    let focal_points = match focal_points(tx, &p.focal_points)? {
        Ok(users) => users,
        Err(error) => return Ok(Err((Some("focal_points".to_owned()), error))),
    };
    let org = match store::organisations::by_code(tx, &org_code)? {
        Some(o) => o,
        None => {
            let name = p.organisation_name.as_deref().unwrap_or(&org_code);
            match crate::domain::catalogue::validate_organisation_name(name) {
                Ok(n) => {
                    store::organisations::insert(tx, &store::new_id(), &org_code, &n, &time::now())?
                }
                Err(e) => return Ok(Err((Some("organisationName".to_owned()), e.to_string()))),
            }
        }
    };
    let done = |action, changes| ImportRow {
        row: p.row,
        commitment_id: valid.commitment_id.clone(),
        action,
        changes,
        column: None,
        error: None,
    };
    let Some(id) = store::commitments::id_by_public_id(tx, &org.id, &valid.commitment_id)? else {
        let id = insert_valid_tx(tx, actor, &org, &valid, Some(source))?;
        assign_all(tx, actor, &id, &focal_points)?;
        return Ok(Ok(done(RowAction::Add, vec![])));
    };
    let newly_assigned = assign_all(tx, actor, &id, &focal_points)?;
    let current = store::commitments::get(tx, &id)?;
    let mut changes = Vec::new();
    for (differs, field) in [
        (current.framework != valid.framework, "framework"),
        (current.title != valid.title, "title"),
        (current.kind != valid.kind, "type"),
        (current.description != valid.description, "description"),
        (current.categories != valid.categories, "categories"),
        (current.tags != valid.tags, "tags"),
    ] {
        if differs {
            changes.push(field.to_owned());
        }
    }
    let commitment_changed = !changes.is_empty();
    if newly_assigned > 0 {
        changes.push("focal points".to_owned());
    }
    if changes.is_empty() {
        return Ok(Ok(done(RowAction::Unchanged, changes)));
    }
    if commitment_changed {
        update_valid_tx(tx, actor, &current, current.version, &valid, Some(source))?;
    }
    Ok(Ok(done(RowAction::Change, changes)))
}

/// The accounts a row's focal-point e-mails name; or why the row is refused (an e-mail no
/// account has, or a viewer's, who cannot write reports).
fn focal_points(tx: &Conn<'_>, emails: &[String]) -> Result<Result<Vec<User>, String>, Error> {
    let mut users = Vec::with_capacity(emails.len());
    for email in emails {
        match assignments::find_user(tx, email) {
            Ok(u) if u.role == Role::Viewer => {
                return Ok(Err(format!(
                    "focal point {email}: the account is a viewer's, and a viewer cannot write reports"
                )))
            }
            Ok(u) => users.push(u),
            Err(Error::NotFound { .. }) => {
                return Ok(Err(format!(
                    "focal point {email}: no account has this e-mail (add it with `ct users add`, or correct the address)"
                )))
            }
            Err(e) => return Err(e),
        }
    }
    Ok(Ok(users))
}

/// Assigns each account to the commitment (the one use case's own step, in this
/// transaction); returns how many were not assigned yet.
fn assign_all(
    tx: &Conn<'_>,
    actor: &Actor,
    commitment: &str,
    users: &[User],
) -> Result<usize, Error> {
    let mut added = 0;
    for u in users {
        if !store::assignments::is_assigned(tx, commitment, &u.id)? {
            assignments::assign_tx(tx, actor, commitment, &u.id)?;
            added += 1;
        }
    }
    Ok(added)
}
