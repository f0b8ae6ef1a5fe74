//! "Mark as reviewed": records that someone checked the provider's details
//! today, at the version the page showed (409 when stale), through the
//! shared save flow.

use axum::response::Response;
use domain::ProviderId;
use web::AppError;

use super::kind::ProviderKind;
use super::{event, repo};
use crate::call::Call;
use crate::records::href;
use crate::records::{Kind, find};
use crate::save::{VersionForm, change};
use crate::write::Written;

/// POST /admin/{t}/providers/{id}/review: mark the provider as reviewed
/// today (409 on a stale version).
pub(super) async fn review_provider(
    call: Call<ProviderId, VersionForm>,
) -> Result<Response, AppError> {
    let (county, client) = (&call.county, call.client);
    let current = find::<ProviderKind>(call.at(), call.id).await?;
    county.require_writable()?;
    let screen = ProviderKind::screen(call.at());
    let (county_id, actor) = (county.id, Some(county.current.user.id));
    let write = async |txn: &_, version| {
        let now = persistence::now();
        repo::mark_reviewed(txn, county_id, current.id, version, now, actor).await?;
        Ok(current.clone())
    };
    let written = |reviewed: &domain::Provider| {
        let slug = reviewed.fields.slug.as_str();
        let mut e = event(county, "provider.review", slug, client);
        e.changed_fields = vec!["reviewed_at".to_owned()];
        e.summary = format!("marked {} as reviewed", reviewed.fields.name);
        Written {
            event: e,
            flash: format!("{} was marked as reviewed today.", reviewed.fields.name),
            next: href::<ProviderKind>(county, reviewed),
        }
    };
    change(&screen, &current, &call.form.version, write, written).await
}
