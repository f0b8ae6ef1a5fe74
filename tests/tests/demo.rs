//! The demo county reproduces the seed page's organisations.

use integration_tests::both_backends;

both_backends! {
    async fn the_demo_loads_every_seed_organisation_once(app: TestApp) {
        server::demo::load(&app.db).await.unwrap();
        server::demo::load(&app.db).await.unwrap();

        assert_eq!(app.count("SELECT COUNT(*) FROM tenants").await, 1);
        // Sorted here: the database's collation may differ between machines.
        let mut names = app
            .query_strings("SELECT name FROM providers WHERE status = 'published'")
            .await;
        names.sort();
        assert_eq!(
            names,
            [
                "Barnardo\u{2019}s",
                "CEOP",
                "ChildLine",
                "Derbyshire LGBT+",
                "NSPCC",
                "SAIL Derbyshire",
                "SV2",
                "Safe and Sound",
            ]
        );
    }

    async fn the_demo_gives_the_facts_of_the_seed(app: TestApp) {
        server::demo::load(&app.db).await.unwrap();

        let sail = app
            .query_strings("SELECT opening_hours FROM providers WHERE slug = 'sail-derbyshire'")
            .await;
        assert_eq!(sail, ["Tu 10:00-14:00; We 16:00-20:00; Th 10:00-16:00"]);
        let safe_and_sound = app
            .query_strings("SELECT phones FROM providers WHERE slug = 'safe-and-sound'")
            .await;
        assert!(safe_and_sound[0].contains("01332 362 120"), "{safe_and_sound:?}");
        let childline = app
            .query_strings("SELECT CAST(max_age AS TEXT) FROM providers WHERE slug = 'childline'")
            .await;
        assert_eq!(childline, ["19"]);
        let sail_min = app
            .query_strings("SELECT CAST(min_age AS TEXT) FROM providers WHERE slug = 'sail-derbyshire'")
            .await;
        assert_eq!(sail_min, ["18"]);
    }

    async fn the_demo_home_shows_the_seed_sections_and_the_directory_lists_everyone(app: TestApp) {
        server::demo::load(&app.db).await.unwrap();
        let mut visitor = app.client();

        let home = visitor.get("/derbyshire/").await;
        let directory = visitor.get("/derbyshire/support").await;

        assert_eq!(home.status, axum::http::StatusCode::OK);
        for heading in ["What is it?", "What are the signs?", "Independent Sexual Violence Advisors", "How to report it?"] {
            assert!(home.body.contains(heading), "{heading}");
        }
        assert!(home.body.contains("contact police on the non-emergency number <a href=\"tel:101\">101</a>"));
        assert!(home.body.contains("href=\"/derbyshire/support\""));
        for name in ["Safe and Sound", "NSPCC", "ChildLine", "CEOP", "SV2", "Derbyshire LGBT+", "SAIL Derbyshire", "Barnardo"] {
            assert!(directory.body.contains(name), "{name} in the directory");
        }
        assert!(directory.body.contains("href=\"tel:01332362120\""));
    }
}

both_backends! {
    async fn the_demo_county_has_a_dark_brand_colour_in_its_stylesheet(app: TestApp) {
        server::demo::load(&app.db).await.unwrap();

        let colour = app.query_strings("SELECT brand_colour FROM tenants WHERE slug = 'derbyshire'").await;
        assert_eq!(colour, [server::demo::DEMO_BRAND_COLOUR]);
        let parsed = domain::Colour::parse(server::demo::DEMO_BRAND_COLOUR).unwrap();
        assert!(parsed.contrast_with(domain::Colour::WHITE) >= 4.5);
        let css = app.client().get("/assets/county/derbyshire.css").await;
        assert!(css.body.contains(&format!("--brand: {};", server::demo::DEMO_BRAND_COLOUR)), "{}", css.body);
    }
}
