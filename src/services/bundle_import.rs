//! Importing a JSON bundle: a restore into an empty database reproduces the same data
//! exactly; a merge into a colleague's copy matches reports by UUID (`bundle_merge`), and a
//! report changed on both sides is a conflict to resolve, never overwritten. All or nothing,
//! in one transaction; with `dry_run` nothing is kept.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::bundle_frameworks::bring_in;
use super::bundle_merge::merge;
use super::bundle_rows::insert_all;
use super::reports::current_year;
use crate::domain::{Actor, ReportContent, ReviewState};
use crate::error::Error;
use crate::export::bundle::{rows, Bundle, Row};
use crate::export::bundle_check::{check, Frame};
use crate::store::db::Conn;
use crate::store::export::{is_empty, BUNDLE_TABLES};
use crate::store::{self, Store};

/// How to settle a report changed on both sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub enum Take {
    /// Keep this copy's version.
    Mine,
    /// Take the bundle's content (as a new revision; this copy's stays in the history).
    Theirs,
}

/// A decision about one conflict, by the local report's UUID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Resolution {
    pub report_id: String,
    pub take: Take,
}

/// What was done with a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub enum ConflictOutcome {
    #[serde(rename = "unresolved")]
    Unresolved,
    #[serde(rename = "kept mine")]
    KeptMine,
    #[serde(rename = "took theirs")]
    TookTheirs,
}

/// A report changed on both sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BundleConflict {
    /// The local report's UUID (name it in a [`Resolution`]).
    pub report_id: String,
    pub commitment_id: String,
    pub year: i32,
    pub mine: ReportContent,
    pub mine_state: ReviewState,
    pub mine_updated_by: String,
    pub theirs: ReportContent,
    pub theirs_state: ReviewState,
    pub theirs_updated_by: String,
    /// What was done with it.
    pub outcome: ConflictOutcome,
}

/// How a bundle came in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum BundleMode {
    /// Into an empty database: every record as it is.
    #[default]
    Restore,
    /// Into a database that holds data.
    Merge,
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BundleImport {
    /// A restore (into an empty database) or a merge.
    pub mode: BundleMode,
    pub dry_run: bool,
    /// Records restored, by table (restore mode).
    pub restored: BTreeMap<String, u32>,
    pub organisations_added: u32,
    pub commitments_added: u32,
    pub reports_added: u32,
    /// Reports brought up to the bundle's newer version.
    pub reports_updated: u32,
    pub reports_unchanged: u32,
    pub conflicts: Vec<BundleConflict>,
}

/// Who imports which file: what the saves and the audit log record.
#[derive(Debug, Clone, Copy)]
pub struct Importer<'a> {
    pub actor: &'a Actor,
    /// The account whose kept editor text a save discards.
    pub account: &'a str,
    /// The file's name.
    pub source: &'a str,
}

/// Imports a bundle: a restore into an empty database, a merge into one that holds data.
pub fn import(
    store: &Store,
    by: Importer<'_>,
    bundle: &Bundle,
    resolutions: &[Resolution],
    dry_run: bool,
) -> Result<BundleImport, Error> {
    let run = |tx: &Conn<'_>| -> Result<BundleImport, Error> {
        let (frameworks, categories) = store::catalogue::ids(tx)?;
        let frame = Frame::new(
            store::catalogue::load(tx)?,
            frameworks,
            categories,
            &bundle.tables,
        )?;
        check(&bundle.tables, &frame, current_year())?;
        let mut out = if is_empty(tx)? {
            restore(tx, bundle)?
        } else {
            merge(tx, by, bundle, resolutions)?
        };
        out.dry_run = dry_run;
        Ok(out)
    };
    if dry_run {
        store.dry_run(run)
    } else {
        store.write(run)
    }
}

fn restore(tx: &Conn<'_>, bundle: &Bundle) -> Result<BundleImport, Error> {
    let mut out = BundleImport {
        mode: BundleMode::Restore,
        ..Default::default()
    };
    let (map, frameworks) = bring_in(tx, &bundle.tables)?;
    out.restored.insert("frameworks".to_owned(), frameworks);
    for (table, _) in BUNDLE_TABLES {
        let n = match *table {
            "frameworks" | "framework_levels" | "framework_types" | "categories" => continue,
            "commitments" => {
                let mapped: Vec<Row> = rows(bundle, table)
                    .iter()
                    .map(|r| map.commitment(r))
                    .collect();
                insert_all(tx, table, &mapped)?
            }
            "commitment_categories" => {
                let mapped: Vec<Row> = rows(bundle, table).iter().map(|r| map.link(r)).collect();
                insert_all(tx, table, &mapped)?
            }
            _ => insert_all(tx, table, rows(bundle, table))?,
        };
        out.restored.insert((*table).to_owned(), n);
    }
    Ok(out)
}
