//! Deleting a commissioning note, after a confirmation step.

use axum::extract::{Path, State};
use axum::response::Response;
use persistence::begin_write;
use web::{AppError, AppState};

use super::{event, note_of, repo, today};
use crate::CountyAccess;
use crate::button::CountyButton;
use crate::delete::{DeleteConfirm, DeleteWords, deleted};

/// GET /admin/{t}/notes/{id}/delete: ask before deleting.
pub(super) async fn delete_note_form(
    State(state): State<AppState>,
    county: CountyAccess,
    Path((_, id)): Path<(String, String)>,
) -> Result<DeleteConfirm, AppError> {
    let note = note_of(&state, &county, &id).await?;
    county.require_writable()?;
    let service = &note.fields.service;
    let current = if note.is_current(today()) {
        "It is current: its public statement will disappear from the public site at once. "
    } else {
        ""
    };
    let words = DeleteWords {
        title: format!("Delete the commissioning note {service}"),
        heading: format!("Are you sure you want to delete the commissioning note {service}?"),
        warning: format!(
            "{current}Deleting cannot be undone. The audit log keeps a record that it existed."
        ),
        button: format!("Yes, delete the note {service}"),
        back: format!("No, go back to the note {service}"),
    };
    DeleteConfirm::new(&county, "notes", note.id, words).await
}

/// POST /admin/{t}/notes/{id}/delete: delete the note.
pub(super) async fn delete_note(
    State(state): State<AppState>,
    button: CountyButton,
) -> Result<Response, AppError> {
    let CountyButton { county, client, id } = button;
    let note = note_of(&state, &county, &id).await?;
    county.require_writable()?;
    let txn = begin_write(&state.db).await?;
    repo::delete(&txn, county.id, note.id).await?;
    let service = &note.fields.service;
    let mut e = event(&county, "note.delete", &note, client);
    e.summary = format!("deleted the commissioning note {service}");
    let flash = format!("The commissioning note {service} was deleted.");
    deleted(txn, &county, "notes", e, flash).await
}
