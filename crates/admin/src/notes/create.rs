//! Adding a commissioning note: the form is checked, then the note and its
//! audit event are written in one transaction.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use persistence::repo::audit;
use persistence::{RepoError, begin_write, commit};
use web::{AppError, AppState, ClientAddr, CsrfForm, flash};

use super::check::check;
use super::form::{NoteForm, invalid};
use super::{event, note_href, repo};
use crate::County;
use crate::view::rollback;

/// POST /admin/{t}/notes: add a note.
pub(super) async fn create_note(
    State(state): State<AppState>,
    county: County,
    client: ClientAddr,
    CsrfForm(form): CsrfForm<NoteForm>,
) -> Result<Response, AppError> {
    county.require_writable()?;
    let fields = match check(&state, &county, &form).await? {
        Ok(fields) => fields,
        Err(errors) => return invalid(&state, &county, None, form, errors).await,
    };
    let txn = begin_write(&state.db).await?;
    let created = match repo::create(
        &txn,
        county.tenant.id,
        &fields,
        Some(county.current.user.id),
    )
    .await
    {
        Ok(created) => created,
        // The provider was deleted between the check and the write.
        Err(RepoError::NotFound) => {
            rollback(txn).await?;
            let errors = check(&state, &county, &form)
                .await?
                .err()
                .unwrap_or_default();
            return invalid(&state, &county, None, form, errors).await;
        }
        Err(other) => return Err(other.into()),
    };
    let mut e = event(&county, "note.create", &created, client);
    e.changed_fields = NoteForm::of(&created.fields).filled_fields();
    e.summary = format!("created the commissioning note {}", created.fields.service);
    audit::record(&txn, e).await?;
    commit(txn).await?;
    flash::set(
        &county.current.session,
        format!(
            "The commissioning note {} was added.",
            created.fields.service
        ),
    )
    .await?;
    Ok(Redirect::to(&note_href(&county, &created)).into_response())
}
