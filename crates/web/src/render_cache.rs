//! Rendered public pages kept in memory, so a county's directory is served
//! without querying and rendering 200 providers on every request.
//!
//! Keys include the county's `content_version`, which every write bumps in
//! its own transaction, so a change made through any server is seen by every
//! server on its next request. Pages whose text depends on the clock (open
//! now) also key on the minute. Responses carry an `ETag` and answer
//! `If-None-Match` with 304.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// At most this many bytes of pages are kept; past it the cache starts
/// again empty (simple, and a full refill is cheap next to the budget).
const MAX_BYTES: usize = 256 * 1024 * 1024;

/// A rendered page and its validator.
pub struct Rendered {
    pub body: Bytes,
    pub etag: String,
}

impl Rendered {
    /// A body and its strong validator, a hash of the body: the same bytes
    /// get the same `ETag` from every server running this build.
    #[must_use]
    pub fn new(body: String) -> Self {
        let mut hasher = DefaultHasher::new();
        body.hash(&mut hasher);
        Self {
            etag: format!("\"{:016x}\"", hasher.finish()),
            body: Bytes::from(body),
        }
    }
}

/// The cache shared by the public handlers.
#[derive(Default)]
pub struct RenderCache {
    pages: Mutex<Pages>,
}

#[derive(Default)]
struct Pages {
    by_key: HashMap<String, Arc<Rendered>>,
    bytes: usize,
}

impl RenderCache {
    /// The page stored under `key`, if any.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<Arc<Rendered>> {
        self.pages.lock().ok()?.by_key.get(key).cloned()
    }

    /// Stores a rendered page under `key` and returns it.
    pub fn insert(&self, key: String, html: String) -> Arc<Rendered> {
        let rendered = Arc::new(Rendered::new(html));
        if let Ok(mut pages) = self.pages.lock() {
            let size = key.len() + rendered.body.len();
            if pages.bytes + size > MAX_BYTES {
                pages.by_key.clear();
                pages.bytes = 0;
            }
            pages.bytes += size;
            if let Some(old) = pages.by_key.insert(key, Arc::clone(&rendered)) {
                pages.bytes = pages.bytes.saturating_sub(old.body.len());
            }
        }
        rendered
    }
}

/// The page as a response: 304 when the client's `If-None-Match` names it.
#[must_use]
pub fn respond(rendered: &Rendered, request_headers: &HeaderMap) -> Response {
    // Stored, but checked with the server before each use.
    respond_as(
        rendered,
        request_headers,
        "text/html; charset=utf-8",
        "no-cache",
    )
}

/// A body with its validator as a response of `content_type` with this
/// `Cache-Control`: 304 when the client's `If-None-Match` names it.
#[must_use]
pub fn respond_as(
    rendered: &Rendered,
    request_headers: &HeaderMap,
    content_type: &'static str,
    cache_control: &'static str,
) -> Response {
    let etag = HeaderValue::from_str(&rendered.etag).ok();
    let matches = request_headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|tag| tag.trim() == rendered.etag || tag.trim() == "*")
        });
    let mut res = if matches {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
            rendered.body.clone(),
        )
            .into_response()
    };
    let headers = res.headers_mut();
    if let Some(etag) = etag {
        headers.insert(header::ETAG, etag);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    res
}
