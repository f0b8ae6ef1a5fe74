//! The cache's rules without a database: encodings, conditional
//! requests, single flight, expiry and the memory bound.

use super::*;
use crate::AppError;

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
        content_type: HTML,
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
        |text: &'static str| move |_at| async move { Ok::<_, AppError>(page(text, Some(until))) };
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
    let body = |r: Result<Arc<Rendered>, AppError>| {
        r.map(|r| String::from_utf8_lossy(&r.identity.body).into_owned())
    };
    assert_eq!(body(first).ok().as_deref(), Some("first"));
    assert_eq!(body(still).ok().as_deref(), Some("first"));
    assert_eq!(body(after).ok().as_deref(), Some("third"));
}

#[tokio::test]
async fn a_page_is_compressed_only_in_the_encodings_asked_for() {
    let cache = RenderCache::default();
    let html = "<p>help is here</p>".repeat(500);
    let rendered = cache
        .get_or_render("k".into(), &Clock::default(), |_at| async {
            Ok::<_, AppError>(page(&html, None))
        })
        .await
        .unwrap_or_else(|_| panic!("rendered"));
    assert!(rendered.gzip.get().is_none() && rendered.brotli.get().is_none());

    let res = respond(&rendered, &accepting("gzip")).await;
    assert_eq!(
        res.headers()
            .get(header::CONTENT_ENCODING)
            .map(|v| v.as_bytes()),
        Some(&b"gzip"[..])
    );
    assert!(rendered.gzip.get().is_some(), "made when first asked for");
    assert!(rendered.brotli.get().is_none(), "and only that one");
    let (br, encoding) = rendered.variant(Encoding::Brotli).await;
    assert_eq!(encoding, Encoding::Brotli);
    assert!(br.body.len() < html.len() / 4);
}

#[tokio::test]
async fn the_pages_kept_stay_within_the_budget() {
    let cache = RenderCache::new(1);
    let html = "x".repeat(100 * 1024);
    for n in 0..100 {
        let html = html.clone();
        let kept = cache
            .get_or_render(format!("page {n}"), &Clock::default(), |_at| async move {
                Ok::<_, AppError>(page(&html, None))
            })
            .await;
        assert!(kept.is_ok());
    }
    assert!(
        cache.weight().await <= 1024 * 1024,
        "{} bytes",
        cache.weight().await
    );
    assert!(cache.pages_kept().await < 100);
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
                    Ok::<_, AppError>(page("page", None))
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
                    Err::<Page, _>(AppError::NotFound)
                })
                .await
                .is_err()
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    let waiter = cache
        .get_or_render("k".into(), &Clock::default(), |_at| async {
            Ok::<_, AppError>(page("page", None))
        })
        .await;
    assert!(failing.await.unwrap_or(false));
    assert!(waiter.is_ok());
}
