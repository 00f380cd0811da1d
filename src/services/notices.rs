//! E-mail notices of a team server: a focal point hears when a report of theirs is returned
//! and 14 and 3 days before a deadline; coordinators hear when a report is submitted.
//!
//! What is due is computed from the database at each pass (the review history, assignments,
//! accounts and reporting cycles), so a notice owed while the server was down goes out at the
//! next pass. Each notice has a key (`returned:<event>:<account>`,
//! `submitted:<event>:<account>`, `deadline:<year>:<14|3>:<account>`), one per recipient, so
//! one refused address does not hold back the others.
//!
//! Delivery is at most once, with retries of the failures that are seen: a pass records the
//! keys of the notices it chose in `notices_sent` in the same transaction as choosing them,
//! then sends; a notice whose sending fails has its key removed again, so the next pass
//! retries it. Two senders (the server's thread and a `ct notices send` from cron, or two
//! servers on one database) thus never both send a notice: the second finds the key taken.
//! The price is that a process killed between the commit and the send loses those notices;
//! marking after sending instead would send them twice after such a crash, and a duplicate
//! reminder in every colleague's inbox is worse than a lost one that "My work" shows anyway.
//!
//! Only review events from the first pass on count: the first pass on a database records its
//! time (`notices.since` in `server_settings`), so turning SMTP on does not mail years of
//! history. A notice about an event is sent only while the event is still its report's latest
//! (a report returned and already resubmitted needs no "returned" e-mail any more), and never
//! to the person who made it.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use chrono::{NaiveDate, SecondsFormat, Utc};
use serde::Serialize;

use crate::domain::{ReviewState, Role};
use crate::error::Error;
use crate::mail::{Email, Mailer};
use crate::services::notice_texts::{self, DueItem, Letter};
use crate::store::notices::{CommitmentRef, Recipient, ReviewNotice};
use crate::store::{self, Conn, Store};

/// The `server_settings` key of when notices started on this database (RFC 3339, UTC).
pub const SINCE_KEY: &str = "notices.since";

/// How often the team server looks for notices to send.
pub const INTERVAL: Duration = Duration::from_secs(5 * 60);

/// What a notice is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NoticeKind {
    /// A report was returned (to its focal points).
    Returned,
    /// A report was submitted (to the coordinators).
    Submitted,
    /// A deadline is 14 or 3 days away (to focal points with reports not submitted).
    Deadline,
}

impl NoticeKind {
    /// The name, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::Returned => "returned",
            NoticeKind::Submitted => "submitted",
            NoticeKind::Deadline => "deadline",
        }
    }
}

/// Which reminder before a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reminder {
    TwoWeeks,
    ThreeDays,
}

impl Reminder {
    /// Days before the deadline.
    pub fn days(self) -> i64 {
        match self {
            Reminder::TwoWeeks => 14,
            Reminder::ThreeDays => 3,
        }
    }

    /// The reminder due `today` for a deadline (inclusive) on `deadline`: the 3-day one from 3
    /// days before until the day itself, the 14-day one from 14 days before until the 3-day
    /// one is due (so a pass after a day of downtime still sends it, but never a stale
    /// 14-day one in the last 3 days); none before, or once the deadline has passed.
    pub fn due(deadline: NaiveDate, today: NaiveDate) -> Option<Reminder> {
        match (deadline - today).num_days() {
            left if left < 0 => None,
            left if left <= Reminder::ThreeDays.days() => Some(Reminder::ThreeDays),
            left if left <= Reminder::TwoWeeks.days() => Some(Reminder::TwoWeeks),
            _ => None,
        }
    }
}

/// One e-mail owed to one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// Its key in `notices_sent`.
    pub key: String,
    pub kind: NoticeKind,
    pub email: Email,
}

/// A notice as `ct notices send` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NoticeLine {
    pub key: String,
    pub kind: NoticeKind,
    /// The recipient's address.
    pub to: String,
    pub subject: String,
    /// Why it was not sent (failed notices only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl NoticeLine {
    fn of(n: &Notice, error: Option<String>) -> Self {
        NoticeLine {
            key: n.key.clone(),
            kind: n.kind,
            to: n.email.to_address.clone(),
            subject: n.email.subject.clone(),
            error,
        }
    }
}

/// What one pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Pass {
    /// Nothing was sent or recorded: `sent` lists what would have been.
    pub dry_run: bool,
    pub sent: Vec<NoticeLine>,
    /// Not sent; tried again at the next pass.
    pub failed: Vec<NoticeLine>,
}

impl Pass {
    /// An error saying what failed (for an exit code), if anything did.
    pub fn error(&self) -> Option<Error> {
        let first = self.failed.first()?;
        Some(Error::Mail(format!(
            "{} of {} notices could not be sent ({}); they will be tried again at the next run",
            self.failed.len(),
            self.failed.len() + self.sent.len(),
            first.error.as_deref().unwrap_or("unknown reason")
        )))
    }
}

/// Where links in notices point.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoticeOptions {
    /// The server's public address (`https://tracker.example.org`): links in notices start
    /// with it. None: notices carry no links.
    pub public_url: Option<String>,
}

