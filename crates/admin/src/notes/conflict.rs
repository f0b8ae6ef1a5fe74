//! The notes' side of the one conflict page (`crate::conflict`): someone
//! saved the note first. It shows the user's version beside the saved one,
//! field by field, with a way to send theirs again on purpose.

use askama::Template;
use domain::commissioning::{LEGAL_BASIS_SUGGESTIONS, long_date};
use domain::{Note, NoteFields};
use web::views::FormErrors;
use web::{AppError, AppState};

use super::form::NoteForm;
use super::kind::NoteKind;
use super::{FIELDS, provider_options, repo};
use crate::CountyAccess;
use crate::conflict::{ConflictRow, ConflictView, Resend, fields_html};
use crate::records::href;
use crate::view::FieldsChrome;

/// The form's fields, filled with the user's values, for sending again.
#[derive(Template)]
#[template(path = "admin/notes_fields.html")]
struct Fields<'a> {
    form: &'a NoteForm,
    errors: FormErrors,
    providers: Vec<(String, String)>,
    suggestions: [&'static str; 2],
    chrome: FieldsChrome<'a>,
}

/// The conflict of `saved` with the user's `yours`.
pub(super) async fn conflict_view(
    state: &AppState,
    county: &CountyAccess,
    saved: &Note,
    yours: &NoteFields,
) -> Result<ConflictView, AppError> {
    let providers = repo::provider_choices(&state.db, county.id).await?;
    let saved_form = NoteForm::of_note(saved);
    let mut form = NoteForm::of(yours);
    form.version = saved.version.to_string();
    let rows = FIELDS
        .iter()
        .map(|(field, label)| {
            let yours = form.display(field, &providers);
            ConflictRow::side_by_side(label, yours, saved_form.display(field, &providers))
        })
        .collect();
    let fields = Fields {
        form: &form,
        errors: FormErrors::new(),
        providers: provider_options(&providers),
        suggestions: LEGAL_BASIS_SUGGESTIONS,
        chrome: FieldsChrome {
            county_name: &county.name,
            slug: &county.slug,
        },
    };
    let what = format!("the commissioning note {}", saved.fields.service);
    Ok(ConflictView {
        title: what.clone(),
        heading: what.clone(),
        notice: "Someone saved changes to this note after you started editing. Nothing you sent was saved.".to_owned(),
        saved_when: Some(long_date(saved.updated_at.date())),
        reload_href: href::<NoteKind>(county, saved),
        reload_text: "reload the edit form with the saved version",
        caption: what,
        rows,
        resend: Some(Resend::yours(
            href::<NoteKind>(county, saved),
            form.version.clone(),
            fields_html(&fields)?,
            "The form holds your version. Saving it replaces the saved version above, including any fields you did not change yourself.",
        )),
    })
}
