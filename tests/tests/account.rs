//! The account page: the user's own sessions (current one marked), ending
//! one or every other, and changing the password (wrong current: 422 and
//! a count toward the sign-in throttle; weak new: 422; success ends the
//! other sessions and keeps this one). Every POST refuses a bad token.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use domain::Role;
use integration_tests::{
    PASSWORD, TestApp, TestClient, TestResponse, both_backends, field_error, summary_lists,
};

const ACCOUNT: &str = "/admin/account";
const NEW_PASSWORD: &str = "amber falcon meadow 73";
const FIREFOX: &str =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
const CHROME_ANDROID: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 \
     (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";

/// A session row of the account page: (public id, row text, current).
fn sessions(page: &TestResponse) -> Vec<(String, String, bool)> {
    let Some(start) = page.body.find("<tbody>") else {
        return Vec::new();
    };
    let end = start + page.body[start..].find("</tbody>").unwrap();
    page.body[start..end]
        .split("<tr")
        .skip(1)
        .map(|row| {
            let marker = "action=\"/admin/account/sessions/";
            let at = row.find(marker).unwrap() + marker.len();
            let id = row[at..at + row[at..].find('/').unwrap()].to_owned();
            (id, row.to_owned(), row.contains("aria-current=\"true\""))
        })
        .collect()
}

/// Jo, an editor of derbyshire, signed in from a browser that says `agent`.
async fn jo_from(app: &TestApp, agent: &str) -> TestClient {
    let mut client = app.signed_in("jo@example.org").await;
    let res = client
        .send(
            Request::get("/admin")
                .header("user-agent", agent)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    client
}

async fn county_with_jo(app: &TestApp) {
    let county = app.with_county("derbyshire").await;
    app.create_member(&county, "jo@example.org", Role::Editor)
        .await;
}

/// Whether the client is still signed in.
async fn signed_in(client: &mut TestClient) -> bool {
    let res = client.get(ACCOUNT).await;
    match res.status {
        StatusCode::OK => true,
        StatusCode::SEE_OTHER => false,
        other => panic!("unexpected {other}"),
    }
}

both_backends! {
    async fn the_account_page_lists_the_users_sessions_with_this_one_marked(app: TestApp) {
        county_with_jo(&app).await;
        let mut firefox = jo_from(&app, FIREFOX).await;
        let _phone = jo_from(&app, CHROME_ANDROID).await;
        app.create_member(&app.with_county("rutland").await, "sam@example.org", Role::Editor).await;
        let _sam = app.signed_in("sam@example.org").await;

        let page = firefox.get(ACCOUNT).await;

        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("jo@example.org") && page.body.contains("Test Person"));
        assert!(page.body.contains("href=\"/admin/account/two-factor\""), "two-factor section");
        let rows = sessions(&page);
        assert_eq!(rows.len(), 2, "jo's two sessions, not sam's");
        let current: Vec<_> = rows.iter().filter(|r| r.2).collect();
        assert_eq!(current.len(), 1, "one marked");
        assert!(current[0].1.contains("Firefox on Windows") && current[0].1.contains("This session"));
        assert!(rows.iter().any(|r| !r.2 && r.1.contains("Chrome on Android")));
        // The id in the URL is not the cookie's secret value.
        let cookie = firefox.cookie.clone().unwrap();
        assert!(rows.iter().all(|r| !cookie.contains(&r.0)));
        // Only the family is stored, never the header.
        let families = app
            .query_strings("SELECT ua_family FROM sessions WHERE ua_family IS NOT NULL AND ua_family <> '' ORDER BY ua_family")
            .await;
        assert_eq!(families, ["Chrome on Android", "Firefox on Windows"]);
    }

    async fn the_first_page_after_sign_in_names_this_browser(app: TestApp) {
        county_with_jo(&app).await;
        let mut jo = app.signed_in("jo@example.org").await;

        let page = jo
            .send(Request::get(ACCOUNT).header("user-agent", FIREFOX).body(Body::empty()).unwrap())
            .await;

        let rows = sessions(&page);
        assert!(rows[0].2 && rows[0].1.contains("Firefox on Windows"), "{}", rows[0].1);
    }

    async fn ending_a_session_signs_that_client_out(app: TestApp) {
        county_with_jo(&app).await;
        let mut here = jo_from(&app, FIREFOX).await;
        let mut there = jo_from(&app, CHROME_ANDROID).await;
        let page = here.get(ACCOUNT).await;
        let (other, _, _) = sessions(&page).into_iter().find(|r| !r.2).unwrap();

        let res = here.post(&format!("/admin/account/sessions/{other}/end"), &[]).await;

        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(res.location(), Some(ACCOUNT));
        assert!(!signed_in(&mut there).await, "the other client is signed out");
        assert!(signed_in(&mut here).await, "this one is not");
        assert_eq!(sessions(&here.get(ACCOUNT).await).len(), 1);
        assert_eq!(app.events("session.ended").await, 1);
        let again = here.post(&format!("/admin/account/sessions/{other}/end"), &[]).await;
        assert_eq!(again.status, StatusCode::NOT_FOUND, "already ended");
    }

    async fn ending_this_session_signs_out_here(app: TestApp) {
        county_with_jo(&app).await;
        let mut here = jo_from(&app, FIREFOX).await;
        let page = here.get(ACCOUNT).await;
        let (this, _, _) = sessions(&page).into_iter().find(|r| r.2).unwrap();

        let res = here.post(&format!("/admin/account/sessions/{this}/end"), &[]).await;

        assert_eq!(res.location(), Some("/admin/login"));
        assert!(!signed_in(&mut here).await);
    }

    async fn signing_out_everywhere_else_keeps_only_this_session(app: TestApp) {
        county_with_jo(&app).await;
        let mut here = jo_from(&app, FIREFOX).await;
        let mut phone = jo_from(&app, CHROME_ANDROID).await;
        let mut laptop = app.signed_in("jo@example.org").await;

        let res = here.post("/admin/account/sessions/end-others", &[]).await;

        assert_eq!(res.status, StatusCode::SEE_OTHER);
        let page = here.get(ACCOUNT).await;
        assert!(page.body.contains("2 sessions ended"), "the flash says how many");
        assert_eq!(sessions(&page).len(), 1);
        assert!(!signed_in(&mut phone).await);
        assert!(!signed_in(&mut laptop).await);
        assert!(signed_in(&mut here).await);
        assert_eq!(app.events("session.ended_others").await, 1);
    }

    async fn another_users_session_id_is_not_found(app: TestApp) {
        county_with_jo(&app).await;
        app.create_member(&app.with_county("rutland").await, "sam@example.org", Role::Editor).await;
        let mut sam = app.signed_in("sam@example.org").await;
        let sams = sessions(&sam.get(ACCOUNT).await).remove(0).0;
        let mut jo = jo_from(&app, FIREFOX).await;

        let res = jo.post(&format!("/admin/account/sessions/{sams}/end"), &[]).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        let garbage = jo.post("/admin/account/sessions/not-a-uuid/end", &[]).await;
        assert_eq!(garbage.status, StatusCode::NOT_FOUND);

        assert!(signed_in(&mut sam).await, "sam's session is untouched");
    }

    async fn a_wrong_current_password_is_422_and_counts_toward_the_throttle(app: TestApp) {
        county_with_jo(&app).await;
        let mut jo = app.signed_in("jo@example.org").await;
        let wrong = [("current_password", "not my password at all"), ("new_password", NEW_PASSWORD)];

        let res = jo.post("/admin/account/password", &wrong).await;

        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        let message = field_error(&res.body, "current_password").unwrap();
        assert!(summary_lists(&res.body, "current_password", &message), "{message}");
        assert_eq!(app.events("password.change_failed").await, 1);
        for _ in 0..4 {
            jo.post("/admin/account/password", &wrong).await;
        }
        // Five failures lock the account, for sign-in too.
        let mut other = app.client();
        assert_eq!(other.login("jo@example.org", PASSWORD).await.status, StatusCode::TOO_MANY_REQUESTS);
        let locked = jo
            .post("/admin/account/password", &[("current_password", PASSWORD), ("new_password", NEW_PASSWORD)])
            .await;
        assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS, "no guessing while locked");
        assert_eq!(app.events("password.changed").await, 0);
    }

    async fn a_weak_new_password_is_422_beside_the_field(app: TestApp) {
        county_with_jo(&app).await;
        let mut jo = app.signed_in("jo@example.org").await;

        for weak in ["short", "derbyshire derbyshire", &"x".repeat(129)] {
            let res = jo
                .post("/admin/account/password", &[("current_password", PASSWORD), ("new_password", weak)])
                .await;
            assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{weak}");
            assert!(field_error(&res.body, "new_password").is_some(), "{weak}");
        }

        let mut fresh = app.client();
        assert_eq!(fresh.login("jo@example.org", PASSWORD).await.status, StatusCode::SEE_OTHER, "unchanged");
    }

    async fn changing_the_password_ends_the_other_sessions_and_keeps_this_one(app: TestApp) {
        county_with_jo(&app).await;
        let mut here = app.signed_in("jo@example.org").await;
        let mut there = app.signed_in("jo@example.org").await;

        let res = here
            .post("/admin/account/password", &[("current_password", PASSWORD), ("new_password", NEW_PASSWORD)])
            .await;

        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        assert_eq!(res.location(), Some(ACCOUNT));
        assert!(signed_in(&mut here).await, "this session is kept");
        assert!(!signed_in(&mut there).await, "the other is ended");
        let mut fresh = app.client();
        assert_eq!(fresh.login("jo@example.org", PASSWORD).await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(fresh.login("jo@example.org", NEW_PASSWORD).await.status, StatusCode::SEE_OTHER);
        let in_county = app
            .count("SELECT COUNT(*) FROM audit_events WHERE action = 'password.changed' AND tenant_id IS NOT NULL AND actor_label = 'jo@example.org'")
            .await;
        assert_eq!(in_county, 1, "audited in jo's county");
    }

    async fn every_account_post_refuses_a_bad_csrf_token(app: TestApp) {
        county_with_jo(&app).await;
        let mut jo = jo_from(&app, FIREFOX).await;
        let id = sessions(&jo.get(ACCOUNT).await).remove(0).0;
        let fields = [("current_password", PASSWORD), ("new_password", NEW_PASSWORD), ("csrf_token", "wrong")];

        for path in [
            "/admin/account/password".to_owned(),
            format!("/admin/account/sessions/{id}/end"),
            "/admin/account/sessions/end-others".to_owned(),
        ] {
            let res = jo.post_form(&path, &fields).await;
            assert_eq!(res.status, StatusCode::FORBIDDEN, "{path}");
        }
        assert!(signed_in(&mut jo).await, "nothing ended");
        assert_eq!(app.events("password.changed").await, 0);
        assert_eq!(app.events("security.csrf_refused").await, 1, "one event a minute, counted");
    }
}
