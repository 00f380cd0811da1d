//! The review workflow: Draft → Submitted → Approved, or Submitted → Returned → Draft again;
//! Approved → Draft by a coordinator's reopening. Separate from implementation status.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::actor::{Actor, Role};
use super::report::ReviewState;
use crate::error::Error;

/// A request to move a report along the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub enum ReviewAction {
    Submit,
    Approve,
    Return,
    Reopen,
}

impl ReviewAction {
    /// The verb, for messages and the audit log.
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewAction::Submit => "submit",
            ReviewAction::Approve => "approve",
            ReviewAction::Return => "return",
            ReviewAction::Reopen => "reopen",
        }
    }
}

/// One recorded transition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReviewEvent {
    pub id: String,
    pub from_state: ReviewState,
    pub to_state: ReviewState,
    pub actor: String,
    pub role: Role,
    pub comment: Option<String>,
    pub created_at: String,
    /// The signed-in account (a team server); None on one computer.
    pub actor_id: Option<String>,
}

/// The state `action` leads to from `from`, if the actor may take it; the comment is required
/// to return (what to fix) and to reopen (why).
pub fn transition(
    from: ReviewState,
    action: ReviewAction,
    actor: &Actor,
    comment: Option<&str>,
) -> Result<ReviewState, Error> {
    use ReviewAction as A;
    use ReviewState as S;
    let needs_coordinator = matches!(action, A::Approve | A::Return | A::Reopen);
    if needs_coordinator && !actor.role.may_review() {
        return Err(Error::Forbidden(format!(
            "only a coordinator may {} a report",
            action.as_str()
        )));
    }
    let to = match (action, from) {
        (A::Submit, S::Draft | S::Returned) => S::Submitted,
        (A::Approve, S::Submitted) => S::Approved,
        (A::Return, S::Submitted) => S::Returned,
        (A::Reopen, S::Approved) => S::Draft,
        _ => {
            return Err(Error::Locked(format!(
                "a report that is {} cannot be {}",
                from.as_str().to_lowercase(),
                match action {
                    A::Submit => "submitted",
                    A::Approve => "approved",
                    A::Return => "returned",
                    A::Reopen => "reopened",
                }
            )))
        }
    };
    let has_comment = comment.is_some_and(|c| !c.trim().is_empty());
    if matches!(action, A::Return | A::Reopen) && !has_comment {
        return Err(Error::validation(
            "comment",
            match action {
                A::Return => "say what needs to change: a comment is required to return a report",
                _ => "give the reason: a comment is required to reopen an approved report",
            },
        ));
    }
    Ok(to)
}
