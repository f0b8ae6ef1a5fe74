//! Site search, `/{t}/search?q=`: the same fixtures and the same queries on
//! both backends (PostgreSQL full-text search, SQLite FTS5). Published
//! providers and pages are found, ranked and marked; drafts, another
//! county's content and a page's unpublished draft never are; the page
//! pages; nothing of the search is kept, set as a cookie or logged.

use axum::http::StatusCode;
use domain::provider::RawProvider;
use domain::{County, CountyStatus, RawPage};
use integration_tests::logs::LogCapture;
use integration_tests::{NewPage, TestApp, TestResponse, both_backends, published, visible_text};
use persistence::repo::{counties, pages, providers};

/// A published provider with these words.
fn provider(name: &str, summary: &str, description: &str) -> RawProvider {
    RawProvider {
        summary: summary.into(),
        description: description.into(),
        ..published(name)
    }
}

/// The county `derbyshire` with a draft, an archived provider, a draft
/// page and a published page with a newer draft; and `rutland`, whose
/// content shares every word searched for.
async fn fixtures(app: &TestApp) -> County {
    let derbyshire = app.with_county("derbyshire").await;
    app.add_provider(
        &derbyshire,
        provider(
            "Safe and Sound",
            "Support for children at risk of sexual exploitation.",
            "Our **counsellors** work one to one with young people.",
        ),
    )
    .await;
    app.add_provider(
        &derbyshire,
        provider(
            "Umbrella",
            "Sexual violence support.",
            "Help for anyone who has been exploited or abused, whenever it happened.",
        ),
    )
    .await;
    app.add_provider(
        &derbyshire,
        provider("Helpline Hub", "Talk to someone.", "Phone us."),
    )
    .await;
    app.add_provider(
        &derbyshire,
        provider(
            "Family Centre",
            "Advice for families.",
            "We also run a helpline on weekdays.",
        ),
    )
    .await;
    app.add_provider(
        &derbyshire,
        RawProvider {
            status: "draft".into(),
            ..provider(
                "Hidden Draft Service",
                "Exploitation support, not ready.",
                "Counselling.",
            )
        },
    )
    .await;
    app.add_provider(
        &derbyshire,
        RawProvider {
            status: "archived".into(),
            ..provider("Closed Exploitation Project", "Gone.", "Gone.")
        },
    )
    .await;

    let about = app
        .add_page(
            &derbyshire,
            NewPage::new("about", "About this site")
                .body("We fund counselling and support after exploitation.\n\n{{providers}}\n"),
        )
        .await;
    let about = app.publish_page(&derbyshire, &about).await;
    // A newer draft of the published page: its words are not public yet.
    pages::save_draft(
        &app.db,
        derbyshire.id,
        about.id,
        about.version,
        &domain::page::validate(&RawPage {
            title: "About this site".into(),
            slug: "about".into(),
            body: "Zeppelin exploitation drafts.".into(),
            ..RawPage::default()
        })
        .unwrap(),
        None,
    )
    .await
    .unwrap();
    app.add_page(
        &derbyshire,
        NewPage::new("plans", "Secret plans").body("Exploitation strategy, unpublished."),
    )
    .await;

    let rutland = app.with_county("rutland").await;
    app.add_provider(
        &rutland,
        provider(
            "Rutland Exploitation Service",
            "Exploitation support.",
            "Helpline.",
        ),
    )
    .await;
    let page = app
        .add_page(
            &rutland,
            NewPage::new("rutland-about", "Rutland exploitation").body("Exploitation."),
        )
        .await;
    app.publish_page(&rutland, &page).await;
    derbyshire
}

/// The result titles of a search page, in order.
fn titles(res: &TestResponse) -> Vec<String> {
    res.body
        .split("<h3 class=\"search-results__title\">")
        .skip(1)
        .map(|chunk| {
            let end = chunk.find("</h3>").unwrap();
            visible_text(&chunk[..end]).trim().to_owned()
        })
        .collect()
}

