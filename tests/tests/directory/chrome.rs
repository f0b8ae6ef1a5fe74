//! What every directory page has: no cookie, the safety chrome and one
//! h1, a labelled filter form, and links to it from the county home.

use super::*;

both_backends! {
    async fn directory_pages_set_no_cookie_even_for_a_signed_in_visitor(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        app.add_provider(&county, published("Youth Line")).await;
        app.create_member(&county, "jo@example.org", Role::Editor).await;
        let mut signed_in = app.signed_in("jo@example.org").await;

        for path in [
            "/derbyshire/support",
            "/derbyshire/support?q=youth&age=12&open_now=1&category=cse",
            "/derbyshire/support/youth-line",
            "/derbyshire/support/missing",
        ] {
            let anonymous = app.client().get(path).await;
            assert!(!anonymous.sets_cookie(), "{path}: {:?}", anonymous.header("set-cookie"));
            let member = signed_in.get(path).await;
            assert!(!member.sets_cookie(), "{path} (signed in)");
        }
    }

    async fn directory_pages_have_the_safety_chrome_and_one_h1(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        app.add_provider(&county, published("Youth Line")).await;
        let mut client = app.client();

        for path in [
            "/derbyshire/support",
            "/derbyshire/support?q=nothing-matches",
            "/derbyshire/support?age=abc",
            "/derbyshire/support/youth-line",
        ] {
            let res = client.get(path).await;

            assert_eq!(res.status, StatusCode::OK, "{path}");
            assert_public_page(&res, path);
        }
        let missing = client.get("/derbyshire/support/missing").await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert_public_page(&missing, "404");
    }

    async fn the_filter_form_is_a_labelled_get_form(app: TestApp) {
        app.with_county("derbyshire").await;

        let res = app.client().get("/derbyshire/support").await;

        let body = &res.body;
        assert!(body.contains("<form method=\"get\" action=\"/derbyshire/support\""), "{body}");
        for id in ["q", "category", "age", "open_now"] {
            assert!(body.contains(&format!("for=\"{id}\"")), "label for {id}");
            assert!(body.contains(&format!("id=\"{id}\" name=\"{id}\"")), "field {id}");
        }
        assert!(body.contains("<option value=\"cse\">"), "the county's categories");
        assert!(body.contains("<title>Find support – Derbyshire</title>"), "{body}");
    }

    async fn the_county_home_and_header_link_to_the_directory(app: TestApp) {
        app.with_county("derbyshire").await;

        let home = app.client().get("/derbyshire/").await;
        assert!(home.body.contains("href=\"/derbyshire/support\""));
        assert!(home.body.contains("Find support"));

        let directory = app.client().get("/derbyshire/support").await;
        assert!(
            directory.body.contains("<a href=\"/derbyshire/support\" aria-current=\"page\">Find support</a>"),
            "{}",
            directory.body
        );
    }
}