impl NoticeOptions {
    fn base(&self) -> Option<&str> {
        self.public_url
            .as_deref()
            .map(|u| u.trim().trim_end_matches('/'))
            .filter(|u| !u.is_empty())
    }

    /// The UI's address of a report: `<public URL>/#/commitments/<org>/<id>/reports/<year>`
    /// (`ui/src/addresses.ts`).
    fn report_url(&self, c: &CommitmentRef, year: i32) -> Option<String> {
        self.base().map(|base| {
            format!(
                "{base}/#/commitments/{}/{}/reports/{year}",
                component(&c.organisation),
                component(&c.commitment_id)
            )
        })
    }

    fn my_work_url(&self) -> Option<String> {
        self.base().map(|base| format!("{base}/#/my-work"))
    }
}

/// A path segment percent-encoded as `encodeURIComponent` does (UTF-8 bytes, unreserved
/// characters kept).
fn component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn now_text() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// The notices owed now that were not sent, without sending or recording anything (a dry
/// run). Before the first real pass on a database, no review event counts yet.
pub fn pending(store: &Store, options: &NoticeOptions) -> Result<Vec<Notice>, Error> {
    let now = now_text();
    store.read(|conn| {
        let since = store::server_settings::get(conn, SINCE_KEY)?.unwrap_or_else(|| now.clone());
        let mut out = Vec::new();
        for n in due(conn, today(), &since, options)? {
            if !store::notices::is_sent(conn, &n.key)? {
                out.push(n);
            }
        }
        Ok(out)
    })
}

/// [`pending`] as a dry-run [`Pass`].
pub fn dry_run(store: &Store, options: &NoticeOptions) -> Result<Pass, Error> {
    Ok(Pass {
        dry_run: true,
        sent: pending(store, options)?
            .iter()
            .map(|n| NoticeLine::of(n, None))
            .collect(),
        failed: Vec::new(),
    })
}

/// One pass: records and sends every notice owed now (see the module's comment for the
/// order). A notice whose sending fails is forgotten again and listed in `failed`; when the
/// server cannot be reached at all, the pass stops at the first failure and the rest wait
/// for the next pass too.
///
/// Errors: storage errors only (choosing, or forgetting failed notices); sending failures are
/// in the [`Pass`] (see [`Pass::error`]).
pub fn send_due(store: &Store, mailer: &Mailer, options: &NoticeOptions) -> Result<Pass, Error> {
    let now = now_text();
    let claimed = store.write(|tx| {
        let since = match store::server_settings::get(tx, SINCE_KEY)? {
            Some(since) => since,
            None => {
                store::server_settings::put(tx, SINCE_KEY, &now)?;
                now.clone()
            }
        };
        let mut claimed = Vec::new();
        for n in due(tx, today(), &since, options)? {
            if store::notices::claim(tx, &n.key, &now)? {
                claimed.push(n);
            }
        }
        Ok(claimed)
    })?;

    let mut pass = Pass::default();
    let mut unsent: Vec<Notice> = Vec::new();
    let mut queue = claimed.into_iter();
    while let Some(n) = queue.next() {
        match mailer.send(&n.email) {
            Ok(()) => pass.sent.push(NoticeLine::of(&n, None)),
            Err(failure) => {
                pass.failed
                    .push(NoticeLine::of(&n, Some(failure.message.clone())));
                unsent.push(n);
                if failure.server_down {
                    for rest in queue.by_ref() {
                        pass.failed
                            .push(NoticeLine::of(&rest, Some(failure.message.clone())));
                        unsent.push(rest);
                    }
                }
            }
        }
    }
    if !unsent.is_empty() {
        store.write(|tx| {
            for n in &unsent {
                store::notices::release(tx, &n.key)?;
            }
            Ok(())
        })?;
    }
    Ok(pass)
}

/// Runs a pass now and then every `interval`, for ever, saying on standard error what was
/// sent and what failed. A failed pass (the database or the mail server down) is simply
/// tried again at the next one.
pub fn run_forever(
    store: &Store,
    mailer: &Mailer,
    options: &NoticeOptions,
    interval: Duration,
) -> ! {
    loop {
        match send_due(store, mailer, options) {
            Ok(pass) => {
                for n in &pass.sent {
                    eprintln!("notice sent: {} to {}: {}", n.key, n.to, n.subject);
                }
                if let Some(e) = pass.error() {
                    eprintln!("notices: {e}");
                }
            }
            Err(e) => eprintln!("notices: this pass failed and is tried again later: {e}"),
        }
        std::thread::sleep(interval);
    }
}

/// Starts [`run_forever`] on a thread of its own (named `notices`), every `interval`
/// ([`INTERVAL`] on a team server). `holder` is what owns the store: the server's
/// `Arc<App>`, or an `Arc<Store>`.
///
/// Errors: `Io` when the thread cannot be started.
pub fn spawn<H>(
    holder: Arc<H>,
    mailer: Mailer,
    options: NoticeOptions,
    interval: Duration,
) -> Result<JoinHandle<()>, Error>
where
    H: AsRef<Store> + Send + Sync + 'static,
{
    std::thread::Builder::new()
        .name("notices".to_owned())
        .spawn(move || run_forever((*holder).as_ref(), &mailer, &options, interval))
        .map_err(|e| Error::io("the notices thread", e))
}

