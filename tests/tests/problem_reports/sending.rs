//! Sending a report: the cookie-less form on provider, content and home
//! pages, a report landing in the county's queue, and nothing of the
//! visitor kept in the logs or the audit log.

use super::*;

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
}
