//! The admin side of providers and categories: the list, create, edit,
//! delete, mark as reviewed; validation, escaping, optimistic locking and
//! the race between concurrent saves; another county's providers; audit.
//!
//! The tests sit beside this file by subject; this file keeps the helpers
//! they share.

mod category_admin;
mod editing;
mod escaping;
mod list;
mod locking;
mod navigation;
mod refusals;
mod review;
mod validation;

use axum::http::StatusCode;
use domain::{County, CountyStatus};
use integration_tests::{
    ATTRIBUTE, AuditView, Form, NewProvider, SCRIPT, TestApp, assert_refused_beside, both_backends,
    carries_markup, field_error, form_controls, hidden_field as hidden, list_rows, page_title,
    summary_lists,
};
use persistence::repo::{categories, counties, providers};
use time::macros::datetime;

/// The text fields a person types freely (everything else is checked).
const FREE_TEXT: [&str; 7] = [
    "name",
    "summary",
    "description",
    "address",
    "area",
    "eligibility",
    "hours_note",
];

/// Every field that takes text.
const TEXT_FIELDS: [&str; 16] = [
    "name",
    "slug",
    "summary",
    "description",
    "phone",
    "email",
    "website",
    "address",
    "area",
    "min_age",
    "max_age",
    "eligibility",
    "categories",
    "opening_hours",
    "hours_note",
    "status",
];

/// Refuses the form on create and on update, with the message beside
/// `field` and in the summary, writing nothing.
async fn assert_refused(app: &TestApp, form: &Form, field: &str) {
    let (_, mut editor) = app.with_county("derbyshire").with_editor().await;
    let id = editor
        .create_provider("derbyshire", &Form::provider("Safe and Sound"))
        .await;
    let before = app.snapshot().await;

    let created = editor
        .post("/admin/derbyshire/providers", &form.pairs())
        .await;
    let updated = editor.update_provider("derbyshire", &id, form, "1").await;

    for (what, res) in [("create", &created), ("update", &updated)] {
        assert_refused_beside(res, field, what);
        assert!(
            res.body
                .contains(&format!("aria-describedby=\"{field}-hint {field}-error\""))
                || res
                    .body
                    .contains(&format!("aria-describedby=\"{field}-error\"")),
            "{what}: the message is linked to the field"
        );
    }
    assert_eq!(
        hidden(&updated.body, "version").as_deref(),
        Some("1"),
        "the edit keeps the version it was based on"
    );
    assert_eq!(app.snapshot().await, before, "nothing written");
}

/// Every provider route of `county` with provider `id`: (method, path).
fn provider_routes(county: &str, id: &str) -> Vec<(&'static str, String)> {
    vec![
        ("GET", format!("/admin/{county}/providers/{id}")),
        ("POST", format!("/admin/{county}/providers/{id}")),
        ("GET", format!("/admin/{county}/providers/{id}/delete")),
        ("POST", format!("/admin/{county}/providers/{id}/delete")),
        ("POST", format!("/admin/{county}/providers/{id}/review")),
    ]
}

/// The id of the county's category with this slug.
async fn category_id(app: &TestApp, county: &County, slug: &str) -> domain::CategoryId {
    categories::list(&app.db, county.id)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.slug == slug)
        .expect("the category exists")
        .id
}

fn path_of(id: &str) -> String {
    format!("/admin/derbyshire/providers/{id}")
}
