//! Commissioning notes as a kind of record (`crate::records`): what their
//! shared form, create, edit and delete flows say and write.

use domain::commissioning::changed_fields;
use domain::{Note, NoteFields, NoteId};

use super::check::check;
use super::form::NoteForm;
use super::saving::Notes;
use super::{FIELDS, event, today};
use crate::CountyAccess;
use crate::delete::DeleteWords;
use crate::records::{Kind, Said, Who, filled_fields, kind_parts};

/// The county's commissioning notes.
pub(super) struct NoteKind;

impl Kind for NoteKind {
    kind_parts! {
        screen: Notes = |at| Notes { at },
        record: Note, form: NoteForm, fields: NoteFields, id: NoteId, path: "notes",
        repo: persistence::repo::commissioning, update,
        blank: NoteForm::default, form_of: NoteForm::of_note, check: check,
    }

    fn created((county, client): Who<'_>, created: &Note, _: &NoteFields) -> Said {
        let service = &created.fields.service;
        let mut e = event(county, "note.create", created, client);
        let form = NoteForm::of(&created.fields);
        e.changed_fields = filled_fields(&FIELDS, "None", |f| form.display(f, &[]));
        e.summary = format!("created the commissioning note {service}");
        (e, format!("The commissioning note {service} was added."))
    }

    fn updated((county, client): Who<'_>, before: &Note, after: &Note, _: &NoteFields) -> Said {
        let service = &after.fields.service;
        let mut e = event(county, "note.update", after, client);
        e.changed_fields = changed_fields(&before.fields, &after.fields);
        e.summary = format!("updated the commissioning note {service}");
        (
            e,
            format!("Changes to the commissioning note {service} were saved."),
        )
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

    fn deleted((county, client): Who<'_>, note: &Note) -> Said {
        let service = &note.fields.service;
        let mut e = event(county, "note.delete", note, client);
        e.summary = format!("deleted the commissioning note {service}");
        (e, format!("The commissioning note {service} was deleted."))
    }
}
