//! CSRF defences: the token, Fetch Metadata and the Origin header.

use super::*;

both_backends! {
    async fn adding_a_user_with_a_missing_or_wrong_csrf_token_is_refused(app: TestApp) {
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        let before = app.snapshot().await;
        let form = new_user_form("sam@example.org");
        let mut forged = form.to_vec();
        forged.push(("csrf_token", "forged"));
        let mut empty = form.to_vec();
        empty.push(("csrf_token", ""));

        let missing = admin.post_form("/admin/derbyshire/users", &form).await;
        let wrong = admin.post_form("/admin/derbyshire/users", &forged).await;
        let blank = admin.post_form("/admin/derbyshire/users", &empty).await;

        assert_eq!(missing.status, StatusCode::FORBIDDEN);
        assert_eq!(wrong.status, StatusCode::FORBIDDEN);
        assert_eq!(blank.status, StatusCode::FORBIDDEN);
        assert_eq!(app.snapshot().await, before, "no user created");
    }

    async fn a_post_marked_cross_site_is_refused_even_with_a_valid_token(app: TestApp) {
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        let before = app.snapshot().await;

        let res = admin.post_with(
            "/admin/derbyshire/users",
            &new_user_form("sam@example.org"),
            &[("sec-fetch-site", "cross-site")],
        )
        .await;

        assert_eq!(res.status, StatusCode::FORBIDDEN);
        assert_eq!(app.snapshot().await, before, "nothing changed");
    }

    async fn a_post_from_another_origin_is_refused_even_with_a_valid_token(app: TestApp) {
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        let before = app.snapshot().await;

        let res = admin.post_with(
            "/admin/derbyshire/users",
            &new_user_form("sam@example.org"),
            &[("origin", "https://evil.example")],
        )
        .await;

        assert_eq!(res.status, StatusCode::FORBIDDEN);
        assert_eq!(app.snapshot().await, before, "nothing changed");
    }

    async fn a_same_origin_post_with_a_valid_token_is_accepted(app: TestApp) {
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;

        let res = admin.post_with(
            "/admin/derbyshire/users",
            &new_user_form("sam@example.org"),
            &[("origin", "http://localhost:3000"), ("sec-fetch-site", "same-origin")],
        )
        .await;

        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        assert_eq!(
            membership(&app, "sam@example.org", "derbyshire").await.as_deref(),
            Some("editor enabled")
        );
    }

    // A real browser under `Referrer-Policy: no-referrer` sends
    // `Origin: null` on a same-origin form post; Fetch Metadata decides.
    async fn a_browser_post_with_origin_null_but_same_origin_fetch_metadata_is_accepted(app: TestApp) {
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;

        let res = admin.post_with(
            "/admin/derbyshire/users",
            &new_user_form("sam@example.org"),
            &[("origin", "null"), ("sec-fetch-site", "same-origin")],
        )
        .await;

        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        assert_eq!(
            membership(&app, "sam@example.org", "derbyshire").await.as_deref(),
            Some("editor enabled")
        );
    }
}
