//! The route table: every admin route, read from the router's own table
//! (`admin::route_table`), refuses who it must (anonymous: 303 to sign in;
//! a member of another county: 404; an editor where a county admin is
//! needed: 403; a bad `csrf_token` on every POST: 403), and every refusal
//! writes its audit event (`security.*`), at most one a minute per user and
//! kind, with the repeats counted.

use axum::http::{Method, StatusCode};
use domain::Role;
use integration_tests::{TestApp, TestClient, TestResponse, both_backends};
use time::{Duration, OffsetDateTime};

use admin::routes::{Access, RouteInfo};

/// The path of `route` with its parameters filled: `{t}` the county, `{id}`
/// an id that exists nowhere, anything else `1`.
fn fill(route: &RouteInfo, county: &str) -> String {
    route
        .path
        .split('/')
        .map(|segment| match segment {
            "{t}" => county.to_owned(),
            "{id}" => uuid::Uuid::new_v4().to_string(),
            s if s.starts_with('{') => "1".to_owned(),
            s => s.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

async fn request(
    client: &mut TestClient,
    method: &Method,
    path: &str,
    token: &str,
) -> TestResponse {
    if *method == Method::POST {
        client.post_form(path, &[("csrf_token", token)]).await
    } else {
        client.get(path).await
    }
}

/// How many events say `who` was refused `route` for `action`, in the
/// county derbyshire when `in_county`.
async fn events(app: &TestApp, action: &str, route: &RouteInfo, who: &str, in_county: bool) -> i64 {
    let county = if in_county {
        "tenant_id IN (SELECT id FROM tenants WHERE slug = 'derbyshire')"
    } else {
        "tenant_id IS NULL"
    };
    app.count(&format!(
        "SELECT COUNT(*) FROM audit_events WHERE action = '{action}' \
         AND object_id = '{} {}' AND actor_label = '{who}' AND {county}",
        route.method, route.path
    ))
    .await
}

struct People {
    anonymous: TestClient,
    outsider: TestClient,
    editor: TestClient,
    county_admin: TestClient,
    platform_admin: TestClient,
}

async fn people(app: &TestApp) -> People {
    let county = app.with_county("derbyshire").await;
    let other = app.with_county("nottinghamshire").await;
    app.create_member(&other, "outsider@example.org", Role::CountyAdmin)
        .await;
    app.create_member(&county, "editor@example.org", Role::Editor)
        .await;
    app.create_member(&county, "admin@example.org", Role::CountyAdmin)
        .await;
    app.create_platform_admin("root@example.org").await;
    People {
        anonymous: app.client(),
        outsider: app.signed_in("outsider@example.org").await,
        editor: app.signed_in("editor@example.org").await,
        county_admin: app.signed_in("admin@example.org").await,
        platform_admin: app.signed_in("root@example.org").await,
    }
}

both_backends! {
    async fn every_admin_route_refuses_who_it_must_and_audits_it(app: TestApp) {
        let table = admin::route_table();
        assert!(table.len() > 40, "the table is the router's: {} routes", table.len());
        let mut p = people(&app).await;
        let tokens = [
            p.outsider.csrf().await,
            p.editor.csrf().await,
            p.county_admin.csrf().await,
            p.platform_admin.csrf().await,
        ];
        let start = OffsetDateTime::now_utc();

        for (n, route) in table.iter().enumerate() {
            // A minute apart, so that each route's refusals are events of
            // their own rather than repeats of the last route's.
            app.clock.set(start + Duration::seconds(61 * i64::try_from(n).unwrap()));
            let path = fill(route, "derbyshire");
            let in_county = route.path.contains("{t}");
            let what = format!("{} {}", route.method, route.path);

            if route.access != Access::Public {
                let res = request(&mut p.anonymous, &route.method, &path, "x").await;
                assert_eq!(res.status, StatusCode::SEE_OTHER, "anonymous {what}");
                assert!(res.location().unwrap().starts_with("/admin/login"), "anonymous {what}");
            }
            if matches!(route.access, Access::Member | Access::CountyAdmin) {
                let res = request(&mut p.outsider, &route.method, &path, &tokens[0]).await;
                assert_eq!(res.status, StatusCode::NOT_FOUND, "other county {what}");
                let n = events(&app, "security.not_found", route, "outsider@example.org", true).await;
                assert_eq!(n, 1, "other county {what} is audited");
            }
            if matches!(route.access, Access::CountyAdmin | Access::PlatformAdmin) {
                let res = request(&mut p.editor, &route.method, &path, &tokens[1]).await;
                assert_eq!(res.status, StatusCode::FORBIDDEN, "editor {what}");
                let n = events(&app, "security.forbidden", route, "editor@example.org", in_county).await;
                assert_eq!(n, 1, "editor {what} is audited");
            }
            if route.method == Method::POST {
                let (client, who) = match route.access {
                    Access::Public => (&mut p.anonymous, "anonymous"),
                    Access::SignedIn | Access::Member => (&mut p.editor, "editor@example.org"),
                    Access::CountyAdmin => (&mut p.county_admin, "admin@example.org"),
                    Access::PlatformAdmin => (&mut p.platform_admin, "root@example.org"),
                };
                let res = request(client, &route.method, &path, "not-the-token").await;
                assert_eq!(res.status, StatusCode::FORBIDDEN, "bad csrf_token {what}");
                let n = events(&app, "security.csrf_refused", route, who, in_county).await;
                assert_eq!(n, 1, "bad csrf_token {what} is audited");
            }
        }
        let unaudited = app
            .count("SELECT COUNT(*) FROM audit_events WHERE action LIKE 'security.%' AND object_id NOT LIKE '% /admin%'")
            .await;
        assert_eq!(unaudited, 0, "every event names its route template");
    }

    async fn a_burst_of_refusals_is_one_event_with_a_count(app: TestApp) {
        let mut p = people(&app).await;
        let start = OffsetDateTime::now_utc();
        app.clock.set(start);

        for _ in 0..10 {
            let res = p.editor.post_form("/admin/derbyshire/providers", &[("csrf_token", "bad")]).await;
            assert_eq!(res.status, StatusCode::FORBIDDEN);
        }
        let res = p.editor.get("/admin/derbyshire/users").await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);

        let csrf = "SELECT COUNT(*) FROM audit_events WHERE action = 'security.csrf_refused'";
        assert_eq!(app.count(csrf).await, 1, "one event for the burst");
        let counted = app
            .count("SELECT CAST(COALESCE(SUM(count), 0) AS BIGINT) FROM refusal_counts WHERE key LIKE 'security.csrf_refused %'")
            .await;
        assert_eq!(counted, 10, "every refusal is counted");
        let forbidden = "SELECT COUNT(*) FROM audit_events WHERE action = 'security.forbidden'";
        assert_eq!(app.count(forbidden).await, 1, "another kind is its own event");

        let log = p.county_admin.get("/admin/derbyshire/audit").await;
        assert!(log.body.contains("security.csrf_refused"));
        assert!(log.body.contains("refused 10 times within a minute"), "the count is shown");
        assert!(log.body.contains("POST /admin/{t}/providers"), "the route template, not ids");

        // A minute on, the next refusal is a new event.
        app.clock.set(start + Duration::seconds(61));
        let res = p.editor.post_form("/admin/derbyshire/providers", &[("csrf_token", "bad")]).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        assert_eq!(app.count(csrf).await, 2);
    }
}

both_backends! {
    async fn an_oversized_admin_post_is_413_and_not_stored_by_the_browser(app: TestApp) {
        let (_, mut editor) = app.with_county("derbyshire").with_editor().await;
        let body = format!("name={}", "a".repeat(2 * 1024 * 1024));

        let res = editor
            .send(
                axum::http::Request::post("/admin/derbyshire/providers")
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("content-length", body.len().to_string())
                    .body(axum::body::Body::from(body))
                    .unwrap(),
            )
            .await;

        assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(res.header("cache-control"), Some("no-store"));
    }
}
