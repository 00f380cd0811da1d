//! A bundle merged into a copy that holds data: organisations by code, commitments by
//! organisation and public ID (each copy seeded its own UUIDs), reports by UUID and then by
//! commitment and year. A report the bundle only moved forward is brought forward with its
//! history; one changed on both sides is a conflict, settled only as the resolutions say,
//! "take theirs" being a save like any other (`reports::save_content_tx`).

use std::collections::{BTreeSet, HashMap};

use serde_json::Value as Json;

use super::audit::record_from_tx;
use super::bundle_frameworks::{bring_in, FrameworkMap};
use super::bundle_import::{
    BundleConflict, BundleImport, BundleMode, ConflictOutcome, Importer, Resolution, Take,
};
use super::bundle_rows::insert_all;
use super::reports::{save_content_tx, Origin};
use crate::domain::{AuditAction, AuditEntity, Report};
use crate::error::Error;
use crate::export::bundle::{int, report_content, report_state, rows, text, Bundle, Row};
use crate::store;
use crate::store::db::Conn;

/// One merge: the transaction, who imports, and the bundle.
struct Merge<'a, 'c> {
    tx: &'a Conn<'c>,
    by: Importer<'a>,
    bundle: &'a Bundle,
}

/// Merges the bundle into the database inside the caller's transaction.
pub fn merge(
    tx: &Conn<'_>,
    by: Importer<'_>,
    bundle: &Bundle,
    resolutions: &[Resolution],
) -> Result<BundleImport, Error> {
    let m = Merge { tx, by, bundle };
    let mut out = BundleImport {
        mode: BundleMode::Merge,
        ..Default::default()
    };
    out.organisations_added = m.organisations()?;
    let (map, _) = bring_in(tx, &bundle.tables)?;
    let commitments = m.commitments(&map, &mut out)?;
    for r in rows(bundle, "reports") {
        m.report(r, &commitments, resolutions, &mut out)?;
    }
    m.cycles()?;
    Ok(out)
}

fn bad(message: String) -> Error {
    Error::BadRequest {
        message,
        field: Some("file".to_owned()),
    }
}

impl Merge<'_, '_> {
    /// Adds the organisations this copy lacks (by code); returns how many.
    fn organisations(&self) -> Result<u32, Error> {
        let mut added = 0;
        for o in rows(self.bundle, "organisations") {
            if store::organisations::by_code(self.tx, &text(o, "code"))?.is_none() {
                insert_all(self.tx, "organisations", std::slice::from_ref(o))?;
                added += 1;
            }
        }
        Ok(added)
    }

    /// Adds the commitments this copy lacks; returns bundle UUID → local UUID for each.
    fn commitments(
        &self,
        map: &FrameworkMap,
        out: &mut BundleImport,
    ) -> Result<HashMap<String, String>, Error> {
        let org_codes: HashMap<String, String> = rows(self.bundle, "organisations")
            .iter()
            .map(|o| (text(o, "id"), text(o, "code")))
            .collect();
        let mut local_ids = HashMap::new();
        for c in rows(self.bundle, "commitments") {
            let code = org_codes
                .get(&text(c, "organisation_id"))
                .map_or("", String::as_str);
            let org = store::organisations::by_code(self.tx, code)?.ok_or_else(|| {
                bad(format!(
                    "commitment {}: its organisation is missing from the bundle",
                    text(c, "public_id")
                ))
            })?;
            let remote_id = text(c, "id");
            let local =
                store::commitments::id_by_public_id(self.tx, &org.id, &text(c, "public_id"))?;
            let local_id = match local {
                Some(id) => id,
                None => {
                    self.add_commitment(c, &org.id, map)?;
                    out.commitments_added += 1;
                    remote_id.clone()
                }
            };
            local_ids.insert(remote_id, local_id);
        }
        Ok(local_ids)
    }

    fn add_commitment(&self, c: &Row, organisation: &str, map: &FrameworkMap) -> Result<(), Error> {
        let id = text(c, "id");
        let mut row = map.commitment(c);
        row.insert("organisation_id".to_owned(), Json::from(organisation));
        insert_all(self.tx, "commitments", &[row])?;
        let links: Vec<Row> = rows(self.bundle, "commitment_categories")
            .iter()
            .filter(|l| text(l, "commitment_id") == id)
            .map(|l| map.link(l))
            .collect();
        insert_all(self.tx, "commitment_categories", &links)?;
        let after = store::commitments::get(self.tx, &id)?;
        self.audit(AuditEntity::Commitment, &id, &id, None, Some(&after))
    }

    fn audit<T: serde::Serialize>(
        &self,
        entity: AuditEntity,
        id: &str,
        commitment: &str,
        before: Option<&T>,
        after: Option<&T>,
    ) -> Result<(), Error> {
        record_from_tx(
            self.tx,
            self.by.actor,
            entity,
            id,
            commitment,
            AuditAction::Import,
            before,
            after,
            Some(self.by.source),
        )
    }

