//! Progress and cancellation of a long export or import, shared with whoever shows it.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Error;

/// A running job's counters. Cheap to check on every row.
#[derive(Debug, Default)]
pub struct Job {
    cancelled: AtomicBool,
    done: AtomicU64,
    total: AtomicU64,
}

/// A job's progress as the UI sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
    pub cancelled: bool,
}

impl Job {
    /// A job nobody watches.
    pub fn unwatched() -> Job {
        Job::default()
    }

    /// Asks the job to stop at its next row.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    /// Whether someone asked the job to stop.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// Sets how many rows there are.
    pub fn set_total(&self, total: u64) {
        self.total.store(total, Ordering::Relaxed);
    }

    /// Counts one row done; fails if the job was cancelled.
    pub fn tick(&self) -> Result<(), Error> {
        if self.cancelled.load(Ordering::Relaxed) {
            return Err(Error::Cancelled);
        }
        self.done.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Where it stands.
    pub fn progress(&self) -> Progress {
        Progress {
            done: self.done.load(Ordering::Relaxed),
            total: self.total.load(Ordering::Relaxed),
            cancelled: self.cancelled.load(Ordering::Relaxed),
        }
    }
}
