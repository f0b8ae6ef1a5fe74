//! Who may reach which county: another county is invisible, and each role
//! is refused the pages above it.

use super::*;

both_backends! {
    async fn an_editor_of_one_county_gets_404_for_another_countys_pages(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        let nottinghamshire = app.with_county("nottinghamshire").await;
        let mut editor = app.editor_of(&derbyshire).await;

        assert_other_county_is_hidden(&app, &mut editor, &nottinghamshire).await;
    }

    async fn a_county_admin_of_one_county_gets_404_for_another_countys_pages(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        let nottinghamshire = app.with_county("nottinghamshire").await;
        let mut admin = app.county_admin_of(&derbyshire).await;

        assert_other_county_is_hidden(&app, &mut admin, &nottinghamshire).await;
    }

    async fn a_county_admin_gets_404_for_another_countys_member_under_their_own_county(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        let nottinghamshire = app.with_county("nottinghamshire").await;
        let mut admin = app.county_admin_of(&derbyshire).await;
        let active = app.create_member(&nottinghamshire, "active@example.org", Role::Editor).await;
        let disabled = app.create_member(&nottinghamshire, "off@example.org", Role::Editor).await;
        sea_orm::ConnectionTrait::execute_unprepared(
            &app.db,
            "UPDATE memberships SET disabled = TRUE WHERE user_id IN \
             (SELECT id FROM users WHERE email = 'off@example.org')",
        )
        .await
        .unwrap();
        let before = app.snapshot().await;

        let attempts = [
            (format!("/admin/derbyshire/users/{active}/disable"), vec![]),
            (format!("/admin/derbyshire/users/{active}/role"), vec![("role", "county_admin")]),
            (format!("/admin/derbyshire/users/{disabled}/enable"), vec![]),
            (format!("/admin/nottinghamshire/users/{active}/disable"), vec![]),
            (format!("/admin/nottinghamshire/users/{disabled}/enable"), vec![]),
        ];
        for (path, fields) in &attempts {
            let res = admin.post(path, fields).await;
            assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
        }

        assert_eq!(app.snapshot().await, before, "nothing changed");
        assert_eq!(
            membership(&app, "active@example.org", "nottinghamshire").await.as_deref(),
            Some("editor enabled")
        );
        assert_eq!(
            membership(&app, "off@example.org", "nottinghamshire").await.as_deref(),
            Some("editor disabled")
        );
    }

    async fn an_editor_is_refused_another_countys_member_under_their_own_county(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        let nottinghamshire = app.with_county("nottinghamshire").await;
        let mut editor = app.editor_of(&derbyshire).await;
        let other = app.create_member(&nottinghamshire, "other@example.org", Role::Editor).await;
        let before = app.snapshot().await;

        // An editor may not manage users at all, so the role is checked
        // before the member is looked up: the same 403 for every id, which
        // tells nothing about who belongs where.
        for (path, fields) in [
            (format!("/admin/derbyshire/users/{other}/disable"), vec![]),
            (format!("/admin/derbyshire/users/{other}/role"), vec![("role", "county_admin")]),
            (format!("/admin/derbyshire/users/{other}/enable"), vec![]),
        ] {
            let res = editor.post(&path, &fields).await;
            assert_eq!(res.status, StatusCode::FORBIDDEN, "{path}");
        }

        assert_eq!(app.snapshot().await, before, "nothing changed");
        assert_eq!(
            membership(&app, "other@example.org", "nottinghamshire").await.as_deref(),
            Some("editor enabled")
        );
    }

    async fn an_unknown_county_is_404(app: TestApp) {
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        app.create_platform_admin("root@example.org").await;
        let mut platform = app.signed_in("root@example.org").await;
        let before = app.snapshot().await;

        for client in [&mut admin, &mut platform] {
            for path in ["/admin/nowhere", "/admin/nowhere/users", "/admin/nowhere/audit"] {
                assert_eq!(client.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
            }
            let res = client.post("/admin/nowhere/users", &new_user_form("sam@example.org")).await;
            assert_eq!(res.status, StatusCode::NOT_FOUND);
        }
        let res = platform.post("/admin/tenants/nowhere/suspend", &[]).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);

        assert_eq!(app.snapshot().await, before, "nothing written");
    }

    async fn an_editor_gets_403_for_the_users_and_audit_pages(app: TestApp) {
        let (_, mut editor) = app.with_county("derbyshire").with_editor().await;

        assert_eq!(editor.get("/admin/derbyshire").await.status, StatusCode::OK);
        assert_eq!(editor.get("/admin/derbyshire/users").await.status, StatusCode::FORBIDDEN);
        assert_eq!(editor.get("/admin/derbyshire/audit").await.status, StatusCode::FORBIDDEN);
    }

    async fn an_editor_cannot_add_users(app: TestApp) {
        let (_, mut editor) = app.with_county("derbyshire").with_editor().await;
        let before = app.snapshot().await;

        let res = editor
            .post("/admin/derbyshire/users", &new_user_form("sam@example.org"))
            .await;

        assert_eq!(res.status, StatusCode::FORBIDDEN);
        assert_eq!(app.snapshot().await, before, "nothing written");
    }

    async fn a_county_admin_gets_403_for_the_platform_pages(app: TestApp) {
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;

        assert_eq!(admin.get("/admin/tenants").await.status, StatusCode::FORBIDDEN);
        assert_eq!(admin.get("/admin/audit").await.status, StatusCode::FORBIDDEN);
    }

    async fn a_county_admin_cannot_create_a_county(app: TestApp) {
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        let before = app.snapshot().await;

        let res = admin
            .post("/admin/tenants", &[("slug", "rutland"), ("name", "Rutland"), ("hostnames", "")])
            .await;

        assert_eq!(res.status, StatusCode::FORBIDDEN);
        assert_eq!(app.snapshot().await, before, "no county created");
    }

    async fn a_county_admin_cannot_suspend_a_county(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        app.with_county("rutland").await;
        let mut admin = app.county_admin_of(&derbyshire).await;
        let before = app.snapshot().await;

        for slug in ["derbyshire", "rutland"] {
            let res = admin.post(&format!("/admin/tenants/{slug}/suspend"), &[]).await;
            assert_eq!(res.status, StatusCode::FORBIDDEN, "{slug}");
        }

        assert_eq!(county_status(&app, "derbyshire").await, "active");
        assert_eq!(county_status(&app, "rutland").await, "active");
        assert_eq!(app.snapshot().await, before, "nothing changed");
    }
}
