//! The county stylesheet (its caching and its 404s), where public pages
//! link it, and the non-emergency number on every public page.

use super::*;

both_backends! {
    async fn the_county_stylesheet_is_css_with_a_strong_etag_and_answers_304(app: TestApp) {
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        assert_eq!(admin.save_settings("derbyshire", "#00594f", "101", "0").await.status, StatusCode::SEE_OTHER);
        let mut visitor = app.client();

        let res = visitor.get(STYLESHEET).await;

        assert_eq!(res.status, StatusCode::OK);
        assert_eq!(res.header("content-type"), Some("text/css; charset=utf-8"));
        let etag = res.header("etag").expect("an ETag").to_owned();
        assert!(etag.starts_with('"') && etag.ends_with('"'), "strong, not W/: {etag}");
        assert_eq!(res.header("cache-control"), Some("no-cache"), "an unversioned URL is checked each time");
        assert!(!res.sets_cookie());
        assert!(res.header("content-security-policy").is_some_and(|v| v.starts_with("default-src 'self'")));
        assert_eq!(res.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(res.header("referrer-policy"), Some("no-referrer"));

        let again = visitor.get_with(STYLESHEET, &[("if-none-match", &etag)]).await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED);
        assert!(again.body.is_empty());
        assert_eq!(again.header("etag"), Some(etag.as_str()));
        assert!(!again.sets_cookie());

        // The URL the pages link names the settings version: kept a year.
        let versioned = visitor.get(&format!("{STYLESHEET}?v=1")).await;
        assert_eq!(versioned.header("cache-control"), Some("public, max-age=31536000, immutable"));
        assert_eq!(versioned.header("etag"), Some(etag.as_str()));
        // An old version's URL is not pinned.
        let old = visitor.get(&format!("{STYLESHEET}?v=0")).await;
        assert_eq!(old.header("cache-control"), Some("no-cache"));

        // A new colour is a new ETag.
        assert_eq!(admin.save_settings("derbyshire", "#8a1538", "101", "1").await.status, StatusCode::SEE_OTHER);
        let changed = visitor.get_with(STYLESHEET, &[("if-none-match", &etag)]).await;
        assert_eq!(changed.status, StatusCode::OK);
        assert_ne!(changed.header("etag"), Some(etag.as_str()));
        assert!(changed.body.contains("--brand: #8a1538;"));
    }

    async fn the_stylesheet_of_an_unknown_or_suspended_county_is_404(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        app.with_county("nottingham").await;
        counties::set_status(&app.db, derbyshire.id, CountyStatus::Suspended).await.unwrap();

        for path in [STYLESHEET, "/assets/county/nowhere.css", "/assets/county/nottingham", "/assets/county/nottingham.js", "/assets/county/..%2Fnottingham.css"] {
            let res = app.client().get(path).await;

            assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
            assert!(!res.sets_cookie(), "{path}");
        }
        assert_eq!(app.client().get("/assets/county/nottingham.css").await.status, StatusCode::OK);
    }

    async fn every_public_page_of_a_county_links_its_stylesheet_after_site_css(app: TestApp) {
        let (derbyshire, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        assert_eq!(admin.save_settings("derbyshire", "#00594f", "101", "0").await.status, StatusCode::SEE_OTHER);
        let mut editor = app.editor_of(&derbyshire).await;
        let created = editor
            .post("/admin/derbyshire/providers", &[("name", "Safe and Sound"), ("status", "published"), ("summary", "Support."), ("description", "Help.")])
            .await;
        assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);

        for (path, status) in [
            ("/derbyshire/", StatusCode::OK),
            ("/derbyshire/safety", StatusCode::OK),
            ("/derbyshire/support", StatusCode::OK),
            ("/derbyshire/support?q=sound&open_now=1", StatusCode::OK),
            ("/derbyshire/support/safe-and-sound", StatusCode::OK),
            ("/derbyshire/support/nobody", StatusCode::NOT_FOUND),
            ("/derbyshire/no-such-page", StatusCode::NOT_FOUND),
            ("/derbyshire/support/safe-and-sound/more", StatusCode::NOT_FOUND),
        ] {
            let res = app.client().get(path).await;

            assert_eq!(res.status, status, "{path}");
            let (at, href) = county_stylesheet_link(&res.body).unwrap_or_else(|| panic!("{path} links the county stylesheet"));
            assert_eq!(href, "/assets/county/derbyshire.css?v=1", "{path}");
            let site = res.body.find("href=\"/assets/site.css\"").expect("site.css");
            assert!(site < at, "{path}: after site.css");
            assert!(!res.sets_cookie(), "{path}");
        }
    }

    async fn a_404_under_a_county_keeps_the_countys_chrome(app: TestApp) {
        app.with_county("derbyshire").await;

        for path in ["/derbyshire/support/nobody", "/derbyshire/nothing/here"] {
            let res = app.client().get(path).await;

            assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
            let header_at = res.body.find("site-header__name").expect("a header");
            let name = &res.body[header_at..header_at + res.body[header_at..].find("</a>").unwrap()];
            assert!(name.contains("Derbyshire"), "{path}: {name}");
            assert!(res.body.contains("href=\"/derbyshire/\""), "{path}: back to the county's home");
            assert!(res.body.contains("href=\"tel:999\""), "{path}");
        }
    }

    async fn the_platforms_own_pages_keep_the_default_colours(app: TestApp) {
        app.with_county("derbyshire").await;
        counties::create(
            &app.db,
            &domain::CountySlug::parse("peak").unwrap(),
            &domain::DisplayName::parse("Peak").unwrap(),
            &[],
        )
        .await
        .unwrap();
        let suspended = app.with_county("rutland").await;
        counties::set_status(&app.db, suspended.id, CountyStatus::Suspended).await.unwrap();

        for path in ["/", "/safety", "/nowhere", "/nowhere/support", "/rutland/", "/rutland/support/x", "/assets/nope.css", "/admin/login"] {
            let res = app.client().get(path).await;

            assert!(county_stylesheet_link(&res.body).is_none(), "{path} links no county stylesheet");
        }
    }

    async fn a_configured_hostname_links_its_countys_stylesheet(app: TestApp) {
        counties::create(
            &app.db,
            &domain::CountySlug::parse("peak-district").unwrap(),
            &domain::DisplayName::parse("Peak District").unwrap(),
            &["support.example.org".into()],
        )
        .await
        .unwrap();

        for path in ["/", "/no-such-page", "/no-such-page/safety", "/a/b/c"] {
            let res = app.client().get_with(path, &[("host", "support.example.org")]).await;

            let expected = if path == "/" { StatusCode::OK } else { StatusCode::NOT_FOUND };
            assert_eq!(res.status, expected, "{path}");
            let (_, href) = county_stylesheet_link(&res.body).unwrap_or_else(|| panic!("{path}: links the stylesheet"));
            assert_eq!(href, "/assets/county/peak-district.css?v=0", "{path}");
        }
    }

    async fn the_non_emergency_number_shows_on_every_public_page_at_once(app: TestApp) {
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        // Cached before the change: the content version moves them on.
        for path in ["/derbyshire/", "/derbyshire/support"] {
            assert!(app.client().get(path).await.body.contains(">101<"), "{path}");
        }

        assert_eq!(admin.save_settings("derbyshire", "", "0300 122 8694", "0").await.status, StatusCode::SEE_OTHER);

        for path in ["/derbyshire/", "/derbyshire/safety", "/derbyshire/support", "/derbyshire/nothing"] {
            let res = app.client().get(path).await;

            assert!(res.body.contains(">0300 122 8694<"), "{path} shows the number");
            assert!(res.body.contains("href=\"tel:03001228694\""), "{path} links it");
            assert!(!res.body.contains(">101<"), "{path}: not the old number");
        }
    }
}
