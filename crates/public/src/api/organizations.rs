//! `/{t}/api/organizations` and `/{t}/api/organizations/{id}`: each
//! published provider is its own organisation.

use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use openreferral::{Organization, Page};
use web::AppState;

use super::{ApiError, ListQuery, cached, county, mapping, show_one};

/// GET /{t}/api/organizations: a page of organisations.
#[utoipa::path(
    get,
    path = "/{t}/api/organizations",
    tag = "organizations",
    params(
        ("t" = String, Path, description = "The county's slug"),
        ("page" = Option<u64>, Query, description = "Page number, from 1"),
        ("per_page" = Option<u64>, Query, description = "Items a page: 1 to 200, default 50"),
    ),
    responses(
        (status = 200, description = "A page of organisations", body = Page<Organization>),
        (status = 400, description = "A parameter's value is refused", body = openreferral::ApiError),
        (status = 404, description = "No such county", body = openreferral::ApiError),
    )
)]
pub(super) async fn list_organizations(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let county = county(&state, &slug).await?;
    let q = ListQuery::parse(raw.as_deref())?;
    let key = format!("organizations?{}", q.page_key());
    cached(&state, &county, &headers, &key, |county, snapshot| {
        let county = mapping(county, snapshot);
        let all: Vec<Organization> = snapshot
            .providers
            .iter()
            .map(|l| county.organization(&l.provider))
            .collect();
        Ok(serde_json::to_string(&Page::of(all, q.page, q.per_page))?)
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
pub(super) async fn show_organization(
    State(state): State<AppState>,
    Path(path): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    show_one(
        &state,
        path,
        &headers,
        "organization",
        |county, snapshot, id| {
            snapshot
                .providers
                .iter()
                .map(|l| county.organization(&l.provider))
                .find(|o| o.id == id)
        },
    )
    .await
}
