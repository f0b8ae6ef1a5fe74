//! "Report a problem with this information": the form on provider and
//! content pages (no cookie, a signed token, a honeypot), a post with no
//! cookie or session landing in the county's review queue, the refusals
//! (cross-site, bad or expired token, rate limits, drafts, other
//! counties), resolving (audited), the overview's count, nothing of the
//! visitor in the logs or the audit log, and the deletions.

use std::net::{IpAddr, Ipv4Addr};

use axum::http::StatusCode;
use domain::report::{ReportFields, ReportKind, ReportObject};
use domain::{County, CountyStatus};
use integration_tests::logs::LogCapture;
use integration_tests::{
    NewPage, NewProvider, TestApp, TestClient, TestResponse, both_backends, field_error,
    hidden_field,
};
use persistence::repo::counties;
use persistence::repo::problem_reports::{self, NewReport};
use time::OffsetDateTime;

const PROVIDER_FORM: &str = "/derbyshire/support/safe-and-sound/report";
const PAGE_FORM: &str = "/derbyshire/about/report";

/// `derbyshire` with a published and a draft provider, a published and a
/// draft page; `rutland` with a published provider of its own.
async fn fixtures(app: &TestApp) -> (County, County) {
    let derbyshire = app.with_county("derbyshire").await;
    app.add_provider(
        &derbyshire,
        NewProvider::named("Safe and Sound").summary("Support after exploitation."),
    )
    .await;
    app.add_provider(
        &derbyshire,
        NewProvider::named("Hidden Draft")
            .status("draft")
            .summary("Support after exploitation."),
    )
    .await;
    app.add_published_page(&derbyshire, NewPage::new("about", "The about page"))
        .await;
    app.add_page(&derbyshire, NewPage::new("unready", "The unready page"))
        .await;
    let rutland = app.with_county("rutland").await;
    app.add_provider(
        &rutland,
        NewProvider::named("Rutland Help").summary("Support after exploitation."),
    )
    .await;
    (derbyshire, rutland)
}

/// The form's token, read from the form page as a browser would.
async fn token(client: &mut TestClient, form: &str) -> String {
    let page = client.get(form).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    hidden_field(&page.body, "token").unwrap()
}

/// Fetches a token and sends a report, as a browser would.
async fn report(client: &mut TestClient, form: &str, text: &str, contact: &str) -> TestResponse {
    let token = token(client, form).await;
    let fields = [
        ("kind", "outdated"),
        ("text", text),
        ("contact", contact),
        ("website", ""),
        ("token", token.as_str()),
    ];
    client
        .post_form_with(form, &fields, &[("sec-fetch-site", "same-origin")])
        .await
}

async fn stored(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM problem_reports").await
}

async fn counted(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM report_submissions").await
}

fn from(last: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(203, 0, 113, last))
}

