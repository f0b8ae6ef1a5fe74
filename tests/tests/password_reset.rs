//! Password resets without email: a county admin (for members of their
//! county) or a platform admin issues a one-time link, shown once; it is
//! valid 24 hours and once, sets a new password under the usual policy and
//! ends every session of the user. The token is stored only hashed and
//! never reaches the audit log. `cms user reset-password` prints one.

use axum::http::StatusCode;
use domain::Role;
use integration_tests::{
    PASSWORD, TestApp, TestClient, TestResponse, both_backends, field_error, summary_lists,
};
use time::{Duration, OffsetDateTime};

const NEW_PASSWORD: &str = "amber falcon meadow 73";

/// The path of the link on the page that issued it.
fn link_path(res: &TestResponse) -> String {
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let marker = "<code id=\"reset-link\">http://localhost:3000";
    let start = res.body.find(marker).expect("the link is shown") + marker.len();
    let end = start + res.body[start..].find('<').unwrap();
    res.body[start..end].to_owned()
}

fn token_of(path: &str) -> &str {
    path.strip_prefix("/admin/reset/").unwrap()
}

/// derbyshire with its admin (signed in) and jo, an editor there.
async fn county(app: &TestApp) -> TestClient {
    let county = app.with_county("derbyshire").await;
    app.create_member(&county, "jo@example.org", Role::Editor)
        .await;
    app.county_admin_of(&county).await
}

async fn issue(app: &TestApp, admin: &mut TestClient, email: &str) -> TestResponse {
    let id = app.user_id(email).await;
    admin
        .post(&format!("/admin/derbyshire/users/{id}/reset-link"), &[])
        .await
}

/// Sets the new password through the form the link leads to.
async fn use_link(app: &TestApp, path: &str, password: &str) -> TestResponse {
    let mut visitor = app.client();
    let form = visitor.get(path).await;
    if form.status != StatusCode::OK {
        return form;
    }
    visitor.post(path, &[("new_password", password)]).await
}

async fn signs_in(app: &TestApp, email: &str, password: &str) -> bool {
    app.client().login(email, password).await.status == StatusCode::SEE_OTHER
}

