//! The new and edit forms of a commissioning note: the form as sent and
//! shown again, and the page's view model (shown again with its messages
//! by the shared save flow, `crate::save`).

use askama::Template;
use askama_web::WebTemplate;
use domain::commissioning::{LEGAL_BASIS_SUGGESTIONS, iso_date, long_date};
use domain::{Note, NoteFields, RawNote};
use persistence::repo::commissioning::ProviderChoice;
use serde::Deserialize;
use web::views::FormErrors;
use web::{AppError, AppState};

use super::kind::NoteKind;
use super::{provider_options, repo, status, today};
use crate::CountyAccess;
use crate::records::form_action;
use crate::view::{CountyChrome, county_chrome};

/// The note form as sent, and as shown again: every field as typed.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct NoteForm {
    /// A provider's slug, or empty for none.
    pub(super) provider: String,
    pub(super) service: String,
    pub(super) legal_basis: String,
    pub(super) starts_on: String,
    pub(super) ends_on: String,
    pub(super) public_statement: String,
    pub(super) internal_notes: String,
    /// The version the edit was based on (updates only).
    pub(super) version: String,
}

impl NoteForm {
    /// The form showing validated (or stored) fields.
    pub(super) fn of(fields: &NoteFields) -> Self {
        Self {
            provider: fields
                .provider
                .as_ref()
                .map(|s| s.as_str().to_owned())
                .unwrap_or_default(),
            service: fields.service.clone(),
            legal_basis: fields.legal_basis.clone(),
            starts_on: iso_date(fields.starts_on),
            ends_on: fields.ends_on.map(iso_date).unwrap_or_default(),
            public_statement: fields.public_statement.clone(),
            internal_notes: fields.internal_notes.clone(),
            version: String::new(),
        }
    }

    /// The edit form of a stored note.
    pub(super) fn of_note(note: &Note) -> Self {
        Self {
            version: note.version.to_string(),
            ..Self::of(&note.fields)
        }
    }

    pub(super) fn to_raw(&self) -> RawNote {
        RawNote {
            provider: self.provider.clone(),
            service: self.service.clone(),
            legal_basis: self.legal_basis.clone(),
            starts_on: self.starts_on.clone(),
            ends_on: self.ends_on.clone(),
            public_statement: self.public_statement.clone(),
            internal_notes: self.internal_notes.clone(),
        }
    }

    /// A field's value as shown in the conflict table; the provider by name.
    pub(super) fn display(&self, field: &str, providers: &[ProviderChoice]) -> String {
        match field {
            "provider" if self.provider.trim().is_empty() => "None".to_owned(),
            "provider" => providers
                .iter()
                .find(|p| p.slug.as_str() == self.provider.trim())
                .map_or_else(|| self.provider.clone(), |p| p.name.clone()),
            "service" => self.service.clone(),
            "legal_basis" => self.legal_basis.clone(),
            "starts_on" => self.starts_on.clone(),
            "ends_on" => self.ends_on.clone(),
            "public_statement" => self.public_statement.clone(),
            "internal_notes" => self.internal_notes.clone(),
            _ => String::new(),
        }
    }
}

/// What the edit page shows about the stored note.
pub(super) struct Editing {
    id: String,
    service: String,
    updated: String,
    status_label: &'static str,
    status_class: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/notes_form.html")]
pub(super) struct NoteFormPage {
    chrome: CountyChrome,
    /// `None` when adding a note.
    editing: Option<Editing>,
    action: String,
    form: NoteForm,
    errors: FormErrors,
    providers: Vec<(String, String)>,
    suggestions: [&'static str; 2],
}

/// The form page, for a new note (`stored` is `None`) or an edit.
pub(super) async fn form_page(
    state: &AppState,
    county: &CountyAccess,
    stored: Option<&Note>,
    form: NoteForm,
    errors: FormErrors,
) -> Result<NoteFormPage, AppError> {
    let today = today();
    let editing = stored.map(|n| {
        let (status_label, status_class) = status(&n.fields, today);
        Editing {
            id: n.id.to_string(),
            service: n.fields.service.clone(),
            updated: long_date(n.updated_at.date()),
            status_label,
            status_class,
        }
    });
    let action = form_action::<NoteKind>(county, stored);
    let providers = repo::provider_choices(&state.db, county.id).await?;
    Ok(NoteFormPage {
        chrome: county_chrome(county).await?,
        editing,
        action,
        form,
        errors,
        providers: provider_options(&providers),
        suggestions: LEGAL_BASIS_SUGGESTIONS,
    })
}
