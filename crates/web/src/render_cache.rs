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
//!   the page and the others wait for it (single flight): no stampede of
//!   identical renders when a page expires under load.
//! - Each page is stored uncompressed, gzipped and brotli-compressed, and
//!   served in the encoding the client prefers with `Vary: Accept-Encoding`
//!   and an `ETag` per encoding; `If-None-Match` gets 304.

use std::collections::HashMap;
use std::future::Future;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use time::OffsetDateTime;
use tokio::sync::watch;

use crate::Clock;

/// At most this many bytes of pages are kept; past it the cache starts
/// again empty (simple, and a full refill is cheap next to the budget).
const MAX_BYTES: usize = 256 * 1024 * 1024;

/// Brotli quality: 5 compresses a 190 KB directory to about what gzip -9
/// gives in a few milliseconds; 11 would take half a second per page.
const BROTLI_QUALITY: u32 = 5;

/// Brotli window (log2 of bytes): the recommended default.
const BROTLI_WINDOW: u32 = 22;

/// A freshly rendered page and how long it holds.
pub struct Page {
    pub html: String,
    /// The first instant at which the page may read differently (an
    /// "open now" label changes); `None` when nothing on it depends on the
    /// time. Content changes are handled by the key, not here.
    pub valid_until: Option<OffsetDateTime>,
}

/// How a response body is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Identity,
    Gzip,
    Brotli,
}

impl Encoding {
    /// The encoding to send for a request's `Accept-Encoding`: brotli,
    /// then gzip, then none, skipping any the client refuses (`q=0`) and
    /// honouring a client that prefers gzip.
    #[must_use]
    pub fn preferred(request_headers: &HeaderMap) -> Self {
        let Some(accept) = request_headers
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
        else {
            return Self::Identity;
        };
        let (mut br, mut gzip, mut any) = (None, None, None);
        for item in accept.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or_default().trim();
            let q = parts
                .find_map(|p| {
                    let p = p.trim();
                    p.strip_prefix("q=").or_else(|| p.strip_prefix("Q="))
                })
                .map_or(1000, qvalue);
            if name.eq_ignore_ascii_case("br") {
                br = Some(q);
            } else if name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip") {
                gzip = Some(q);
            } else if name == "*" {
                any = Some(q);
            }
        }
        let br = br.or(any).unwrap_or(0);
        let gzip = gzip.or(any).unwrap_or(0);
        if br > 0 && br >= gzip {
            Self::Brotli
        } else if gzip > 0 {
            Self::Gzip
        } else {
            Self::Identity
        }
    }
}

/// A `qvalue` in thousandths ("0.8" is 800); anything unreadable is 0
/// (not acceptable).
fn qvalue(text: &str) -> u16 {
    let text = text.trim();
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return 0;
    }
    match whole {
        "1" => 1000,
        "0" => {
            let digits = format!("{fraction:0<3}");
            digits.parse().unwrap_or(0)
        }
        _ => 0,
    }
}

/// One encoding of a page and its validator.
pub struct Variant {
    pub body: Bytes,
    pub etag: HeaderValue,
}

/// A rendered page, in every encoding it is served in.
pub struct Rendered {
    pub identity: Variant,
    /// `None` when compressing failed (the page is then sent uncompressed).
    pub gzip: Option<Variant>,
    pub brotli: Option<Variant>,
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

    /// The variant to send in `encoding` (uncompressed if that failed).
    #[must_use]
    pub fn variant(&self, encoding: Encoding) -> (&Variant, Encoding) {
        match (encoding, &self.brotli, &self.gzip) {
            (Encoding::Brotli, Some(br), _) => (br, Encoding::Brotli),
            (Encoding::Brotli | Encoding::Gzip, _, Some(gz)) => (gz, Encoding::Gzip),
            _ => (&self.identity, Encoding::Identity),
        }
    }

    fn size(&self) -> usize {
        self.identity.body.len()
            + self.gzip.as_ref().map_or(0, |v| v.body.len())
            + self.brotli.as_ref().map_or(0, |v| v.body.len())
    }
}

fn gzip(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 4),
        flate2::Compression::default(),
    );
    encoder.write_all(bytes).ok()?;
    encoder.finish().ok()
}

fn brotli(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len() / 4);
    let params = brotli::enc::BrotliEncoderParams {
        quality: i32::try_from(BROTLI_QUALITY).unwrap_or(5),
        lgwin: i32::try_from(BROTLI_WINDOW).unwrap_or(22),
        ..brotli::enc::BrotliEncoderParams::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).ok()?;
    Some(out)
}

