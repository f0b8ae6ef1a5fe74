//! Confirming an import: the stored file is planned again against the
//! county as it is now and written only if nothing changed since the
//! preview (409 otherwise) and it is still valid.

use crate::call::Call;
use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use persistence::repo::provider_imports::{self, PendingImport};
use transfer::provider_csv::{self, ApplyError};
use uuid::Uuid;
use web::EmptyForm;
use web::{AppError, AppState, flash};

use crate::CountyAccess;
use crate::view::{CountyChrome, county_chrome, county_event};

/// 409: the directory changed between the preview and the confirmation.
#[derive(Template, WebTemplate)]
#[template(path = "admin/providers_import_stale.html")]
struct StalePage {
    chrome: CountyChrome,
}

/// The 409 page: preview the file again.
async fn stale(county: &CountyAccess) -> Result<Response, AppError> {
    let page = StalePage {
        chrome: county_chrome(county).await?,
    };
    Ok((StatusCode::CONFLICT, page).into_response())
}

/// The user's own import `id` waiting in this county: 404 for another
/// county's, another user's or an expired import.
async fn pending(
    state: &AppState,
    county: &CountyAccess,
    id: Uuid,
) -> Result<PendingImport, AppError> {
    provider_imports::find(&state.db, county.id, id)
        .await?
        .filter(|p| p.user == county.current.user.id)
        .ok_or(AppError::NotFound)
}

/// POST /admin/{t}/providers/import/{id}/confirm: writes a previewed import.
pub async fn confirm_import(call: Call<Uuid, EmptyForm>) -> Result<Response, AppError> {
    let (state, county, client, id) = (&call.state, &call.county, call.client, call.id);
    let pending = pending(state, county, id).await?;
    county.require_writable()?;
    let plan = provider_csv::plan(&state.db, &county.county, pending.content.as_bytes()).await?;
    let plan = match plan {
        Ok(plan) if plan.is_valid() && plan.content_version == pending.content_version => plan,
        _ => return stale(county).await,
    };
    let event = county_event(county, "provider.import", "provider", None, client);
    let user = Some(county.current.user.id);
    let summary = match provider_csv::apply(&state.db, county.id, &plan, &event, user).await {
        Ok(summary) => summary,
        Err(ApplyError::Stale | ApplyError::Invalid) => return stale(county).await,
        Err(ApplyError::Repo(e)) => return Err(e.into()),
    };
    provider_imports::delete(&state.db, county.id, pending.id).await?;
    flash::set(&county.current.session, format!("Imported: {summary}.")).await?;
    Ok(Redirect::to(&format!("/admin/{}/providers", county.slug)).into_response())
}
