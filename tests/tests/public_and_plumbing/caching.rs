//! Cache headers: admin pages are never cached, public pages may be.

use super::*;

both_backends! {
    async fn admin_pages_are_not_cached(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        app.create_member(&county, "jo@example.org", Role::CountyAdmin).await;

        let login = app.client().get("/admin/login").await;
        assert_eq!(login.status, StatusCode::OK);
        assert_eq!(login.header("cache-control"), Some("no-store"), "sign-in page");

        let mut client = app.signed_in("jo@example.org").await;
        for path in ["/admin", "/admin/derbyshire/users"] {
            let res = client.get(path).await;

            assert_eq!(res.status, StatusCode::OK, "{path}");
            assert!(is_html(&res), "{path}");
            assert_eq!(res.header("cache-control"), Some("no-store"), "{path}");
        }
    }

    async fn public_pages_are_cacheable(app: TestApp) {
        app.with_county("derbyshire").await;

        for path in ["/", "/derbyshire/", "/derbyshire/safety", "/safety", "/assets/site.css"] {
            let res = app.client().get(path).await;

            assert_eq!(res.status, StatusCode::OK, "{path}");
            let cache = res.header("cache-control").unwrap_or_default();
            assert!(!cache.contains("no-store"), "{path}: {cache}");
        }
    }
}
