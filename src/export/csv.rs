//! CSV export: RFC 4180, UTF-8 (optionally with a byte-order mark, which Excel needs to read
//! UTF-8), one row per report with every field and its commitment's metadata.

use std::borrow::Cow;
use std::io::Write;

use super::cells::{evidence, links, neutralise, numbers, status_label, REPORT_COLUMNS};
use super::{ExportScope, Job};
use crate::error::Error;
use crate::store::{self, Store};

/// Writes the scope's reports as CSV; returns the rows written.
pub fn write(
    store: &Store,
    scope: &ExportScope,
    bom: bool,
    job: &Job,
    out: &mut (dyn Write + Send),
) -> Result<u64, Error> {
    let (from, to) = scope.years()?;
    let io = |e: std::io::Error| Error::io("CSV export", e);
    if bom {
        out.write_all("\u{feff}".as_bytes()).map_err(io)?;
    }
    let mut w = ::csv::Writer::from_writer(out);
    let csv_err = |e: ::csv::Error| Error::io("CSV export", e.into());
    w.write_record(REPORT_COLUMNS).map_err(csv_err)?;
    let mut rows = 0u64;
    store.read(|conn| {
        job.set_total(store::export::count_reports(conn, &scope.filter, from, to)?);
        store::export::for_each_report(conn, &scope.filter, from, to, |r| {
            job.tick()?;
            let c = r.commitment;
            let inferred = c.transformations.iter().any(|(_, i)| *i);
            let fields: [Cow<'_, str>; 20] = [
                c.commitment_id.as_str().into(),
                c.organisation.as_str().into(),
                c.kind.as_str().into(),
                numbers(&c.core_responsibilities).into(),
                links(&c.transformations).into(),
                r.year.to_string().into(),
                status_label(r.status).into(),
                r.progress.map(|p| p.to_string()).unwrap_or_default().into(),
                r.review_state.into(),
                r.achievements.into(),
                r.challenges.into(),
                r.next_steps.into(),
                evidence(&r.evidence).into(),
                r.tags.join(", ").into(),
                r.author.into(),
                r.created_at.into(),
                r.updated_at.into(),
                r.updated_by.into(),
                c.description.as_str().into(),
                if inferred { "yes" } else { "no" }.into(),
            ];
            // Borrowed unless a cell needs its formula mark: no copy of each narrative.
            let cells = fields.each_ref().map(|f| neutralise(f));
            w.write_record(cells.iter().map(|c| c.as_bytes()))
                .map_err(csv_err)?;
            rows += 1;
            Ok(())
        })
    })?;
    w.flush().map_err(io)?;
    Ok(rows)
}
