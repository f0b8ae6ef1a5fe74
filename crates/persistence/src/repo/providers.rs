//! Providers. Every call takes the county; the key is `(tenant_id, id)`.
//!
//! One file per concern: `stored` turns rows into providers and fields into
//! rows and category links (for the form and the CSV import alike), `read`
//! finds them, `list` is the admin list, `write` creates, updates, reviews
//! and deletes one, and `bulk` serves the CSV import and export.

mod bulk;
mod list;
mod read;
mod stored;
mod write;

pub use bulk::{all, create_quietly, update_quietly};
pub use list::{ListPage, ListQuery, Sort, list};
pub use read::{
    ReviewCandidate, find, find_by_slug, published, reviewed_before, unknown_categories,
};
pub(crate) use stored::hydrate;
pub use write::{create, delete, mark_reviewed, update};
