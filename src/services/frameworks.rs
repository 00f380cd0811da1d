//! Adding and editing frameworks (their levels, types and categories).

use crate::domain::framework::FrameworkChanges;
use crate::domain::{time, Actor, Framework, FrameworkInput, FrameworkUpdate};
use crate::error::Error;
use crate::store::db::Conn;
use crate::store::{self, Store};

/// One framework by its code (case-insensitive).
pub fn get(store: &Store, code: &str) -> Result<Framework, Error> {
    store.read(|conn| {
        store::catalogue::load(conn)?
            .framework(code)
            .cloned()
            .ok_or_else(|| Error::NotFound {
                entity: "framework",
                id: code.to_owned(),
            })
    })
}

/// Adds a framework after checking every rule; a refused input changes nothing.
pub fn create(store: &Store, _actor: &Actor, input: &FrameworkInput) -> Result<Framework, Error> {
    let valid = input.validate()?;
    store.write(|tx| {
        if store::catalogue::framework_id(tx, &valid.code)?.is_some() {
            return Err(duplicate(&valid.code));
        }
        store::catalogue::insert(tx, &store::new_id(), &valid, &time::now())?;
        reload(tx, &valid.code)
    })
}

/// Rewrites a framework if nobody saved it since `expected_version`. Categories are matched
/// by code, so commitments keep their links to the ones kept; removing a category or a type
/// that commitments still use is refused (nothing may vanish from a commitment by editing its
/// framework).
pub fn update(store: &Store, _actor: &Actor, u: &FrameworkUpdate) -> Result<Framework, Error> {
    let valid = u.input.validate()?;
    store.write(|tx| update_tx(tx, u, &valid))
}

/// [`update`] inside the caller's transaction, `valid` being `u.input` validated.
pub fn update_tx(
    tx: &Conn<'_>,
    u: &FrameworkUpdate,
    valid: &Framework,
) -> Result<Framework, Error> {
    let id = store::catalogue::framework_id(tx, &u.code)?.ok_or_else(|| Error::NotFound {
        entity: "framework",
        id: u.code.clone(),
    })?;
    if let Some(other) = store::catalogue::framework_id(tx, &valid.code)? {
        if other != id {
            return Err(duplicate(&valid.code));
        }
    }
    let kept = |code: &str| valid.categories.iter().any(|c| c.code == code);
    if let Some(code) = store::catalogue::linked_codes(tx, &id)?
        .into_iter()
        .find(|c| !kept(c))
    {
        return Err(Error::validation(
            "categories",
            format!("category {code} is linked to commitments: unlink them before removing it"),
        ));
    }
    if let Some(kind) = store::catalogue::used_types(tx, &id)?
        .into_iter()
        .find(|k| valid.type_named(k).is_none())
    {
        return Err(Error::validation(
            "types",
            format!("the type {kind:?} is used by commitments: change them before removing it"),
        ));
    }
    if !store::catalogue::update(tx, &id, u.expected_version, valid, &time::now())? {
        let current = reload(tx, &u.code)?;
        return Err(Error::Conflict {
            entity: "framework",
            id: u.code.clone(),
            expected: u.expected_version,
            actual: current.version,
        });
    }
    reload(tx, &valid.code)
}

/// The file's input over an existing framework: its categories are added or updated by code
/// and the framework's other categories are kept (an import never removes one: that is an
/// edit); a table carries no types, minimum, description or source, so those stay as they
/// are, and JSON adds its types to the framework's. Returns the input and the codes kept that
/// the file does not list.
fn merged_with(
    current: &Framework,
    file: &crate::import::framework_file::FrameworkFile,
) -> Result<(FrameworkInput, Vec<String>), Error> {
    let given = &file.input;
    let table = !file.declared_levels.is_empty();
    let mut types = current.types.clone();
    for t in &given.types {
        if !types.iter().any(|x| x.eq_ignore_ascii_case(t)) {
            types.push(t.clone());
        }
    }
    let some = |s: &String| Some(s.clone()).filter(|s| !s.trim().is_empty());
    let changes = FrameworkChanges {
        code: some(&given.code),
        name: some(&given.name),
        description: some(&given.description),
        source: some(&given.source),
        // A file that names fewer levels than the framework has keeps the framework's.
        levels: if current.levels.starts_with(&given.levels) {
            Vec::new()
        } else {
            given.levels.clone()
        },
        types: Some(types),
        min_categories: (!table).then_some(given.min_categories),
        categories: given.categories.clone(),
        remove: Vec::new(),
    };
    let kept = current
        .categories
        .iter()
        .filter(|c| {
            !given
                .categories
                .iter()
                .any(|g| g.code.trim().eq_ignore_ascii_case(&c.code))
        })
        .map(|c| c.code.clone())
        .collect();
    Ok((changes.over(Some(current))?, kept))
}

