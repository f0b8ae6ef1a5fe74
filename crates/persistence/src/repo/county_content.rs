//! A county's whole content at once, for the county document (`cms export`,
//! `cms import`): read every provider, category, page with all its
//! revisions, and note; and write them back, ids, versions and times kept,
//! into an empty county.
//!
//! County-scoped like every repository: each call takes the county, and the
//! keys written are `(tenant_id, id)`, so the same ids may live in another
//! county. The writes here bump nothing: the caller runs them in one
//! transaction and bumps the county's `content_version` once.
//!
//! `read` holds the reads and `write` the writes.

mod read;
mod write;

pub use read::{StoredPage, StoredRevision, counts, notes, pages, providers, snapshot};
pub use write::{insert_note, insert_page, insert_provider, replace_categories, set_settings};
