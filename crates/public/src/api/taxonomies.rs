//! `/{t}/api/taxonomies` and `/{t}/api/taxonomies/{id}`: the county's
//! categories, as one taxonomy.

use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use openreferral::{Page, Taxonomy};
use web::AppState;

use super::{ApiError, ListQuery, cached, county, mapping, show_one};

/// GET /{t}/api/taxonomies: a page holding the county's one taxonomy.
#[utoipa::path(
    get,
    path = "/{t}/api/taxonomies",
    tag = "taxonomies",
    params(
        ("t" = String, Path, description = "The county's slug"),
        ("page" = Option<u64>, Query, description = "Page number, from 1"),
        ("per_page" = Option<u64>, Query, description = "Items a page: 1 to 200, default 50"),
    ),
    responses(
        (status = 200, description = "A page of taxonomies", body = Page<Taxonomy>),
        (status = 400, description = "A parameter's value is refused", body = openreferral::ApiError),
        (status = 404, description = "No such county", body = openreferral::ApiError),
    )
)]
pub(super) async fn list_taxonomies(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let county = county(&state, &slug).await?;
    let q = ListQuery::parse(raw.as_deref())?;
    let key = format!("taxonomies?{}", q.page_key());
    cached(&state, &county, &headers, &key, |county, snapshot| {
        let all = vec![mapping(county, snapshot).taxonomy()];
        Ok(serde_json::to_string(&Page::of(all, q.page, q.per_page))?)
    })
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
pub(super) async fn show_taxonomy(
    State(state): State<AppState>,
    Path(path): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    show_one(&state, path, &headers, "taxonomy", |county, _, id| {
        Some(county.taxonomy()).filter(|t| t.id == id)
    })
    .await
}
