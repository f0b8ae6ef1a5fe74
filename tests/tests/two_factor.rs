//! Two-factor sign-in (issue 11): enrolment, the second sign-in step with a
//! code or a recovery code, replays, the lock after wrong codes, the
//! half-signed-in state, turning it off, and what the audit log says.
//! Codes are computed here from the secret the page shows, at the
//! application's clock.

use axum::http::{Method, StatusCode};
use domain::Role;
use integration_tests::{
    PASSWORD, TestApp, TestClient, both_backends, element_text, field_error, totp_code,
};
use time::{Duration, OffsetDateTime, macros::datetime};

/// The instant the tests start at: 5 seconds into a time step.
const START: OffsetDateTime = datetime!(2026-12-04 10:00:05 UTC);
const ENROL: &str = "/admin/account/two-factor";
const STEP: &str = "/admin/login/two-factor";

/// Enrols the signed-in client at the clock's time: the secret and the
/// recovery codes.
async fn enrol(app: &TestApp, client: &mut TestClient) -> (String, Vec<String>) {
    let page = client.get(ENROL).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let secret = element_text(&page.body, "totp-secret").expect("the secret is on the page");
    let code = totp_code(&secret, app.clock.now());
    let res = client.post(ENROL, &[("code", &code)]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let list_start = res
        .body
        .find("id=\"recovery-codes\"")
        .expect("recovery codes");
    let list = &res.body[list_start..];
    let list = &list[..list.find("</ol>").unwrap()];
    let codes = list
        .split("<code>")
        .skip(1)
        .map(|c| c[..c.find("</code>").unwrap()].to_owned())
        .collect();
    (secret, codes)
}

/// A county editor with two-factor on: their email and secret, and
/// recovery codes. The clock is then a step later than the enrolment.
async fn enrolled_editor(app: &TestApp) -> (String, String, Vec<String>) {
    app.clock.set(START);
    let county = app.with_county("derbyshire").await;
    let email = "editor@derbyshire.example.org";
    app.create_member(&county, email, Role::Editor).await;
    let mut client = app.signed_in(email).await;
    let (secret, codes) = enrol(app, &mut client).await;
    app.clock.set(START + Duration::seconds(30));
    (email.to_owned(), secret, codes)
}

/// A client past the password step.
async fn half_signed_in(app: &TestApp, email: &str) -> TestClient {
    let mut client = app.client();
    let res = client
        .login_with_next(email, PASSWORD, "/admin/derbyshire")
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), Some(STEP));
    client
}

async fn send_code(client: &mut TestClient, code: &str) -> integration_tests::TestResponse {
    let token = client
        .get(STEP)
        .await
        .csrf_token()
        .expect("the step page has a form");
    client
        .post_form(STEP, &[("code", code), ("csrf_token", &token)])
        .await
}

