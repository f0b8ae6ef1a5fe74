//! Commissioning notes as a kind of record (`crate::records`): what their
//! shared form, create, edit and delete flows say and write.

use domain::commissioning::changed_fields;
use domain::{NewAuditEvent, Note, NoteFields, NoteId};
use web::AppError;
use web::views::Checked;

use super::check::check;
use super::form::NoteForm;
use super::saving::Notes;
use super::{event, note_href, today};
use crate::CountyAccess;
use crate::delete::DeleteWords;
use crate::records::{Kind, Who, repo_calls};
use crate::save::InCounty;
use crate::write::Written;

/// The county's commissioning notes.
pub(super) struct NoteKind;

impl Kind for NoteKind {
    type Screen<'a> = Notes<'a>;
    type Record = Note;
    type Form = NoteForm;
    type Fields = NoteFields;
    type Id = NoteId;
    const SCREEN: &'static str = "notes";

    repo_calls!(persistence::repo::commissioning, update);

    fn screen(at: InCounty<'_>) -> Notes<'_> {
        Notes { at }
    }

    fn blank() -> NoteForm {
        NoteForm::default()
    }

    fn form_of(note: &Note) -> NoteForm {
        NoteForm::of_note(note)
    }

    async fn check(at: InCounty<'_>, form: &NoteForm) -> Result<Checked<NoteFields>, AppError> {
        check(at.state, at.county, form).await
    }

    fn created((county, client): Who<'_>, created: &Note, _: &NoteFields) -> Written {
        let service = &created.fields.service;
        let mut e = event(county, "note.create", created, client);
        e.changed_fields = NoteForm::of(&created.fields).filled_fields();
        e.summary = format!("created the commissioning note {service}");
        Written {
            event: e,
            flash: format!("The commissioning note {service} was added."),
            next: note_href(county, created),
        }
    }

    fn updated((county, client): Who<'_>, before: &Note, after: &Note, _: &NoteFields) -> Written {
        let service = &after.fields.service;
        let mut e = event(county, "note.update", after, client);
        e.changed_fields = changed_fields(&before.fields, &after.fields);
        e.summary = format!("updated the commissioning note {service}");
        Written {
            event: e,
            flash: format!("Changes to the commissioning note {service} were saved."),
            next: note_href(county, after),
        }
    }

    fn delete_words(_: &CountyAccess, note: &Note) -> DeleteWords {
        let service = &note.fields.service;
        let current = if note.is_current(today()) {
            "It is current: its public statement will disappear from the public site at once. "
        } else {
            ""
        };
        DeleteWords {
            title: format!("Delete the commissioning note {service}"),
            heading: format!("Are you sure you want to delete the commissioning note {service}?"),
            warning: format!(
                "{current}Deleting cannot be undone. The audit log keeps a record that it existed."
            ),
            button: format!("Yes, delete the note {service}"),
            back: format!("No, go back to the note {service}"),
        }
    }

    fn deleted((county, client): Who<'_>, note: &Note) -> (NewAuditEvent, String) {
        let service = &note.fields.service;
        let mut e = event(county, "note.delete", note, client);
        e.summary = format!("deleted the commissioning note {service}");
        (e, format!("The commissioning note {service} was deleted."))
    }
}
