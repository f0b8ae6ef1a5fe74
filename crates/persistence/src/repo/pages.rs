//! Content pages and their revisions. Every call takes the county; keys are
//! `(tenant_id, id)` for pages and `(tenant_id, page_id, number)` for
//! revisions.
//!
//! Every change of state is one conditional `UPDATE ... WHERE version = ?`
//! (`repo::versioned`), so of several concurrent changes from the same
//! version exactly one wins, and a scheduled publication is done once
//! however many servers try.
//! Writes that change what the public sees bump the county's
//! `content_version` in the same transaction.
//!
//! One file per concern: `hydrate` turns rows into pages, `read` finds them,
//! `write` changes one, and `scheduled` publishes what is due.

mod hydrate;
mod read;
mod scheduled;
mod write;

pub use read::{find, find_published, has_revision, list, navigation, revisions, with_drafts};
pub use scheduled::{Due, due, publish_due};
pub use write::{create, delete, discard_draft, publish, restore, save_draft, schedule, unpublish};
