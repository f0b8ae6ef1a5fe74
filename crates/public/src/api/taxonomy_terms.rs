//! `/{t}/api/taxonomy_terms` and `/{t}/api/taxonomy_terms/{id}`: the
//! county's categories.

use axum::response::Response;
use openreferral::{Page, TaxonomyTerm};

use super::ApiError;
use super::answer::{Asked, ListRefusals, Paging};

/// GET /{t}/api/taxonomy_terms: a page of the county's categories.
#[utoipa::path(
    get,
    path = "/{t}/api/taxonomy_terms",
    tag = "taxonomies",
    params(("t" = String, Path, description = "The county's slug"), Paging),
    responses(
        (status = 200, description = "A page of taxonomy terms", body = Page<TaxonomyTerm>),
        ListRefusals,
    )
)]
pub(super) async fn list_terms(asked: Asked) -> Result<Response, ApiError> {
    asked
        .page("taxonomy_terms", |records, _| records.taxonomy_terms())
        .await
}

/// GET /{t}/api/taxonomy_terms/{id}: one category.
#[utoipa::path(
    get,
    path = "/{t}/api/taxonomy_terms/{id}",
    tag = "taxonomies",
    params(
        ("t" = String, Path, description = "The county's slug"),
        ("id" = uuid::Uuid, Path, description = "The term's id"),
    ),
    responses(
        (status = 200, description = "The taxonomy term", body = TaxonomyTerm),
        (status = 404, description = "No such county or term", body = openreferral::ApiError),
    )
)]
pub(super) async fn show_term(asked: Asked) -> Result<Response, ApiError> {
    asked
        .one("taxonomy_term", |records, _, id| {
            records.taxonomy_terms().into_iter().find(|t| t.id == id)
        })
        .await
}