both_backends! {
    async fn enrolment_refuses_a_wrong_code_and_accepts_a_right_one(app: TestApp) {
        app.clock.set(START);
        let county = app.with_county("derbyshire").await;
        app.create_member(&county, "e@example.org", Role::Editor).await;
        let mut client = app.signed_in("e@example.org").await;

        let page = client.get(ENROL).await;
        assert_eq!(page.status, StatusCode::OK);
        let secret = element_text(&page.body, "totp-secret").unwrap();
        assert_eq!(secret.len(), 32, "160 bits, base32");
        assert!(page.body.contains("otpauth://totp/"), "the setup address");
        assert!(page.body.contains("<svg role=\"img\""), "an inline SVG QR code");
        assert!(!page.body.contains("<script"), "no script");
        // Reloading shows the same secret.
        let again = client.get(ENROL).await;
        assert_eq!(element_text(&again.body, "totp-secret").as_deref(), Some(secret.as_str()));

        let wrong = client.post(ENROL, &[("code", "000000")]).await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(field_error(&wrong.body, "code").is_some(), "the message is beside the field");
        assert_eq!(app.count("SELECT COUNT(*) FROM two_factor").await, 0);

        let code = totp_code(&secret, app.clock.now());
        let right = client.post(ENROL, &[("code", &code)]).await;
        assert_eq!(right.status, StatusCode::OK);
        let list = &right.body[right.body.find("id=\"recovery-codes\"").unwrap()..];
        assert_eq!(list[..list.find("</ol>").unwrap()].matches("<code>").count(), 10);
        assert_eq!(app.count("SELECT COUNT(*) FROM two_factor").await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM recovery_codes").await, 10);
        assert_eq!(app.events("two_factor.enabled").await, 1);

        // Never shown again, and never in the audit log.
        let after = client.get(ENROL).await;
        assert_eq!(after.status, StatusCode::OK);
        assert!(!after.body.contains(&secret), "the secret is not shown again");
        assert!(!after.body.contains("totp-secret"));
        let leaked = app
            .count(&format!(
                "SELECT COUNT(*) FROM audit_events WHERE summary LIKE '%{secret}%' \
                 OR object_id LIKE '%{secret}%' OR actor_label LIKE '%{secret}%' \
                 OR changed_fields LIKE '%{secret}%'"
            ))
            .await;
        assert_eq!(leaked, 0, "the secret is in no audit event");
        // The codes are stored hashed.
        let hashes = app.query_strings("SELECT code_hash FROM recovery_codes").await;
        assert!(hashes.iter().all(|h| h.len() == 64 && !h.contains('-')));
    }

    async fn the_account_page_says_whether_two_factor_is_on(app: TestApp) {
        app.clock.set(START);
        let county = app.with_county("derbyshire").await;
        let email = "editor@derbyshire.example.org";
        app.create_member(&county, email, Role::Editor).await;
        let mut client = app.signed_in(email).await;
        let before = client.get("/admin/account").await;
        let status = element_text(&before.body, "two-factor-status").unwrap();
        assert!(status.starts_with("Off"), "{status}");

        enrol(&app, &mut client).await;

        let after = client.get("/admin/account").await;
        let status = element_text(&after.body, "two-factor-status").unwrap();
        assert!(status.starts_with("On"), "{status}");
    }

    async fn a_current_code_completes_the_sign_in(app: TestApp) {
        let (email, secret, _) = enrolled_editor(&app).await;
        let mut client = app.client();
        client.get("/admin/login").await;
        let before = client.cookie.clone();
        let res = client.login_with_next(&email, PASSWORD, "/admin/derbyshire").await;
        assert_eq!(res.location(), Some(STEP));
        let half = client.cookie.clone();
        assert_ne!(before, half, "the session id is cycled at the password");
        // One from before the enrolment; none for this half sign-in.
        assert_eq!(app.events("login.success").await, 1, "not signed in yet");

        let res = send_code(&mut client, &totp_code(&secret, app.clock.now())).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        assert_eq!(res.location(), Some("/admin/derbyshire"), "goes to next");
        assert_ne!(half, client.cookie, "the session id is cycled again at the code");
        assert_eq!(client.get("/admin/derbyshire").await.status, StatusCode::OK);
        assert_eq!(app.events("login.two_factor").await, 1);
    }

    async fn a_code_from_one_step_either_side_is_accepted(app: TestApp) {
        let (email, secret, _) = enrolled_editor(&app).await;
        let mut client = half_signed_in(&app, &email).await;
        // The phone is 30 seconds ahead.
        let ahead = totp_code(&secret, app.clock.now() + Duration::seconds(30));
        assert_eq!(send_code(&mut client, &ahead).await.status, StatusCode::SEE_OTHER);
    }

    async fn a_code_already_used_is_refused(app: TestApp) {
        let (email, secret, _) = enrolled_editor(&app).await;
        let code = totp_code(&secret, app.clock.now());
        let mut first = half_signed_in(&app, &email).await;
        assert_eq!(send_code(&mut first, &code).await.status, StatusCode::SEE_OTHER);

        // Seen over a shoulder and typed again within its window.
        app.clock.set(app.clock.now() + Duration::seconds(10));
        let mut second = half_signed_in(&app, &email).await;
        let replay = send_code(&mut second, &code).await;
        assert_eq!(replay.status, StatusCode::UNAUTHORIZED);
        assert!(replay.body.contains("Enter a correct code"));
        assert_eq!(second.get("/admin").await.status, StatusCode::SEE_OTHER);
        assert_eq!(app.events("login.two_factor_failed").await, 1);

        // The code enrolment took cannot sign in either.
        let enrolment_code = totp_code(&secret, START);
        assert_eq!(send_code(&mut second, &enrolment_code).await.status, StatusCode::UNAUTHORIZED);

        // The next step's code works.
        app.clock.set(app.clock.now() + Duration::seconds(30));
        let next = totp_code(&secret, app.clock.now());
        assert_eq!(send_code(&mut second, &next).await.status, StatusCode::SEE_OTHER);
    }

    async fn a_recovery_code_signs_in_once(app: TestApp) {
        let (email, _, codes) = enrolled_editor(&app).await;
        let mut client = half_signed_in(&app, &email).await;
        // Typed in capitals and without dashes, it is the same code.
        let typed = codes[3].to_uppercase().replace('-', "");
        let res = send_code(&mut client, &typed).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(app.events("recovery_code.used").await, 1);
        assert_eq!(app.events("login.two_factor").await, 1);

        let mut again = half_signed_in(&app, &email).await;
        assert_eq!(send_code(&mut again, &codes[3]).await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(send_code(&mut again, &codes[4]).await.status, StatusCode::SEE_OTHER);
        assert_eq!(app.events("recovery_code.used").await, 2);
    }

    async fn five_wrong_codes_lock_the_account(app: TestApp) {
        let (email, secret, _) = enrolled_editor(&app).await;
        let mut client = half_signed_in(&app, &email).await;
        for _ in 0..5 {
            assert_eq!(send_code(&mut client, "123456").await.status, StatusCode::UNAUTHORIZED);
        }
        // Locked: even the right code, and the password, get 429.
        let right = totp_code(&secret, app.clock.now());
        let res = send_code(&mut client, &right).await;
        assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(res.header("retry-after").is_some());
        let mut other = app.client();
        assert_eq!(other.login(&email, PASSWORD).await.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(app.events("login.two_factor_failed").await, 5);
        assert_eq!(app.events("login.lock").await, 1);
        assert_eq!(app.events("login.throttled").await, 2);
    }

    async fn a_right_password_does_not_reset_the_count_of_wrong_codes(app: TestApp) {
        let (email, _, _) = enrolled_editor(&app).await;
        for _ in 0..5 {
            let mut client = half_signed_in(&app, &email).await;
            assert_eq!(send_code(&mut client, "654321").await.status, StatusCode::UNAUTHORIZED);
        }
        let mut client = app.client();
        assert_eq!(client.login(&email, PASSWORD).await.status, StatusCode::TOO_MANY_REQUESTS);
    }

    async fn the_half_signed_in_session_reaches_nothing_else(app: TestApp) {
        let (email, _, _) = enrolled_editor(&app).await;
        let mut client = half_signed_in(&app, &email).await;
        let token = client.get(STEP).await.csrf_token().unwrap();
        let mut driven = 0;
        for route in admin::route_table() {
            if route.access == admin::routes::Access::Public {
                continue;
            }
            let path = route
                .path
                .replace("{t}", "derbyshire")
                .replace("{id}", &uuid::Uuid::new_v4().to_string())
                .replace("{rev}", "1");
            let res = if route.method == Method::POST {
                client.post_form(&path, &[("csrf_token", &token)]).await
            } else {
                client.get(&path).await
            };
            let what = format!("{} {}", route.method, route.path);
            assert_eq!(res.status, StatusCode::SEE_OTHER, "{what}");
            assert!(res.location().unwrap().starts_with("/admin/login"), "{what}");
            driven += 1;
        }
        assert!(driven > 40, "every guarded route: {driven}");
        // And the step still works afterwards: nothing above ended it.
        assert_eq!(client.get(STEP).await.status, StatusCode::OK);
    }

    async fn turning_two_factor_off_needs_the_password_and_a_current_code(app: TestApp) {
        let (email, secret, _) = enrolled_editor(&app).await;
        let mut client = half_signed_in(&app, &email).await;
        let code = totp_code(&secret, app.clock.now());
        assert_eq!(send_code(&mut client, &code).await.status, StatusCode::SEE_OTHER);
        app.clock.set(app.clock.now() + Duration::seconds(30));
        let code = totp_code(&secret, app.clock.now());
        let disable = "/admin/account/two-factor/disable";

        let res = client.post(disable, &[("password", "wrong password here"), ("code", &code)]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(field_error(&res.body, "password").is_some());
        let res = client.post(disable, &[("password", PASSWORD), ("code", "000000")]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(field_error(&res.body, "code").is_some());
        assert_eq!(app.count("SELECT COUNT(*) FROM two_factor").await, 1);

        let res = client.post(disable, &[("password", PASSWORD), ("code", &code)]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(app.count("SELECT COUNT(*) FROM two_factor").await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM recovery_codes").await, 0);
        assert_eq!(app.events("two_factor.disabled").await, 1);
        // Signing in takes a password alone again.
        let mut other = app.client();
        assert_eq!(other.login(&email, PASSWORD).await.location(), Some("/admin"));
    }
}
