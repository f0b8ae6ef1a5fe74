//! The dashboard, and the caching headers of admin pages.

use super::*;

both_backends! {
    async fn the_dashboard_lists_exactly_the_users_counties(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        let nottinghamshire = app.with_county("nottinghamshire").await;
        app.with_county("rutland").await;
        app.create_member(&derbyshire, "jo@example.org", Role::Editor).await;
        app.create_member(&nottinghamshire, "jo@example.org", Role::CountyAdmin).await;
        let mut jo = app.signed_in("jo@example.org").await;

        let home = jo.get("/admin").await;

        assert_eq!(home.status, StatusCode::OK);
        assert!(home.body.contains("href=\"/admin/derbyshire\""));
        assert!(home.body.contains("href=\"/admin/nottinghamshire\""));
        assert!(!home.body.contains("/admin/rutland"), "not a member there");
        assert!(!home.body.contains("Rutland"));
        assert!(!home.body.contains("href=\"/admin/tenants\""), "no platform link");
    }

    async fn a_platform_admin_sees_every_county_on_the_dashboard(app: TestApp) {
        for slug in ["derbyshire", "nottinghamshire", "rutland"] {
            app.with_county(slug).await;
        }
        app.create_platform_admin("root@example.org").await;
        let mut platform = app.signed_in("root@example.org").await;

        let home = platform.get("/admin").await;

        assert_eq!(home.status, StatusCode::OK);
        for slug in ["derbyshire", "nottinghamshire", "rutland"] {
            assert!(home.body.contains(&format!("href=\"/admin/{slug}\"")), "{slug}");
        }
    }

    async fn admin_pages_send_cache_control_no_store(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        app.with_county("nottinghamshire").await;
        let mut admin = app.county_admin_of(&derbyshire).await;
        app.create_platform_admin("root@example.org").await;
        let mut platform = app.signed_in("root@example.org").await;

        let mut answers = vec![("/admin/login (signed out)", app.client().get("/admin/login").await)];
        for path in [
            "/admin",
            "/admin/derbyshire",
            "/admin/derbyshire/users",
            "/admin/derbyshire/audit",
            "/admin/nottinghamshire",
            "/admin/tenants",
        ] {
            answers.push((path, admin.get(path).await));
        }
        answers.push(("/admin/tenants (platform)", platform.get("/admin/tenants").await));
        answers.push(("/admin/audit (platform)", platform.get("/admin/audit").await));

        for (path, res) in &answers {
            assert_eq!(res.header("cache-control"), Some("no-store"), "{path} ({})", res.status);
        }
        assert_eq!(answers[1].1.status, StatusCode::OK);
        assert_eq!(answers[5].1.status, StatusCode::NOT_FOUND, "errors too");
        assert_eq!(answers[6].1.status, StatusCode::FORBIDDEN, "errors too");
    }
}
