//! The public sites and the plumbing around every response: the county list,
//! the safety chrome of public pages, cookies, security headers, error pages,
//! body limits, health checks, assets, hostnames and caching.

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

both_backends! {
    async fn the_platform_home_lists_active_counties_with_links(app: TestApp) {
        app.with_county("derbyshire").await;
        app.with_county("nottinghamshire").await;

        let res = app.client().get("/").await;

        assert_eq!(res.status, StatusCode::OK);
        assert!(res.body.contains("href=\"/derbyshire/\""), "{}", res.body);
        assert!(res.body.contains(">Derbyshire<"));
        assert!(res.body.contains("href=\"/nottinghamshire/\""));
        assert!(res.body.contains(">Nottinghamshire<"));
    }

    async fn a_suspended_county_is_not_listed_on_the_platform_home(app: TestApp) {
        app.with_county("derbyshire").await;
        let rutland = app.with_county("rutland").await;
        suspend(&app, &rutland).await;

        let res = app.client().get("/").await;

        assert_eq!(res.status, StatusCode::OK);
        assert!(res.body.contains("href=\"/derbyshire/\""));
        assert!(!res.body.contains("/rutland/"), "{}", res.body);
        assert!(!res.body.contains("Rutland"));
    }

    async fn a_suspended_countys_site_is_a_404_page(app: TestApp) {
        let rutland = app.with_county("rutland").await;
        suspend(&app, &rutland).await;

        for path in ["/rutland/", "/rutland/safety", "/rutland"] {
            let res = app.client().get(path).await;

            assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
            assert!(is_html(&res), "{path}");
            assert!(res.body.contains("Page not found"), "{path}");
            assert!(!res.body.contains("Rutland"), "{path}: nothing revealed");
        }
    }

    async fn county_names_are_escaped_on_public_pages(app: TestApp) {
        counties::create(
            &app.db,
            &CountySlug::parse("odd").unwrap(),
            &DisplayName::parse("<script>alert(1)</script> & Co").unwrap(),
            &[],
        )
        .await
        .unwrap();

        for path in ["/", "/odd/", "/odd/safety"] {
            let res = app.client().get(path).await;

            assert_eq!(res.status, StatusCode::OK, "{path}");
            assert!(!res.body.contains("<script>alert(1)"), "{path}: {}", res.body);
            assert!(
                ["script&gt;alert(1)", "script&#62;alert(1)"].iter().any(|e| res.body.contains(e)),
                "{path}: shown, escaped"
            );
        }
    }

    async fn an_unknown_county_is_a_helpful_404_page(app: TestApp) {
        let res = app.client().get("/nowhere/").await;

        assert_eq!(res.status, StatusCode::NOT_FOUND);
        assert!(is_html(&res));
        assert!(res.body.contains("Page not found"));
        assert!(res.body.contains("href=\"/\""), "links to the list of counties");
    }

    async fn every_public_page_has_the_safety_chrome(app: TestApp) {
        app.with_county("derbyshire").await;
        let mut client = app.client();

        for (path, status) in [
            ("/", StatusCode::OK),
            ("/derbyshire/", StatusCode::OK),
            ("/derbyshire/safety", StatusCode::OK),
            ("/safety", StatusCode::OK),
            ("/nowhere/", StatusCode::NOT_FOUND),
            ("/derbyshire/no-such-page/at-all", StatusCode::NOT_FOUND),
        ] {
            let res = client.get(path).await;

            assert_eq!(res.status, status, "{path}");
            assert_public_page(&res, "101", path);
        }
    }

    async fn the_safety_page_says_history_is_not_erased(app: TestApp) {
        app.with_county("derbyshire").await;

        let res = app.client().get("/derbyshire/safety").await;

        assert_eq!(res.status, StatusCode::OK);
        assert!(res.body.contains("does not delete your browsing history"));
        assert!(res.body.contains("Derbyshire"), "in the county's chrome");
    }

    async fn no_public_response_sets_a_cookie(app: TestApp) {
        app.with_county("derbyshire").await;

        for path in [
            "/",
            "/derbyshire",
            "/derbyshire/",
            "/derbyshire/safety",
            "/safety",
            "/nowhere/",
            "/assets/site.css",
            "/assets/exit-this-page.js",
            "/assets/missing.css",
            "/healthz",
            "/readyz",
        ] {
            let res = app.client().get(path).await;

            assert!(!res.sets_cookie(), "{path} set {:?}", res.header("set-cookie"));
        }
    }

    async fn a_signed_in_visitor_gets_no_cookie_from_public_pages(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        app.create_member(&county, "jo@example.org", Role::Editor).await;
        let mut client = app.signed_in("jo@example.org").await;

        for path in ["/", "/derbyshire/", "/derbyshire/safety", "/nowhere/"] {
            let res = client.get(path).await;

            assert!(!res.sets_cookie(), "{path} set {:?}", res.header("set-cookie"));
        }
    }

    async fn security_headers_are_on_a_200(app: TestApp) {
        let res = app.client().get("/").await;

        assert_eq!(res.status, StatusCode::OK);
        assert_security_headers(&res, "GET /");
    }

    async fn security_headers_are_on_a_404(app: TestApp) {
        let res = app.client().get("/nowhere/").await;

        assert_eq!(res.status, StatusCode::NOT_FOUND);
        assert_security_headers(&res, "GET /nowhere/");
    }

    async fn a_wrong_method_is_a_405_html_page_with_the_headers(app: TestApp) {
        let res = app
            .client()
            .send(Request::delete("/").body(Body::empty()).unwrap())
            .await;

        assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED);
        assert!(is_html(&res), "{:?} {}", res.headers, res.body);
        assert!(res.body.contains("Method not allowed"));
        assert!(res.header("allow").is_some_and(|v| v.contains("GET")));
        assert_security_headers(&res, "DELETE /");
    }

    async fn a_database_failure_is_a_generic_500_page_with_the_headers(app: TestApp) {
        app.with_county("derbyshire").await;
        app.db
            .execute_unprepared("DROP TABLE tenant_hosts")
            .await
            .unwrap();

        let res = app.client().get("/").await;

        assert_eq!(res.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(is_html(&res));
        assert!(res.body.contains("Sorry, there is a problem with the service"));
        assert_security_headers(&res, "500");
        let lower = res.body.to_lowercase();
        for leak in [
            "tenant_hosts",
            "select",
            "from \"",
            "no such table",
            "relation",
            "sqlx",
            "dberr",
            "error",
            "panicked",
            env!("CARGO_PKG_VERSION"),
        ] {
            assert!(!lower.contains(leak), "the 500 page reveals {leak:?}: {}", res.body);
        }
        assert!(!res.sets_cookie());
    }

    async fn a_body_over_one_mebibyte_is_a_413_html_page_with_the_headers(app: TestApp) {
        let big = format!("email=jo%40example.org&password={}", "a".repeat(1024 * 1024 + 1));

        let res = app
            .client()
            .send(
                Request::post("/admin/login")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(header::CONTENT_LENGTH, big.len())
                    .body(Body::from(big))
                    .unwrap(),
            )
            .await;

        assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(is_html(&res), "{:?} {}", res.headers, res.body);
        assert!(res.body.contains("too large"));
        assert_security_headers(&res, "413");
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events").await, 0, "nothing written");
    }

    async fn a_body_over_one_mebibyte_without_a_length_is_refused_with_413(app: TestApp) {
        // No Content-Length header: the limit holds while the body is read.
        let big = format!("email=jo%40example.org&password={}", "a".repeat(1024 * 1024 + 1));

        let res = app
            .client()
            .send(
                Request::post("/admin/login")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(Body::from(big))
                    .unwrap(),
            )
            .await;

        assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(is_html(&res), "{:?} {}", res.headers, res.body);
        assert_security_headers(&res, "413 streamed");
    }

    async fn healthz_answers_200(app: TestApp) {
        let res = app.client().get("/healthz").await;

        assert_eq!(res.status, StatusCode::OK);
        assert_security_headers(&res, "/healthz");
    }

    async fn readyz_answers_200_while_the_database_answers(app: TestApp) {
        let res = app.client().get("/readyz").await;

        assert_eq!(res.status, StatusCode::OK);
    }

    async fn readyz_answers_503_when_the_database_is_gone(app: TestApp) {
        app.db.close_by_ref().await.unwrap();

        let res = app.client().get("/readyz").await;

        assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_security_headers(&res, "/readyz 503");
        let health = app.client().get("/healthz").await;
        assert_eq!(health.status, StatusCode::OK, "the process is still up");
    }

    async fn a_county_without_the_trailing_slash_redirects_to_its_home(app: TestApp) {
        app.with_county("derbyshire").await;

        let res = app.client().get("/derbyshire").await;

        assert!(res.status.is_redirection(), "{}", res.status);
        assert_eq!(res.location(), Some("/derbyshire/"));
    }

    async fn an_unknown_county_without_the_trailing_slash_is_404(app: TestApp) {
        let res = app.client().get("/nowhere").await;

        assert_eq!(res.status, StatusCode::NOT_FOUND);
        assert!(is_html(&res));
    }

    async fn the_stylesheet_is_served_as_css(app: TestApp) {
        let res = app.client().get("/assets/site.css").await;

        assert_eq!(res.status, StatusCode::OK);
        assert!(res.header("content-type").is_some_and(|v| v.starts_with("text/css")));
        assert!(!res.body.is_empty());
        assert_security_headers(&res, "site.css");
    }

    async fn the_exit_script_is_served_as_javascript(app: TestApp) {
        let res = app.client().get("/assets/exit-this-page.js").await;

        assert_eq!(res.status, StatusCode::OK);
        assert!(
            res.header("content-type").is_some_and(|v| v.starts_with("text/javascript")),
            "{:?}",
            res.header("content-type")
        );
        assert!(res.body.contains("location.replace"), "Back does not return");
    }

    async fn an_unknown_asset_is_404(app: TestApp) {
        for path in ["/assets/nope.css", "/assets/..%2Fcms.sqlite", "/assets/site.css.bak"] {
            let res = app.client().get(path).await;

            assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
        }
    }

    async fn a_configured_hostname_serves_its_county_at_the_root(app: TestApp) {
        counties::create(
            &app.db,
            &CountySlug::parse("peak-district").unwrap(),
            &DisplayName::parse("Peak District").unwrap(),
            &["support.example.org".into()],
        )
        .await
        .unwrap();
        app.with_county("derbyshire").await;

        for host in ["support.example.org", "support.example.org:8443"] {
            let res = app
                .client()
                .send(
                    Request::get("/")
                        .header(header::HOST, host)
                        .body(Body::empty())
                        .unwrap(),
                )
                .await;

            assert_eq!(res.status, StatusCode::OK, "{host}");
            let header_at = res.body.find("site-header__name").unwrap();
            let header = &res.body[header_at..header_at + res.body[header_at..].find("</a>").unwrap()];
            assert!(header.contains("Peak District"), "{host}: {header}");
            assert!(!res.body.contains("href=\"/derbyshire/\""), "{host}: not the county list");
            assert_public_page(&res, "101", host);
        }
    }

    async fn another_host_still_gets_the_county_list(app: TestApp) {
        counties::create(
            &app.db,
            &CountySlug::parse("peak-district").unwrap(),
            &DisplayName::parse("Peak District").unwrap(),
            &["support.example.org".into()],
        )
        .await
        .unwrap();

        let res = app
            .client()
            .send(
                Request::get("/")
                    .header(header::HOST, "cms.example.net")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;

        assert_eq!(res.status, StatusCode::OK);
        assert!(res.body.contains("href=\"/peak-district/\""));
    }

    async fn admin_pages_are_not_cached(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        app.create_member(&county, "jo@example.org", Role::CountyAdmin).await;

        let login = app.client().get("/admin/login").await;
        assert_eq!(login.status, StatusCode::OK);
        assert_eq!(login.header("cache-control"), Some("no-store"), "sign-in page");

        let mut client = app.signed_in("jo@example.org").await;
        for path in ["/admin", "/admin/derbyshire/users"] {
            let res = client.get(path).await;

            assert_eq!(res.status, StatusCode::OK, "{path}");
            assert!(is_html(&res), "{path}");
            assert_eq!(res.header("cache-control"), Some("no-store"), "{path}");
        }
    }

    async fn public_pages_are_cacheable(app: TestApp) {
        app.with_county("derbyshire").await;

        for path in ["/", "/derbyshire/", "/derbyshire/safety", "/safety", "/assets/site.css"] {
            let res = app.client().get(path).await;

            assert_eq!(res.status, StatusCode::OK, "{path}");
            let cache = res.header("cache-control").unwrap_or_default();
            assert!(!cache.contains("no-store"), "{path}: {cache}");
        }
    }
}
