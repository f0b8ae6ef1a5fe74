//! `/{t}/api/taxonomies` and `/{t}/api/taxonomies/{id}`: the county's
//! categories, as one taxonomy.

use axum::response::Response;
use openreferral::{Page, Taxonomy};

use super::ApiError;
use super::answer::{Asked, ListRefusals, Paging};

/// GET /{t}/api/taxonomies: a page holding the county's one taxonomy.
#[utoipa::path(
    get,
    path = "/{t}/api/taxonomies",
    tag = "taxonomies",
    params(("t" = String, Path, description = "The county's slug"), Paging),
    responses(
        (status = 200, description = "A page of taxonomies", body = Page<Taxonomy>),
        ListRefusals,
    )
)]
pub(super) async fn list_taxonomies(asked: Asked) -> Result<Response, ApiError> {
    asked
        .page("taxonomies", |records, _| vec![records.taxonomy()])
        .await
}

/// GET /{t}/api/taxonomies/{id}: the county's taxonomy.
#[utoipa::path(
    get,
    path = "/{t}/api/taxonomies/{id}",
    tag = "taxonomies",
    params(
        ("t" = String, Path, description = "The county's slug"),
        ("id" = uuid::Uuid, Path, description = "The taxonomy's id"),
    ),
    responses(
        (status = 200, description = "The taxonomy", body = Taxonomy),
        (status = 404, description = "No such county or taxonomy", body = openreferral::ApiError),
    )
)]
pub(super) async fn show_taxonomy(asked: Asked) -> Result<Response, ApiError> {
    asked
        .one("taxonomy", |records, _, id| {
            Some(records.taxonomy()).filter(|t| t.id == id)
        })
        .await
}
