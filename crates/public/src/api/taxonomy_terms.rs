//! `/{t}/api/taxonomy_terms` and `/{t}/api/taxonomy_terms/{id}`: the
//! county's categories.

use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use openreferral::{Page, TaxonomyTerm};
use web::AppState;

use super::{ApiError, ListQuery, cached, county, mapping, show_one};

/// GET /{t}/api/taxonomy_terms: a page of the county's categories.
#[utoipa::path(
    get,
    path = "/{t}/api/taxonomy_terms",
    tag = "taxonomies",
    params(
        ("t" = String, Path, description = "The county's slug"),
        ("page" = Option<u64>, Query, description = "Page number, from 1"),
        ("per_page" = Option<u64>, Query, description = "Items a page: 1 to 200, default 50"),
    ),
    responses(
        (status = 200, description = "A page of taxonomy terms", body = Page<TaxonomyTerm>),
        (status = 400, description = "A parameter's value is refused", body = openreferral::ApiError),
        (status = 404, description = "No such county", body = openreferral::ApiError),
    )
)]
pub(super) async fn list_terms(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let county = county(&state, &slug).await?;
    let q = ListQuery::parse(raw.as_deref())?;
    let key = format!("taxonomy_terms?{}", q.page_key());
    cached(&state, &county, &headers, &key, |county, snapshot| {
        let all = mapping(county, snapshot).taxonomy_terms();
        Ok(serde_json::to_string(&Page::of(all, q.page, q.per_page))?)
    })
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
pub(super) async fn show_term(
    State(state): State<AppState>,
    Path(path): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    show_one(&state, path, &headers, "taxonomy_term", |county, _, id| {
        county.taxonomy_terms().into_iter().find(|t| t.id == id)
    })
    .await
}
