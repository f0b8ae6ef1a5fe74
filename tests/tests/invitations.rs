//! Adding someone to a county: the same answer whether or not the email
//! has an account (no enumeration); an existing account is invited, sees
//! the invitation at its next sign-in, and accepts or declines it (both
//! audited); until then it grants nothing and the county sees only the
//! name it typed. A county admin never changes a platform admin.

use axum::http::StatusCode;
use domain::Role;
use integration_tests::{PASSWORD, TestApp, TestClient, TestResponse, both_backends, field_error};
use persistence::repo::users;

const NEW_PASSWORD: &str = "amber falcon meadow 73";
const USERS: &str = "/admin/derbyshire/users";

async fn add(admin: &mut TestClient, email: &str, name: &str, password: &str) -> TestResponse {
    admin
        .post(
            USERS,
            &[
                ("email", email),
                ("name", name),
                ("role", "editor"),
                ("password", password),
            ],
        )
        .await
}

/// `role status` of the user's membership of derbyshire, if any.
async fn membership(app: &TestApp, email: &str) -> Option<String> {
    app.query_strings(&format!(
        "SELECT m.role || ' ' || m.status FROM memberships m JOIN users u ON u.id = m.user_id \
         JOIN tenants t ON t.id = m.tenant_id WHERE u.email = '{email}' AND t.slug = 'derbyshire'"
    ))
    .await
    .into_iter()
    .next()
}

/// The flash message shown after adding, with the typed values taken out.
async fn answer_after(
    admin: &mut TestClient,
    res: &TestResponse,
    email: &str,
    name: &str,
) -> String {
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.location(), Some(USERS));
    let page = admin.get(USERS).await;
    let start = page.body.find("notice--success").expect("a flash message");
    let end = start + page.body[start..].find("</div>").unwrap();
    page.body[start..end]
        .replace(email, "EMAIL")
        .replace(name, "NAME")
}

