//! Rendered public pages kept in memory, so a county's directory is served
//! without querying and rendering 200 providers on every request.
//!
//! - Keys include the county's `content_version`, which every write bumps
//!   in its own transaction, so a change made through any server is seen by
//!   every server on its next request.
//! - A page whose text depends on the clock ("Open now, until 14:00") says
//!   until when it holds ([`Page::valid_until`]: the next opening or closing
//!   of any provider on it) and is drawn again only then, not every minute.
//! - However many requests miss the same key at once, one of them renders
//!   the page and the others wait for it (single flight, moka's per-key
//!   `and_try_compute_with`): no stampede of identical renders when a page
//!   expires under load.
//! - The store is a `moka` cache bounded by bytes (`CMS_CACHE_MB`, default
//!   64): each page weighs its key and bodies, and eviction is by TinyLFU
//!   admission and LRU, so a flood of pages nobody asks for twice cannot
//!   push out the pages everyone reads, and there is no cliff where the
//!   whole cache is dropped at once.
//! - A page is stored uncompressed; its gzip and brotli variants are made
//!   the first time a client asks for that encoding, then kept with it.
//!   Each is served with `Vary: Accept-Encoding` and an `ETag` per
//!   encoding; `If-None-Match` gets 304.

use std::future::Future;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use moka::ops::compute::{CompResult, Op};
use time::OffsetDateTime;
use tokio::sync::OnceCell;

use crate::Clock;

mod encoding;

pub use encoding::Encoding;
#[cfg(test)]
use encoding::qvalue;
use encoding::{Compressor, brotli, gzip};

/// The cache's byte budget when `CMS_CACHE_MB` is not set.
pub const DEFAULT_BUDGET_MB: u64 = 64;

/// The content type of an HTML page.
pub const HTML: &str = "text/html; charset=utf-8";

/// The content type of a JSON document (the county API's).
pub const JSON: &str = "application/json";

/// A freshly rendered page and how long it holds.
pub struct Page {
    /// The body: HTML, or whatever `content_type` says.
    pub html: String,
    /// [`HTML`] or [`JSON`].
    pub content_type: &'static str,
    /// The first instant at which the page may read differently (an
    /// "open now" label changes); `None` when nothing on it depends on the
    /// time. Content changes are handled by the key, not here.
    pub valid_until: Option<OffsetDateTime>,
}

/// One encoding of a page and its validator.
pub struct Variant {
    pub body: Bytes,
    pub etag: HeaderValue,
}

/// A rendered page, and its compressed variants once a client has asked
/// for them.
pub struct Rendered {
    pub identity: Variant,
    /// The page's `Content-Type`.
    content_type: &'static str,
    /// The hash of the page the `ETag`s are made from.
    tag: String,
    /// Made on first use; `None` inside when compressing failed (the page is
    /// then sent uncompressed).
    gzip: OnceCell<Option<Variant>>,
    brotli: OnceCell<Option<Variant>>,
    /// The second it was drawn at (unix time).
    rendered_at: i64,
    /// The first second at which it may be wrong (unix time).
    valid_until: i64,
}

impl Rendered {
    /// Whether the page reads right at `now`.
    fn holds_at(&self, now: OffsetDateTime) -> bool {
        (self.rendered_at..self.valid_until).contains(&now.unix_timestamp())
    }

    /// The variant to send in `encoding`, compressing the page the first
    /// time that encoding is asked for (off the async workers; a few
    /// milliseconds for a large directory). Uncompressed if that failed.
    pub async fn variant(&self, encoding: Encoding) -> (&Variant, Encoding) {
        let (cell, compress, suffix): (_, Compressor, _) = match encoding {
            Encoding::Identity => return (&self.identity, Encoding::Identity),
            Encoding::Gzip => (&self.gzip, gzip, "-gzip"),
            Encoding::Brotli => (&self.brotli, brotli, "-br"),
        };
        let made = cell
            .get_or_init(|| async {
                let source = self.identity.body.clone();
                // Should compression panic, the page is served uncompressed.
                let body = tokio::task::spawn_blocking(move || compress(&source))
                    .await
                    .ok()
                    .flatten()?;
                Some(Variant {
                    body: Bytes::from(body),
                    etag: etag(&self.tag, suffix),
                })
            })
            .await;
        match made {
            Some(variant) => (variant, encoding),
            None => (&self.identity, Encoding::Identity),
        }
    }

    /// What the page is counted as in the cache's budget: its key and
    /// body, and half the body again for the compressed variants it may
    /// come to hold (HTML compresses to a fifth or less in either).
    fn weight(&self, key: &str) -> u32 {
        let body = self.identity.body.len();
        u32::try_from(key.len() + body + body / 2).unwrap_or(u32::MAX)
    }
}

fn etag(tag: &str, suffix: &str) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{tag}{suffix}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("\"\""))
}

/// A cache (of pages or of county snapshots) answered a computation with no
/// value, which its closure never asks for: an error rather than a panic,
/// should moka ever do so.
#[derive(Debug, thiserror::Error)]
#[error("the cache lost the value it was given")]
pub struct Lost;

/// The value a moka computation kept or put. Our computations only ever
/// keep a value or put one (`Op::Nop` or `Op::Put`), so the other outcomes
/// are [`Lost`]: an error rather than a panic, should moka ever give one.
///
/// # Errors
/// `Lost` for an outcome with no value.
pub(crate) fn kept_or_put<K, V>(computed: CompResult<K, V>) -> Result<V, Lost> {
    match computed {
        CompResult::Inserted(entry)
        | CompResult::ReplacedWith(entry)
        | CompResult::Unchanged(entry) => Ok(entry.into_value()),
        CompResult::StillNone(_) | CompResult::Removed(_) => Err(Lost),
    }
}

