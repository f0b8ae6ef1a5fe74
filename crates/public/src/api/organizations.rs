//! `/{t}/api/organizations` and `/{t}/api/organizations/{id}`: each
//! published provider is its own organisation.

use axum::response::Response;
use openreferral::{CountyRecords, Organization, Page};
use web::county_snapshot::Snapshot;

use super::ApiError;
use super::answer::{Asked, ListRefusals, Paging};

/// Every published provider's organisation, in the snapshot's order.
fn organizations<'a>(
    records: &'a CountyRecords<'_>,
    snapshot: &'a Snapshot,
) -> impl Iterator<Item = Organization> + 'a {
    snapshot
        .providers
        .iter()
        .map(|l| records.organization(&l.provider))
}

/// GET /{t}/api/organizations: a page of organisations.
#[utoipa::path(
    get,
    path = "/{t}/api/organizations",
    tag = "organizations",
    params(("t" = String, Path, description = "The county's slug"), Paging),
    responses(
        (status = 200, description = "A page of organisations", body = Page<Organization>),
        ListRefusals,
    )
)]
pub(super) async fn list_organizations(asked: Asked) -> Result<Response, ApiError> {
    asked
        .page("organizations", |records, snapshot| {
            organizations(records, snapshot).collect()
        })
        .await
}

/// GET /{t}/api/organizations/{id}: one organisation.
#[utoipa::path(
    get,
    path = "/{t}/api/organizations/{id}",
    tag = "organizations",
    params(
        ("t" = String, Path, description = "The county's slug"),
        ("id" = uuid::Uuid, Path, description = "The organisation's id"),
    ),
    responses(
        (status = 200, description = "The organisation", body = Organization),
        (status = 404, description = "No such county or organisation", body = openreferral::ApiError),
    )
)]
pub(super) async fn show_organization(asked: Asked) -> Result<Response, ApiError> {
    asked
        .one("organization", |records, snapshot, id| {
            organizations(records, snapshot).find(|o| o.id == id)
        })
        .await
}
