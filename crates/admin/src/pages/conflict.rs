//! The 409 page: someone changed the page first, so nothing was changed.

use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::Page;
use domain::page::london_time;
use web::AppError;
use web::views::{AdminChrome, FormErrors};

use super::form::{FIELDS, PageForm};
use super::page_href;
use crate::County;
use crate::view::county_chrome;

/// One field of the form: the user's value beside the saved one.
struct ConflictRow {
    label: &'static str,
    yours: String,
    saved: String,
    differs: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/pages_conflict.html")]
struct ConflictPage {
    chrome: AdminChrome,
    csrf_token: String,
    county_name: String,
    slug: String,
    id: String,
    title: String,
    saved_updated: String,
    saved_editor: String,
    rows: Vec<ConflictRow>,
    read_only: bool,
    action: String,
    /// The user's form, with the saved version, when a save was refused.
    form: Option<PageForm>,
    errors: FormErrors,
}

/// 409: someone changed the page first. Nothing was changed. A refused save
/// shows the user's version beside the saved one, with a way to send it
/// again deliberately.
pub(super) async fn conflict(
    county: &County,
    saved: &Page,
    yours: Option<&PageForm>,
) -> Result<Response, AppError> {
    let saved_form = PageForm::of_page(saved);
    let (rows, form) = match yours {
        Some(yours) => {
            let rows = FIELDS
                .iter()
                .map(|(field, label)| {
                    let y = yours.display(field);
                    let s = saved_form.display(field);
                    ConflictRow {
                        label,
                        differs: y != s,
                        yours: y,
                        saved: s,
                    }
                })
                .collect();
            let mut form = yours.clone();
            form.version = saved.version.to_string();
            (rows, Some(form))
        }
        None => (Vec::new(), None),
    };
    let page = ConflictPage {
        chrome: county_chrome(county).await?,
        csrf_token: county.current.csrf_token.clone(),
        county_name: county.tenant.name.clone(),
        slug: county.tenant.slug.clone(),
        id: saved.id.to_string(),
        title: saved.title().to_owned(),
        saved_updated: london_time(saved.updated_at),
        saved_editor: saved
            .updated_by_name
            .clone()
            .unwrap_or_else(|| "the schedule".to_owned()),
        rows,
        read_only: !county.tenant.is_active(),
        action: page_href(county, saved),
        form,
        errors: FormErrors::new(),
    };
    Ok((StatusCode::CONFLICT, page).into_response())
}
