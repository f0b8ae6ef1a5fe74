//! Headers on every response, errors included, and HTML pages for error
//! responses that lower layers produced as plain text.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::AppState;

/// No inline script, no third-party origin.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; object-src 'none'; base-uri 'none'; \
     frame-ancestors 'none'; form-action 'self'";

/// Adds the security headers of DESIGN.md to every response.
pub async fn security_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    let fixed: [(HeaderName, &'static str); 6] = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (
            HeaderName::from_static("permissions-policy"),
            "geolocation=(), camera=(), microphone=(), interest-cohort=()",
        ),
        (header::X_FRAME_OPTIONS, "DENY"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if state.config.base_url.scheme() == "https" {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    res
}

/// Replaces the body of an error response that is neither HTML nor JSON
/// (a 405 from the router, a 413 from the body limit, a 500 from a caught
/// panic) with the generic HTML page, keeping its status and headers such
/// as `Allow`. The county API's JSON errors are kept as they are.
pub async fn html_errors(req: Request, next: Next) -> Response {
    let is_head = req.method() == Method::HEAD;
    let res = next.run(req).await;
    let status = res.status();
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html") || v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_html || is_head {
        return res;
    }
    let (mut parts, _) = res.into_parts();
    let page = crate::error::error_response(status);
    let (page_parts, body) = page.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    for (name, value) in &page_parts.headers {
        parts.headers.insert(name.clone(), value.clone());
    }
    Response::from_parts(parts, Body::new(body))
}

/// `Cache-Control: no-store` on every response under `/admin`: admin pages
/// hold personal data and must not stay in a shared browser's cache. Set
/// at the top of the application, so it also covers what is answered
/// before the admin router is reached (a 413 for an oversized body, a
/// timeout).
pub async fn no_store_under_admin(req: Request, next: Next) -> Response {
    let admin = req.uri().path().starts_with("/admin");
    let mut res = next.run(req).await;
    if admin {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}
