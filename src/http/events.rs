//! Change notices: after every successful command that changes what others see, one notice
//! goes to every open `GET /events` stream (server-sent events), so a colleague's list,
//! dashboard or report refreshes. Emitted by [`run_command`], the one wrapper around
//! [`api::dispatch`] that both servers call: no command emits its own.

use std::convert::Infallible;
use std::sync::Arc;

use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use serde::Serialize;
use serde_json::Value;
use tokio::sync::broadcast;

use crate::api;
use crate::app::App;
use crate::domain::Caller;
use crate::error::Error;
use crate::services::access::RuleKind;

/// Comment lines sent while nothing happens, so proxies and browsers keep the stream open
/// (most proxies close an idle connection after 60 s).
pub const KEEP_ALIVE: std::time::Duration = std::time::Duration::from_secs(20);

/// Notices a slow reader may fall behind by before it is told to refetch everything.
const BACKLOG: usize = 256;

/// What a change concerns (the `entity` of a notice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Entity {
    Report,
    Commitment,
    Framework,
    Cycle,
    Assignment,
    User,
    Settings,
}

/// What a command's success tells others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// It changed this kind of record.
    Change(Entity),
    /// An import: a change when applied (`"apply": true`), nothing when previewed.
    Import(Entity),
    /// Nothing others see changed: it reads under a stricter rule (`list_users`), or writes
    /// only the caller's own things (an autosaved draft), or runs only on one computer.
    Quiet,
}

/// The notice of every command whose rule is not `Read` (None: a command this table does
/// not know yet; a test fails until it is added here).
pub fn notice_of(cmd: &str) -> Option<Notice> {
    use Entity::*;
    Some(match cmd {
        "create_framework" | "update_framework" => Notice::Change(Framework),
        "import_framework" => Notice::Import(Framework),
        "create_commitment" | "update_commitment" | "retire_commitment" | "restore_commitment" => {
            Notice::Change(Commitment)
        }
        "import_catalogue" => Notice::Import(Commitment),
        "create_report" | "update_report" | "set_report" | "submit_report" | "approve_report"
        | "return_report" | "reopen_report" | "restore_revision" => Notice::Change(Report),
        "import_bundle" | "import_reports" | "sync_push" => Notice::Import(Report),
        "assign_commitment" | "unassign_commitment" => Notice::Change(Assignment),
        "add_user" | "set_user_role" | "disable_user" | "enable_user" | "reset_password" => {
            Notice::Change(User)
        }
        "set_server_settings" => Notice::Change(Settings),
        "open_cycle" => Notice::Change(Cycle),
        "autosave_put" | "list_users" | "account_history" | "list_backups" | "create_backup"
        | "set_identity" | "restore_backup" | "link_server" | "link_server_sso" | "sync_now"
        | "resolve_sync" | "unlink_server" => Notice::Quiet,
        _ => return None,
    })
}

/// One change notice: `event: change`, data `{"command", "entity", "id"}` (`id`: the UUID of
/// the record changed, or of the commitment whose assignments changed; null for imports).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub command: String,
    pub entity: Entity,
    pub id: Option<String>,
}

/// The server's notice board: every open stream reads what is posted.
#[derive(Debug, Clone)]
pub struct Events(broadcast::Sender<Change>);

impl Default for Events {
    fn default() -> Self {
        Events(broadcast::channel(BACKLOG).0)
    }
}

impl Events {
    fn post(&self, change: Change) {
        // No open stream is not an error.
        let _ = self.0.send(change);
    }

    /// A new reader, from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Change> {
        self.0.subscribe()
    }
}

/// Runs one command for `caller` on a blocking thread and, when it succeeded and changed what
/// others see, posts its notice. The one place both servers call the command table.
pub async fn run_command(
    app: Arc<App>,
    events: &Events,
    caller: Caller,
    cmd: String,
    args: Value,
) -> Result<Value, Error> {
    let notice = match api::rule_kind(&cmd) {
        Some(RuleKind::Read) | None => None,
        Some(_) => notice_of(&cmd),
    };
    let applied = args.get("apply") == Some(&Value::Bool(true));
    let commitment = args
        .get("commitment")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let command = cmd.clone();
    let value = super::blocking(move || api::dispatch(&app, &caller, &cmd, args)).await?;
    let entity = match notice {
        Some(Notice::Change(e)) => Some(e),
        Some(Notice::Import(e)) if applied => Some(e),
        _ => None,
    };
    if let Some(entity) = entity {
        let id = match entity {
            Entity::Assignment => commitment,
            _ => value.get("id").and_then(Value::as_str).map(str::to_owned),
        };
        events.post(Change {
            command,
            entity,
            id,
        });
    }
    Ok(value)
}

/// The SSE form of a notice.
fn event(change: &Change) -> Event {
    Event::default()
        .event("change")
        .data(serde_json::to_string(change).unwrap_or_default())
}

/// A stream of notices from `rx` that ends when `still_valid` (asked about once a minute)
/// says the reader's session or token has ended. A reader that fell behind gets
/// `event: resync` (refetch everything) instead of the notices it missed.
pub fn stream<F, Fut>(
    rx: broadcast::Receiver<Change>,
    still_valid: F,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>>
where
    F: Fn() -> Fut + Send + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    const CHECK_EVERY: std::time::Duration = std::time::Duration::from_secs(60);
    let start = tokio::time::Instant::now() + CHECK_EVERY;
    let s = futures_util::stream::unfold(
        (rx, still_valid, start),
        |(mut rx, still_valid, mut check_at)| async move {
            loop {
                tokio::select! {
                    got = rx.recv() => {
                        let ev = match got {
                            Ok(change) => event(&change),
                            Err(broadcast::error::RecvError::Lagged(_)) => {
                                Event::default().event("resync").data("{}")
                            }
                            Err(broadcast::error::RecvError::Closed) => return None,
                        };
                        return Some((Ok(ev), (rx, still_valid, check_at)));
                    }
                    _ = tokio::time::sleep_until(check_at) => {
                        if !still_valid().await {
                            return None;
                        }
                        check_at = tokio::time::Instant::now() + CHECK_EVERY;
                    }
                }
            }
        },
    );
    Sse::new(s).keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
}
