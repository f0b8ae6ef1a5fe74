//! Rendered public pages are cached per county content version: a change
//! through the admin shows at once, an "open now" label changes at the
//! second it should, pages are compressed for clients that accept it, and
//! they answer conditional requests.

use std::io::Read;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use domain::Role;
use integration_tests::{
    NewProvider, SAIL_HOURS, TestClient, TestResponse, both_backends, sail_opens,
};
use sea_orm::ConnectionTrait;
use time::Duration;

/// The body of a response, decoded as its `Content-Encoding` says.
fn decoded(res: &TestResponse) -> Vec<u8> {
    let mut out = Vec::new();
    match res.header("content-encoding") {
        None => out.extend_from_slice(&res.bytes),
        Some("gzip") => {
            flate2::read::GzDecoder::new(&res.bytes[..])
                .read_to_end(&mut out)
                .unwrap();
        }
        Some("br") => {
            brotli::Decompressor::new(&res.bytes[..], 4096)
                .read_to_end(&mut out)
                .unwrap();
        }
        Some(other) => panic!("unexpected encoding {other}"),
    }
    out
}

both_backends! {
    async fn a_changed_phone_number_shows_at_once_on_every_public_page(app: TestApp) {
        server::demo::load(&app.db).await.unwrap();
        let county = persistence::repo::counties::find_by_slug(&app.db, "derbyshire").await.unwrap().unwrap();
        app.create_member(&county, "ed@example.org", Role::Editor).await;
        let mut visitor = app.client();
        // Fill the cache first.
        assert!(visitor.get("/derbyshire/support").await.body.contains("tel:01332362120"));
        assert!(visitor.get("/derbyshire/support/safe-and-sound").await.body.contains("tel:01332362120"));

        let mut editor = app.signed_in("ed@example.org").await;
        let id = persistence::repo::providers::find_by_slug(&app.db, county.id, "safe-and-sound")
            .await
            .unwrap()
            .unwrap()
            .id;
        let edit_url = format!("/admin/derbyshire/providers/{id}");
        let form = editor.get(&edit_url).await;
        assert_eq!(form.status, StatusCode::OK);
        let version = field_value(&form.body, "version");
        let res = editor
            .post(
                &edit_url,
                &[
                    ("name", "Safe and Sound"),
                    ("slug", "safe-and-sound"),
                    ("summary", "Commissioned CSE provider."),
                    ("phone", "01332 000 999"),
                    ("categories", "cse"),
                    ("status", "published"),
                    ("version", &version),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);

        let directory = visitor.get("/derbyshire/support").await;
        let page = visitor.get("/derbyshire/support/safe-and-sound").await;
        for body in [&directory.body, &page.body] {
            assert!(body.contains("tel:01332000999"), "new number shown");
            assert!(!body.contains("tel:01332362120"), "old number gone");
        }
    }

    async fn public_pages_answer_if_none_match_with_304(app: TestApp) {
        server::demo::load(&app.db).await.unwrap();
        let mut visitor = app.client();

        let first = visitor.get("/derbyshire/support").await;
        let etag = first.header("etag").unwrap().to_owned();
        let again = visitor
            .send(
                Request::get("/derbyshire/support")
                    .header(header::IF_NONE_MATCH, &etag)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;

        assert_eq!(again.status, StatusCode::NOT_MODIFIED);
        assert!(again.body.is_empty());
        assert!(!again.sets_cookie());
        assert!(again.header("content-security-policy").is_some());
    }

    async fn parameters_the_directory_ignores_share_its_cached_page(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        app.add_provider(&county, NewProvider::named("SAIL").hours(SAIL_HOURS)).await;
        let mut visitor = app.client();
        app.clock.set(sail_opens() - Duration::minutes(50));
        let first = visitor.get("/derbyshire/support?utm_source=x").await;
        assert!(first.body.contains(">SAIL<"));

        // Changed behind the application's back: only a new render shows it.
        app.db
            .execute_unprepared("UPDATE providers SET name = 'Renamed', summary = 'sail'")
            .await
            .unwrap();
        for path in [
            "/derbyshire/support",
            "/derbyshire/support?utm_source=y",
            "/derbyshire/support?cache=123&fbclid=abc",
        ] {
            let res = visitor.get(path).await;
            assert!(res.body.contains(">SAIL<"), "{path}: the cached page");
            assert_eq!(res.header("etag"), first.header("etag"), "{path}");
        }
        // Different filters are a different page.
        let other = visitor.get("/derbyshire/support?open_now=1").await;
        assert!(!other.body.contains(">SAIL<") && !other.body.contains(">Renamed<"), "closed now");
    }

    async fn a_free_text_search_is_drawn_for_its_visitor_and_not_kept(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        app.add_provider(&county, NewProvider::named("SAIL").hours(SAIL_HOURS)).await;
        let mut visitor = app.client();
        let first = visitor.get("/derbyshire/support?q=sail").await;
        assert!(first.body.contains(">SAIL<"));
        assert_eq!(first.header("cache-control"), Some("no-store"), "not kept by the browser");
        assert_eq!(first.header("etag"), None);

        // Another server's write: like every write, it bumps the county's
        // content version (searches are drawn from the county's snapshot,
        // which is read again at the next version).
        app.db
            .execute_unprepared("UPDATE providers SET name = 'Renamed', summary = 'sail'")
            .await
            .unwrap();
        persistence::repo::counties::bump_content_version(&app.db, county.id).await.unwrap();
        let again = visitor
            .send(
                Request::get("/derbyshire/support?q=sail")
                    .header(header::ACCEPT_ENCODING, "br, gzip")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert!(again.body.contains(">Renamed<"), "drawn again, not kept");
        assert_eq!(again.header("content-encoding"), None, "a page sent once is not compressed");
        assert_eq!(app.state.render_cache.pages_kept().await, 0, "no search page kept");
    }
}

/// `GET path` from `clients` concurrently, one request each: the bodies
/// (or "404") in order.
async fn get_concurrently(clients: &[(TestClient, String)]) -> Vec<String> {
    let tasks: Vec<_> = clients
        .iter()
        .cloned()
        .map(|(mut client, path)| {
            tokio::spawn(async move {
                let res = client.get(&path).await;
                if res.status == StatusCode::NOT_FOUND {
                    "404".to_owned()
                } else {
                    assert_eq!(res.status, StatusCode::OK, "{path}");
                    res.body
                }
            })
        })
        .collect();
    let mut bodies = Vec::new();
    for task in tasks {
        bodies.push(task.await.unwrap());
    }
    bodies
}

both_backends! {
    async fn concurrent_visitors_each_see_their_county_as_it_is_now(app: TestApp) {
        let mut counties = Vec::new();
        for slug in ["alpha", "bravo", "charlie"] {
            let county = app.with_county(slug).await;
            app.add_provider(&county, NewProvider::named(&format!("Helpline of {slug}"))).await;
            counties.push(county);
        }
        let requests: Vec<(TestClient, String)> = (0..30)
            .map(|i| {
                let slug = ["alpha", "bravo", "charlie"][i % 3];
                (app.client(), format!("/{slug}/support"))
            })
            .collect();
        let bodies = get_concurrently(&requests).await;
        for ((_, path), body) in requests.iter().zip(&bodies) {
            let slug = path.split('/').nth(1).unwrap();
            assert!(body.contains(&format!(">Helpline of {slug}<")), "{path}");
        }

        // Another server (the same database, not this application) renames
        // alpha's provider and suspends bravo.
        app.db
            .execute_unprepared("UPDATE providers SET name = 'Renamed' WHERE name = 'Helpline of alpha'")
            .await
            .unwrap();
        persistence::repo::counties::bump_content_version(&app.db, counties[0].id).await.unwrap();
        persistence::repo::counties::set_status(&app.db, counties[1].id, domain::CountyStatus::Suspended)
            .await
            .unwrap();

        let bodies = get_concurrently(&requests).await;
        for ((_, path), body) in requests.iter().zip(&bodies) {
            match path.as_str() {
                "/alpha/support" => assert!(body.contains(">Renamed<"), "{path}"),
                "/bravo/support" => assert_eq!(body, "404", "{path}"),
                _ => assert!(body.contains(">Helpline of charlie<"), "{path}"),
            }
        }
    }

    async fn an_open_now_label_changes_at_the_second_the_provider_opens(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        app.add_provider(&county, NewProvider::named("SAIL").hours(SAIL_HOURS)).await;
        app.add_provider(&county, NewProvider::named("Always Open").hours("24/7")).await;
        let mut visitor = app.client();

        app.clock.set(sail_opens() - Duration::minutes(30));
        let before = visitor.get("/derbyshire/support").await;
        assert!(before.body.contains("Closed: opens Tue 10:00"), "{}", before.body);
        let page_before = visitor.get("/derbyshire/support/sail").await;
        assert!(page_before.body.contains("Closed: opens Tue 10:00"));

        app.clock.set(sail_opens() - Duration::SECOND);
        let last_second = visitor.get("/derbyshire/support").await;
        assert_eq!(last_second.body, before.body, "still closed a second before");
        let page_last_second = visitor.get("/derbyshire/support/sail").await;
        assert_eq!(page_last_second.body, page_before.body);

        app.clock.set(sail_opens());
        let open = visitor.get("/derbyshire/support").await;
        assert!(open.body.contains("Open now, until 14:00"), "{}", open.body);
        assert!(!open.body.contains("Closed: opens"));
        assert_ne!(open.header("etag"), before.header("etag"));
        let filtered = visitor.get("/derbyshire/support?open_now=1").await;
        assert!(filtered.body.contains(">SAIL<"), "open now lists SAIL");
        let page = visitor.get("/derbyshire/support/sail").await;
        assert!(page.body.contains("Open now, until 14:00"));

        // And back at 14:00.
        app.clock.set(sail_opens() + Duration::hours(4));
        let closed = visitor.get("/derbyshire/support").await;
        assert!(closed.body.contains("Closed: opens Wed 16:00"), "{}", closed.body);
        let filtered = visitor.get("/derbyshire/support?open_now=1").await;
        assert!(!filtered.body.contains(">SAIL<"), "open now no longer lists SAIL");
    }

    async fn a_cached_directory_is_drawn_again_only_when_a_label_could_change(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        app.add_provider(&county, NewProvider::named("SAIL").hours(SAIL_HOURS)).await;
        let mut visitor = app.client();
        app.clock.set(sail_opens() - Duration::minutes(50));
        assert!(visitor.get("/derbyshire/support").await.body.contains(">SAIL<"));

        // A change behind the application's back (no content version
        // bump) shows whether the page was drawn again.
        app.db
            .execute_unprepared("UPDATE providers SET name = 'Renamed'")
            .await
            .unwrap();
        app.clock.set(sail_opens() - Duration::minutes(1));
        let cached = visitor.get("/derbyshire/support").await;
        assert!(cached.body.contains(">SAIL<"), "served from memory 49 minutes later");
        app.clock.set(sail_opens());
        let redrawn = visitor.get("/derbyshire/support").await;
        assert!(redrawn.body.contains(">Renamed<"), "drawn again when SAIL opens");
    }

    async fn public_pages_are_compressed_for_clients_that_accept_it(app: TestApp) {
        server::demo::load(&app.db).await.unwrap();
        let mut visitor = app.client();
        for path in ["/derbyshire/support", "/derbyshire/support/safe-and-sound"] {
            let plain = visitor.get(path).await;
            assert_eq!(plain.status, StatusCode::OK);
            assert_eq!(plain.header("content-encoding"), None, "{path}");
            assert_eq!(plain.header("vary"), Some("Accept-Encoding"), "{path}");
            for (accept, encoding) in [
                ("gzip, deflate, br, zstd", "br"),
                ("gzip, deflate", "gzip"),
                ("br;q=0, gzip", "gzip"),
            ] {
                let res = visitor.get_with(path, &[("accept-encoding", accept)]).await;
                assert_eq!(res.status, StatusCode::OK);
                assert_eq!(res.header("content-encoding"), Some(encoding), "{path} {accept}");
                assert_eq!(res.header("vary"), Some("Accept-Encoding"));
                assert!(res.bytes.len() < plain.bytes.len() / 2, "{path} {accept}: compressed");
                assert_eq!(decoded(&res), plain.bytes, "{path} {accept}: the same page");
                assert_ne!(res.header("etag"), plain.header("etag"), "an ETag per encoding");
                assert!(!res.sets_cookie());
                assert!(res.header("content-security-policy").is_some());
            }
        }
    }

    async fn a_compressed_page_answers_its_own_etag_with_304(app: TestApp) {
        server::demo::load(&app.db).await.unwrap();
        let mut visitor = app.client();
        let gzipped = visitor.get_with("/derbyshire/support", &[("accept-encoding", "gzip")]).await;
        let etag = gzipped.header("etag").unwrap().to_owned();
        let conditional = |accept: &str| {
            Request::get("/derbyshire/support")
                .header(header::ACCEPT_ENCODING, accept)
                .header(header::IF_NONE_MATCH, &etag)
                .body(Body::empty())
                .unwrap()
        };

        let again = visitor.send(conditional("gzip")).await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED);
        assert!(again.bytes.is_empty());
        assert_eq!(again.header("etag"), Some(etag.as_str()));
        assert_eq!(again.header("vary"), Some("Accept-Encoding"));
        assert!(!again.sets_cookie());

        // A client that no longer accepts gzip has not got this page.
        let plain = visitor.send(conditional("identity")).await;
        assert_eq!(plain.status, StatusCode::OK);
        assert_eq!(plain.header("content-encoding"), None);
    }
}

/// The `value` of the input named `name` on a page.
fn field_value(body: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = body
        .find(&marker)
        .map(|i| i + marker.len())
        .unwrap_or_else(|| {
            let tag_start = body.find(&format!("name=\"{name}\"")).unwrap();
            let tag = &body[body[..tag_start].rfind('<').unwrap()..];
            tag.find("value=\"").unwrap() + "value=\"".len() + (body.len() - tag.len())
        });
    body[start..start + body[start..].find('"').unwrap()].to_owned()
}
