//! The 409 page: someone saved the provider first. It shows the user's
//! version beside the saved one, field by field, with a way to send theirs
//! again on purpose.

use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::{Category, Provider, ProviderFields};
use persistence::repo::categories;
use web::views::{AdminChrome, FormErrors};
use web::{AppError, AppState};

use super::form::{HoursSaved, ProviderForm};
use super::{FIELDS, long_date, provider_href, statuses};
use crate::County;
use crate::view::county_chrome;

struct ConflictRow {
    label: &'static str,
    yours: String,
    saved: String,
    differs: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/provider_conflict.html")]
struct ConflictPage {
    chrome: AdminChrome,
    csrf_token: String,
    county_name: String,
    slug: String,
    id: String,
    /// The saved name.
    name: String,
    saved_updated: String,
    /// The conflict came from "Mark as reviewed", which has no values of
    /// its own to compare: only the saved version is shown.
    review: bool,
    rows: Vec<ConflictRow>,
    read_only: bool,
    action: String,
    /// The user's values, with the saved version, to send again on purpose.
    form: ProviderForm,
    errors: FormErrors,
    categories: Vec<Category>,
    statuses: Vec<(&'static str, &'static str)>,
    /// Not shown on the conflict page.
    hours_saved: Option<HoursSaved>,
}

/// 409: someone saved first. Nothing was changed; the page shows the
/// user's version beside the saved one (for an edit) or the saved one (for
/// a review), with a way to send theirs again deliberately.
pub(super) async fn conflict(
    state: &AppState,
    county: &County,
    saved: &Provider,
    yours: Option<&ProviderFields>,
) -> Result<Response, AppError> {
    let saved_form = ProviderForm::of_provider(saved);
    let mut form = yours.map_or_else(|| saved_form.clone(), ProviderForm::of);
    form.version = saved.version.to_string();
    let rows = conflict_rows(&saved_form, &form, yours.is_some());
    let page = ConflictPage {
        chrome: county_chrome(county).await?,
        csrf_token: county.current.csrf_token.clone(),
        county_name: county.tenant.name.clone(),
        slug: county.tenant.slug.clone(),
        id: saved.id.to_string(),
        name: saved.fields.name.clone(),
        saved_updated: long_date(saved.updated_at),
        review: yours.is_none(),
        rows,
        read_only: !county.tenant.is_active(),
        action: provider_href(county, saved),
        form,
        errors: FormErrors::new(),
        categories: categories::list(&state.db, county.tenant.id).await?,
        statuses: statuses(),
        hours_saved: None,
    };
    Ok((StatusCode::CONFLICT, page).into_response())
}

/// The table's rows: each field, yours beside the saved one. Without your
/// values (a review), both columns show the saved one.
fn conflict_rows(saved_form: &ProviderForm, form: &ProviderForm, yours: bool) -> Vec<ConflictRow> {
    FIELDS
        .iter()
        .map(|(field, label)| {
            let saved_value = saved_form.display(field);
            let your_value = if yours {
                form.display(field)
            } else {
                saved_value.clone()
            };
            // Categories come back in the county's order: the same set in
            // another order is no difference.
            let differs = if *field == "categories" {
                sorted_list(&your_value) != sorted_list(&saved_value)
            } else {
                your_value != saved_value
            };
            ConflictRow {
                label,
                differs,
                yours: your_value,
                saved: saved_value,
            }
        })
        .collect()
}

fn sorted_list(raw: &str) -> Vec<&str> {
    let mut items: Vec<&str> = raw.split(',').map(str::trim).collect();
    items.sort_unstable();
    items
}
