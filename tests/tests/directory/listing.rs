//! Which providers are listed: published ones only, of this county only,
//! and no directory for a suspended or unknown county.

use super::*;

both_backends! {
    async fn the_directory_lists_only_published_providers(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        app.add_provider(&county, published("Published One")).await;
        app.add_provider(&county, RawProvider { status: "draft".into(), ..published("Draft Two") }).await;
        app.add_provider(&county, RawProvider { status: "archived".into(), ..published("Archived Three") }).await;

        let res = app.client().get("/derbyshire/support").await;

        assert_eq!(res.status, StatusCode::OK);
        assert_eq!(listed(&res.body), ["Published One"]);
        assert!(!res.body.contains("Draft Two"));
        assert!(!res.body.contains("Archived Three"));
        assert!(res.body.contains("1 service"), "shows the count");
        assert!(res.body.contains("href=\"/derbyshire/support/published-one\""));
    }

    async fn draft_and_archived_provider_pages_are_404(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        app.add_provider(&county, RawProvider { status: "draft".into(), ..published("Draft Two") }).await;
        app.add_provider(&county, RawProvider { status: "archived".into(), ..published("Archived Three") }).await;

        for path in [
            "/derbyshire/support/draft-two",
            "/derbyshire/support/archived-three",
            "/derbyshire/support/no-such-provider",
        ] {
            let res = app.client().get(path).await;

            assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
            assert!(res.body.contains("Page not found"), "{path}");
            assert!(!res.body.contains("Draft Two") && !res.body.contains("Archived Three"));
            assert!(!res.sets_cookie(), "{path}");
        }
    }

    async fn another_countys_provider_is_404_under_your_county(app: TestApp) {
        app.with_county("derbyshire").await;
        let notts = app.with_county("nottinghamshire").await;
        app.add_provider(&notts, published("Notts Only")).await;

        let res = app.client().get("/derbyshire/support/notts-only").await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        assert!(!res.body.contains("Notts Only"));

        let list = app.client().get("/derbyshire/support").await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(!list.body.contains("Notts Only"), "not in the other county's list");

        let own = app.client().get("/nottinghamshire/support/notts-only").await;
        assert_eq!(own.status, StatusCode::OK, "it is there in its own county");
    }

    async fn a_suspended_or_unknown_county_has_no_directory(app: TestApp) {
        let rutland = app.with_county("rutland").await;
        app.add_provider(&rutland, published("Rutland Help")).await;
        counties::set_status(&app.db, rutland.id, CountyStatus::Suspended).await.unwrap();

        for path in [
            "/rutland/support",
            "/rutland/support/rutland-help",
            "/nowhere/support",
            "/nowhere/support/rutland-help",
        ] {
            let res = app.client().get(path).await;

            assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
            assert!(!res.body.contains("Rutland Help"), "{path}");
        }
    }
}
