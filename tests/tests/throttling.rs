//! Sign-in throttling: the per-account lock, the address rule that tells
//! credential stuffing from an office's typos, and bounded keys and labels
//! whatever is typed.

use axum::http::StatusCode;
use domain::Role;
use integration_tests::{PASSWORD, TestApp, both_backends};
use std::net::IpAddr;
use time::{Duration, OffsetDateTime};

const WRONG: &str = "wrong password number x";

fn office() -> IpAddr {
    "203.0.113.10".parse().unwrap()
}

async fn fail_for_distinct_accounts(app: &TestApp, from: IpAddr, n: usize) {
    for i in 0..n {
        let res = app
            .client_from(from)
            .login(&format!("guess{i}@example.org"), WRONG)
            .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
}

both_backends! {
    async fn one_colleagues_typos_do_not_lock_the_office_out(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        app.create_member(&county, "jo@example.org", Role::Editor).await;
        app.create_member(&county, "sam@example.org", Role::Editor).await;

        // Jo keeps mistyping from the office's one address: Jo's account
        // locks after 5, and the further tries are refused without counting.
        for attempt in 1..=20 {
            let res = app.client_from(office()).login("jo@example.org", WRONG).await;
            let expected = if attempt <= 5 {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::TOO_MANY_REQUESTS
            };
            assert_eq!(res.status, expected, "attempt {attempt}");
        }

        // Sam, at the next desk, signs in; a typo of Sam's is a plain 401.
        let typo = app.client_from(office()).login("sam@example.org", WRONG).await;
        assert_eq!(typo.status, StatusCode::UNAUTHORIZED);
        let res = app.client_from(office()).login("sam@example.org", PASSWORD).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "the office is not locked out");
        assert_eq!(res.location(), Some("/admin"));
        let blocks = app.count("SELECT COUNT(*) FROM address_blocks").await;
        assert_eq!(blocks, 0);
    }

    async fn credential_stuffing_blocks_the_address_for_longer_each_time(app: TestApp) {
        let county = app.with_county("derbyshire").await;
        app.create_member(&county, "jo@example.org", Role::Editor).await;
        let start = OffsetDateTime::now_utc();
        app.clock.set(start);
        let attacker: IpAddr = "198.51.100.66".parse().unwrap();

        fail_for_distinct_accounts(&app, attacker, 50).await;

        // Blocked: even a right password is refused from that address, for
        // a minute to begin with.
        let res = app.client_from(attacker).login("jo@example.org", PASSWORD).await;
        assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(res.header("retry-after"), Some("60"));
        let elsewhere = app.client_from(office()).login("jo@example.org", PASSWORD).await;
        assert_eq!(elsewhere.status, StatusCode::SEE_OTHER, "other addresses are not blocked");
        let locks = app
            .count("SELECT COUNT(*) FROM audit_events WHERE action = 'login.lock'")
            .await;
        assert_eq!(locks, 1, "the block is audited once");

        // When the block ends, the next failure blocks again, twice as long.
        app.clock.set(start + Duration::seconds(61));
        let res = app.client_from(attacker).login("guess-more@example.org", WRONG).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
        let res = app.client_from(attacker).login("jo@example.org", PASSWORD).await;
        assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(res.header("retry-after"), Some("120"));

        // After the run, a right password from that address signs in.
        app.clock.set(start + Duration::seconds(61 + 121));
        let res = app.client_from(attacker).login("jo@example.org", PASSWORD).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
    }

    async fn an_overlong_email_is_wrong_credentials_with_bounded_keys(app: TestApp) {
        let email = format!("{}@example.org", "a".repeat(100_000));

        for attempt in 1..=5 {
            let res = app.client().login(&email, WRONG).await;
            assert_eq!(res.status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
            assert!(res.body.contains("Enter a correct email address and password"));
        }
        let res = app.client().login(&email, WRONG).await;
        assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "it is counted like any other");

        let longest_key = app
            .count("SELECT CAST(COALESCE(MAX(LENGTH(key)), 0) AS BIGINT) FROM login_throttle")
            .await;
        assert_eq!(longest_key, 72, "account: and a SHA-256 in hex");
        let accounts = app
            .count("SELECT CAST(COALESCE(MAX(LENGTH(account)), 0) AS BIGINT) FROM login_failures")
            .await;
        assert_eq!(accounts, 64);
        let labels = app
            .query_strings(
                "SELECT actor_label FROM audit_events WHERE action = 'login.failure'",
            )
            .await;
        assert_eq!(labels.len(), 5, "each failure is audited");
        for label in labels {
            assert_eq!(label.chars().count(), 254, "the label is cut");
            assert!(label.ends_with('…'));
        }
    }

    async fn control_characters_in_a_typed_email_are_escaped_in_the_log(app: TestApp) {
        app.create_platform_admin("root@example.org").await;
        let forged = "x@example.org\r\n2026-01-01 login.success admin@example.org\u{1b}[2J";

        let res = app.client().login(forged, WRONG).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);

        let labels = app
            .query_strings("SELECT actor_label FROM audit_events WHERE action = 'login.failure'")
            .await;
        assert_eq!(
            labels,
            ["x@example.org\\u{d}\\u{a}2026-01-01 login.success admin@example.org\\u{1b}[2j"]
        );
        let mut root = app.signed_in("root@example.org").await;
        let log = root.get("/admin/audit").await;
        assert_eq!(log.status, StatusCode::OK);
        assert!(log.body.contains("x@example.org\\u{d}\\u{a}2026-01-01"), "shown escaped");
        assert!(!log.body.contains('\u{1b}'), "no raw escape reaches the page");
        assert!(!log.body.contains("x@example.org\r"), "no raw line break either");
    }
}
