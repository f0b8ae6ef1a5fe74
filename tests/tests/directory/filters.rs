//! The directory's filters: category, age, text search, open now, their
//! combination, no results, and search terms kept out of the log.

use super::*;

both_backends! {
    async fn the_category_filter_shows_only_that_category(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        three_providers(&app, &county).await;

        let res = app.client().get("/derbyshire/support?category=lgbt").await;

        assert_eq!(res.status, StatusCode::OK);
        assert_eq!(listed(&res.body), ["Open Door"]);
        assert!(res.body.contains("<option value=\"lgbt\" selected>"), "the choice is kept");
        assert!(res.body.contains("href=\"/derbyshire/support\""), "a way to clear filters");
    }

    async fn the_age_filter_shows_providers_whose_range_covers_it(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        three_providers(&app, &county).await;
        let mut client = app.client();

        let young = client.get("/derbyshire/support?age=15").await;
        assert_eq!(listed(&young.body), ["Open Door", "Youth Line"]);

        let adult = client.get("/derbyshire/support?age=30").await;
        assert_eq!(listed(&adult.body), ["Adult Haven", "Open Door"]);

        let edge = client.get("/derbyshire/support?age=19").await;
        assert_eq!(listed(&edge.body), ["Adult Haven", "Open Door", "Youth Line"]);
    }

    async fn an_age_that_is_not_a_number_is_ignored_with_a_polite_message(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        three_providers(&app, &county).await;

        let res = app.client().get("/derbyshire/support?age=fifteen").await;

        assert_eq!(res.status, StatusCode::OK, "not an error");
        assert_eq!(listed(&res.body), ["Adult Haven", "Open Door", "Youth Line"]);
        assert!(res.body.contains("We could not use that age"), "{}", res.body);
        assert!(res.body.contains("value=\"fifteen\""), "shown again as typed");
    }

    async fn the_text_search_looks_in_names_summaries_descriptions_and_categories(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        three_providers(&app, &county).await;
        let mut client = app.client();

        for (q, expected) in [
            ("youth", vec!["Youth Line"]),
            ("ADULT", vec!["Adult Haven"]),
            ("free+helpline", vec!["Youth Line"]),
            ("bullying", vec!["Youth Line"]),
            ("Online+safety", vec!["Open Door"]),
            ("online-safety", vec!["Open Door"]),
            ("lgbt", vec!["Open Door"]),
            ("counselling", vec!["Adult Haven"]),
            ("nothing+like+this", vec![]),
        ] {
            let res = client.get(&format!("/derbyshire/support?q={q}")).await;

            assert_eq!(res.status, StatusCode::OK, "{q}");
            assert_eq!(listed(&res.body), expected, "{q}");
        }
    }

    async fn filters_combine(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        three_providers(&app, &county).await;

        let res = app
            .client()
            .get("/derbyshire/support?q=advice&age=15&category=online-safety&open_now=")
            .await;

        assert_eq!(listed(&res.body), ["Open Door"]);
    }

    async fn open_now_shows_only_providers_open_at_this_moment(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        app.add_provider(&county, RawProvider { opening_hours: "24/7".into(), ..published("Always Open") }).await;
        app.add_provider(&county, RawProvider { opening_hours: "off".into(), ..published("Never Open") }).await;
        app.add_provider(&county, published("No Hours Given")).await;
        let mut client = app.client();

        let all = client.get("/derbyshire/support").await;
        assert_eq!(listed(&all.body), ["Always Open", "Never Open", "No Hours Given"]);
        assert!(all.body.contains(">Open now<"), "{}", all.body);
        assert!(all.body.contains(">Closed<"), "{}", all.body);

        let open = client.get("/derbyshire/support?open_now=1").await;
        assert_eq!(open.status, StatusCode::OK);
        assert_eq!(listed(&open.body), ["Always Open"]);
        assert!(open.body.contains("name=\"open_now\" value=\"1\" checked"), "the box stays ticked");
    }

    async fn no_results_says_so_and_offers_to_clear_the_filters(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        three_providers(&app, &county).await;

        let res = app.client().get("/derbyshire/support?q=zzzz").await;

        assert_eq!(res.status, StatusCode::OK);
        assert!(listed(&res.body).is_empty());
        assert!(res.body.contains("0 services"), "{}", res.body);
        assert!(res.body.contains("No services match your search"));
        assert!(res.body.contains("<a href=\"/derbyshire/support\">Clear filters"));
    }
}

/// Visitors' search terms never reach the log, even at TRACE. The request
/// is driven by the test's own thread (`oneshot` is not spawned), so a
/// thread-local subscriber sees every event of it; the runtime's workers
/// stay free for the database pool, which `TestApp`'s drop needs.
async fn search_terms_are_not_logged(backend: integration_tests::Backend) {
    let app = TestApp::spawn(backend).await;
    let county = app.with_county("derbyshire").await;
    app.add_provider(&county, published("Youth Line")).await;
    // A first request registers the log call sites before the subscriber
    // arrives, so none is registered while it is being installed.
    app.client().get("/derbyshire/support").await;
    let capture = LogCapture::start().await;

    let res = app
        .client()
        .get("/derbyshire/support?q=secretword&age=13&category=lgbt")
        .await;

    let log = capture.finish();
    assert_eq!(res.status, StatusCode::OK);
    assert!(
        log.contains("/derbyshire/support"),
        "the request was logged: {log}"
    );
    assert!(
        !log.contains("secretword"),
        "the search term is in the log:\n{log}"
    );
    assert!(!log.contains("age=13"), "the query is in the log");
}

mod search_terms_are_not_logged {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::search_terms_are_not_logged(integration_tests::Backend::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::search_terms_are_not_logged(integration_tests::Backend::Postgres).await;
    }
}
