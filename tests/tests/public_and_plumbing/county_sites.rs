//! The platform home's county list, a suspended or unknown county, escaped
//! county names, and a county's address without the trailing slash.

use super::*;

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
}
