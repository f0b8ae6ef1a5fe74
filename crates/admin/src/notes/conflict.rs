//! The 409 page: someone saved the note first. It shows the user's version
//! beside the saved one, field by field, with a way to send theirs again on
//! purpose.

use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::commissioning::{LEGAL_BASIS_SUGGESTIONS, long_date};
use domain::{Note, NoteFields};
use web::views::{AdminChrome, FormErrors};
use web::{AppError, AppState};

use super::form::NoteForm;
use super::{FIELDS, note_href, provider_options, repo};
use crate::County;
use crate::view::county_chrome;

struct ConflictRow {
    label: &'static str,
    yours: String,
    saved: String,
    differs: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/notes_conflict.html")]
struct ConflictPage {
    chrome: AdminChrome,
    csrf_token: String,
    county_name: String,
    slug: String,
    id: String,
    /// The saved service.
    service: String,
    saved_updated: String,
    rows: Vec<ConflictRow>,
    read_only: bool,
    action: String,
    /// The user's values, with the saved version, to send again on purpose.
    form: NoteForm,
    errors: FormErrors,
    providers: Vec<(String, String)>,
    suggestions: [&'static str; 2],
}

/// 409: someone saved first. Nothing was changed; the page shows the
/// user's version beside the saved one, with a way to send theirs again
/// deliberately.
pub(super) async fn conflict(
    state: &AppState,
    county: &County,
    saved: &Note,
    yours: &NoteFields,
) -> Result<Response, AppError> {
    let providers = repo::provider_choices(&state.db, county.tenant.id).await?;
    let saved_form = NoteForm::of_note(saved);
    let mut form = NoteForm::of(yours);
    form.version = saved.version.to_string();
    let rows = FIELDS
        .iter()
        .map(|(field, label)| {
            let saved_value = saved_form.display(field, &providers);
            let your_value = form.display(field, &providers);
            ConflictRow {
                label,
                differs: your_value != saved_value,
                yours: your_value,
                saved: saved_value,
            }
        })
        .collect();
    let page = ConflictPage {
        chrome: county_chrome(county).await?,
        csrf_token: county.current.csrf_token.clone(),
        county_name: county.tenant.name.clone(),
        slug: county.tenant.slug.clone(),
        id: saved.id.to_string(),
        service: saved.fields.service.clone(),
        saved_updated: long_date(saved.updated_at.date()),
        rows,
        read_only: !county.tenant.is_active(),
        action: note_href(county, saved),
        form,
        errors: FormErrors::new(),
        providers: provider_options(&providers),
        suggestions: LEGAL_BASIS_SUGGESTIONS,
    };
    Ok((StatusCode::CONFLICT, page).into_response())
}