async fn search(app: &TestApp, query: &str) -> TestResponse {
    let q: String = url::form_urlencoded::byte_serialize(query.as_bytes()).collect();
    let res = app.client().get(&format!("/derbyshire/search?q={q}")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res
}

both_backends! {
    async fn published_providers_and_pages_are_found_and_nothing_else(app: TestApp) {
        fixtures(&app).await;

        let res = search(&app, "exploitation").await;
        let found = titles(&res);
        assert_eq!(found.len(), 3, "{found:?}");
        for title in ["Safe and Sound", "Umbrella", "About this site"] {
            assert!(found.contains(&title.to_owned()), "{title} in {found:?}");
        }
        for never in ["Hidden Draft", "Closed Exploitation", "Secret plans", "Rutland", "Zeppelin"] {
            assert!(!res.body.contains(never), "{never} must not be found");
        }
        assert!(res.body.contains("href=\"/derbyshire/support/safe-and-sound\""));
        assert!(res.body.contains("href=\"/derbyshire/about\""));
        assert!(res.body.contains("3 results"));
        // The draft's own words find nothing.
        assert!(titles(&search(&app, "zeppelin").await).is_empty());
        assert!(titles(&search(&app, "strategy").await).is_empty());
    }

    async fn words_are_stemmed_alike_on_both_backends(app: TestApp) {
        fixtures(&app).await;
        // "exploited" and "exploitation" share the stem "exploit".
        let found = titles(&search(&app, "exploited").await);
        assert_eq!(found.len(), 3, "{found:?}");
        // "counsellors" -> "counsellor"; "counselling" -> "counsel": the
        // stemmers of both backends keep the two apart.
        assert_eq!(titles(&search(&app, "counsellor").await), ["Safe and Sound"]);
        assert_eq!(titles(&search(&app, "counselling").await), ["About this site"]);
        // Every word is needed; stop words are not searched for.
        assert_eq!(titles(&search(&app, "support for the children").await), ["Safe and Sound"]);
        assert!(titles(&search(&app, "children zeppelin").await).is_empty());
    }

    async fn a_word_in_the_name_ranks_above_one_in_the_text(app: TestApp) {
        fixtures(&app).await;
        assert_eq!(titles(&search(&app, "helpline").await), ["Helpline Hub", "Family Centre"]);
    }

    async fn results_mark_the_words_and_escape_the_text(app: TestApp) {
        let derbyshire = fixtures(&app).await;
        app.add_provider(&derbyshire, provider(
            "Tricky <script>alert(1)</script>",
            "A zebra & friends.",
            "",
        )).await;

        let res = search(&app, "exploited").await;
        assert!(res.body.contains("<mark>exploitation</mark>"), "{}", res.body);
        assert!(res.body.contains("<mark>exploited</mark>"));
        assert!(!res.body.contains("{{providers}}"), "embeds are not text");
        assert!(!res.body.contains("**counsellors**"), "Markdown is not shown");

        let res = search(&app, "zebra").await;
        assert!(res.body.contains("Tricky &#60;script&#62;") || res.body.contains("Tricky &lt;script&gt;"), "{}", res.body);
        assert!(!res.body.contains("<script>alert"));
        assert!(res.body.contains("<mark>zebra</mark>"));
    }

    async fn results_come_ten_to_a_page(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        for n in 0..12 {
            app.add_provider(&derbyshire, provider(&format!("Service {n:02}"), "Shared word wombat.", "")).await;
        }
        let first = search(&app, "wombat").await;
        assert_eq!(titles(&first).len(), 10);
        assert!(first.body.contains("Results 1 to 10 of 12"));
        assert!(first.body.contains("href=\"/derbyshire/search?q=wombat&#38;page=2\""), "{}", first.body);
        assert!(!first.body.contains("rel=\"prev\""));

        let second = app.client().get("/derbyshire/search?q=wombat&page=2").await;
        assert_eq!(titles(&second).len(), 2);
        assert!(second.body.contains("Results 11 to 12 of 12"));
        assert!(second.body.contains("rel=\"prev\""));
        assert!(!second.body.contains("rel=\"next\""));
        let mut all = titles(&first);
        all.extend(titles(&second));
        all.sort();
        all.dedup();
        assert_eq!(all.len(), 12, "no result twice, none missed");

        for page in ["99", "0", "-1", "x", "999999999999999999999"] {
            let res = app.client().get(&format!("/derbyshire/search?q=wombat&page={page}")).await;
            assert_eq!(res.status, StatusCode::OK, "page={page}");
        }
        let beyond = app.client().get("/derbyshire/search?q=wombat&page=99").await;
        assert!(beyond.body.contains("No more results: there are 12"));
        assert!(beyond.body.contains("Go to the first page of results"));
    }

    async fn the_search_page_keeps_nothing_and_is_in_the_county_chrome(app: TestApp) {
        fixtures(&app).await;
        let res = search(&app, "exploitation").await;
        assert!(!res.sets_cookie());
        assert_eq!(res.header("cache-control"), Some("no-store"));
        assert!(res.body.contains("id=\"exit-this-page\""));
        assert!(res.body.contains("tel:999"));
        assert_eq!(res.body.matches("<h1").count(), 1);
        assert!(res.body.contains("value=\"exploitation\""), "the words stay in the box");
        assert!(res.body.contains("<meta name=\"robots\" content=\"noindex\">"), "results are not for indexing");

        let empty = search(&app, "").await;
        assert!(titles(&empty).is_empty());
        assert!(!empty.body.contains("No results"));
        let stop_words = search(&app, "the and for").await;
        assert!(stop_words.body.contains("Enter words to search for"));
        let syntax = search(&app, "\"unbalanced AND OR NOT ( * ^ NEAR").await;
        assert!(titles(&syntax).is_empty());
        let long = search(&app, &"exploitation ".repeat(100)).await;
        assert_eq!(titles(&long).len(), 3);
    }

    async fn every_county_page_has_the_search_form_in_its_header(app: TestApp) {
        fixtures(&app).await;
        for path in ["/derbyshire/", "/derbyshire/support", "/derbyshire/support/umbrella", "/derbyshire/about"] {
            let res = app.client().get(path).await;
            assert_eq!(res.status, StatusCode::OK, "{path}");
            assert!(res.body.contains("<form class=\"site-search\" method=\"get\" action=\"/derbyshire/search\""), "{path}");
        }
        let platform = app.client().get("/").await;
        assert!(!platform.body.contains("site-search"), "no county, no site search");
    }

    async fn unknown_and_suspended_counties_have_no_search(app: TestApp) {
        fixtures(&app).await;
        let rutland = counties::find_by_slug(&app.db, "rutland").await.unwrap().unwrap();
        counties::set_status(&app.db, rutland.id, CountyStatus::Suspended).await.unwrap();
        for path in ["/rutland/search?q=exploitation", "/nowhere/search?q=exploitation"] {
            assert_eq!(app.client().get(path).await.status, StatusCode::NOT_FOUND, "{path}");
        }
    }

    async fn a_provider_saved_is_found_by_its_new_words_at_once(app: TestApp) {
        let derbyshire = fixtures(&app).await;
        let umbrella = providers::find_by_slug(&app.db, derbyshire.id, "umbrella").await.unwrap().unwrap();
        let mut fields = umbrella.fields.clone();
        fields.description = "Now also offering kayaking.".into();
        providers::update(&app.db, derbyshire.id, umbrella.id, umbrella.version, &fields, None).await.unwrap();
        assert_eq!(titles(&search(&app, "kayaking").await), ["Umbrella"]);
        assert!(!titles(&search(&app, "whenever").await).contains(&"Umbrella".to_owned()), "the old words are gone");
        providers::delete(&app.db, derbyshire.id, umbrella.id).await.unwrap();
        assert!(titles(&search(&app, "kayaking").await).is_empty());
    }
}

/// A visitor's search words never reach the log, even at TRACE.
async fn search_words_are_not_logged(backend: integration_tests::Backend) {
    let app = TestApp::spawn(backend).await;
    fixtures(&app).await;
    app.client().get("/derbyshire/search?q=warmup").await;
    let capture = LogCapture::start().await;
    let res = app
        .client()
        .get("/derbyshire/search?q=secretword+exploitation")
        .await;
    let log = capture.finish();
    assert_eq!(res.status, StatusCode::OK);
    assert!(
        log.contains("/derbyshire/search"),
        "the request was logged: {log}"
    );
    assert!(
        !log.contains("secretword"),
        "the search is in the log:\n{log}"
    );
}

mod search_words_are_not_logged {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::search_words_are_not_logged(integration_tests::Backend::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::search_words_are_not_logged(integration_tests::Backend::Postgres).await;
    }
}
