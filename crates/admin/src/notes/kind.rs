//! Commissioning notes as a kind of record (`crate::records`): what their
//! shared form, create, edit and delete flows say and write.

use domain::commissioning::changed_fields;
use domain::{NewAuditEvent, Note, NoteFields, NoteId};

use super::check::check;
use super::form::NoteForm;
use super::saving::Notes;
use super::{FIELDS, event, today};
use crate::CountyAccess;
use crate::delete::DeleteWords;
use crate::records::href;
use crate::records::{Kind, Who, filled_fields, kind_parts};
use crate::write::Written;

/// The county's commissioning notes.
pub(super) struct NoteKind;

impl Kind for NoteKind {
    kind_parts! {
        screen: Notes = |at| Notes { at },
        record: Note, form: NoteForm, fields: NoteFields, id: NoteId, path: "notes",
        repo: persistence::repo::commissioning, update,
        blank: NoteForm::default, form_of: NoteForm::of_note, check: check,
    }

    fn created((county, client): Who<'_>, created: &Note, _: &NoteFields) -> Written {
        let service = &created.fields.service;
        let mut e = event(county, "note.create", created, client);
        let form = NoteForm::of(&created.fields);
        e.changed_fields = filled_fields(&FIELDS, "None", |f| form.display(f, &[]));
        e.summary = format!("created the commissioning note {service}");
        Written {
            event: e,
            flash: format!("The commissioning note {service} was added."),
            next: href::<NoteKind>(county, created),
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
            next: href::<NoteKind>(county, after),
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
