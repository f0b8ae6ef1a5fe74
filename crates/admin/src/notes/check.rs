//! The note form's check: the domain's rules field by field, and that the
//! provider is one of the county's.

use domain::commissioning::validate;
use domain::{NoteFields, Slug};
use web::views::Checked;
use web::{AppError, AppState};

use super::form::NoteForm;
use super::{FIELDS, repo};
use crate::CountyAccess;

/// Validates the form: the domain's rules field by field, and that the
/// provider is one of the county's. Messages come in the order of the form.
pub(super) async fn check(
    state: &AppState,
    county: &CountyAccess,
    form: &NoteForm,
) -> Result<Checked<NoteFields>, AppError> {
    let mut problems: Vec<(&'static str, String)> = Vec::new();
    let fields = validate(&form.to_raw())
        .map_err(|errs| problems.extend(errs))
        .ok();
    if let Ok(slug) = Slug::parse(form.provider.trim()) {
        let providers = repo::provider_choices(&state.db, county.id).await?;
        if !providers.iter().any(|p| p.slug == slug) {
            problems.push((
                "provider",
                format!(
                    "\u{201c}{slug}\u{201d} is not a provider of {}: choose one from the list, or no provider",
                    county.name
                ),
            ));
        }
    }
    Ok(Checked::of(fields, problems, &FIELDS))
}
