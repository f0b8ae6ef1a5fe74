//! Saving an edit of a provider, through the shared save flow: the form is
//! checked first; then the version it was based on must still be the
//! stored one, or nothing is written and the 409 page shows both versions.

use axum::extract::{Path, State};
use axum::response::Response;
use domain::provider::changed_fields;
use domain::{NewAuditEvent, Provider};
use web::{AppError, AppState, ClientAddr, CsrfForm};

use super::check::check;
use super::form::ProviderForm;
use super::saving::Providers;
use super::{event, provider_href, provider_of, repo};
use crate::CountyAccess;
use crate::save::{InCounty, save_edit};
use crate::write::Written;

/// POST /admin/{t}/providers/{id}: save an edit (422 for bad input, 409 on
/// a stale version).
pub(super) async fn update_provider(
    State(state): State<AppState>,
    county: CountyAccess,
    client: ClientAddr,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<ProviderForm>,
) -> Result<Response, AppError> {
    let current = provider_of(&state, &county, &id).await?;
    county.require_writable()?;
    let checked = check(&state, &county, &form).await?;
    let screen = Providers {
        at: InCounty::new(&state, &county),
    };
    let (county_id, actor) = (county.id, Some(county.current.user.id));
    let write = async |txn: &_, fields: &_, version| {
        repo::update(txn, county_id, current.id, version, fields, actor).await
    };
    let written = |updated: &Provider, _: &_| Written {
        event: update_event(&county, client, &current, updated),
        flash: format!("Changes to {} were saved.", updated.fields.name),
        next: provider_href(&county, updated),
    };
    save_edit(&screen, &current, form, checked, write, written).await
}

/// The audit event of an update. The update matched `current.version`, so
/// `current` is exactly what it replaced.
fn update_event(
    county: &CountyAccess,
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
