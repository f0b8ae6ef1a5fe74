//! Commissioning notes in the admin: the list, create, edit, delete;
//! validation beside each field, a provider of the same county only,
//! optimistic locking, another county's notes, suspended counties, audit;
//! and internal notes that never reach a public response.
//!
//! The tests sit beside this file by subject; this file keeps the helpers
//! they share.

mod editing;
mod escaping;
mod internal_notes;
mod locking;
mod other_county;
mod pages;
mod suspended;
mod validation;

use axum::http::StatusCode;
use domain::CountyStatus;
use integration_tests::{
    ATTRIBUTE, AuditView, Form, SCRIPT, TestApp, assert_refused_beside, both_backends,
    carries_markup, form_controls, hidden_field as hidden, list_rows, page_title,
};
use persistence::repo::{commissioning, counties, providers};

const SERVICE: &str = "CSE support for young people";

/// The fields a person types freely.
const FREE_TEXT: [&str; 4] = [
    "service",
    "legal_basis",
    "public_statement",
    "internal_notes",
];

/// Refuses the form on create and on update, with the message beside
/// `field` and in the summary, writing nothing. Returns the message.
async fn assert_refused(app: &TestApp, form: &Form, field: &str) -> String {
    let (_, mut editor) = app
        .with_county("derbyshire")
        .with_provider("Safe and Sound")
        .with_editor()
        .await;
    let id = editor.create_note("derbyshire", &Form::note(SERVICE)).await;
    let before = app.snapshot().await;

    let created = editor.post("/admin/derbyshire/notes", &form.pairs()).await;
    let updated = editor.update_note("derbyshire", &id, form, "1").await;

    let mut messages = Vec::new();
    for (what, res) in [("create", &created), ("update", &updated)] {
        let message = assert_refused_beside(res, field, what);
        assert!(
            res.body
                .contains(&format!("aria-describedby=\"{field}-hint {field}-error\"")),
            "{what}: the message is linked to the field"
        );
        messages.push(message);
    }
    assert_eq!(
        hidden(&updated.body, "version").as_deref(),
        Some("1"),
        "the edit keeps the version it was based on"
    );
    assert_eq!(app.snapshot().await, before, "nothing written");
    messages.swap_remove(0)
}

/// Every note route of `county` with note `id`: (method, path).
fn note_routes(county: &str, id: &str) -> Vec<(&'static str, String)> {
    vec![
        ("GET", format!("/admin/{county}/notes/{id}")),
        ("POST", format!("/admin/{county}/notes/{id}")),
        ("GET", format!("/admin/{county}/notes/{id}/delete")),
        ("POST", format!("/admin/{county}/notes/{id}/delete")),
    ]
}
