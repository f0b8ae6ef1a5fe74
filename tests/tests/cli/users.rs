//! `cms user create`: a county member or a platform admin, the refusals
//! in one line with nothing written, and an existing user's password kept.

use super::*;

both_backends! {
    async fn creating_a_county_member_creates_the_user_and_membership(app: TestApp) {
        app.with_county("derbyshire").await;

        let line = create_user(
            &app.db,
            "jo@example.org",
            "Jo Bloggs",
            PASSWORD,
            Scope::County("derbyshire".to_owned(), "editor".to_owned()),
        )
        .await
        .unwrap();

        assert!(line.contains("jo@example.org"), "{line}");
        assert!(!line.contains(PASSWORD), "never echoes the password");
        let roles = app.query_strings("SELECT role FROM memberships").await;
        assert_eq!(roles, ["editor"]);
        let hash = app.query_strings("SELECT password_hash FROM users").await;
        assert!(hash[0].starts_with("$argon2id$"), "{}", hash[0]);
        app.signed_in("jo@example.org").await;
    }

    async fn a_user_of_an_unknown_county_is_refused_and_nothing_is_written(app: TestApp) {
        let err = create_user(
            &app.db,
            "jo@example.org",
            "Jo Bloggs",
            PASSWORD,
            Scope::County("nowhere".to_owned(), "editor".to_owned()),
        )
        .await
        .unwrap_err();

        let message = one_line(&err, "unknown county");
        assert!(message.contains("nowhere"), "{message}");
        assert_eq!(written(&app).await, [0, 0, 0, 0]);
    }

    async fn an_unknown_role_is_refused_and_nothing_is_written(app: TestApp) {
        app.with_county("derbyshire").await;
        let before = written(&app).await;

        let err = create_user(
            &app.db,
            "jo@example.org",
            "Jo Bloggs",
            PASSWORD,
            Scope::County("derbyshire".to_owned(), "boss".to_owned()),
        )
        .await
        .unwrap_err();

        let message = one_line(&err, "unknown role");
        assert!(message.contains("boss"), "{message}");
        assert_eq!(written(&app).await, before);
    }

    async fn an_invalid_email_is_refused_and_nothing_is_written(app: TestApp) {
        app.with_county("derbyshire").await;
        let before = written(&app).await;

        let err = create_user(
            &app.db,
            "not-an-email",
            "Jo Bloggs",
            PASSWORD,
            Scope::County("derbyshire".to_owned(), "editor".to_owned()),
        )
        .await
        .unwrap_err();

        let message = one_line(&err, "invalid email");
        assert!(message.contains("email"), "{message}");
        assert_eq!(written(&app).await, before);
    }

    async fn a_weak_password_is_refused_and_nothing_is_written(app: TestApp) {
        app.with_county("derbyshire").await;
        let before = written(&app).await;

        for weak in ["password12345678", "lanternriver42"] {
            for scope in [
                Scope::County("derbyshire".to_owned(), "editor".to_owned()),
                Scope::Platform,
            ] {
                let err = create_user(&app.db, "jo@example.org", "Jo Bloggs", weak, scope)
                    .await
                    .unwrap_err();

                let message = one_line(&err, weak);
                assert!(message.to_lowercase().contains("password"), "{message}");
                assert!(!message.contains(weak), "never echoes the password: {message}");
                assert_eq!(written(&app).await, before, "{weak}");
            }
        }
    }

    async fn an_existing_user_added_to_another_county_keeps_their_password(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        app.with_county("nottinghamshire").await;
        app.create_member(&derbyshire, "jo@example.org", Role::Editor).await;
        let hash_before = app.query_strings("SELECT password_hash FROM users").await;

        let line = create_user(
            &app.db,
            "jo@example.org",
            "Jo Bloggs",
            "a different long passphrase 77",
            Scope::County("nottinghamshire".to_owned(), "county_admin".to_owned()),
        )
        .await
        .unwrap();

        assert!(line.contains("password unchanged"), "{line}");
        assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM memberships").await, 2);
        let roles = app
            .query_strings(
                "SELECT m.role FROM memberships m JOIN tenants t ON t.id = m.tenant_id \
                 ORDER BY t.slug",
            )
            .await;
        assert_eq!(roles, ["editor", "county_admin"]);
        assert_eq!(app.query_strings("SELECT password_hash FROM users").await, hash_before);
        app.signed_in("jo@example.org").await;
    }

    async fn an_existing_email_cannot_be_made_a_platform_admin_again(app: TestApp) {
        app.create_platform_admin("root@example.org").await;
        let before = written(&app).await;

        let err = create_user(&app.db, "root@example.org", "Root", PASSWORD, Scope::Platform)
            .await
            .unwrap_err();

        let message = one_line(&err, "existing platform admin");
        assert!(message.contains("already exists"), "{message}");
        assert_eq!(written(&app).await, before);
    }
}
