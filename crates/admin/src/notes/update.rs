//! Saving an edit of a commissioning note, through the shared save flow:
//! the form is checked first; then the version it was based on must still
//! be the stored one, or nothing is written and the 409 page shows both
//! versions.

use axum::response::Response;
use domain::commissioning::changed_fields;
use domain::{Note, NoteId};
use web::AppError;

use crate::call::Call;

use super::check::check;
use super::form::NoteForm;
use super::saving::Notes;
use super::{event, note_href, note_of, repo};
use crate::save::{InCounty, save_edit};
use crate::write::Written;

/// POST /admin/{t}/notes/{id}: save an edit (422 for bad input, 409 on a
/// stale version).
pub(super) async fn update_note(call: Call<NoteId, NoteForm>) -> Result<Response, AppError> {
    let (state, county, client, form) = (&call.state, &call.county, call.client, call.form);
    let current = note_of(state, county, &call.id.to_string()).await?;
    county.require_writable()?;
    let checked = check(state, county, &form).await?;
    let screen = Notes {
        at: InCounty::new(state, county),
    };
    let (county_id, actor) = (county.id, Some(county.current.user.id));
    let write = async |txn: &_, fields: &_, version| {
        repo::update(txn, county_id, current.id, version, fields, actor).await
    };
    // The update matched `current.version`, so `current` is exactly what
    // it replaced.
    let written = |updated: &Note, _: &_| {
        let service = &updated.fields.service;
        let mut e = event(county, "note.update", updated, client);
        e.changed_fields = changed_fields(&current.fields, &updated.fields);
        e.summary = format!("updated the commissioning note {service}");
        Written {
            event: e,
            flash: format!("Changes to the commissioning note {service} were saved."),
            next: note_href(county, updated),
        }
    };
    save_edit(&screen, &current, form, checked, write, written).await
}
