//! Deleting a provider, after a confirmation step.

use axum::extract::{Path, State};
use axum::response::Response;
use domain::ProviderStatus;
use persistence::begin_write;
use web::{AppError, AppState};

use super::{event, provider_of, repo};
use crate::CountyAccess;
use crate::button::CountyButton;
use crate::delete::{DeleteConfirm, DeleteWords, deleted};

/// GET /admin/{t}/providers/{id}/delete: ask before deleting.
pub(super) async fn delete_provider_form(
    State(state): State<AppState>,
    county: CountyAccess,
    Path((_, id)): Path<(String, String)>,
) -> Result<DeleteConfirm, AppError> {
    let provider = provider_of(&state, &county, &id).await?;
    county.require_writable()?;
    let name = &provider.fields.name;
    let published = if provider.fields.status == ProviderStatus::Published {
        "It is published: it will disappear from the public directory at once. "
    } else {
        ""
    };
    let words = DeleteWords {
        title: format!("Delete {name}"),
        heading: format!("Are you sure you want to delete {name}?"),
        warning: format!(
            "{published}Deleting cannot be undone. To take it off the public site but keep its \
             details, set its status to archived instead."
        ),
        button: format!("Yes, delete {name}"),
        back: format!("No, go back to {name}"),
    };
    DeleteConfirm::new(&county, "providers", provider.id, words).await
}

/// POST /admin/{t}/providers/{id}/delete: delete the provider.
pub(super) async fn delete_provider(
    State(state): State<AppState>,
    button: CountyButton,
) -> Result<Response, AppError> {
    let CountyButton { county, client, id } = button;
    let provider = provider_of(&state, &county, &id).await?;
    county.require_writable()?;
    let txn = begin_write(&state.db).await?;
    repo::delete(&txn, county.id, provider.id).await?;
    let name = &provider.fields.name;
    let mut e = event(
        &county,
        "provider.delete",
        provider.fields.slug.as_str(),
        client,
    );
    e.summary = format!("deleted {name}");
    deleted(txn, &county, "providers", e, format!("{name} was deleted.")).await
}
