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
use domain::{Provider, Tenant};
use integration_tests::{
    TestApp, TestClient, TestResponse, both_backends, field_error, hidden_field, visible_text,
};
use persistence::repo::{categories, commissioning, pages, providers};
use time::OffsetDateTime;

fn page_form<'a>(title: &'a str, slug: &'a str, body: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", title),
        ("slug", slug),
        ("summary", "A page for testing"),
        ("body", body),
        ("nav_position", ""),
    ]
}

/// Creates a page through the form and returns its edit path.
async fn create(client: &mut TestClient, county: &str, fields: &[(&str, &str)]) -> String {
    let res = client.post(&format!("/admin/{county}/pages"), fields).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let location = res.location().expect("a Location").to_owned();
    let id = location
        .strip_prefix(&format!("/admin/{county}/pages/"))
        .unwrap_or_else(|| panic!("{location} is not an edit page"));
    assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
    location
}

/// The page's current version, read from its edit form.
async fn version(client: &mut TestClient, edit: &str) -> String {
    let res = client.get(edit).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    hidden_field(&res.body, "version").expect("a version field")
}

async fn act(client: &mut TestClient, edit: &str, action: &str) -> TestResponse {
    let v = version(client, edit).await;
    client
        .post(&format!("{edit}/{action}"), &[("version", &v)])
        .await
}

async fn save(client: &mut TestClient, edit: &str, fields: &[(&str, &str)]) -> TestResponse {
    let v = version(client, edit).await;
    let mut fields = fields.to_vec();
    fields.push(("version", &v));
    client.post(edit, &fields).await
}

async fn add_provider(app: &TestApp, tenant: &Tenant, raw: RawProvider) -> Provider {
    let fields = validate(&RawProvider {
        status: "published".to_owned(),
        ..raw
    })
    .unwrap_or_else(|e| panic!("invalid fixture: {e:?}"));
    providers::create(&app.db, tenant.id, &fields, None)
        .await
        .unwrap()
}

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