both_backends! {
    async fn adding_answers_the_same_whether_or_not_an_account_exists(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        let nottinghamshire = app.with_county("nottinghamshire").await;
        app.create_member(&nottinghamshire, "jo@example.org", Role::CountyAdmin).await;
        let mut admin = app.county_admin_of(&derbyshire).await;

        let existing = add(&mut admin, "jo@example.org", "Jo Bloggs", NEW_PASSWORD).await;
        let existing = answer_after(&mut admin, &existing, "jo@example.org", "Jo Bloggs").await;
        let unknown = add(&mut admin, "sam@example.org", "Sam Smith", NEW_PASSWORD).await;
        let unknown = answer_after(&mut admin, &unknown, "sam@example.org", "Sam Smith").await;
        assert_eq!(existing, unknown, "the same message");

        // A password the policy refuses is refused for both alike.
        let weak_existing = add(&mut admin, "jo2@example.org", "Jo", "x").await;
        app.create_member(&nottinghamshire, "kim@example.org", Role::Editor).await;
        let weak_known = add(&mut admin, "kim@example.org", "Kim", "x").await;
        assert_eq!(weak_existing.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(weak_known.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(field_error(&weak_existing.body, "password"), field_error(&weak_known.body, "password"));
        assert_eq!(membership(&app, "kim@example.org").await, None, "nothing written");
    }

    async fn an_existing_account_is_invited_and_shown_by_the_typed_name(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        let nottinghamshire = app.with_county("nottinghamshire").await;
        app.create_member(&nottinghamshire, "jo@example.org", Role::CountyAdmin).await;
        let mut admin = app.county_admin_of(&derbyshire).await;
        let accounts = app.count("SELECT COUNT(*) FROM users").await;
        let hash = "SELECT password_hash FROM users WHERE email = 'jo@example.org'";
        let hash_before = app.query_strings(hash).await;

        let res = add(&mut admin, "jo@example.org", "Someone Else", NEW_PASSWORD).await;

        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(membership(&app, "jo@example.org").await.as_deref(), Some("editor invited"));
        assert_eq!(app.count("SELECT COUNT(*) FROM users").await, accounts, "no new account");
        assert_eq!(app.query_strings(hash).await, hash_before, "their password is theirs");
        let list = admin.get(USERS).await;
        assert!(list.body.contains("Someone Else"), "the typed name");
        // Every test account is "Test Person": only the admin's own row is.
        assert!(!list.body.contains("<th scope=\"row\">Test Person</th>"), "not the account's own name");
        assert!(list.body.contains("Invited"));
        let invite = app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'user.invite'").await;
        assert_eq!(invite, 1);

        // It grants nothing yet, and cannot be changed as a membership.
        let mut jo = app.client();
        let signed_in = jo.login("jo@example.org", PASSWORD).await;
        assert_eq!(signed_in.location(), Some("/admin/invitations"), "answered first");
        assert_eq!(jo.get("/admin/derbyshire").await.status, StatusCode::NOT_FOUND);
        let jo_id = app.user_id("jo@example.org").await;
        let res = admin.post(&format!("{USERS}/{jo_id}/disable"), &[]).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
    }

    async fn accepting_an_invitation_joins_the_county_and_is_audited(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        let nottinghamshire = app.with_county("nottinghamshire").await;
        app.create_member(&nottinghamshire, "jo@example.org", Role::Editor).await;
        let mut admin = app.county_admin_of(&derbyshire).await;
        add(&mut admin, "jo@example.org", "Jo", NEW_PASSWORD).await;

        let mut jo = app.signed_in("jo@example.org").await;
        let page = jo.get("/admin/invitations").await;
        assert!(page.body.contains("Derbyshire") || page.body.contains("derbyshire"));
        let res = jo.post("/admin/invitations/derbyshire/accept", &[]).await;

        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(res.location(), Some("/admin/derbyshire"));
        assert_eq!(jo.get("/admin/derbyshire").await.status, StatusCode::OK);
        assert_eq!(membership(&app, "jo@example.org").await.as_deref(), Some("editor active"));
        let accepted = app
            .count("SELECT COUNT(*) FROM audit_events WHERE action = 'membership.accepted' AND tenant_id IN (SELECT id FROM tenants WHERE slug = 'derbyshire')")
            .await;
        assert_eq!(accepted, 1);
        let list = admin.get(USERS).await;
        assert!(list.body.contains("<th scope=\"row\">Test Person</th>"), "their own name, now");
        let again = jo.post("/admin/invitations/derbyshire/accept", &[]).await;
        assert_eq!(again.status, StatusCode::NOT_FOUND, "nothing left to accept");
    }

    async fn declining_an_invitation_removes_it_and_is_audited(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        let nottinghamshire = app.with_county("nottinghamshire").await;
        app.create_member(&nottinghamshire, "jo@example.org", Role::Editor).await;
        let mut admin = app.county_admin_of(&derbyshire).await;
        add(&mut admin, "jo@example.org", "Jo", NEW_PASSWORD).await;

        let mut jo = app.signed_in("jo@example.org").await;
        let res = jo.post("/admin/invitations/derbyshire/decline", &[]).await;

        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(res.location(), Some("/admin"));
        assert_eq!(membership(&app, "jo@example.org").await, None);
        assert_eq!(jo.get("/admin/derbyshire").await.status, StatusCode::NOT_FOUND);
        let declined = app
            .count("SELECT COUNT(*) FROM audit_events WHERE action = 'membership.declined' AND tenant_id IN (SELECT id FROM tenants WHERE slug = 'derbyshire')")
            .await;
        assert_eq!(declined, 1);
        let other = jo.post("/admin/invitations/nottinghamshire/accept", &[]).await;
        assert_eq!(other.status, StatusCode::NOT_FOUND, "no invitation from there");
    }

    async fn a_county_admin_cannot_change_or_disable_a_platform_admin(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        let root = app.create_platform_admin("root@example.org").await;
        users::upsert_membership(&app.db, derbyshire.id, root, Role::CountyAdmin).await.unwrap();
        let mut admin = app.county_admin_of(&derbyshire).await;

        let role = admin.post(&format!("{USERS}/{root}/role"), &[("role", "editor")]).await;
        let disable = admin.post(&format!("{USERS}/{root}/disable"), &[]).await;

        assert_eq!(role.status, StatusCode::FORBIDDEN);
        assert_eq!(disable.status, StatusCode::FORBIDDEN);
        assert_eq!(membership(&app, "root@example.org").await.as_deref(), Some("county_admin active"));
        let mut platform = app.signed_in("root@example.org").await;
        let editor = app.create_member(&derbyshire, "ed@example.org", Role::Editor).await;
        let res = platform.post(&format!("{USERS}/{editor}/role"), &[("role", "county_admin")]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "a platform admin still can");
    }

    async fn a_duplicated_role_is_403_where_the_role_may_not_be_changed(app: TestApp) {
        let (derbyshire, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        let mut editor = app.editor_of(&derbyshire).await;
        let me = app.user_id("admin@derbyshire.example.org").await;
        let them = app.user_id("editor@derbyshire.example.org").await;
        let twice = [("role", "editor"), ("role", "county_admin")];

        let own = admin.post(&format!("{USERS}/{me}/role"), &twice).await;
        assert_eq!(own.status, StatusCode::FORBIDDEN, "nobody changes their own role");
        let by_editor = editor.post(&format!("{USERS}/{me}/role"), &twice).await;
        assert_eq!(by_editor.status, StatusCode::FORBIDDEN, "editors change no roles");
        let other = admin.post(&format!("{USERS}/{them}/role"), &twice).await;
        assert_eq!(other.status, StatusCode::UNPROCESSABLE_ENTITY, "allowed, but which role?");
        assert_eq!(membership(&app, "editor@derbyshire.example.org").await.as_deref(), Some("editor active"));
    }
}
