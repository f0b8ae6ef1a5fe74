//! The form check: the domain's rules field by field, the hours section,
//! and that every category is one of the county's. Messages come in the
//! order of the form. Also the message for a slug another provider has.

use domain::provider::validate;
use domain::{ProviderFields, Slug};
use web::views::{Checked, FormErrors};
use web::{AppError, AppState};

use super::form::ProviderForm;
use super::hours_form::DAY_FIELDS;
use super::{FIELDS, repo};
use crate::CountyAccess;

/// A field's name and one message about it.
type Problem = (&'static str, String);

/// Validates the form: the domain's rules field by field, and that every
/// category is one of the county's. Messages come in the order of the form.
pub(super) async fn check(
    state: &AppState,
    county: &CountyAccess,
    form: &ProviderForm,
) -> Result<Checked<ProviderFields>, AppError> {
    let mut problems: Vec<Problem> = Vec::new();
    let mut raw = form.to_raw();
    match form.opening_hours_text() {
        Ok(text) => raw.opening_hours = text,
        Err(hours) => problems.extend(hours),
    }
    let fields = validate(&raw).map_err(|errs| problems.extend(errs)).ok();
    problems.extend(unknown_categories(state, county, form).await?);
    Ok(Checked::of(fields, problems, &error_order()))
}

/// The message for the form's categories that are not the county's, if
/// there are any.
async fn unknown_categories(
    state: &AppState,
    county: &CountyAccess,
    form: &ProviderForm,
) -> Result<Option<Problem>, AppError> {
    let slugs: Vec<Slug> = form
        .categories
        .split(',')
        .map(str::trim)
        .filter_map(|s| Slug::parse(s).ok())
        .collect();
    let unknown = repo::unknown_categories(&state.db, county.id, &slugs).await?;
    if unknown.is_empty() {
        return Ok(None);
    }
    let quoted: Vec<String> = unknown
        .iter()
        .map(|s| format!("\u{201c}{s}\u{201d}"))
        .collect();
    let (list, verb) = if quoted.len() == 1 {
        (quoted.join(""), "is not a category")
    } else {
        (quoted.join(", "), "are not categories")
    };
    Ok(Some((
        "categories",
        format!(
            "{list} {verb} of {}: check the spelling, or add it on the Categories page first",
            county.name
        ),
    )))
}

/// The order of the error summary: the form's fields, with the days of
/// the hours table where the opening hours are. Each day's problems come
/// before the hours text's, as the hours section reports them first.
fn error_order() -> Vec<(&'static str, &'static str)> {
    FIELDS
        .iter()
        .flat_map(|&(field, label)| {
            let days: &[&'static str] = if field == "opening_hours" {
                &DAY_FIELDS
            } else {
                &[]
            };
            days.iter()
                .map(move |day| (*day, label))
                .chain([(field, label)])
        })
        .collect()
}

/// The form's message when another provider of the county has the slug.
pub(super) fn slug_taken(county: &CountyAccess, slug: &Slug) -> FormErrors {
    FormErrors::one(
        "slug",
        format!(
            "Another provider of {} already has the slug \u{201c}{slug}\u{201d}; choose another",
            county.name
        ),
    )
}
