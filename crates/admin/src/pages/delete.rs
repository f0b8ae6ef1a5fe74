//! Deleting a page, after a confirmation step.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::Response;
use persistence::begin_write;
use web::views::AdminChrome;
use web::{AppError, AppState, ClientAddr, CsrfForm};

use super::{VersionForm, event, page_of, repo};
use crate::County;
use crate::view::county_chrome;
use crate::write::{Written, finish};

#[derive(Template, WebTemplate)]
#[template(path = "admin/pages_delete.html")]
pub(super) struct DeletePage {
    chrome: AdminChrome,
    csrf_token: String,
    county_name: String,
    slug: String,
    id: String,
    title: String,
    is_published: bool,
}

/// GET /admin/{t}/pages/{id}/delete: ask before deleting.
pub(super) async fn delete_page_form(
    State(state): State<AppState>,
    county: County,
    Path((_, id)): Path<(String, String)>,
) -> Result<DeletePage, AppError> {
    let page = page_of(&state, &county, &id).await?;
    county.require_writable()?;
    Ok(DeletePage {
        chrome: county_chrome(&county).await?,
        csrf_token: county.current.csrf_token.clone(),
        county_name: county.tenant.name.clone(),
        slug: county.tenant.slug.clone(),
        id: page.id.to_string(),
        title: page.title().to_owned(),
        is_published: page.published.is_some(),
    })
}

/// POST /admin/{t}/pages/{id}/delete: delete the page.
pub(super) async fn delete_page(
    State(state): State<AppState>,
    county: County,
    client: ClientAddr,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(VersionForm { .. }): CsrfForm<VersionForm>,
) -> Result<Response, AppError> {
    let page = page_of(&state, &county, &id).await?;
    county.require_writable()?;
    let txn = begin_write(&state.db).await?;
    repo::delete(&txn, county.tenant.id, page.id).await?;
    let mut e = event(&county, "page.delete", &page, client);
    e.summary = format!("deleted the page {}", page.title());
    let written = Written {
        event: e,
        flash: format!("The page {} was deleted.", page.title()),
        next: format!("/admin/{}/pages", county.tenant.slug),
    };
    finish(txn, &county.current.session, written).await
}
