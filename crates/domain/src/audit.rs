//! The audit log: what happened, who did it, where from.

use crate::{CountyId, UserId};
use time::OffsetDateTime;

/// An event to record. Append-only: once written it is never changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAuditEvent {
    /// `None` for platform events.
    pub county: Option<CountyId>,
    pub actor: Option<UserId>,
    /// Who acted, as shown in the log: an email, or the email typed at a
    /// failed sign-in, or "cli" for the command line.
    pub actor_label: String,
    /// A dotted name such as `login.success` or `user.disable`.
    pub action: String,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    /// Names of the fields a write changed.
    pub changed_fields: Vec<String>,
    pub summary: String,
    pub client_addr: Option<String>,
}

impl NewAuditEvent {
    /// An event with only the essentials set.
    #[must_use]
    pub fn new(action: &str, actor_label: &str) -> Self {
        Self {
            county: None,
            actor: None,
            actor_label: actor_label.to_owned(),
            action: action.to_owned(),
            object_type: None,
            object_id: None,
            changed_fields: Vec::new(),
            summary: String::new(),
            client_addr: None,
        }
    }
}

/// An event as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEvent {
    pub id: uuid::Uuid,
    pub county: Option<CountyId>,
    pub actor_label: String,
    pub action: String,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub changed_fields: Vec<String>,
    pub summary: String,
    pub client_addr: Option<String>,
    pub created_at: OffsetDateTime,
}
