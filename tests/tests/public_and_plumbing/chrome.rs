//! The safety chrome of every public page, the safety page, and no cookie
//! from a public response.

use super::*;

both_backends! {
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
}
