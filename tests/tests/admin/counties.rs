//! Counties, run by platform admins: creating, hostnames, slugs,
//! suspending and reactivating.

use super::*;

both_backends! {
    async fn a_platform_admin_creates_a_county_that_is_listed_and_public(app: TestApp) {
        app.create_platform_admin("root@example.org").await;
        let mut platform = app.signed_in("root@example.org").await;

        let res = platform
            .post("/admin/tenants", &[("slug", "rutland"), ("name", "Rutland"), ("hostnames", "")])
            .await;

        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        assert_eq!(res.location(), Some("/admin/tenants"));
        let list = platform.get("/admin/tenants").await;
        assert!(list.body.contains("<code>rutland</code>"), "listed");
        assert!(list.body.contains("Rutland"));
        assert_eq!(app.client().get("/rutland/").await.status, StatusCode::OK);
        assert!(app.client().get("/").await.body.contains("href=\"/rutland/\""));
        assert_eq!(app.audited("tenant.create", AuditView::ACTOR_AND_OBJECT).await, vec!["root@example.org rutland".to_owned()]);
    }

    async fn a_county_with_hostnames_is_created_with_them(app: TestApp) {
        app.create_platform_admin("root@example.org").await;
        let mut platform = app.signed_in("root@example.org").await;

        let res = platform
            .post(
                "/admin/tenants",
                &[("slug", "rutland"), ("name", "Rutland"), ("hostnames", "support.rutland.example, help.rutland.example")],
            )
            .await;

        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        assert_eq!(app.count("SELECT COUNT(*) FROM tenant_hosts").await, 2);
        let list = platform.get("/admin/tenants").await;
        assert!(list.body.contains("support.rutland.example"));
    }

    async fn a_duplicate_county_slug_is_refused_with_a_message(app: TestApp) {
        app.with_county("rutland").await;
        app.create_platform_admin("root@example.org").await;
        let mut platform = app.signed_in("root@example.org").await;
        let before = app.snapshot().await;

        let res = platform
            .post("/admin/tenants", &[("slug", "rutland"), ("name", "Rutland Again"), ("hostnames", "")])
            .await;

        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        let message = field_error(&res.body, "slug").expect("a message beside the slug");
        assert!(message.contains("already exists"), "{message}");
        assert!(summary_lists(&res.body, "slug", &message));
        assert!(res.body.contains("value=\"Rutland Again\""), "what was typed is kept");
        assert_eq!(app.snapshot().await, before, "nothing written");
    }

    async fn a_reserved_county_slug_is_refused(app: TestApp) {
        app.create_platform_admin("root@example.org").await;
        let mut platform = app.signed_in("root@example.org").await;
        let before = app.snapshot().await;

        let res = platform
            .post("/admin/tenants", &[("slug", "admin"), ("name", "Admin"), ("hostnames", "")])
            .await;

        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        let message = field_error(&res.body, "slug").expect("a message beside the slug");
        assert!(message.contains("reserved"), "{message}");
        assert_eq!(app.snapshot().await, before, "nothing written");
    }

    async fn a_malformed_county_slug_is_refused(app: TestApp) {
        app.create_platform_admin("root@example.org").await;
        let mut platform = app.signed_in("root@example.org").await;
        let before = app.snapshot().await;

        let res = platform
            .post("/admin/tenants", &[("slug", "Bad Slug"), ("name", "Bad"), ("hostnames", "")])
            .await;

        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(field_error(&res.body, "slug").is_some(), "a message beside the slug");
        assert_eq!(app.snapshot().await, before, "nothing written");
    }

    async fn a_bad_hostname_is_refused(app: TestApp) {
        app.create_platform_admin("root@example.org").await;
        let mut platform = app.signed_in("root@example.org").await;
        let before = app.snapshot().await;

        let res = platform
            .post(
                "/admin/tenants",
                &[("slug", "rutland"), ("name", "Rutland"), ("hostnames", "support.rutland.example, bad_host!")],
            )
            .await;

        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        let message = field_error(&res.body, "hostnames").expect("a message beside the hostnames");
        assert!(message.contains("bad_host!"), "{message}");
        assert_eq!(app.snapshot().await, before, "nothing written");
    }

    async fn a_hostname_of_another_county_is_refused(app: TestApp) {
        app.create_platform_admin("root@example.org").await;
        let mut platform = app.signed_in("root@example.org").await;
        platform
            .post("/admin/tenants", &[("slug", "rutland"), ("name", "Rutland"), ("hostnames", "support.rutland.example")])
            .await;
        let before = app.snapshot().await;

        let res = platform
            .post("/admin/tenants", &[("slug", "leicestershire"), ("name", "Leicestershire"), ("hostnames", "support.rutland.example")])
            .await;

        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(field_error(&res.body, "hostnames").is_some(), "{}", res.body);
        assert_eq!(app.snapshot().await, before, "nothing written");
    }

    async fn suspending_a_county_takes_its_public_site_down(app: TestApp) {
        app.with_county("rutland").await;
        app.create_platform_admin("root@example.org").await;
        let mut platform = app.signed_in("root@example.org").await;
        assert_eq!(app.client().get("/rutland/").await.status, StatusCode::OK);

        let res = platform.post("/admin/tenants/rutland/suspend", &[]).await;

        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(res.location(), Some("/admin/tenants"));
        assert_eq!(county_status(&app, "rutland").await, "suspended");
        assert_eq!(app.client().get("/rutland/").await.status, StatusCode::NOT_FOUND);
        assert!(!app.client().get("/").await.body.contains("href=\"/rutland/\""), "not listed");
        assert_eq!(app.audited("tenant.suspend", AuditView::ACTOR_AND_OBJECT).await, vec!["root@example.org rutland".to_owned()]);
    }

    async fn reactivating_a_county_brings_its_public_site_back(app: TestApp) {
        app.with_county("rutland").await;
        app.create_platform_admin("root@example.org").await;
        let mut platform = app.signed_in("root@example.org").await;
        platform.post("/admin/tenants/rutland/suspend", &[]).await;

        let res = platform.post("/admin/tenants/rutland/activate", &[]).await;

        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(county_status(&app, "rutland").await, "active");
        assert_eq!(app.client().get("/rutland/").await.status, StatusCode::OK);
        assert!(app.client().get("/").await.body.contains("href=\"/rutland/\""));
        assert_eq!(app.audited("tenant.activate", AuditView::ACTOR_AND_OBJECT).await, vec!["root@example.org rutland".to_owned()]);
    }
}
