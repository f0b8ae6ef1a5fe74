//! The directory is drawn from a snapshot of each county's published
//! content (`web::county_snapshot`), free-text searches included: every
//! change made through the admin shows on the very next search, a provider
//! unpublished goes at once, "open now" changes at the second it should,
//! and one county's snapshot never answers for another.

use axum::http::StatusCode;
use integration_tests::{NewProvider, SAIL_HOURS, both_backends, hidden_field, sail_opens};
use persistence::repo::categories;
use time::Duration;

/// Whether a directory page lists a provider of this name.
fn lists(body: &str, name: &str) -> bool {
    body.contains(&format!(">{name}</a></h3>"))
}

both_backends! {
    async fn an_edit_through_the_admin_shows_on_the_very_next_search(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        let sail = app.add_provider(&county, NewProvider::named("SAIL").summary("Counselling for adults")).await;
        let mut editor = app.editor_of(&county).await;
        let mut visitor = app.client();
        assert!(lists(&visitor.get("/derbyshire/support?q=counselling").await.body, "SAIL"));

        editor.save_provider("derbyshire", &sail, &[
            ("name", "SAIL Derbyshire"),
            ("summary", "Therapy for adults"),
            ("status", "published"),
        ])
        .await;

        let old_word = visitor.get("/derbyshire/support?q=counselling").await;
        assert!(!lists(&old_word.body, "SAIL") && !lists(&old_word.body, "SAIL Derbyshire"));
        let new_word = visitor.get("/derbyshire/support?q=therapy").await;
        assert!(lists(&new_word.body, "SAIL Derbyshire"), "{}", new_word.body);
        let page = visitor.get(&format!("/derbyshire/support/{}", sail.fields.slug)).await;
        assert!(page.body.contains("Therapy for adults"));
    }

    async fn a_provider_unpublished_leaves_searches_and_its_page_at_once(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        let sail = app.add_provider(&county, NewProvider::named("SAIL").summary("Counselling")).await;
        app.add_provider(&county, NewProvider::named("Youth Line").summary("Counselling")).await;
        let mut editor = app.editor_of(&county).await;
        let mut visitor = app.client();
        let before = visitor.get("/derbyshire/support?q=counselling").await;
        assert!(lists(&before.body, "SAIL") && lists(&before.body, "Youth Line"));
        let page = format!("/derbyshire/support/{}", sail.fields.slug);
        assert_eq!(visitor.get(&page).await.status, StatusCode::OK);

        for status in ["draft", "archived"] {
            editor.save_provider("derbyshire", &sail, &[("name", "SAIL"), ("status", status)]).await;
            let after = visitor.get("/derbyshire/support?q=counselling").await;
            assert!(!lists(&after.body, "SAIL"), "{status}: gone from the search");
            assert!(lists(&after.body, "Youth Line"), "{status}: the others stay");
            assert!(!lists(&visitor.get("/derbyshire/support").await.body, "SAIL"), "{status}");
            assert_eq!(visitor.get(&page).await.status, StatusCode::NOT_FOUND, "{status}");
            editor.save_provider("derbyshire", &sail, &[("name", "SAIL"), ("status", "published")]).await;
            assert!(lists(&visitor.get("/derbyshire/support?q=sail").await.body, "SAIL"), "back");
        }
    }

    async fn a_search_never_shows_another_countys_providers(app: TestApp) {
        for slug in ["alpha", "bravo"] {
            let county = app.with_county(slug).await;
            app.add_provider(&county, NewProvider::named(&format!("Helpline of {slug}")).summary("A helpline")).await;
        }
        let mut visitor = app.client();
        for _ in 0..3 {
            for (slug, other) in [("alpha", "bravo"), ("bravo", "alpha")] {
                let res = visitor.get(&format!("/{slug}/support?q=helpline")).await;
                assert!(lists(&res.body, &format!("Helpline of {slug}")), "{slug}");
                assert!(!res.body.contains(&format!("Helpline of {other}")), "{slug}");
                let theirs = visitor.get(&format!("/{slug}/support/helpline-of-{other}")).await;
                assert_eq!(theirs.status, StatusCode::NOT_FOUND, "{slug}");
            }
        }
    }

    async fn a_new_category_and_a_new_page_show_on_the_next_search(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        app.add_provider(&county, NewProvider::named("SAIL").summary("Counselling")).await;
        let mut visitor = app.client();
        let before = visitor.get("/derbyshire/support?q=sail").await;
        assert!(!before.body.contains("Peer support groups"));
        assert!(!before.body.contains("href=\"/derbyshire/contact-us\""));

        let slug = domain::Slug::parse("peer-support").unwrap();
        categories::create(&app.db, county.id, &slug, "Peer support groups").await.unwrap();
        let mut editor = app.editor_of(&county).await;
        let res = editor
            .post("/admin/derbyshire/pages", &[
                ("title", "Contact us"),
                ("slug", "contact-us"),
                ("summary", "How to reach us"),
                ("body", "Write to us."),
                ("nav_position", "1"),
            ])
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let edit = res.location().unwrap().to_owned();
        let form = editor.get(&edit).await;
        let version = hidden_field(&form.body, "version").unwrap();
        let res = editor.post(&format!("{edit}/publish"), &[("version", &version)]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);

        let after = visitor.get("/derbyshire/support?q=sail").await;
        assert!(after.body.contains(">Peer support groups</option>"), "the filter offers it");
        assert!(after.body.contains("href=\"/derbyshire/contact-us\""), "the navigation lists it");
    }

    async fn a_search_says_open_now_from_the_second_the_provider_opens(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        app.add_provider(&county, NewProvider::named("SAIL").summary("Counselling").hours(SAIL_HOURS)).await;
        let mut visitor = app.client();

        app.clock.set(sail_opens() - Duration::minutes(30));
        let before = visitor.get("/derbyshire/support?q=sail").await;
        assert!(before.body.contains("Closed: opens Tue 10:00"), "{}", before.body);
        app.clock.set(sail_opens() - Duration::SECOND);
        let last_second = visitor.get("/derbyshire/support?q=sail&open_now=1").await;
        assert!(!lists(&last_second.body, "SAIL"), "not open a second before");

        app.clock.set(sail_opens());
        let open = visitor.get("/derbyshire/support?q=sail&open_now=1").await;
        assert!(lists(&open.body, "SAIL"), "open now at 10:00");
        assert!(open.body.contains("Open now, until 14:00"));
        // And back: a clock set earlier is answered at that instant too.
        app.clock.set(sail_opens() - Duration::minutes(1));
        let earlier = visitor.get("/derbyshire/support?q=sail").await;
        assert!(earlier.body.contains("Closed: opens Tue 10:00"));
    }

    async fn distinct_searches_keep_one_small_snapshot_per_county_and_no_page(app: TestApp) {
        server::demo::load(&app.db).await.unwrap();
        let other = app.with_county("other").await;
        app.add_provider(&other, NewProvider::named("Helpline").summary("A helpline")).await;
        let mut visitor = app.client();
        for n in 0..100 {
            for county in ["derbyshire", "other"] {
                let res = visitor.get(&format!("/{county}/support?q=help{n}")).await;
                assert_eq!(res.status, StatusCode::OK);
            }
        }
        assert_eq!(app.state.snapshots.kept().await, 2, "one per county");
        assert_eq!(app.state.render_cache.pages_kept().await, 0, "no search page");
        let weight = app.state.snapshots.weight().await;
        assert!(weight < 32 * 1024, "the demo county and one more weigh {weight} bytes");
    }
}
