//! Who must use two-factor (`CMS_REQUIRE_2FA`) and who may reset it for a
//! user who lost their device (issue 11, items 3 and 6).

use axum::http::StatusCode;
use domain::Role;
use domain::two_factor::Requirement;
use integration_tests::{PASSWORD, TestApp, TestClient, both_backends, element_text, totp_code};
use time::{Duration, macros::datetime};

const ENROL: &str = "/admin/account/two-factor";

/// Enrols the signed-in client at the clock's time; the secret.
async fn enrol(app: &TestApp, client: &mut TestClient) -> String {
    let page = client.get(ENROL).await;
    let secret = element_text(&page.body, "totp-secret").expect("the enrolment page");
    let code = totp_code(&secret, app.clock.now());
    let res = client.post(ENROL, &[("code", &code)]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    secret
}

/// Whether the client is sent to the enrolment page from `path`.
async fn sent_to_enrol(client: &mut TestClient, path: &str) -> bool {
    let res = client.get(path).await;
    res.status == StatusCode::SEE_OTHER && res.location() == Some(ENROL)
}

/// Signs in with the password and, when asked for it, a current code.
async fn sign_in_with_code(app: &TestApp, email: &str, secret: &str) -> TestClient {
    app.clock.set(app.clock.now() + Duration::seconds(30));
    let mut client = app.client();
    let res = client.login(email, PASSWORD).await;
    assert_eq!(res.location(), Some("/admin/login/two-factor"));
    let token = client
        .get("/admin/login/two-factor")
        .await
        .csrf_token()
        .unwrap();
    let code = totp_code(secret, app.clock.now());
    let res = client
        .post_form(
            "/admin/login/two-factor",
            &[("code", &code), ("csrf_token", &token)],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    client
}

both_backends! {
    async fn by_default_admins_must_enrol_and_editors_need_not(app: TestApp) {
        let mut app = app;
        app.require_2fa(Requirement::Admins);
        app.clock.set(datetime!(2026-12-04 10:00:05 UTC));
        let county = app.with_county("derbyshire").await;
        app.create_platform_admin("root@example.org").await;
        let mut admin = app.county_admin_of(&county).await;
        let mut editor = app.editor_of(&county).await;
        let mut root = app.signed_in("root@example.org").await;

        for path in ["/admin", "/admin/derbyshire", "/admin/derbyshire/users", "/admin/invitations"] {
            assert!(sent_to_enrol(&mut admin, path).await, "county admin, {path}");
        }
        assert!(sent_to_enrol(&mut root, "/admin/tenants").await, "platform admin");
        let post = admin.post("/admin/derbyshire/providers", &[("name", "X")]).await;
        assert_eq!(post.location(), Some(ENROL), "a POST is not carried out either");
        assert_eq!(app.count("SELECT COUNT(*) FROM providers").await, 0);
        assert_eq!(editor.get("/admin/derbyshire").await.status, StatusCode::OK, "editors are not covered");

        // Meanwhile the enrolment page, the account page and signing out
        // work; nothing else on the account page does.
        assert_eq!(admin.get(ENROL).await.status, StatusCode::OK);
        assert_eq!(admin.get("/admin/account").await.status, StatusCode::OK);
        let password = admin
            .post("/admin/account/password", &[("current_password", PASSWORD), ("new_password", "x")])
            .await;
        assert_eq!(password.location(), Some(ENROL));
        assert!(admin.get(ENROL).await.body.contains("must use two-factor"));
        let mut leaving = app.signed_in("admin@derbyshire.example.org").await;
        let out = leaving.post("/admin/logout", &[]).await;
        assert_eq!(out.location(), Some("/admin/login"));

        // Once enrolled, everything is open again.
        enrol(&app, &mut admin).await;
        assert_eq!(admin.get("/admin/derbyshire/users").await.status, StatusCode::OK);
    }

    async fn all_covers_editors_too(app: TestApp) {
        let mut app = app;
        app.require_2fa(Requirement::All);
        let (_, mut editor) = app.with_county("derbyshire").with_editor().await;
        assert!(sent_to_enrol(&mut editor, "/admin/derbyshire/providers").await);
    }

    async fn off_covers_no_one(app: TestApp) {
        let mut app = app;
        app.require_2fa(Requirement::Off);
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        assert_eq!(admin.get("/admin/derbyshire/users").await.status, StatusCode::OK);
        // Anyone may still enrol.
        assert_eq!(admin.get(ENROL).await.status, StatusCode::OK);
    }

    async fn a_county_admin_resets_an_editors_two_factor(app: TestApp) {
        app.clock.set(datetime!(2026-12-04 10:00:05 UTC));
        let (county, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        let mut editor = app.editor_of(&county).await;
        enrol(&app, &mut editor).await;
        let editor_id = app.user_id("editor@derbyshire.example.org").await;

        let users = admin.get("/admin/derbyshire/users").await;
        let action = format!("/admin/derbyshire/users/{editor_id}/two-factor/reset");
        assert!(users.body.contains(&action), "the button is on the users page");
        let res = admin.post(&action, &[]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(app.count("SELECT COUNT(*) FROM two_factor").await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM recovery_codes").await, 0);
        assert_eq!(app.events("two_factor.reset").await, 1);
        // Their sessions ended; they sign in with a password alone now.
        assert_eq!(editor.get("/admin").await.status, StatusCode::SEE_OTHER);
        let mut again = app.client();
        assert_eq!(
            again.login("editor@derbyshire.example.org", PASSWORD).await.location(),
            Some("/admin")
        );
    }

    async fn only_a_platform_admin_resets_an_admins_two_factor(app: TestApp) {
        app.clock.set(datetime!(2026-12-04 10:00:05 UTC));
        let (county, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        let other_admin = "second@derbyshire.example.org";
        let other_id = app.create_member(&county, other_admin, Role::CountyAdmin).await;
        let mut second = app.signed_in(other_admin).await;
        enrol(&app, &mut second).await;
        let action = format!("/admin/derbyshire/users/{other_id}/two-factor/reset");

        assert!(!admin.get("/admin/derbyshire/users").await.body.contains(&action), "no button");
        assert_eq!(admin.post(&action, &[]).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.count("SELECT COUNT(*) FROM two_factor").await, 1);

        app.create_platform_admin("root@example.org").await;
        let mut root = app.signed_in("root@example.org").await;
        assert_eq!(root.post(&action, &[]).await.status, StatusCode::SEE_OTHER);
        assert_eq!(app.count("SELECT COUNT(*) FROM two_factor").await, 0);
        assert_eq!(app.events("two_factor.reset").await, 1);
    }

    async fn a_county_admin_cannot_reset_users_of_another_county(app: TestApp) {
        app.clock.set(datetime!(2026-12-04 10:00:05 UTC));
        let derbyshire = app.with_county("derbyshire").await;
        let kent = app.with_county("kent").await;
        let mut admin = app.county_admin_of(&derbyshire).await;
        let mut editor = app.editor_of(&kent).await;
        enrol(&app, &mut editor).await;
        let editor_id = app.user_id("editor@kent.example.org").await;

        let in_own_url = format!("/admin/derbyshire/users/{editor_id}/two-factor/reset");
        assert_eq!(admin.post(&in_own_url, &[]).await.status, StatusCode::NOT_FOUND);
        let in_theirs = format!("/admin/kent/users/{editor_id}/two-factor/reset");
        assert_eq!(admin.post(&in_theirs, &[]).await.status, StatusCode::NOT_FOUND);
        // An editor may not reset anyone's.
        let mut colleague = app.editor_of(&derbyshire).await;
        let admin_id = app.user_id("admin@derbyshire.example.org").await;
        let res = colleague
            .post(&format!("/admin/derbyshire/users/{admin_id}/two-factor/reset"), &[])
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        assert_eq!(app.count("SELECT COUNT(*) FROM two_factor").await, 1);
        assert_eq!(app.events("two_factor.reset").await, 0);
    }

    async fn enrolled_admins_sign_in_with_a_code_under_the_requirement(app: TestApp) {
        let mut app = app;
        app.require_2fa(Requirement::Admins);
        app.clock.set(datetime!(2026-12-04 10:00:05 UTC));
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        let secret = enrol(&app, &mut admin).await;
        let mut client = sign_in_with_code(&app, "admin@derbyshire.example.org", &secret).await;
        assert_eq!(client.get("/admin/derbyshire/users").await.status, StatusCode::OK);
    }
}