fn reload(conn: &Conn<'_>, code: &str) -> Result<Framework, Error> {
    store::catalogue::load(conn)?
        .framework(code)
        .cloned()
        .ok_or_else(|| Error::NotFound {
            entity: "framework",
            id: code.to_owned(),
        })
}

fn duplicate(code: &str) -> Error {
    Error::Duplicate {
        field: "code".to_owned(),
        message: format!("a framework with the code {code} already exists"),
    }
}

/// What importing a framework file did (or, as a preview, would do).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct FrameworkImport {
    pub file: String,
    /// The framework as it is (or would be) after the import.
    pub framework: Framework,
    /// True when a framework with its code existed and was (or would be) updated.
    pub existed: bool,
    pub applied: bool,
    /// The codes of the categories the import adds.
    pub added: Vec<String>,
    /// The codes of the framework's categories the file does not list (kept as they are).
    pub kept: Vec<String>,
}

/// The largest framework file read.
pub const MAX_FRAMEWORK_FILE_BYTES: usize = 8 * 1024 * 1024;

/// A documented example of a framework file (JSON, the shape of [`FrameworkInput`]).
pub const TEMPLATE_JSON: &str = include_str!("../../docs/framework-template.json");

/// Reads a framework file (JSON in the shape of [`FrameworkInput`], or CSV/XLSX with one
/// category a row: see `import::framework_file`) and adds the framework, or updates the one
/// with its code (categories matched by code); a preview unless `apply`. Errors name the file
/// and the field (or row and column).
pub fn import(
    store: &Store,
    actor: &Actor,
    name: &str,
    bytes: &[u8],
    apply: bool,
) -> Result<FrameworkImport, Error> {
    let bad = |message: String, field: Option<&str>| Error::BadRequest {
        message: format!("{name}: {message}"),
        field: Some(field.unwrap_or("file").to_owned()),
    };
    if bytes.len() > MAX_FRAMEWORK_FILE_BYTES {
        return Err(bad("the file is larger than 8 MB".to_owned(), None));
    }
    let file = crate::import::framework_file::parse(name, bytes)?;
    let checked = |input: &FrameworkInput| -> Result<Framework, Error> {
        let valid = input
            .validate()
            .map_err(|e| bad(e.to_string(), e.field()))?;
        file.check_levels(name, &valid)?;
        Ok(valid)
    };
    checked(&file.input)?;
    let run = |tx: &Conn<'_>| -> Result<FrameworkImport, Error> {
        let mut kept = Vec::new();
        let existing = store::catalogue::load(tx)?
            .framework(&file.input.code)
            .cloned();
        let framework = match &existing {
            None => {
                let valid = checked(&file.input)?;
                store::catalogue::insert(tx, &store::new_id(), &valid, &time::now())?;
                reload(tx, &valid.code)?
            }
            Some(current) => {
                let (input, not_in_file) = merged_with(current, &file)?;
                kept = not_in_file;
                let valid = checked(&input)?;
                update_tx(
                    tx,
                    &FrameworkUpdate {
                        code: current.code.clone(),
                        expected_version: current.version,
                        input,
                    },
                    &valid,
                )?
            }
        };
        let added = framework
            .categories
            .iter()
            .filter(|c| {
                existing
                    .as_ref()
                    .is_none_or(|e| e.category(&c.code).is_none())
            })
            .map(|c| c.code.clone())
            .collect();
        Ok(FrameworkImport {
            file: name.to_owned(),
            framework,
            existed: existing.is_some(),
            applied: apply,
            added,
            kept,
        })
    };
    let _ = actor;
    if apply {
        store.write(run)
    } else {
        store.dry_run(run)
    }
}
