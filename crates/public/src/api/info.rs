//! `/{t}/api/`: what the API follows and where its description is.

use axum::response::Response;
use openreferral::ApiInfo;

use super::ApiError;
use super::answer::Asked;

/// GET /{t}/api/: the HSDS version and profile followed, and the OpenAPI
/// document's address.
#[utoipa::path(
    get,
    path = "/{t}/api/",
    tag = "info",
    params(("t" = String, Path, description = "The county's slug")),
    responses(
        (status = 200, description = "About the API", body = ApiInfo),
        (status = 404, description = "No such county", body = openreferral::ApiError),
    )
)]
pub(super) async fn show_info(asked: Asked) -> Result<Response, ApiError> {
    let path = format!("/{}/api/openapi.json", asked.county.slug);
    let openapi_url = asked
        .state
        .config
        .base_url
        .join(&path)
        .map_or(path, |u| u.to_string());
    asked
        .document("info", move |_, _| {
            Ok(serde_json::to_string(&ApiInfo {
                version: openreferral::HSDS_VERSION.to_owned(),
                profile: openreferral::PROFILE_URL.to_owned(),
                openapi_url,
            })?)
        })
        .await
}
