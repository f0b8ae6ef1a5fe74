//! Adding a commissioning note, through the shared save flow: the form is
//! checked, then the note and its audit event are written in one
//! transaction.

use axum::extract::State;
use axum::response::Response;
use domain::Note;
use web::{AppError, AppState, ClientAddr, CsrfForm};

use super::check::check;
use super::form::NoteForm;
use super::saving::Notes;
use super::{event, note_href, repo};
use crate::CountyAccess;
use crate::save::{InCounty, save_new};
use crate::write::Written;

/// POST /admin/{t}/notes: add a note (422 for bad input).
pub(super) async fn create_note(
    State(state): State<AppState>,
    county: CountyAccess,
    client: ClientAddr,
    CsrfForm(form): CsrfForm<NoteForm>,
) -> Result<Response, AppError> {
    county.require_writable()?;
    let checked = check(&state, &county, &form).await?;
    let screen = Notes {
        at: InCounty::new(&state, &county),
    };
    let (county_id, actor) = (county.id, Some(county.current.user.id));
    let write = async |txn: &_, fields: &_| repo::create(txn, county_id, fields, actor).await;
    let written = |created: &Note, _: &_| {
        let service = &created.fields.service;
        let mut e = event(&county, "note.create", created, client);
        e.changed_fields = NoteForm::of(&created.fields).filled_fields();
        e.summary = format!("created the commissioning note {service}");
        Written {
            event: e,
            flash: format!("The commissioning note {service} was added."),
            next: note_href(&county, created),
        }
    };
    save_new(&screen, form, checked, write, written).await
}
