//! Content pages: drafts, publishing, preview, revisions and differences,
//! restore, unpublish, scheduling (also with two servers on one database),
//! embeds from live data, validation, optimistic locking, other counties,
//! and internal notes that never reach a public page.
//!
//! The tests sit beside this file by subject; this file keeps the helpers
//! they share.

mod embeds;
mod publishing;
mod refusals;
mod revisions;

use axum::http::StatusCode;
use domain::provider::{RawProvider, validate};
use integration_tests::{Form, TestApp, both_backends, field_error, visible_text};
use persistence::repo::{categories, commissioning, pages, providers};
use time::OffsetDateTime;

/// The page id at the end of an edit path.
fn page_id(edit: &str) -> domain::PageId {
    edit.rsplit('/').next().unwrap().parse().unwrap()
}

async fn count_pages_and_revisions(app: &TestApp) -> (i64, i64, i64) {
    (
        app.count("SELECT COUNT(*) FROM pages").await,
        app.count("SELECT COUNT(*) FROM page_revisions").await,
        app.count("SELECT COUNT(*) FROM audit_events WHERE action NOT LIKE 'security.%'")
            .await,
    )
}
