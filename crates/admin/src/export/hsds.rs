//! `/admin/{t}/export/hsds.zip`: the HSDS tabular data package of the
//! county's published directory, with the same records and ids as its
//! Open Referral API (both are drawn from the county's snapshot by
//! `openreferral`).

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use web::{AppError, AppState};

use crate::CountyAccess;

/// GET /admin/{t}/export/hsds.zip: the county's published directory as
/// an HSDS tabular data package, for any member of the county.
pub(super) async fn download_hsds(
    State(state): State<AppState>,
    county: CountyAccess,
) -> Result<Response, AppError> {
    let county = &county.county;
    let snapshot = state
        .snapshots
        .get::<AppError>(&state.db, county, state.clock.now())
        .await?;
    let mapping = openreferral::CountyRecords {
        county,
        categories: &snapshot.categories,
    };
    let services: Vec<openreferral::Service> = snapshot
        .providers
        .iter()
        .map(|listed| mapping.service(&listed.provider))
        .collect();
    let name = format!("{}-hsds", county.slug);
    let zip = openreferral::write_package(
        &name,
        &mapping.taxonomy(),
        &mapping.taxonomy_terms(),
        &services,
    )
    .map_err(AppError::internal)?;
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}.zip\""))
        .map_err(AppError::internal)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/zip"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        zip,
    )
        .into_response())
}
