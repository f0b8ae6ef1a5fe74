//! The public provider directory: `/{t}/support` and `/{t}/support/{slug}`.
//! Only published providers, the filters, phone links, a confidential
//! address that never leaves the server, sanitised Markdown, escaping,
//! JSON-LD, cross-county isolation, and the safety chrome.
//!
//! The tests sit beside this file by subject; this file keeps the helpers
//! they share.

mod chrome;
mod filters;
mod listing;
mod provider_page;

use axum::http::StatusCode;
use domain::provider::{RawProvider, london};
use domain::{County, CountyStatus, Role};
use integration_tests::logs::LogCapture;
use integration_tests::{TestApp, TestResponse, attr, both_backends, enclosing_tag, published};
use persistence::repo::{counties, providers};

/// The safety chrome and structure every public page has.
fn assert_public_page(res: &TestResponse, what: &str) {
    let body = &res.body;
    assert!(
        res.header("content-type")
            .is_some_and(|v| v.starts_with("text/html")),
        "{what}: HTML"
    );
    let at = body
        .find("id=\"exit-this-page\"")
        .unwrap_or_else(|| panic!("{what}: has id=\"exit-this-page\""));
    let exit = enclosing_tag(body, at);
    assert!(exit.starts_with("<a "), "{what}: exit is a link: {exit}");
    assert!(
        attr(exit, "href").is_some_and(|h| h.starts_with("https://")),
        "{what}: {exit}"
    );
    assert!(body.contains("href=\"tel:999\""), "{what}: links 999");
    assert!(body.contains(">999<"), "{what}: shows 999");
    assert_eq!(body.matches("<h1").count(), 1, "{what}: exactly one h1");
    assert!(!res.sets_cookie(), "{what}: sets no cookie");
    // Scripts are files, or JSON-LD data blocks (which browsers do not run).
    for (at, _) in body.match_indices("<script") {
        let tag = enclosing_tag(body, at + 1);
        assert!(
            attr(tag, "src").is_some() || attr(tag, "type") == Some("application/ld+json"),
            "{what}: inline script: {tag}"
        );
    }
}

/// The JSON-LD block of a page, parsed.
fn json_ld(body: &str) -> serde_json::Value {
    let open = "<script type=\"application/ld+json\">";
    let start = body.find(open).expect("a JSON-LD block") + open.len();
    let end = body[start..].find("</script>").expect("the block closes");
    serde_json::from_str(&body[start..start + end])
        .unwrap_or_else(|e| panic!("JSON-LD does not parse: {e}: {}", &body[start..start + end]))
}

/// The names of the providers listed on a directory page, in order.
fn listed(body: &str) -> Vec<String> {
    let marker = "<h3 class=\"provider-list__name\"><a href=\"";
    body.match_indices(marker)
        .map(|(at, _)| {
            let rest = &body[at + marker.len()..];
            let text = &rest[rest.find('>').unwrap() + 1..];
            text[..text.find("</a>").unwrap()].to_owned()
        })
        .collect()
}

/// Three providers with different ages, categories and words.
async fn three_providers(app: &TestApp, county: &County) {
    app.add_provider(
        county,
        RawProvider {
            summary: "Counselling for adults".into(),
            min_age: "18".into(),
            categories: "counselling".into(),
            ..published("Adult Haven")
        },
    )
    .await;
    app.add_provider(
        county,
        RawProvider {
            summary: "A free helpline".into(),
            description: "Talk about anything, including *bullying*.".into(),
            max_age: "19".into(),
            categories: "helpline".into(),
            ..published("Youth Line")
        },
    )
    .await;
    app.add_provider(
        county,
        RawProvider {
            summary: "Advice for everyone".into(),
            categories: "online-safety,lgbt".into(),
            ..published("Open Door")
        },
    )
    .await;
}
