//! The public sites and the plumbing around every response: the county list,
//! the safety chrome of public pages, cookies, security headers, error pages,
//! body limits, health checks, assets, hostnames and caching.
//!
//! The tests sit beside this file by subject; this file keeps the helpers
//! they share.

mod assets;
mod caching;
mod chrome;
mod county_sites;
mod errors;
mod health;
mod hostnames;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use domain::{CountySlug, CountyStatus, DisplayName, Role};
use integration_tests::{TestResponse, attr, both_backends, enclosing_tag};
use persistence::repo::counties;
use sea_orm::ConnectionTrait;

const CSP: &str = "default-src 'self'; object-src 'none'; base-uri 'none'; \
                   frame-ancestors 'none'; form-action 'self'";

/// Whether the response is an HTML page.
fn is_html(res: &TestResponse) -> bool {
    res.header("content-type")
        .is_some_and(|v| v.starts_with("text/html"))
        && res.body.contains("<!DOCTYPE html>")
}

/// Every safety rule of a public page, with `what` naming it in failures.
fn assert_public_page(res: &TestResponse, non_emergency: &str, what: &str) {
    let body = &res.body;
    assert!(is_html(res), "{what}: an HTML page");

    // "Exit this page" is a real link to a neutral external site.
    let at = body
        .find("id=\"exit-this-page\"")
        .unwrap_or_else(|| panic!("{what}: has id=\"exit-this-page\""));
    let exit = enclosing_tag(body, at);
    assert!(exit.starts_with("<a "), "{what}: exit is a link: {exit}");
    let href = attr(exit, "href").unwrap_or_else(|| panic!("{what}: exit has href: {exit}"));
    assert!(
        href.starts_with("https://"),
        "{what}: exit leaves the site: {href}"
    );
    let rel: Vec<&str> = attr(exit, "rel").unwrap_or_default().split(' ').collect();
    assert!(rel.contains(&"nofollow"), "{what}: rel nofollow: {exit}");
    assert!(
        rel.contains(&"noreferrer"),
        "{what}: rel noreferrer: {exit}"
    );

    // The emergency line.
    assert!(body.contains("href=\"tel:999\""), "{what}: shows 999");
    assert!(body.contains(">999<"), "{what}: shows 999 as text");
    assert!(
        body.contains(&format!("href=\"tel:{non_emergency}\"")),
        "{what}: links the non-emergency number {non_emergency}"
    );
    assert!(
        body.contains(&format!(">{non_emergency}<")),
        "{what}: shows the non-emergency number {non_emergency}"
    );

    // Structure for assistive technology.
    assert_eq!(body.matches("<h1").count(), 1, "{what}: exactly one h1");
    assert!(body.contains("<html lang=\"en-GB\""), "{what}: lang=en-GB");
    let body_start = body
        .find("<body")
        .unwrap_or_else(|| panic!("{what}: has a body"));
    let first_link_at = body_start
        + body[body_start..]
            .find("<a ")
            .unwrap_or_else(|| panic!("{what}: has links"));
    let first_link = enclosing_tag(body, first_link_at + 1);
    assert_eq!(
        attr(first_link, "href"),
        Some("#main-content"),
        "{what}: the skip link comes first: {first_link}"
    );
    assert!(
        body.contains("id=\"main-content\""),
        "{what}: the skip link has a target"
    );

    // The exit script is a file; no script is inline.
    assert!(
        body.contains("<script src=\"/assets/exit-this-page.js\""),
        "{what}: loads the exit script"
    );
    for (at, _) in body.match_indices("<script") {
        let tag = enclosing_tag(body, at + 1);
        assert!(
            attr(tag, "src").is_some(),
            "{what}: script without src: {tag}"
        );
        let after = &body[at + tag.len()..];
        let close = after.find("</script>").expect("script closes");
        assert!(
            after[..close].trim().is_empty(),
            "{what}: inline script content: {}",
            &after[..close]
        );
    }
}

/// The headers of DESIGN.md "Rules that hold everywhere".
fn assert_security_headers(res: &TestResponse, what: &str) {
    assert_eq!(res.header("content-security-policy"), Some(CSP), "{what}");
    assert_eq!(
        res.header("x-content-type-options"),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(res.header("referrer-policy"), Some("no-referrer"), "{what}");
    let permissions = res.header("permissions-policy").unwrap_or_default();
    assert!(
        permissions.contains("geolocation=()"),
        "{what}: {permissions}"
    );
}

/// Suspends a county.
async fn suspend(app: &integration_tests::TestApp, county: &domain::County) {
    counties::set_status(&app.db, county.id, CountyStatus::Suspended)
        .await
        .unwrap();
}
