//! Adding and editing frameworks (their levels, types and categories).

use crate::domain::{time, Actor, Framework, FrameworkInput, FrameworkUpdate};
use crate::error::Error;
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
fn update_tx(
    tx: &rusqlite::Connection,
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

fn reload(conn: &rusqlite::Connection, code: &str) -> Result<Framework, Error> {
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
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct FrameworkImport {
    pub file: String,
    /// The framework as it is (or would be) after the import.
    pub framework: Framework,
    /// True when a framework with its code existed and was (or would be) updated.
    pub existed: bool,
    pub applied: bool,
}

/// The largest framework file read.
pub const MAX_FRAMEWORK_FILE_BYTES: usize = 8 * 1024 * 1024;

/// A documented example of a framework file (JSON, the shape of [`FrameworkInput`]).
pub const TEMPLATE_JSON: &str = include_str!("../../docs/framework-template.json");

/// Reads a framework file (JSON, the shape of [`FrameworkInput`]) and adds the framework, or
/// updates the one with its code (categories matched by code); a preview unless `apply`.
/// Errors name the file and the field.
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
    let text = crate::import::text::decode(bytes).text;
    let input: FrameworkInput = serde_json::from_str(&text).map_err(|e| {
        bad(
            format!(
                "not a framework file (line {}, column {}: {e}); see the template",
                e.line(),
                e.column()
            ),
            None,
        )
    })?;
    let valid = input
        .validate()
        .map_err(|e| bad(e.to_string(), e.field()))?;
    let run = |tx: &rusqlite::Transaction<'_>| -> Result<FrameworkImport, Error> {
        let existing = store::catalogue::load(tx)?.framework(&valid.code).cloned();
        let framework = match &existing {
            None => {
                store::catalogue::insert(tx, &store::new_id(), &valid, &time::now())?;
                reload(tx, &valid.code)?
            }
            Some(current) => update_tx(
                tx,
                &FrameworkUpdate {
                    code: current.code.clone(),
                    expected_version: current.version,
                    input: input.clone(),
                },
                &valid,
            )?,
        };
        Ok(FrameworkImport {
            file: name.to_owned(),
            framework,
            existed: existing.is_some(),
            applied: apply,
        })
    };
    let _ = actor;
    if apply {
        store.write(run)
    } else {
        store.dry_run(run)
    }
}