/// Every notice owed on `today` for events since `since`, sent or not.
fn due(
    conn: &Conn<'_>,
    today: NaiveDate,
    since: &str,
    options: &NoticeOptions,
) -> Result<Vec<Notice>, Error> {
    let mut out = Vec::new();
    for e in store::notices::latest_events_to(conn, ReviewState::Returned, since)? {
        let url = options.report_url(&e.commitment, e.year);
        for to in recipients(store::notices::assignees(conn, &e.commitment.id)?, &e) {
            let letter = notice_texts::returned(
                &to.name,
                &e.commitment,
                e.year,
                &e.actor,
                e.comment.as_deref(),
                url.clone(),
            );
            out.push(notice(
                NoticeKind::Returned,
                format!("returned:{}:{}", e.event_id, to.id),
                &to,
                letter,
            ));
        }
    }
    let submitted = store::notices::latest_events_to(conn, ReviewState::Submitted, since)?;
    if !submitted.is_empty() {
        // Coordinators review; where there is none yet, the admins hear of it.
        let mut reviewers = store::notices::with_role(conn, Role::Coordinator)?;
        if reviewers.is_empty() {
            reviewers = store::notices::with_role(conn, Role::Admin)?;
        }
        for e in submitted {
            let url = options.report_url(&e.commitment, e.year);
            for to in recipients(reviewers.clone(), &e) {
                let letter =
                    notice_texts::submitted(&to.name, &e.commitment, e.year, &e.actor, url.clone());
                out.push(notice(
                    NoticeKind::Submitted,
                    format!("submitted:{}:{}", e.event_id, to.id),
                    &to,
                    letter,
                ));
            }
        }
    }
    for cycle in store::cycles::list(conn)? {
        let Ok(deadline) = NaiveDate::parse_from_str(&cycle.deadline, "%Y-%m-%d") else {
            continue;
        };
        let Some(reminder) = Reminder::due(deadline, today) else {
            continue;
        };
        let mut by_user: BTreeMap<String, (Recipient, Vec<DueItem<'_>>)> = BTreeMap::new();
        let open = store::notices::unsubmitted_assignments(conn, cycle.year)?;
        for a in &open {
            by_user
                .entry(a.user.id.clone())
                .or_insert_with(|| (a.user.clone(), Vec::new()))
                .1
                .push(DueItem {
                    commitment: &a.commitment,
                    state: a.state,
                    url: options.report_url(&a.commitment, cycle.year),
                });
        }
        for (user_id, (to, items)) in by_user {
            let letter = notice_texts::deadline(
                &to.name,
                cycle.year,
                deadline,
                (deadline - today).num_days(),
                &items,
                options.my_work_url(),
            );
            out.push(notice(
                NoticeKind::Deadline,
                format!("deadline:{}:{}:{user_id}", cycle.year, reminder.days()),
                &to,
                letter,
            ));
        }
    }
    Ok(out)
}

/// The people to tell of an event: not the one who made it.
fn recipients(people: Vec<Recipient>, e: &ReviewNotice) -> Vec<Recipient> {
    people
        .into_iter()
        .filter(|p| e.actor_id.as_deref() != Some(p.id.as_str()))
        .collect()
}

fn notice(kind: NoticeKind, key: String, to: &Recipient, letter: Letter) -> Notice {
    Notice {
        key,
        kind,
        email: Email {
            to_name: to.name.clone(),
            to_address: to.email.clone(),
            text: letter.text(),
            html: letter.html(),
            subject: letter.subject,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_reminder_due_depends_on_the_days_left() {
        let deadline = day("2026-12-31");
        let due = |today: &str| Reminder::due(deadline, day(today));
        assert_eq!(due("2026-12-01"), None, "30 days before");
        assert_eq!(due("2026-12-16"), None, "15 days before");
        assert_eq!(due("2026-12-17"), Some(Reminder::TwoWeeks));
        // A pass after downtime still sends the 14-day reminder...
        assert_eq!(due("2026-12-20"), Some(Reminder::TwoWeeks));
        // ...but not once the 3-day one is due.
        assert_eq!(due("2026-12-28"), Some(Reminder::ThreeDays));
        assert_eq!(
            due("2026-12-31"),
            Some(Reminder::ThreeDays),
            "the day itself"
        );
        assert_eq!(due("2027-01-01"), None, "passed");
    }

    #[test]
    fn links_follow_the_ui_s_addresses() {
        let o = NoticeOptions {
            public_url: Some("https://ct.example.org/".into()),
        };
        let c = CommitmentRef {
            id: "x".into(),
            commitment_id: "2 0/9é".into(),
            organisation: "IOM".into(),
            title: String::new(),
        };
        assert_eq!(
            o.report_url(&c, 2026).as_deref(),
            Some("https://ct.example.org/#/commitments/IOM/2%200%2F9%C3%A9/reports/2026")
        );
        assert_eq!(NoticeOptions::default().report_url(&c, 2026), None);
    }
}
