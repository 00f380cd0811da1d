//! CSV export: RFC 4180, UTF-8 (optionally with a byte-order mark, which Excel needs to read
//! UTF-8), one row per report with every field and its commitment's metadata.
//!
//! Two threads share the work: this one reads the database and lays each row's cells end to
//! end in a batch; a second one quotes the batches and writes them. Reading is ~60% of the
//! time and quoting plus writing ~30%, so on two cores the export takes about as long as the
//! reading alone (0.60 → 0.49 s for 50,000 reports, with the SIMD UTF-8 check).

use std::borrow::Cow;
use std::io::Write;
use std::ops::Range;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

use super::cells::{evidence, links, neutralise, status_label, REPORT_COLUMNS};
use super::{ExportScope, Job};
use crate::error::Error;
use crate::store::{self, Store};

/// Rows handed to the writing thread at a time (~2 MB of narrative).
const BATCH_ROWS: usize = 1000;
/// Batches waiting to be written: bounds the memory the reader can run ahead by.
const BATCHES_IN_FLIGHT: usize = 4;

/// Cells laid end to end: `cells` holds `REPORT_COLUMNS.len()` ranges of `text` a row.
#[derive(Default)]
struct Batch {
    text: String,
    cells: Vec<Range<usize>>,
}

impl Batch {
    fn push(&mut self, cell: &str) {
        let start = self.text.len();
        self.text.push_str(cell);
        self.cells.push(start..self.text.len());
    }

    fn rows(&self) -> usize {
        self.cells.len() / REPORT_COLUMNS.len()
    }
}

/// Writes the scope's reports as CSV; returns the rows written.
pub fn write(
    store: &Store,
    scope: &ExportScope,
    bom: bool,
    job: &Job,
    out: &mut (dyn Write + Send),
) -> Result<u64, Error> {
    let (from, to) = scope.years()?;
    let (send, receive) = sync_channel::<Batch>(BATCHES_IN_FLIGHT);
    // Written batches come back to be filled again: no fresh memory to fault in each time.
    let (give_back, returned) = sync_channel::<Batch>(BATCHES_IN_FLIGHT + 1);
    std::thread::scope(|threads| {
        let writer = threads.spawn(move || write_batches(receive, give_back, bom, out));
        let read = store.read(|conn| {
            job.set_total(store::export::count_reports(conn, &scope.filter, from, to)?);
            let mut batch = Batch::default();
            store::export::for_each_report(conn, &scope.filter, from, to, |r| {
                job.tick()?;
                let c = r.commitment;
                let inferred = c.categories.iter().any(|(_, i)| *i);
                let fields: [Cow<'_, str>; 20] = [
                    c.commitment_id.as_str().into(),
                    c.organisation.as_str().into(),
                    c.kind.as_str().into(),
                    c.framework.as_str().into(),
                    links(&c.categories).into(),
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
                for f in &fields {
                    batch.push(&neutralise(f));
                }
                if batch.rows() == BATCH_ROWS {
                    // A closed channel means the writer failed: its error is reported below.
                    let next = returned.try_recv().unwrap_or_default();
                    if send.send(std::mem::replace(&mut batch, next)).is_err() {
                        return Err(Error::Cancelled);
                    }
                }
                Ok(())
            })?;
            // (An empty last batch is not worth a send.)
            if !batch.cells.is_empty() {
                let _ = send.send(batch);
            }
            Ok(())
        });
        drop(send);
        let written = writer.join().unwrap_or_else(|_| {
            Err(Error::io(
                "CSV export",
                std::io::Error::other("the writing thread stopped"),
            ))
        });
        // The writer's own failure explains a reader stopped by a closed channel.
        let rows = written?;
        read.map(|()| rows)
    })
}

/// Quotes and writes the batches as they come; returns the rows written.
fn write_batches(
    batches: Receiver<Batch>,
    give_back: SyncSender<Batch>,
    bom: bool,
    out: &mut (dyn Write + Send),
) -> Result<u64, Error> {
    let io = |e: std::io::Error| Error::io("CSV export", e);
    let csv_err = |e: ::csv::Error| Error::io("CSV export", e.into());
    if bom {
        out.write_all("\u{feff}".as_bytes()).map_err(io)?;
    }
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record(REPORT_COLUMNS).map_err(csv_err)?;
    let mut rows = 0u64;
    for mut batch in batches {
        for row in batch.cells.chunks_exact(REPORT_COLUMNS.len()) {
            w.write_record(row.iter().map(|r| &batch.text.as_bytes()[r.clone()]))
                .map_err(csv_err)?;
        }
        rows += batch.rows() as u64;
        batch.text.clear();
        batch.cells.clear();
        // (The reader may have finished and gone: then the batch is simply dropped.)
        let _ = give_back.try_send(batch);
    }
    w.flush().map_err(io)?;
    Ok(rows)
}
