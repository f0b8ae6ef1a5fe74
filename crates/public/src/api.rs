//! `/{t}/api/`: the county's published directory as an Open Referral UK
//! (HSDS 3.0) read API. JSON only, no cookie, `Access-Control-Allow-Origin:
//! *` on every answer (errors included), drawn from the county's snapshot
//! (so only published providers ever appear) by `openreferral`, which
//! decides what leaves the CMS.
//!
//! Answers without a free-text search are kept in the render cache like
//! the public pages (keyed by county, content version and the normalised
//! query; `ETag`, 304); a search is answered uncached with `no-store`.
//! Every refusal is JSON: 400 naming the parameter, 404 for an unknown
//! county, record or route.
//!
//! That flow is written once, in `answer` (the `Asked` extractor
//! and its `page`, `filtered_page`, `one` and `document`); a route's file
//! says only which records it answers with and how one is found.

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{any, get};
use domain::County;
use openreferral::CountyRecords;
use tower_http::set_header::SetResponseHeaderLayer;
use web::county_snapshot::Snapshot;
use web::render_cache;
use web::{AppError, AppState};

mod answer;
mod info;
mod openapi;
mod organizations;
mod query;
mod services;
mod taxonomies;
mod taxonomy_terms;

use answer::Asked;
pub use openapi::ApiDoc;
pub use query::{ListQuery, MAX_PER_PAGE, PER_PAGE};

/// The API's routes, each answering with `Access-Control-Allow-Origin: *`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{t}/api", get(redirect_to_info))
        .route("/{t}/api/", get(info::show_info))
        .route("/{t}/api/openapi.json", get(openapi::show_openapi))
        .route("/{t}/api/services", get(services::list_services))
        .route("/{t}/api/services/{id}", get(services::show_service))
        .route("/{t}/api/taxonomies", get(taxonomies::list_taxonomies))
        .route("/{t}/api/taxonomies/{id}", get(taxonomies::show_taxonomy))
        .route("/{t}/api/taxonomy_terms", get(taxonomy_terms::list_terms))
        .route(
            "/{t}/api/taxonomy_terms/{id}",
            get(taxonomy_terms::show_term),
        )
        .route(
            "/{t}/api/organizations",
            get(organizations::list_organizations),
        )
        .route(
            "/{t}/api/organizations/{id}",
            get(organizations::show_organization),
        )
        .route("/{t}/api/{*rest}", any(no_such_route))
        .layer(SetResponseHeaderLayer::overriding(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        ))
}

/// A refused or failed API request, answered as JSON.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: a query parameter's value is not accepted.
    #[error("{message}")]
    BadParameter {
        parameter: &'static str,
        message: String,
    },
    /// 404: no such county, record or route.
    #[error("not found")]
    NotFound,
    /// Anything else (logged by `AppError`; its status is kept).
    #[error(transparent)]
    Failed(AppError),
}

impl ApiError {
    pub(crate) fn bad(parameter: &'static str, message: impl Into<String>) -> Self {
        Self::BadParameter {
            parameter,
            message: message.into(),
        }
    }
}

impl From<AppError> for ApiError {
    fn from(err: AppError) -> Self {
        match err {
            AppError::NotFound | AppError::NotFoundInCounty(_) => Self::NotFound,
            other => Self::Failed(other),
        }
    }
}

impl From<render_cache::Lost> for ApiError {
    fn from(lost: render_cache::Lost) -> Self {
        Self::Failed(lost.into())
    }
}

impl From<serde_json::Error> for ApiError {
    fn from(err: serde_json::Error) -> Self {
        Self::Failed(AppError::internal(err))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body, retry_after) = match self {
            Self::BadParameter { parameter, message } => (
                StatusCode::BAD_REQUEST,
                openreferral::ApiError {
                    error: message,
                    parameter: Some(parameter.to_owned()),
                },
                None,
            ),
            Self::NotFound => (
                StatusCode::NOT_FOUND,
                openreferral::ApiError {
                    error: "not found".to_owned(),
                    parameter: None,
                },
                None,
            ),
            Self::Failed(err) => {
                // AppError logs it and says which status it is.
                let page = err.into_response();
                let retry = page.headers().get(header::RETRY_AFTER).cloned();
                let error = page
                    .status()
                    .canonical_reason()
                    .unwrap_or("error")
                    .to_lowercase();
                (
                    page.status(),
                    openreferral::ApiError {
                        error,
                        parameter: None,
                    },
                    retry,
                )
            }
        };
        let mut res = (status, axum::Json(body)).into_response();
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Some(retry) = retry_after {
            res.headers_mut().insert(header::RETRY_AFTER, retry);
        }
        res
    }
}

/// The active county with this slug; 404 JSON for an unknown or
/// suspended one.
pub(crate) async fn county(state: &AppState, slug: &str) -> Result<County, ApiError> {
    Ok(crate::active_county(state, slug).await?)
}

/// The mapping of a county's records, over its snapshot.
pub(crate) fn mapping<'a>(county: &'a County, snapshot: &'a Snapshot) -> CountyRecords<'a> {
    CountyRecords {
        county,
        categories: &snapshot.categories,
    }
}

/// GET /{t}/api: to the API's front door, `/{t}/api/`.
async fn redirect_to_info(asked: Asked) -> Redirect {
    Redirect::permanent(&format!("/{}/api/", asked.county.slug))
}

/// Any other path or method under /{t}/api/: 404 JSON (no content page
/// may stand at these addresses).
async fn no_such_route() -> ApiError {
    ApiError::NotFound
}
