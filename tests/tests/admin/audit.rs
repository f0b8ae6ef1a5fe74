//! The audit log: order, one county only, pagination, and no way to
//! change or delete an event.

use super::*;

both_backends! {
    async fn the_county_audit_log_shows_events_newest_first(app: TestApp) {
        let (derbyshire, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        let id = app.create_member(&derbyshire, "jo@example.org", Role::Editor).await;
        admin.post(&format!("/admin/derbyshire/users/{id}/disable"), &[]).await;
        admin.post(&format!("/admin/derbyshire/users/{id}/enable"), &[]).await;

        let log = admin.get("/admin/derbyshire/audit").await;

        assert_eq!(log.status, StatusCode::OK);
        let enable = log.body.find("<code>user.enable</code>").expect("enable shown");
        let disable = log.body.find("<code>user.disable</code>").expect("disable shown");
        let sign_in = log.body.find("<code>login.success</code>").expect("sign-in shown");
        assert!(enable < disable, "newest first");
        assert!(disable < sign_in, "newest first");
    }

    async fn a_county_audit_log_shows_only_that_countys_events(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        let nottinghamshire = app.with_county("nottinghamshire").await;
        let mut admin = app.county_admin_of(&derbyshire).await;
        let mut other = app.county_admin_of(&nottinghamshire).await;
        other.post("/admin/nottinghamshire/users", &new_user_form("sam@example.org")).await;

        let log = admin.get("/admin/derbyshire/audit").await;

        assert_eq!(log.status, StatusCode::OK);
        assert!(!log.body.contains("sam@example.org"), "Nottinghamshire's event is not shown");
        assert!(!log.body.contains("admin@nottinghamshire.example.org"));
        assert!(log.body.contains("admin@derbyshire.example.org"));
    }

    async fn the_audit_log_paginates_after_50_events(app: TestApp) {
        let (derbyshire, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        for n in 1..=60 {
            let mut event = NewAuditEvent::new("test.marker", "tester@example.org");
            event.county = Some(derbyshire.id);
            event.summary = format!("marker-{n:03}");
            persistence::repo::audit::record(&app.db, event).await.unwrap();
        }
        let total = app
            .count(
                "SELECT COUNT(*) FROM audit_events e JOIN tenants t ON t.id = e.tenant_id \
                 WHERE t.slug = 'derbyshire'",
            )
            .await;
        assert!(total > 60 && total <= 100, "{total}");

        let first = admin.get("/admin/derbyshire/audit").await;
        let second = admin.get("/admin/derbyshire/audit?page=2").await;

        assert_eq!(first.status, StatusCode::OK);
        assert_eq!(first.body.matches("<time ").count(), 50, "50 a page");
        assert!(has_marker(&first.body, 60) && has_marker(&first.body, 11));
        assert!(!has_marker(&first.body, 10), "older events are on page 2");
        let newer = first.body.find(">marker-060<").unwrap();
        let older = first.body.find(">marker-059<").unwrap();
        assert!(newer < older, "newest first");
        assert!(first.body.contains("href=\"?page=2\" rel=\"next\""), "a link to older events");
        assert!(!first.body.contains("rel=\"prev\""));

        assert_eq!(second.status, StatusCode::OK);
        assert_eq!(
            i64::try_from(second.body.matches("<time ").count()).unwrap(),
            total - 50,
            "the rest"
        );
        assert!(has_marker(&second.body, 10) && has_marker(&second.body, 1));
        assert!(!has_marker(&second.body, 11), "newer events are on page 1");
        assert!(second.body.contains("href=\"?page=1\" rel=\"prev\""), "a link to newer events");
        assert!(!second.body.contains("rel=\"next\""), "the last page");
    }

    async fn no_route_changes_or_deletes_audit_events(app: TestApp) {
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        app.create_platform_admin("root@example.org").await;
        let mut platform = app.signed_in("root@example.org").await;
        let before = app.snapshot().await;
        let some_id = uuid::Uuid::new_v4();

        let mut answers = vec![
            admin.post("/admin/derbyshire/audit", &[]).await.status,
            admin.post(&format!("/admin/derbyshire/audit/{some_id}"), &[]).await.status,
            admin.post(&format!("/admin/derbyshire/audit/{some_id}/delete"), &[]).await.status,
            platform.post("/admin/audit", &[]).await.status,
        ];
        for method in ["DELETE", "PUT", "PATCH"] {
            let req = Request::builder()
                .method(method)
                .uri("/admin/derbyshire/audit")
                .body(Body::empty())
                .unwrap();
            answers.push(admin.send(req).await.status);
        }

        for status in answers {
            assert!(
                matches!(status, StatusCode::METHOD_NOT_ALLOWED | StatusCode::NOT_FOUND),
                "{status}"
            );
        }
        assert_eq!(app.snapshot().await, before, "the log is unchanged");
    }

    // Found by this test: a page number past about 1.8e17 gave an OFFSET
    // above i64::MAX and a 500. A page past the end now shows the last page.
    async fn an_absurd_audit_page_number_is_not_a_server_error(app: TestApp) {
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        app.create_platform_admin("root@example.org").await;
        let mut platform = app.signed_in("root@example.org").await;

        let past_the_end = admin.get("/admin/derbyshire/audit?page=99999").await;
        let county = admin.get("/admin/derbyshire/audit?page=18446744073709551615").await;
        let platform_log = platform.get("/admin/audit?page=18446744073709551615").await;

        assert_eq!(past_the_end.status, StatusCode::OK);
        assert!(past_the_end.body.contains("login.success"), "the last page, with events");
        for res in [county, platform_log] {
            assert!(matches!(res.status, StatusCode::OK | StatusCode::NOT_FOUND), "{}", res.status);
        }
    }
}
