//! The stylesheet and the small script, compiled into the binary.

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::AppError;

const SITE_CSS: &str = include_str!("../../../templates/assets/site.css");
const PRINT_CSS: &str = include_str!("../../../templates/assets/print.css");
const EXIT_JS: &str = include_str!("../../../templates/assets/exit-this-page.js");

/// `GET /assets/{file}`.
pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new().route("/assets/{file}", get(asset))
}

async fn asset(Path(file): Path<String>) -> Result<Response, AppError> {
    let (body, content_type) = match file.as_str() {
        "site.css" => (SITE_CSS, "text/css; charset=utf-8"),
        "print.css" => (PRINT_CSS, "text/css; charset=utf-8"),
        "exit-this-page.js" => (EXIT_JS, "text/javascript; charset=utf-8"),
        _ => return Err(AppError::NotFound),
    };
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        body,
    )
        .into_response())
}
