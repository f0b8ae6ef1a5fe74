//! Disabling, enabling and changing the role of a county's users, and
//! what that does to their sessions.

use super::*;

both_backends! {
    async fn disabling_a_user_ends_their_sessions_at_once(app: TestApp) {
        let (derbyshire, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        let mut editor = app.editor_of(&derbyshire).await;
        let id = app.user_id("editor@derbyshire.example.org").await;
        assert_eq!(editor.get("/admin/derbyshire").await.status, StatusCode::OK);

        let res = admin.post(&format!("/admin/derbyshire/users/{id}/disable"), &[]).await;

        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(res.location(), Some("/admin/derbyshire/users"));
        let next = editor.get("/admin/derbyshire").await;
        assert_eq!(next.status, StatusCode::SEE_OTHER);
        assert_eq!(next.location(), Some("/admin/login?next=%2Fadmin%2Fderbyshire"));
        assert_eq!(
            membership(&app, "editor@derbyshire.example.org", "derbyshire").await.as_deref(),
            Some("editor disabled")
        );
        assert_eq!(admin.get("/admin/derbyshire/users").await.status, StatusCode::OK, "the admin stays signed in");
        assert_eq!(
            app.audited("user.disable", AuditView::ACTOR_AND_OBJECT).await,
            vec!["admin@derbyshire.example.org editor@derbyshire.example.org".to_owned()]
        );
    }

    async fn a_disabled_member_cannot_get_into_that_county_again(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        let nottinghamshire = app.with_county("nottinghamshire").await;
        let mut admin = app.county_admin_of(&derbyshire).await;
        let id = app.create_member(&derbyshire, "jo@example.org", Role::Editor).await;
        app.create_member(&nottinghamshire, "jo@example.org", Role::Editor).await;

        admin.post(&format!("/admin/derbyshire/users/{id}/disable"), &[]).await;

        let mut jo = app.client();
        assert_eq!(jo.login("jo@example.org", PASSWORD).await.status, StatusCode::SEE_OTHER, "still in Nottinghamshire");
        assert_eq!(jo.get("/admin/derbyshire").await.status, StatusCode::NOT_FOUND);
        assert_eq!(jo.get("/admin/derbyshire/providers").await.status, StatusCode::NOT_FOUND);
        let home = jo.get("/admin").await;
        assert!(!home.body.contains("href=\"/admin/derbyshire\""), "not listed");
        assert!(home.body.contains("href=\"/admin/nottinghamshire\""));
    }

    async fn enabling_a_user_lets_them_back_in(app: TestApp) {
        let (derbyshire, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        let id = app.create_member(&derbyshire, "jo@example.org", Role::Editor).await;
        admin.post(&format!("/admin/derbyshire/users/{id}/disable"), &[]).await;

        let res = admin.post(&format!("/admin/derbyshire/users/{id}/enable"), &[]).await;

        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(
            membership(&app, "jo@example.org", "derbyshire").await.as_deref(),
            Some("editor enabled")
        );
        let mut jo = app.signed_in("jo@example.org").await;
        assert_eq!(jo.get("/admin/derbyshire").await.status, StatusCode::OK);
        assert!(jo.get("/admin").await.body.contains("href=\"/admin/derbyshire\""));
        assert_eq!(app.audited("user.enable", AuditView::ACTOR_AND_OBJECT).await.len(), 1);
    }

    async fn demoting_a_county_admin_to_editor_ends_their_sessions(app: TestApp) {
        let (derbyshire, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        let id = app.create_member(&derbyshire, "second@example.org", Role::CountyAdmin).await;
        let mut second = app.signed_in("second@example.org").await;
        assert_eq!(second.get("/admin/derbyshire/users").await.status, StatusCode::OK);

        let res = admin
            .post(&format!("/admin/derbyshire/users/{id}/role"), &[("role", "editor")])
            .await;

        assert_eq!(res.status, StatusCode::SEE_OTHER);
        let next = second.get("/admin/derbyshire/users").await;
        assert_eq!(next.status, StatusCode::SEE_OTHER);
        assert_eq!(next.location(), Some("/admin/login?next=%2Fadmin%2Fderbyshire%2Fusers"));
        assert_eq!(
            membership(&app, "second@example.org", "derbyshire").await.as_deref(),
            Some("editor enabled")
        );
        let mut again = app.signed_in("second@example.org").await;
        assert_eq!(again.get("/admin/derbyshire/users").await.status, StatusCode::FORBIDDEN);
    }

    async fn promoting_an_editor_keeps_their_session(app: TestApp) {
        let (derbyshire, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        let mut editor = app.editor_of(&derbyshire).await;
        let id = app.user_id("editor@derbyshire.example.org").await;

        let res = admin
            .post(&format!("/admin/derbyshire/users/{id}/role"), &[("role", "county_admin")])
            .await;

        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(editor.get("/admin/derbyshire/users").await.status, StatusCode::OK);
    }

    async fn a_county_admin_cannot_disable_themselves(app: TestApp) {
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        let me = app.user_id("admin@derbyshire.example.org").await;
        let before = app.snapshot().await;

        let res = admin.post(&format!("/admin/derbyshire/users/{me}/disable"), &[]).await;

        assert_eq!(res.status, StatusCode::FORBIDDEN);
        assert_eq!(app.snapshot().await, before, "nothing changed");
        assert_eq!(admin.get("/admin/derbyshire/users").await.status, StatusCode::OK, "still signed in");
    }

    async fn a_county_admin_cannot_change_their_own_role(app: TestApp) {
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        let me = app.user_id("admin@derbyshire.example.org").await;
        let before = app.snapshot().await;

        let res = admin
            .post(&format!("/admin/derbyshire/users/{me}/role"), &[("role", "editor")])
            .await;

        assert_eq!(res.status, StatusCode::FORBIDDEN);
        assert_eq!(app.snapshot().await, before, "nothing changed");
        assert_eq!(
            membership(&app, "admin@derbyshire.example.org", "derbyshire").await.as_deref(),
            Some("county_admin enabled")
        );
    }

    async fn changing_a_role_to_an_unknown_one_is_refused_with_422(app: TestApp) {
        let (derbyshire, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        let id = app.create_member(&derbyshire, "jo@example.org", Role::Editor).await;
        let before = app.snapshot().await;

        let res = admin
            .post(&format!("/admin/derbyshire/users/{id}/role"), &[("role", "owner")])
            .await;

        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(app.snapshot().await, before, "nothing changed");
    }

    // Found by this test (fixed): the "add a user" form takes the email
    // of an existing member as a role change, so a county admin demotes
    // themselves with it (303, role now editor), which the role control
    // refuses with 403. Expected: refused (403 or 422), nothing changed.
    async fn a_county_admin_cannot_demote_themselves_through_the_add_form(app: TestApp) {
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        let before = app.snapshot().await;

        let res = admin
            .post(
                "/admin/derbyshire/users",
                &[("email", "admin@derbyshire.example.org"), ("name", "Me"), ("role", "editor"), ("password", "")],
            )
            .await;

        assert!(
            matches!(res.status, StatusCode::FORBIDDEN | StatusCode::UNPROCESSABLE_ENTITY),
            "{}",
            res.status
        );
        assert_eq!(
            membership(&app, "admin@derbyshire.example.org", "derbyshire").await.as_deref(),
            Some("county_admin enabled")
        );
        assert_eq!(app.snapshot().await, before, "nothing changed");
    }

    // Found by this test (fixed): re-adding a county admin through the
    // "add a user" form with the editor role demotes them (303) but leaves
    // their sessions alive, unlike the role control. Expected: either the
    // form refuses existing members (4xx, nothing changed) or the demotion
    // ends their sessions as it does through the role control.
    async fn demoting_through_the_add_form_also_ends_their_sessions(app: TestApp) {
        let (derbyshire, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        app.create_member(&derbyshire, "second@example.org", Role::CountyAdmin).await;
        let mut second = app.signed_in("second@example.org").await;

        let res = admin
            .post(
                "/admin/derbyshire/users",
                &[("email", "second@example.org"), ("name", "Second"), ("role", "editor"), ("password", "")],
            )
            .await;

        let role = membership(&app, "second@example.org", "derbyshire").await;
        if role.as_deref() == Some("editor enabled") {
            let next = second.get("/admin/derbyshire").await;
            assert_eq!(next.status, StatusCode::SEE_OTHER, "the demoted admin's session ended");
            assert_eq!(next.location(), Some("/admin/login?next=%2Fadmin%2Fderbyshire"));
        } else {
            assert!(res.status.is_client_error(), "{}", res.status);
            assert_eq!(role.as_deref(), Some("county_admin enabled"));
        }
    }
}
