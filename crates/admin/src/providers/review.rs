//! "Mark as reviewed": records that someone checked the provider's details
//! today, at the version the page showed (409 when stale).

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use persistence::repo::audit;
use persistence::{RepoError, begin_write, commit};
use serde::Deserialize;
use web::{AppError, AppState, ClientAddr, CsrfForm, flash};

use super::conflict::conflict;
use super::{event, provider_href, provider_of, repo};
use crate::County;
use crate::view::{matching_version, rollback};

/// A form that only names the version it was based on.
#[derive(Default, Deserialize)]
#[serde(default)]
pub(super) struct VersionForm {
    version: String,
}

/// POST /admin/{t}/providers/{id}/review: mark the provider as reviewed today.
pub(super) async fn review_provider(
    State(state): State<AppState>,
    county: County,
    client: ClientAddr,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<VersionForm>,
) -> Result<Response, AppError> {
    let current = provider_of(&state, &county, &id).await?;
    county.require_writable()?;
    let Some(version) = matching_version(&form.version, current.version) else {
        return conflict(&state, &county, &current, None).await;
    };
    let txn = begin_write(&state.db).await?;
    match repo::mark_reviewed(
        &txn,
        county.tenant.id,
        current.id,
        version,
        persistence::now(),
        Some(county.current.user.id),
    )
    .await
    {
        Ok(()) => {}
        Err(RepoError::Stale) => {
            rollback(txn).await?;
            let saved = provider_of(&state, &county, &id).await?;
            return conflict(&state, &county, &saved, None).await;
        }
        Err(other) => return Err(other.into()),
    }
    let mut e = event(
        &county,
        "provider.review",
        current.fields.slug.as_str(),
        client,
    );
    e.changed_fields = vec!["reviewed_at".to_owned()];
    e.summary = format!("marked {} as reviewed", current.fields.name);
    audit::record(&txn, e).await?;
    commit(txn).await?;
    flash::set(
        &county.current.session,
        format!("{} was marked as reviewed today.", current.fields.name),
    )
    .await?;
    Ok(Redirect::to(&provider_href(&county, &current)).into_response())
}
