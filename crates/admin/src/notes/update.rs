//! Saving an edit of a commissioning note. The form is checked first; then
//! the version it was based on must still be the stored one, or nothing is
//! written and the 409 page shows both versions.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::Note;
use domain::commissioning::changed_fields;
use persistence::repo::audit;
use persistence::{RepoError, Txn, begin_write, commit};

use web::{AppError, AppState, ClientAddr, CsrfForm, flash};

use super::check::check;
use super::conflict::conflict;
use super::form::{NoteForm, invalid};
use super::{event, note_href, note_of, repo};
use crate::County;
use crate::view::{matching_version, rollback};

/// POST /admin/{t}/notes/{id}: save an edit (409 on a stale version).
pub(super) async fn update_note(
    State(state): State<AppState>,
    county: County,
    client: ClientAddr,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<NoteForm>,
) -> Result<Response, AppError> {
    let current = note_of(&state, &county, &id).await?;
    county.require_writable()?;
    let fields = match check(&state, &county, &form).await? {
        Ok(fields) => fields,
        // The form goes back with the version it was based on, so that a
        // stale edit is still caught when it is sent again.
        Err(errors) => return invalid(&state, &county, Some(&current), form, errors).await,
    };
    // A version that is not the stored one (or not a number at all) is
    // stale. The update below checks again in the statement that writes,
    // for edits that race this one.
    let Some(version) = matching_version(&form.version, current.version) else {
        return conflict(&state, &county, &current, &fields).await;
    };
    let txn = begin_write(&state.db).await?;
    let updated = match repo::update(
        &txn,
        county.tenant.id,
        current.id,
        version,
        &fields,
        Some(county.current.user.id),
    )
    .await
    {
        Ok(updated) => updated,
        Err(RepoError::Stale) => {
            rollback(txn).await?;
            let saved = note_of(&state, &county, &id).await?;
            return conflict(&state, &county, &saved, &fields).await;
        }
        // Deleted meanwhile (404), or its provider was.
        Err(RepoError::NotFound) => {
            rollback(txn).await?;
            let current = note_of(&state, &county, &id).await?;
            let errors = check(&state, &county, &form)
                .await?
                .err()
                .unwrap_or_default();
            return invalid(&state, &county, Some(&current), form, errors).await;
        }
        Err(other) => return Err(other.into()),
    };
    record_update(&county, client, txn, &current, &updated).await
}

/// The audit event, the commit, the flash and the redirect of a saved edit.
async fn record_update(
    county: &County,
    client: ClientAddr,
    txn: Txn,
    current: &Note,
    updated: &Note,
) -> Result<Response, AppError> {
    // The update matched `current.version`, so `current` is exactly what it
    // replaced.
    let mut e = event(county, "note.update", updated, client);
    e.changed_fields = changed_fields(&current.fields, &updated.fields);
    e.summary = format!("updated the commissioning note {}", updated.fields.service);
    audit::record(&txn, e).await?;
    commit(txn).await?;
    flash::set(
        &county.current.session,
        format!(
            "Changes to the commissioning note {} were saved.",
            updated.fields.service
        ),
    )
    .await?;
    Ok(Redirect::to(&note_href(county, updated)).into_response())
}