/// The cache shared by the public handlers.
pub struct RenderCache {
    pages: moka::future::Cache<String, Arc<Rendered>>,
}

impl Default for RenderCache {
    fn default() -> Self {
        Self::new(DEFAULT_BUDGET_MB)
    }
}

impl RenderCache {
    /// A cache that keeps at most `budget_mb` MiB of pages (by their
    /// weight, see [`Rendered`]).
    #[must_use]
    pub fn new(budget_mb: u64) -> Self {
        let pages = moka::future::Cache::builder()
            .max_capacity(budget_mb.saturating_mul(1024 * 1024))
            .weigher(|key: &String, page: &Arc<Rendered>| page.weight(key))
            .build();
        Self { pages }
    }

    /// The page under `key` as it reads now: from memory if it still holds,
    /// else rendered by `render` (called with the instant to draw it at).
    /// Requests for the same key wait for each other: the first renders,
    /// the others find its page; should it fail, the next renders its own.
    ///
    /// # Errors
    /// Whatever `render` returns; failures are not cached.
    pub async fn get_or_render<F, Fut, E>(
        &self,
        key: String,
        clock: &Clock,
        render: F,
    ) -> Result<Arc<Rendered>, E>
    where
        F: FnOnce(OffsetDateTime) -> Fut,
        Fut: Future<Output = Result<Page, E>>,
        E: From<Lost> + Send + Sync + 'static,
    {
        if let Some(hit) = self.pages.get(&key).await
            && hit.holds_at(clock.now())
        {
            return Ok(hit);
        }
        let computed = self
            .pages
            .entry(key)
            .and_try_compute_with(|stored| async move {
                if stored.is_some_and(|page| page.value().holds_at(clock.now())) {
                    return Ok::<_, E>(Op::Nop);
                }
                let at = clock.now();
                let page = render(at).await?;
                Ok(Op::Put(Arc::new(build(page, at))))
            })
            .await?;
        Ok(kept_or_put(computed)?)
    }

    /// How many pages are kept, after pending evictions (for tests and the
    /// benchmark).
    pub async fn pages_kept(&self) -> u64 {
        self.pages.run_pending_tasks().await;
        self.pages.entry_count()
    }

    /// The weight of the pages kept, in bytes, after pending evictions.
    pub async fn weight(&self) -> u64 {
        self.pages.run_pending_tasks().await;
        self.pages.weighted_size()
    }
}

/// `page`, drawn at `at`, uncompressed: its variants are made on demand.
fn build(page: Page, at: OffsetDateTime) -> Rendered {
    let mut hasher = DefaultHasher::new();
    page.html.hash(&mut hasher);
    let tag = format!("{:016x}", hasher.finish());
    Rendered {
        identity: Variant {
            body: Bytes::from(page.html),
            etag: etag(&tag, ""),
        },
        content_type: page.content_type,
        tag,
        gzip: OnceCell::new(),
        brotli: OnceCell::new(),
        rendered_at: at.unix_timestamp(),
        valid_until: page
            .valid_until
            .map_or(i64::MAX, OffsetDateTime::unix_timestamp),
    }
}

/// The page as a response in the encoding the client prefers: 304 when
/// its `If-None-Match` names that encoding's `ETag`.
pub async fn respond(rendered: &Rendered, request_headers: &HeaderMap) -> Response {
    let (variant, encoding) = rendered.variant(Encoding::preferred(request_headers)).await;
    let etag = variant.etag.as_bytes();
    let matches = request_headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|tag| tag.as_bytes() == etag || tag == "*");
    let mut res = if matches {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut res = (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static(rendered.content_type),
            )],
            variant.body.clone(),
        )
            .into_response();
        match encoding {
            Encoding::Identity => {}
            Encoding::Gzip => {
                res.headers_mut()
                    .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            }
            Encoding::Brotli => {
                res.headers_mut()
                    .insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
            }
        }
        res
    };
    let headers = res.headers_mut();
    headers.insert(header::ETAG, variant.etag.clone());
    headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    // Stored, but checked with the server before each use.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

/// A page drawn for one request and not kept (a free-text search): sent
/// uncompressed, since compressing it would cost more than it saves for a
/// page that is never sent again, and with no `ETag`. Not stored by the
/// browser either (`no-store`): what someone searched for should not stay
/// in the cache of a shared or watched phone.
#[must_use]
pub fn respond_uncached(html: String) -> Response {
    let mut res = (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        html,
    )
        .into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// A small body made on each request (a county's stylesheet) as a
/// response of `content_type` with this `Cache-Control`, its `ETag` a hash
/// of the body: 304 when the client's `If-None-Match` names it.
#[must_use]
pub fn respond_body(
    body: String,
    request_headers: &HeaderMap,
    content_type: &'static str,
    cache_control: &'static str,
) -> Response {
    let mut hasher = DefaultHasher::new();
    body.hash(&mut hasher);
    let etag = format!("\"{:016x}\"", hasher.finish());
    let matches = request_headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|tag| tag == etag || tag == "*");
    let mut res = if matches {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
            body,
        )
            .into_response()
    };
    let headers = res.headers_mut();
    if let Ok(etag) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, etag);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    res
}

#[cfg(test)]
mod tests;