both_backends! {
    async fn a_reset_link_sets_a_new_password_once_and_ends_every_session(app: TestApp) {
        let mut admin = county(&app).await;
        let mut jo = app.signed_in("jo@example.org").await;

        let issued = issue(&app, &mut admin, "jo@example.org").await;
        let path = link_path(&issued);
        let token = token_of(&path);
        assert!(token.len() >= 22, "at least 128 bits");
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM password_resets WHERE token_hash = '{token}'")).await, 0, "stored hashed");
        assert_eq!(app.count("SELECT COUNT(*) FROM password_resets").await, 1);
        assert!(admin.get("/admin/derbyshire/users").await.body.contains("reset-link"), "a button per user");

        let form = app.client().get(&path).await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.body.contains("jo@example.org"));
        let done = use_link(&app, &path, NEW_PASSWORD).await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);

        assert_eq!(jo.get("/admin").await.status, StatusCode::SEE_OTHER, "jo's session ended");
        assert!(signs_in(&app, "jo@example.org", NEW_PASSWORD).await);
        assert!(!signs_in(&app, "jo@example.org", PASSWORD).await);
        assert_eq!(use_link(&app, &path, "another long passphrase 99").await.status, StatusCode::NOT_FOUND, "once");
        assert_eq!(app.client().get(&path).await.status, StatusCode::NOT_FOUND);

        let issued_events = app
            .count("SELECT COUNT(*) FROM audit_events WHERE action = 'password.reset_issued' AND object_id = 'jo@example.org' AND tenant_id IS NOT NULL")
            .await;
        assert_eq!(issued_events, 1);
        assert_eq!(app.events("password.reset").await, 1);
        let leaked = app
            .count(&format!(
                "SELECT COUNT(*) FROM audit_events WHERE summary LIKE '%{token}%' OR object_id LIKE '%{token}%' \
                 OR actor_label LIKE '%{token}%'"
            ))
            .await;
        assert_eq!(leaked, 0, "the token is never in the audit log");
    }

    async fn a_reset_link_expires_after_24_hours(app: TestApp) {
        let mut admin = county(&app).await;
        let start = OffsetDateTime::now_utc();
        app.clock.set(start);
        let path = link_path(&issue(&app, &mut admin, "jo@example.org").await);

        app.clock.set(start + Duration::hours(23) + Duration::minutes(59));
        assert_eq!(app.client().get(&path).await.status, StatusCode::OK, "still valid");
        app.clock.set(start + Duration::hours(24));
        assert_eq!(app.client().get(&path).await.status, StatusCode::NOT_FOUND, "expired");
        assert_eq!(use_link(&app, &path, NEW_PASSWORD).await.status, StatusCode::NOT_FOUND);
        assert!(signs_in(&app, "jo@example.org", PASSWORD).await, "unchanged");
    }

    async fn a_weak_password_is_422_and_the_link_still_works(app: TestApp) {
        let mut admin = county(&app).await;
        let path = link_path(&issue(&app, &mut admin, "jo@example.org").await);
        let mut visitor = app.client();
        visitor.get(&path).await;

        let weak = visitor.post(&path, &[("new_password", "too short")]).await;

        assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
        let message = field_error(&weak.body, "new_password").unwrap();
        assert!(summary_lists(&weak.body, "new_password", &message));
        let done = visitor.post(&path, &[("new_password", NEW_PASSWORD)]).await;
        assert_eq!(done.status, StatusCode::OK);
    }

    async fn a_link_sets_only_its_own_users_password_and_a_newer_one_replaces_it(app: TestApp) {
        let mut admin = county(&app).await;
        app.create_member(&app.with_county("rutland").await, "sam@example.org", Role::Editor).await;
        let first = link_path(&issue(&app, &mut admin, "jo@example.org").await);
        let second = link_path(&issue(&app, &mut admin, "jo@example.org").await);

        assert_eq!(app.client().get(&first).await.status, StatusCode::NOT_FOUND, "replaced");
        assert_eq!(use_link(&app, &second, NEW_PASSWORD).await.status, StatusCode::OK);
        assert!(signs_in(&app, "sam@example.org", PASSWORD).await, "sam untouched");
        assert!(!signs_in(&app, "sam@example.org", NEW_PASSWORD).await);
        let bogus = format!("/admin/reset/{}", "A".repeat(43));
        assert_eq!(app.client().get(&bogus).await.status, StatusCode::NOT_FOUND);
    }

    async fn a_county_admin_cannot_reset_a_platform_admin_or_another_countys_user(app: TestApp) {
        let mut admin = county(&app).await;
        app.create_platform_admin("root@example.org").await;
        app.create_member(&app.with_county("leicestershire").await, "sam@example.org", Role::Editor).await;
        // The platform admin is also a member of derbyshire.
        let county = persistence::repo::counties::find_by_slug(&app.db, "derbyshire").await.unwrap().unwrap();
        app.create_member(&county, "root@example.org", Role::Editor).await;

        assert_eq!(issue(&app, &mut admin, "root@example.org").await.status, StatusCode::FORBIDDEN);
        assert_eq!(issue(&app, &mut admin, "sam@example.org").await.status, StatusCode::NOT_FOUND);
        let mut other_admin = app.county_admin_of(&app.with_county("nottinghamshire").await).await;
        let jo = app.user_id("jo@example.org").await;
        let res = other_admin.post(&format!("/admin/derbyshire/users/{jo}/reset-link"), &[]).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        assert_eq!(app.count("SELECT COUNT(*) FROM password_resets").await, 0, "nothing issued");

        // A platform admin may.
        let mut root = app.signed_in("root@example.org").await;
        let path = link_path(&issue(&app, &mut root, "jo@example.org").await);
        assert_eq!(use_link(&app, &path, NEW_PASSWORD).await.status, StatusCode::OK);
    }

    async fn the_command_line_prints_a_working_link(app: TestApp) {
        county(&app).await;
        let base = url::Url::parse("https://cms.example.org").unwrap();

        let link = server::cli::reset_password(&app.db, "jo@example.org", &base).await.unwrap();

        let path = link.strip_prefix("https://cms.example.org").expect("on the base URL");
        assert_eq!(use_link(&app, path, NEW_PASSWORD).await.status, StatusCode::OK);
        assert!(signs_in(&app, "jo@example.org", NEW_PASSWORD).await);
        let by_cli = app
            .count("SELECT COUNT(*) FROM audit_events WHERE action = 'password.reset_issued' AND actor_label = 'cli'")
            .await;
        assert_eq!(by_cli, 1);
        let unknown = server::cli::reset_password(&app.db, "nobody@example.org", &base).await.unwrap_err();
        assert!(!format!("{unknown:#}").contains('\n'));
    }

    async fn the_reset_posts_refuse_a_bad_csrf_token(app: TestApp) {
        let mut admin = county(&app).await;
        let jo = app.user_id("jo@example.org").await;
        let res = admin
            .post_form(&format!("/admin/derbyshire/users/{jo}/reset-link"), &[("csrf_token", "wrong")])
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        let path = link_path(&issue(&app, &mut admin, "jo@example.org").await);
        let mut visitor = app.client();
        visitor.get(&path).await;

        let res = visitor.post_form(&path, &[("new_password", NEW_PASSWORD), ("csrf_token", "wrong")]).await;

        assert_eq!(res.status, StatusCode::FORBIDDEN);
        assert!(signs_in(&app, "jo@example.org", PASSWORD).await, "unchanged");
        assert_eq!(visitor.get(&path).await.status, StatusCode::OK, "the link still works");
    }
}