/// The cache shared by the public handlers.
#[derive(Default)]
pub struct RenderCache {
    pages: Mutex<Pages>,
    /// Keys being rendered now. Waiters hold a receiver; the renderer's
    /// sender is dropped when it finishes, fails or is cancelled, which
    /// wakes them.
    flights: Mutex<HashMap<String, watch::Receiver<()>>>,
}

#[derive(Default)]
struct Pages {
    by_key: HashMap<String, Arc<Rendered>>,
    bytes: usize,
}

/// The renderer's place in [`RenderCache::flights`]: dropping it (done,
/// failed or cancelled) removes the flight and wakes the waiters.
struct Flight<'a> {
    cache: &'a RenderCache,
    key: &'a str,
    _done: watch::Sender<()>,
}

impl Drop for Flight<'_> {
    fn drop(&mut self) {
        self.cache
            .flights
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(self.key);
    }
}

impl RenderCache {
    /// The page stored under `key` if it still reads right at `now`.
    fn get(&self, key: &str, now: OffsetDateTime) -> Option<Arc<Rendered>> {
        self.pages
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .by_key
            .get(key)
            .filter(|page| page.holds_at(now))
            .cloned()
    }

    fn insert(&self, key: String, rendered: Arc<Rendered>) {
        let mut pages = self.pages.lock().unwrap_or_else(PoisonError::into_inner);
        let size = key.len() + rendered.size();
        if pages.bytes + size > MAX_BYTES {
            pages.by_key.clear();
            pages.bytes = 0;
        }
        pages.bytes += size;
        if let Some(old) = pages.by_key.insert(key, rendered) {
            pages.bytes = pages.bytes.saturating_sub(old.size());
        }
    }

    /// The page under `key` as it reads now: from memory if it still holds,
    /// else rendered by `render` (called with the instant to draw it at).
    /// When other requests are rendering the same key, waits for theirs
    /// instead; should theirs fail, renders its own.
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
    {
        let mut waited = false;
        let flight = loop {
            if let Some(hit) = self.get(&key, clock.now()) {
                return Ok(hit);
            }
            if waited {
                // The render waited for failed (or drew the page at an
                // instant it no longer holds): render alone.
                break None;
            }
            let mut done = {
                let mut flights = self.flights.lock().unwrap_or_else(PoisonError::into_inner);
                match flights.get(&key) {
                    Some(done) => done.clone(),
                    None => {
                        let (sender, receiver) = watch::channel(());
                        flights.insert(key.clone(), receiver);
                        break Some(sender);
                    }
                }
            };
            // Returns once the renderer's sender is dropped.
            while done.changed().await.is_ok() {}
            waited = true;
        };
        let _flight = flight.map(|sender| Flight {
            cache: self,
            key: &key,
            _done: sender,
        });
        let at = clock.now();
        let page = render(at).await?;
        let rendered = Arc::new(build(page, at).await);
        self.insert(key.clone(), Arc::clone(&rendered));
        Ok(rendered)
    }
}

/// `page`, drawn at `at`, in every encoding. Compression runs off the
/// async workers (a few milliseconds for a large directory).
async fn build(page: Page, at: OffsetDateTime) -> Rendered {
    let mut hasher = DefaultHasher::new();
    page.html.hash(&mut hasher);
    let tag = format!("{:016x}", hasher.finish());
    let etag = |suffix: &str| {
        HeaderValue::from_str(&format!("\"{tag}{suffix}\""))
            .unwrap_or_else(|_| HeaderValue::from_static("\"\""))
    };
    let html = Bytes::from(page.html);
    let source = html.clone();
    // Should compression panic, the page is served uncompressed.
    let (gzipped, brotlied) = tokio::task::spawn_blocking(move || (gzip(&source), brotli(&source)))
        .await
        .unwrap_or((None, None));
    Rendered {
        identity: Variant {
            body: html,
            etag: etag(""),
        },
        gzip: gzipped.map(|body| Variant {
            body: Bytes::from(body),
            etag: etag("-gzip"),
        }),
        brotli: brotlied.map(|body| Variant {
            body: Bytes::from(body),
            etag: etag("-br"),
        }),
        rendered_at: at.unix_timestamp(),
        valid_until: page
            .valid_until
            .map_or(i64::MAX, OffsetDateTime::unix_timestamp),
    }
}

