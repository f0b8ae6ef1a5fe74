//! Refused reports: cross-site posts, bad or expired tokens, bad fields,
//! the honeypot, and drafts, unknown pages and other counties.

use super::*;

both_backends! {
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
}