both_backends! {
    async fn provider_and_content_pages_link_to_a_cookie_less_form(app: TestApp) {
        fixtures(&app).await;
        let mut client = app.client();
        let provider = client.get("/derbyshire/support/safe-and-sound").await;
        assert!(provider.body.contains(&format!("href=\"{PROVIDER_FORM}\"")), "{}", provider.body);
        assert!(provider.body.contains("Report a problem with this information"));
        let page = client.get("/derbyshire/about").await;
        assert!(page.body.contains(&format!("href=\"{PAGE_FORM}\"")), "{}", page.body);
        for form in [PROVIDER_FORM, PAGE_FORM] {
            let res = client.get(form).await;
            assert_eq!(res.status, StatusCode::OK);
            assert!(!res.sets_cookie(), "{form} set a cookie");
            assert_eq!(res.header("cache-control"), Some("no-store"));
            let body = &res.body;
            assert!(body.contains(&format!("method=\"post\" action=\"{form}\"")), "{body}");
            assert!(hidden_field(body, "token").is_some_and(|t| t.contains('.')));
            for kind in ReportKind::ALL {
                assert!(body.contains(&format!("type=\"radio\" value=\"{}\"", kind.as_str())) || body.contains(&format!("name=\"kind\" type=\"radio\" value=\"{}\"", kind.as_str())), "{kind:?}");
                assert!(body.contains(kind.label()));
            }
            assert!(body.contains("<label class=\"label\" for=\"text\">"));
            assert!(body.contains("<textarea class=\"textarea\" id=\"text\" name=\"text\""));
            assert!(body.contains("maxlength=\"2000\""));
            assert!(body.contains("<label class=\"label\" for=\"contact\">"));
            assert!(body.contains("<label for=\"website\">Leave this field empty"));
            assert!(body.contains("name=\"website\" value=\"\" tabindex=\"-1\" autocomplete=\"off\""));
            assert!(body.contains("id=\"exit-this-page\""));
            assert!(body.contains("tel:999"));
        }
        assert!(client.cookie.is_none());
    }

    async fn a_report_with_no_cookie_lands_in_the_queue(app: TestApp) {
        let (derbyshire, _) = fixtures(&app).await;
        let mut visitor = app.client();
        let res = report(&mut visitor, PROVIDER_FORM, "The phone number changed to 01332 000000.", "").await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert!(res.body.contains("Thank you for your report"));
        assert!(res.body.contains("id=\"exit-this-page\""));
        assert_eq!(res.header("cache-control"), Some("no-store"));
        assert!(!res.sets_cookie());
        assert!(visitor.cookie.is_none());
        let res = report(&mut visitor, PAGE_FORM, "This page says the wrong opening day.", "").await;
        assert_eq!(res.status, StatusCode::OK);
        assert_eq!(stored(&app).await, 2);
        assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);

        let mut editor = app.editor_of(&derbyshire).await;
        let overview = editor.get("/admin/derbyshire").await;
        assert!(overview.body.contains("2 reports to look at"), "{}", overview.body);
        let queue = editor.get("/admin/derbyshire/reports").await;
        assert_eq!(queue.status, StatusCode::OK);
        assert!(queue.body.contains("The phone number changed to 01332 000000."));
        assert!(queue.body.contains("This page says the wrong opening day."));
        assert!(queue.body.contains("Safe and Sound"));
        assert!(queue.body.contains("href=\"/derbyshire/support/safe-and-sound\""));
        assert!(queue.body.contains("href=\"/derbyshire/about\""));
        assert!(queue.body.contains("/admin/derbyshire/providers/"));
        assert!(queue.body.contains("/admin/derbyshire/pages/"));
        assert!(queue.body.contains("The number or details are out of date"));
    }

    async fn cross_site_posts_are_refused_and_store_nothing(app: TestApp) {
        fixtures(&app).await;
        let mut visitor = app.client();
        let token = token(&mut visitor, PROVIDER_FORM).await;
        let fields = [("kind", "closed"), ("text", "Closed."), ("token", token.as_str())];
        for headers in [
            vec![("origin", "https://evil.example")],
            vec![("sec-fetch-site", "cross-site")],
            vec![("sec-fetch-site", "same-site"), ("origin", "http://localhost:3000")],
        ] {
            let res = visitor.post_form_with(PROVIDER_FORM, &fields, &headers).await;
            assert_eq!(res.status, StatusCode::FORBIDDEN, "{headers:?}");
            assert!(res.body.contains("The report could not be sent"));
            assert!(res.body.contains("id=\"exit-this-page\""));
        }
        assert_eq!(stored(&app).await, 0);
        // The site's own origin, and a client that sends neither header.
        for headers in [vec![("origin", "http://localhost:3000")], vec![]] {
            let res = visitor.post_form_with(PROVIDER_FORM, &fields, &headers).await;
            assert_eq!(res.status, StatusCode::OK, "{headers:?}: {}", res.body);
        }
        assert_eq!(stored(&app).await, 2);
    }

    async fn a_bad_or_expired_token_asks_to_send_again(app: TestApp) {
        fixtures(&app).await;
        let mut visitor = app.client();
        let start = OffsetDateTime::from_unix_timestamp(1_780_000_000).unwrap();
        app.clock.set(start);
        let fresh = token(&mut visitor, PROVIDER_FORM).await;
        let other = token(&mut visitor, PAGE_FORM).await;
        // The last hex digit changed (to another digit: never the same).
        let last = if fresh.ends_with('0') { '1' } else { '0' };
        let forged = format!("{}{last}", &fresh[..fresh.len() - 1]);
        for bad in ["", "nonsense", "1780000000.abcd", forged.as_str(), other.as_str()] {
            let fields = [("kind", "closed"), ("text", "It closed in May."), ("token", bad)];
            let res = visitor.post_form_with(PROVIDER_FORM, &fields, &[]).await;
            assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
            assert!(res.body.contains("id=\"form-expired\""));
            // What was typed is kept, with a new token.
            assert!(res.body.contains("It closed in May."));
            assert!(hidden_field(&res.body, "token").is_some_and(|t| !t.is_empty() && t != bad));
        }
        app.clock.set(start + time::Duration::seconds(web_ttl() + 1));
        let fields = [("kind", "closed"), ("text", "Late."), ("token", fresh.as_str())];
        let res = visitor.post_form_with(PROVIDER_FORM, &fields, &[]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(stored(&app).await, 0);
        // Within its four hours it is fine.
        app.clock.set(start + time::Duration::seconds(web_ttl()));
        let res = visitor.post_form_with(PROVIDER_FORM, &fields, &[]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(stored(&app).await, 1);
    }

    async fn bad_fields_are_422_beside_the_field(app: TestApp) {
        fixtures(&app).await;
        let mut visitor = app.client();
        let token = token(&mut visitor, PROVIDER_FORM).await;
        let long = "x".repeat(2001);
        let fields = [("kind", "nope"), ("text", long.as_str()), ("contact", "me"), ("token", token.as_str())];
        let res = visitor.post_form_with(PROVIDER_FORM, &fields, &[]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(field_error(&res.body, "kind").is_some(), "{}", res.body);
        assert!(field_error(&res.body, "text").unwrap().contains("2000"));
        assert!(res.body.contains("value=\"me\""));
        let fields = [("kind", "other"), ("text", "   "), ("token", token.as_str())];
        let res = visitor.post_form_with(PROVIDER_FORM, &fields, &[]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(field_error(&res.body, "text").as_deref(), Some("Say what is wrong"));
        assert_eq!(stored(&app).await, 0);
        assert_eq!(counted(&app).await, 0);
    }

    async fn an_address_may_send_five_reports_an_hour(app: TestApp) {
        fixtures(&app).await;
        let start = OffsetDateTime::from_unix_timestamp(1_780_000_000).unwrap();
        app.clock.set(start);
        let mut visitor = app.client_from(from(9));
        for n in 0..5 {
            let res = report(&mut visitor, PROVIDER_FORM, &format!("Report {n}"), "").await;
            assert_eq!(res.status, StatusCode::OK, "report {n}");
        }
        let res = report(&mut visitor, PAGE_FORM, "One too many", "").await;
        assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(res.header("retry-after"), Some("3600"));
        assert!(res.body.contains("Too many reports"));
        assert!(res.body.contains("id=\"exit-this-page\""));
        assert_eq!(stored(&app).await, 5);
        // Another address is not held up.
        let res = report(&mut app.client_from(from(10)), PROVIDER_FORM, "Other", "").await;
        assert_eq!(res.status, StatusCode::OK);
        // An hour later the first may send again.
        app.clock.set(start + time::Duration::seconds(3601));
        let res = report(&mut visitor, PROVIDER_FORM, "Later", "").await;
        assert_eq!(res.status, StatusCode::OK);
        // The table holds hashes, never the address.
        let hashes = app.query_strings("SELECT address_hash FROM report_submissions").await;
        assert_eq!(hashes.len(), 7);
        assert!(hashes.iter().all(|h| h.len() == 64 && !h.contains("203.0.113")));
    }

    async fn a_county_accepts_two_hundred_reports_a_day(app: TestApp) {
        let (derbyshire, rutland) = fixtures(&app).await;
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let fields = ReportFields { kind: ReportKind::Other, text: "x".into(), contact: String::new() };
        let new = NewReport {
            object: ReportObject::Provider,
            object_id: uuid::Uuid::new_v4(),
            object_name: "Safe and Sound",
            object_slug: "safe-and-sound",
            fields: &fields,
        };
        for n in 0..200 {
            problem_reports::create(&app.db, derbyshire.id, &new, &format!("{n:064}"), now - 60)
                .await
                .unwrap();
        }
        let res = report(&mut app.client(), PROVIDER_FORM, "Busy day", "").await;
        assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(stored(&app).await, 200);
        // Another county is not.
        let res = report(&mut app.client(), "/rutland/support/rutland-help/report", "Fine", "").await;
        assert_eq!(res.status, StatusCode::OK);
        let _ = rutland;
    }

    async fn the_honeypot_is_thanked_and_nothing_is_stored(app: TestApp) {
        fixtures(&app).await;
        let mut visitor = app.client();
        let token = token(&mut visitor, PROVIDER_FORM).await;
        let fields = [("kind", "other"), ("text", "Buy cheap things"), ("website", "http://spam.example"), ("token", token.as_str())];
        let trapped = visitor.post_form_with(PROVIDER_FORM, &fields, &[]).await;
        let real = report(&mut app.client_from(from(20)), PROVIDER_FORM, "Real", "").await;
        assert_eq!(trapped.status, StatusCode::OK);
        assert_eq!(trapped.body, real.body, "the honeypot's answer differs from success");
        assert_eq!(trapped.header("cache-control"), real.header("cache-control"));
        assert_eq!(stored(&app).await, 1);
        assert_eq!(counted(&app).await, 1);
        let texts = app.query_strings("SELECT text FROM problem_reports").await;
        assert_eq!(texts, ["Real"]);
    }

    async fn drafts_unknown_pages_and_other_counties_are_404(app: TestApp) {
        fixtures(&app).await;
        let mut visitor = app.client();
        let token = token(&mut visitor, PROVIDER_FORM).await;
        let fields = [("kind", "other"), ("text", "x"), ("token", token.as_str())];
        for path in [
            "/derbyshire/support/hidden-draft/report",
            "/derbyshire/support/nobody/report",
            "/derbyshire/unready/report",
            "/derbyshire/nowhere/report",
            "/derbyshire/support/rutland-help/report",
            "/nowhere/support/safe-and-sound/report",
        ] {
            let res = visitor.get(path).await;
            assert_eq!(res.status, StatusCode::NOT_FOUND, "GET {path}");
            let res = visitor.post_form_with(path, &fields, &[]).await;
            assert_eq!(res.status, StatusCode::NOT_FOUND, "POST {path}");
        }
        // A suspended county has no public site, so no form either.
        let suspended = app.with_county("suspended").await;
        app.add_provider(&suspended, NewProvider::named("Quiet Place").summary("Support after exploitation.")).await;
        let form = "/suspended/support/quiet-place/report";
        assert_eq!(visitor.get(form).await.status, StatusCode::OK);
        counties::set_status(&app.db, suspended.id, CountyStatus::Suspended).await.unwrap();
        assert_eq!(visitor.get(form).await.status, StatusCode::NOT_FOUND);
        assert_eq!(visitor.post_form_with(form, &fields, &[]).await.status, StatusCode::NOT_FOUND);
        assert_eq!(stored(&app).await, 0);
    }

    async fn the_home_page_has_a_form_too(app: TestApp) {
        let (derbyshire, _) = fixtures(&app).await;
        app.add_published_page(&derbyshire, NewPage::new("home", "The home page")).await;
        let mut visitor = app.client();
        let home = visitor.get("/derbyshire/").await;
        assert!(home.body.contains("href=\"/derbyshire/home/report\""), "{}", home.body);
        let res = report(&mut visitor, "/derbyshire/home/report", "The home page is wrong.", "").await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert!(res.body.contains("href=\"/derbyshire/\""));
        let mut editor = app.editor_of(&derbyshire).await;
        let queue = editor.get("/admin/derbyshire/reports").await;
        assert!(queue.body.contains("The home page is wrong."));
        assert!(queue.body.contains("href=\"/derbyshire/\""));
    }

    async fn resolving_is_audited_and_guarded(app: TestApp) {
        let (derbyshire, rutland) = fixtures(&app).await;
        let res = report(&mut app.client(), PROVIDER_FORM, "Wrong number", "call me on 07700 900123").await;
        assert_eq!(res.status, StatusCode::OK);
        let mut editor = app.editor_of(&derbyshire).await;
        let queue = editor.get("/admin/derbyshire/reports").await;
        let marker = "action=\"/admin/derbyshire/reports/";
        let start = queue.body.find(marker).unwrap() + marker.len();
        let id = queue.body[start..].split('/').next().unwrap().to_owned();
        let resolve = format!("/admin/derbyshire/reports/{id}/resolve");

        // Anonymous: to the sign-in page.
        let res = app.client().get("/admin/derbyshire/reports").await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert!(res.location().unwrap().starts_with("/admin/login"));
        // Another county's member: 404, by either county's address.
        let mut outsider = app.editor_of(&rutland).await;
        assert_eq!(outsider.get("/admin/derbyshire/reports").await.status, StatusCode::NOT_FOUND);
        assert_eq!(outsider.post(&resolve, &[]).await.status, StatusCode::NOT_FOUND);
        let theirs = format!("/admin/rutland/reports/{id}/resolve");
        assert_eq!(outsider.post(&theirs, &[]).await.status, StatusCode::NOT_FOUND);
        assert!(!outsider.get("/admin/rutland/reports").await.body.contains("Wrong number"));
        // A bad csrf token: 403.
        let res = editor.post_form(&resolve, &[("csrf_token", "wrong")]).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        // Not a report id: 404.
        let res = editor.post("/admin/derbyshire/reports/not-an-id/resolve", &[]).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        assert_eq!(app.count("SELECT COUNT(*) FROM problem_reports WHERE resolved_at IS NULL").await, 1);

        let res = editor.post(&resolve, &[]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(res.location(), Some("/admin/derbyshire/reports"));
        let queue = editor.get("/admin/derbyshire/reports").await;
        assert!(queue.body.contains("The report about Safe and Sound is resolved."));
        assert!(queue.body.contains("No reports to look at."));
        assert!(queue.body.contains("Resolved "));
        assert_eq!(app.count("SELECT COUNT(*) FROM problem_reports WHERE resolved_at IS NULL").await, 0);
        let events = app.query_strings(
            "SELECT action || ' ' || COALESCE(object_type, '') || ' ' || summary FROM audit_events \
             WHERE action = 'report.resolved'",
        ).await;
        assert_eq!(events.len(), 1);
        assert!(events[0].starts_with("report.resolved provider resolved a report about the provider Safe and Sound"), "{events:?}");
        assert!(!events[0].contains("07700"));
        // Twice: nothing more is written.
        let res = editor.post(&resolve, &[]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'report.resolved'").await, 1);
        let overview = editor.get("/admin/derbyshire").await;
        assert!(!overview.body.contains("to look at"));
    }

    async fn nothing_of_the_visitor_is_logged_or_audited(app: TestApp) {
        fixtures(&app).await;
        let mut visitor = app.client_from(from(77));
        let token = token(&mut visitor, PROVIDER_FORM).await;
        let fields = [
            ("kind", "outdated"),
            ("text", "Sekrit-report-text"),
            ("contact", "reach-me@private.example"),
            ("token", token.as_str()),
        ];
        let headers = [("user-agent", "SecretAgentBrowser/9.9"), ("sec-fetch-site", "same-origin")];
        let capture = LogCapture::start().await;
        let res = visitor.post_form_with(PROVIDER_FORM, &fields, &headers).await;
        let log = capture.finish();
        assert_eq!(res.status, StatusCode::OK);
        assert!(log.contains("/report"), "the request was logged: {log}");
        for secret in ["203.0.113.77", "SecretAgentBrowser", "reach-me@private", "Sekrit-report-text"] {
            assert!(!log.contains(secret), "{secret} is in the log:\n{log}");
        }
        let audit = app.query_strings(
            "SELECT action || ' ' || actor_label || ' ' || COALESCE(client_addr, '') || ' ' || summary FROM audit_events",
        ).await;
        assert!(audit.iter().any(|e| e.starts_with("report.received a visitor")), "{audit:?}");
        for secret in ["203.0.113.77", "SecretAgentBrowser", "reach-me@private", "Sekrit-report-text"] {
            assert!(audit.iter().all(|e| !e.contains(secret)), "{secret} audited: {audit:?}");
        }
    }

    async fn resolved_reports_go_after_90_days_and_rate_rows_after_a_day(app: TestApp) {
        let (derbyshire, _) = fixtures(&app).await;
        let t0 = 1_780_000_000_i64;
        let fields = ReportFields { kind: ReportKind::Closed, text: "x".into(), contact: String::new() };
        let new = NewReport {
            object: ReportObject::Page,
            object_id: uuid::Uuid::new_v4(),
            object_name: "About",
            object_slug: "about",
            fields: &fields,
        };
        let resolved = problem_reports::create(&app.db, derbyshire.id, &new, "a", t0).await.unwrap();
        problem_reports::create(&app.db, derbyshire.id, &new, "b", t0).await.unwrap();
        assert!(problem_reports::resolve(&app.db, derbyshire.id, resolved, "editor", t0).await.unwrap());
        let at = |secs: i64| OffsetDateTime::from_unix_timestamp(secs).unwrap();
        let day = 24 * 3600;

        let purged = server::scheduler::purge_reports(&app.db, at(t0 + day - 1)).await.unwrap();
        assert_eq!((purged.reports, purged.submissions), (0, 0));
        let purged = server::scheduler::purge_reports(&app.db, at(t0 + day)).await.unwrap();
        assert_eq!((purged.reports, purged.submissions), (0, 2));
        let purged = server::scheduler::purge_reports(&app.db, at(t0 + 90 * day - 1)).await.unwrap();
        assert_eq!(purged.reports, 0);
        let purged = server::scheduler::purge_reports(&app.db, at(t0 + 90 * day)).await.unwrap();
        assert_eq!(purged.reports, 1);
        // The open one stays, however old.
        let purged = server::scheduler::purge_reports(&app.db, at(t0 + 900 * day)).await.unwrap();
        assert_eq!(purged.reports, 0);
        assert_eq!(stored(&app).await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM problem_reports WHERE resolved_at IS NULL").await, 1);
    }
}

/// How long a form's token holds (`public::report::TOKEN_TTL_SECS`).
fn web_ttl() -> i64 {
    4 * 3600
}