/// The page as a response in the encoding the client prefers: 304 when
/// its `If-None-Match` names that encoding's `ETag`.
#[must_use]
pub fn respond(rendered: &Rendered, request_headers: &HeaderMap) -> Response {
    let (variant, encoding) = rendered.variant(Encoding::preferred(request_headers));
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
                HeaderValue::from_static("text/html; charset=utf-8"),
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
mod tests {
    use super::*;

    fn accepting(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).unwrap_or_else(|e| panic!("{e}")),
        );
        headers
    }

    #[test]
    fn picks_the_encoding_the_client_accepts() {
        let cases = [
            ("gzip, deflate, br", Encoding::Brotli),
            ("gzip, deflate, br, zstd", Encoding::Brotli),
            ("gzip", Encoding::Gzip),
            ("br;q=0, gzip", Encoding::Gzip),
            ("br;q=0.5, gzip;q=0.8", Encoding::Gzip),
            ("BR;Q=1.0", Encoding::Brotli),
            ("*", Encoding::Brotli),
            ("*;q=0, gzip", Encoding::Gzip),
            ("identity", Encoding::Identity),
            ("gzip;q=0", Encoding::Identity),
            ("gzip;q=nonsense", Encoding::Identity),
            ("deflate", Encoding::Identity),
            ("", Encoding::Identity),
        ];
        for (value, expected) in cases {
            assert_eq!(Encoding::preferred(&accepting(value)), expected, "{value}");
        }
        assert_eq!(Encoding::preferred(&HeaderMap::new()), Encoding::Identity);
    }

    #[test]
    fn reads_qvalues_in_thousandths() {
        for (text, q) in [("1", 1000), ("1.000", 1000), ("0.8", 800), ("0.05", 50)] {
            assert_eq!(qvalue(text), q, "{text}");
        }
        for bad in ["0.0001", "2", "-1", "x", ".5"] {
            assert_eq!(qvalue(bad), 0, "{bad}");
        }
    }

    fn page(html: &str, valid_until: Option<OffsetDateTime>) -> Page {
        Page {
            html: html.to_owned(),
            valid_until,
        }
    }

    #[tokio::test]
    async fn a_page_is_drawn_again_when_its_time_runs_out() {
        let cache = RenderCache::default();
        let clock = Clock::default();
        let start = OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_000);
        clock.set(start);
        let until = start + time::Duration::minutes(5);
        let render =
            |text: &'static str| move |_at| async move { Ok::<_, ()>(page(text, Some(until))) };
        let first = cache
            .get_or_render("k".into(), &clock, render("first"))
            .await;
        clock.set(until - time::Duration::SECOND);
        let still = cache
            .get_or_render("k".into(), &clock, render("second"))
            .await;
        clock.set(until);
        let after = cache
            .get_or_render("k".into(), &clock, render("third"))
            .await;
        let body = |r: Result<Arc<Rendered>, ()>| {
            r.map(|r| String::from_utf8_lossy(&r.identity.body).into_owned())
        };
        assert_eq!(body(first).as_deref(), Ok("first"));
        assert_eq!(body(still).as_deref(), Ok("first"));
        assert_eq!(body(after).as_deref(), Ok("third"));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_misses_of_one_key_render_once() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let cache = Arc::new(RenderCache::default());
        let renders = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..32 {
            let cache = Arc::clone(&cache);
            let renders = Arc::clone(&renders);
            tasks.push(tokio::spawn(async move {
                cache
                    .get_or_render("k".into(), &Clock::default(), |_at| async move {
                        renders.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                        Ok::<_, ()>(page("page", None))
                    })
                    .await
                    .is_ok()
            }));
        }
        for task in tasks {
            assert!(task.await.unwrap_or(false));
        }
        assert_eq!(renders.load(Ordering::SeqCst), 1);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn waiters_render_for_themselves_when_the_render_they_waited_for_fails() {
        let cache = Arc::new(RenderCache::default());
        let failing = {
            let cache = Arc::clone(&cache);
            tokio::spawn(async move {
                cache
                    .get_or_render("k".into(), &Clock::default(), |_at| async {
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                        Err::<Page, _>("gone")
                    })
                    .await
                    .is_err()
            })
        };
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        let waiter = cache
            .get_or_render("k".into(), &Clock::default(), |_at| async {
                Ok::<_, &str>(page("page", None))
            })
            .await;
        assert!(failing.await.unwrap_or(false));
        assert!(waiter.is_ok());
    }
}
