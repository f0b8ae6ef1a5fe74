//! Deleting a commissioning note, after a confirmation step.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::Response;
use persistence::begin_write;
use web::EmptyForm;
use web::views::AdminChrome;
use web::{AppError, AppState, ClientAddr, CsrfForm};

use super::{event, note_of, repo, today};
use crate::County;
use crate::view::county_chrome;
use crate::write::{Written, finish};

#[derive(Template, WebTemplate)]
#[template(path = "admin/notes_delete.html")]
pub(super) struct DeletePage {
    chrome: AdminChrome,
    csrf_token: String,
    county_name: String,
    slug: String,
    id: String,
    service: String,
    current: bool,
}

/// GET /admin/{t}/notes/{id}/delete: ask before deleting.
pub(super) async fn delete_note_form(
    State(state): State<AppState>,
    county: County,
    Path((_, id)): Path<(String, String)>,
) -> Result<DeletePage, AppError> {
    let note = note_of(&state, &county, &id).await?;
    county.require_writable()?;
    Ok(DeletePage {
        chrome: county_chrome(&county).await?,
        csrf_token: county.current.csrf_token.clone(),
        county_name: county.tenant.name.clone(),
        slug: county.tenant.slug.clone(),
        id: note.id.to_string(),
        current: note.is_current(today()),
        service: note.fields.service,
    })
}

/// POST /admin/{t}/notes/{id}/delete: delete the note.
pub(super) async fn delete_note(
    State(state): State<AppState>,
    county: County,
    client: ClientAddr,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(EmptyForm {}): CsrfForm<EmptyForm>,
) -> Result<Response, AppError> {
    let note = note_of(&state, &county, &id).await?;
    county.require_writable()?;
    let txn = begin_write(&state.db).await?;
    repo::delete(&txn, county.tenant.id, note.id).await?;
    let service = &note.fields.service;
    let mut e = event(&county, "note.delete", &note, client);
    e.summary = format!("deleted the commissioning note {service}");
    let written = Written {
        event: e,
        flash: format!("The commissioning note {service} was deleted."),
        next: format!("/admin/{}/notes", county.tenant.slug),
    };
    finish(txn, &county.current.session, written).await
}