    /// The bundle's rows of a report's history table.
    fn history(&self, table: &str, report: &str) -> Vec<Row> {
        rows(self.bundle, table)
            .iter()
            .filter(|r| text(r, "report_id") == report)
            .cloned()
            .collect()
    }

    /// Adds, brings forward, leaves or reports as a conflict one of the bundle's reports.
    fn report(
        &self,
        r: &Row,
        commitments: &HashMap<String, String>,
        resolutions: &[Resolution],
        out: &mut BundleImport,
    ) -> Result<(), Error> {
        let remote_id = text(r, "id");
        let local_c = commitments
            .get(&text(r, "commitment_id"))
            .cloned()
            .ok_or_else(|| {
                bad(format!(
                    "report {remote_id}: its commitment is missing from the bundle"
                ))
            })?;
        let year = int(r, "year") as i32;
        let local = match store::reports::get(self.tx, &remote_id).ok() {
            Some(l) => Some(l),
            None => store::reports::find(self.tx, &local_c, year)?,
        };
        let mut row = r.clone();
        row.insert("commitment_id".to_owned(), Json::from(local_c.clone()));
        let Some(local) = local else {
            self.add_report(&row)?;
            out.reports_added += 1;
            return Ok(());
        };
        let revisions = self.history("report_revisions", &remote_id);
        let events = self.history("review_events", &remote_id);
        let theirs: BTreeSet<String> = revisions
            .iter()
            .chain(&events)
            .map(|x| text(x, "id"))
            .collect();
        let mine = if local.id == remote_id {
            store::export::history_ids(self.tx, &local.id)?
        } else {
            BTreeSet::new()
        };
        if local.id == remote_id && theirs.is_subset(&mine) {
            out.reports_unchanged += 1;
        } else if local.id == remote_id && mine.is_subset(&theirs) {
            self.fast_forward(&local, &row, revisions, events, &mine)?;
            out.reports_updated += 1;
        } else {
            let take = resolutions
                .iter()
                .find(|x| x.report_id == local.id)
                .map(|x| x.take);
            out.conflicts.push(self.conflict(&local, r, year, take)?);
        }
        Ok(())
    }

    fn add_report(&self, row: &Row) -> Result<(), Error> {
        let id = text(row, "id");
        insert_all(self.tx, "reports", std::slice::from_ref(row))?;
        insert_all(
            self.tx,
            "report_revisions",
            &self.history("report_revisions", &id),
        )?;
        insert_all(
            self.tx,
            "review_events",
            &self.history("review_events", &id),
        )?;
        let after = store::reports::get(self.tx, &id)?;
        self.audit(
            AuditEntity::Report,
            &id,
            &text(row, "commitment_id"),
            None,
            Some(&after),
        )
    }

    /// Theirs descends from mine: this copy is brought forward, history included.
    fn fast_forward(
        &self,
        local: &Report,
        row: &Row,
        revisions: Vec<Row>,
        events: Vec<Row>,
        mine: &BTreeSet<String>,
    ) -> Result<(), Error> {
        let new = |v: Vec<Row>| -> Vec<Row> {
            v.into_iter()
                .filter(|x| !mine.contains(&text(x, "id")))
                .collect()
        };
        store::export::replace_report(self.tx, row)?;
        insert_all(self.tx, "report_revisions", &new(revisions))?;
        insert_all(self.tx, "review_events", &new(events))?;
        let after = store::reports::get(self.tx, &local.id)?;
        self.audit(
            AuditEntity::Report,
            &local.id,
            &local.commitment,
            Some(local),
            Some(&after),
        )
    }

    /// A report changed on both sides, settled as `take` says ("theirs" saved as an edit is).
    fn conflict(
        &self,
        local: &Report,
        r: &Row,
        year: i32,
        take: Option<Take>,
    ) -> Result<BundleConflict, Error> {
        let theirs = report_content(r)?;
        let outcome = match take {
            None => ConflictOutcome::Unresolved,
            Some(Take::Mine) => ConflictOutcome::KeptMine,
            Some(Take::Theirs) => {
                save_content_tx(
                    self.tx,
                    self.by.actor,
                    self.by.account,
                    &local.id,
                    local.version,
                    &theirs,
                    Origin::Import {
                        source: self.by.source,
                    },
                )?;
                ConflictOutcome::TookTheirs
            }
        };
        Ok(BundleConflict {
            report_id: local.id.clone(),
            commitment_id: local.commitment_id.clone(),
            year,
            mine: local.content.clone(),
            mine_state: local.review_state,
            mine_updated_by: local.updated_by.clone(),
            theirs,
            theirs_state: report_state(r)?,
            theirs_updated_by: text(r, "updated_by"),
            outcome,
        })
    }

    /// Adds the reporting cycles this copy does not have yet.
    fn cycles(&self) -> Result<(), Error> {
        for c in rows(self.bundle, "reporting_cycles") {
            if store::cycles::get(self.tx, int(c, "year") as i32)?.is_none() {
                insert_all(self.tx, "reporting_cycles", std::slice::from_ref(c))?;
            }
        }
        Ok(())
    }
}
