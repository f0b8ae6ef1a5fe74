//! Saving an edit of a provider. The form is checked first; then the
//! version it was based on must still be the stored one, or nothing is
//! written and the 409 page shows both versions.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::provider::changed_fields;
use domain::{NewAuditEvent, Provider, ProviderFields};
use persistence::repo::audit;
use persistence::{RepoError, begin_write, commit};
use web::{AppError, AppState, ClientAddr, CsrfForm, flash};

use super::check::{check, slug_taken};
use super::conflict::conflict;
use super::form::{ProviderForm, invalid};
use super::{event, provider_href, provider_of, repo};
use crate::County;
use crate::view::{matching_version, rollback};

/// POST /admin/{t}/providers/{id}: save an edit (409 on a stale version).
pub(super) async fn update_provider(
    State(state): State<AppState>,
    county: County,
    client: ClientAddr,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<ProviderForm>,
) -> Result<Response, AppError> {
    let current = provider_of(&state, &county, &id).await?;
    county.require_writable()?;
    let fields = match check(&state, &county, &form).await? {
        Ok(fields) => fields,
        // The form goes back with the version it was based on, so that a
        // stale edit is still caught when it is sent again.
        Err(errors) => return invalid(&state, &county, Some(&current), form, errors).await,
    };
    // A version that is not the stored one (or not a number at all) is
    // stale: someone saved in between. The update below checks again in
    // the same statement that writes, for edits that race this one.
    let Some(version) = matching_version(&form.version, current.version) else {
        return conflict(&state, &county, &current, Some(&fields)).await;
    };
    let txn = begin_write(&state.db).await?;
    let updated = match repo::update(
        &txn,
        county.tenant.id,
        current.id,
        version,
        &fields,
        Some(county.current.user.id),
    )
    .await
    {
        Ok(updated) => updated,
        Err(err @ (RepoError::Stale | RepoError::Taken(_) | RepoError::NotFound)) => {
            rollback(txn).await?;
            return not_saved(&state, &county, &current, form, &fields, err).await;
        }
        Err(other) => return Err(other.into()),
    };
    audit::record(&txn, update_event(&county, client, &current, &updated)).await?;
    commit(txn).await?;
    flash::set(
        &county.current.session,
        format!("Changes to {} were saved.", updated.fields.name),
    )
    .await?;
    Ok(Redirect::to(&provider_href(&county, &updated)).into_response())
}

/// The answer when the update wrote nothing (its transaction rolled back):
/// 409 when someone saved in between, else the form again with its
/// messages.
async fn not_saved(
    state: &AppState,
    county: &County,
    current: &Provider,
    form: ProviderForm,
    fields: &ProviderFields,
    err: RepoError,
) -> Result<Response, AppError> {
    let id = current.id.to_string();
    match err {
        RepoError::Stale => {
            let saved = provider_of(state, county, &id).await?;
            conflict(state, county, &saved, Some(fields)).await
        }
        RepoError::Taken(_) => {
            let errors = slug_taken(county, &fields.slug);
            invalid(state, county, Some(current), form, errors).await
        }
        // Deleted meanwhile (404), or one of its categories was.
        RepoError::NotFound => {
            let current = provider_of(state, county, &id).await?;
            let errors = check(state, county, &form).await?.err().unwrap_or_default();
            invalid(state, county, Some(&current), form, errors).await
        }
        other => Err(other.into()),
    }
}

/// The audit event of an update. The update matched `current.version`, so
/// `current` is exactly what it replaced.
fn update_event(
    county: &County,
    client: ClientAddr,
    current: &Provider,
    updated: &Provider,
) -> NewAuditEvent {
    let mut e = event(
        county,
        "provider.update",
        updated.fields.slug.as_str(),
        client,
    );
    e.changed_fields = changed_fields(&current.fields, &updated.fields);
    e.summary = if current.fields.slug == updated.fields.slug {
        format!("updated {}", updated.fields.name)
    } else {
        format!(
            "updated {} (slug {} -> {})",
            updated.fields.name, current.fields.slug, updated.fields.slug
        )
    };
    e
}
