//! A county's users: adding one, and the validation of the form.

use super::*;

both_backends! {
    async fn a_county_admin_adds_an_editor_who_can_then_sign_in(app: TestApp) {
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;

        let res = admin
            .post("/admin/derbyshire/users", &new_user_form("sam@example.org"))
            .await;

        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        assert_eq!(res.location(), Some("/admin/derbyshire/users"));
        assert_eq!(
            membership(&app, "sam@example.org", "derbyshire").await.as_deref(),
            Some("editor enabled")
        );
        let list = admin.get("/admin/derbyshire/users").await;
        assert!(list.body.contains("sam@example.org"), "listed");
        let mut sam = app.client();
        let signed_in = sam.login("sam@example.org", NEW_PASSWORD).await;
        assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
        assert_eq!(sam.get("/admin/derbyshire").await.status, StatusCode::OK);
        assert_eq!(sam.get("/admin/derbyshire/users").await.status, StatusCode::FORBIDDEN, "an editor");
    }

    async fn adding_a_user_is_audited_with_the_admins_email(app: TestApp) {
        let (_derbyshire, mut admin) = app.with_county("derbyshire").with_county_admin().await;

        admin.post("/admin/derbyshire/users", &new_user_form("sam@example.org")).await;

        // The set-up's accounts were added by the command line ("cli").
        let by_the_admin: Vec<String> = app.audited("user.add", AuditView::ACTOR_AND_OBJECT)
            .await
            .into_iter()
            .filter(|e| !e.starts_with("cli "))
            .collect();
        assert_eq!(by_the_admin, vec!["admin@derbyshire.example.org sam@example.org".to_owned()]);
        let counties = app
            .query_strings(
                "SELECT t.slug FROM audit_events e JOIN tenants t ON t.id = e.tenant_id \
                 WHERE e.action = 'user.add' AND e.object_id = 'sam@example.org'",
            )
            .await;
        assert_eq!(counties, vec!["derbyshire".to_owned()], "in the county's log");
        let log = admin.get("/admin/derbyshire/audit").await;
        assert!(log.body.contains("<code>user.add</code>"), "shown in the log");
    }

    async fn a_weak_password_is_refused_beside_the_field_and_in_the_summary(app: TestApp) {
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        let before = app.snapshot().await;

        let res = admin
            .post(
                "/admin/derbyshire/users",
                &[("email", "sam@example.org"), ("name", "Sam Taylor"), ("role", "editor"), ("password", "short")],
            )
            .await;

        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        let message = field_error(&res.body, "password").expect("a message beside the password");
        assert!(message.starts_with("Password must be"), "{message}");
        assert!(summary_lists(&res.body, "password", &message), "in the error summary");
        assert!(res.body.contains("aria-describedby=\"password-hint password-error\""));
        assert!(res.body.contains("value=\"sam@example.org\""), "what was typed is kept");
        assert!(!res.body.contains("value=\"short\""), "the password is not sent back");
        assert_eq!(app.snapshot().await, before, "nothing written");
    }

    async fn a_password_made_of_the_countys_name_is_refused(app: TestApp) {
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        let before = app.snapshot().await;

        let res = admin
            .post(
                "/admin/derbyshire/users",
                &[("email", "sam@example.org"), ("name", "Sam Taylor"), ("role", "editor"), ("password", "Derbyshire County 2026!!")],
            )
            .await;

        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(field_error(&res.body, "password").is_some(), "{}", res.body);
        assert_eq!(app.snapshot().await, before, "nothing written");
    }

    async fn an_invalid_email_is_refused_with_422(app: TestApp) {
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        let before = app.snapshot().await;

        let res = admin
            .post("/admin/derbyshire/users", &new_user_form("not-an-email"))
            .await;

        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        let message = field_error(&res.body, "email").expect("a message beside the email");
        assert!(summary_lists(&res.body, "email", &message));
        assert_eq!(app.snapshot().await, before, "nothing written");
    }

    async fn an_empty_name_is_refused_with_422(app: TestApp) {
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        let before = app.snapshot().await;

        let res = admin
            .post(
                "/admin/derbyshire/users",
                &[("email", "sam@example.org"), ("name", "   "), ("role", "editor"), ("password", NEW_PASSWORD)],
            )
            .await;

        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        let message = field_error(&res.body, "name").expect("a message beside the name");
        assert!(summary_lists(&res.body, "name", &message));
        assert_eq!(app.snapshot().await, before, "nothing written");
    }

    async fn an_unknown_role_is_refused_with_422(app: TestApp) {
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        let before = app.snapshot().await;

        let res = admin
            .post(
                "/admin/derbyshire/users",
                &[("email", "sam@example.org"), ("name", "Sam Taylor"), ("role", "platform_admin"), ("password", NEW_PASSWORD)],
            )
            .await;

        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        let message = field_error(&res.body, "role").expect("a message beside the role");
        assert!(summary_lists(&res.body, "role", &message));
        assert_eq!(app.snapshot().await, before, "nothing written");
    }
}
