//! Deleting a provider, after a confirmation step.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::ProviderStatus;
use persistence::begin_write;
use web::EmptyForm;
use web::views::AdminChrome;
use web::{AppError, AppState, ClientAddr, CsrfForm};

use super::{event, provider_of, repo};
use crate::County;
use crate::view::county_chrome;
use crate::write::{Written, finish};

#[derive(Template, WebTemplate)]
#[template(path = "admin/providers_delete.html")]
pub(super) struct DeletePage {
    chrome: AdminChrome,
    csrf_token: String,
    county_name: String,
    slug: String,
    id: String,
    name: String,
    published: bool,
}

/// GET /admin/{t}/providers/{id}/delete: ask before deleting.
pub(super) async fn delete_provider_form(
    State(state): State<AppState>,
    county: County,
    Path((_, id)): Path<(String, String)>,
) -> Result<DeletePage, AppError> {
    let provider = provider_of(&state, &county, &id).await?;
    county.require_writable()?;
    Ok(DeletePage {
        chrome: county_chrome(&county).await?,
        csrf_token: county.current.csrf_token.clone(),
        county_name: county.tenant.name.clone(),
        slug: county.tenant.slug.clone(),
        id: provider.id.to_string(),
        published: provider.fields.status == ProviderStatus::Published,
        name: provider.fields.name,
    })
}

/// POST /admin/{t}/providers/{id}/delete: delete the provider.
pub(super) async fn delete_provider(
    State(state): State<AppState>,
    county: County,
    client: ClientAddr,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(EmptyForm {}): CsrfForm<EmptyForm>,
) -> Result<Response, AppError> {
    let provider = provider_of(&state, &county, &id).await?;
    county.require_writable()?;
    let txn = begin_write(&state.db).await?;
    repo::delete(&txn, county.tenant.id, provider.id).await?;
    let slug = provider.fields.slug.as_str();
    let mut e = event(&county, "provider.delete", slug, client);
    e.summary = format!("deleted {}", provider.fields.name);
    let written = Written {
        event: e,
        flash: format!("{} was deleted.", provider.fields.name),
        next: format!("/admin/{}/providers", county.tenant.slug),
    };
    finish(txn, &county.current.session, written).await
}
