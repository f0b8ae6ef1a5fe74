//! Security headers, and the error pages: 404, 405, 500 and 413 for a
//! body over the limit.

use super::*;

both_backends! {
    async fn security_headers_are_on_a_200(app: TestApp) {
        let res = app.client().get("/").await;

        assert_eq!(res.status, StatusCode::OK);
        assert_security_headers(&res, "GET /");
    }

    async fn security_headers_are_on_a_404(app: TestApp) {
        let res = app.client().get("/nowhere/").await;

        assert_eq!(res.status, StatusCode::NOT_FOUND);
        assert_security_headers(&res, "GET /nowhere/");
    }

    async fn a_wrong_method_is_a_405_html_page_with_the_headers(app: TestApp) {
        let res = app
            .client()
            .send(Request::delete("/").body(Body::empty()).unwrap())
            .await;

        assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED);
        assert!(is_html(&res), "{:?} {}", res.headers, res.body);
        assert!(res.body.contains("Method not allowed"));
        assert!(res.header("allow").is_some_and(|v| v.contains("GET")));
        assert_security_headers(&res, "DELETE /");
    }

    async fn a_database_failure_is_a_generic_500_page_with_the_headers(app: TestApp) {
        app.with_county("derbyshire").await;
        app.db
            .execute_unprepared("DROP TABLE tenant_hosts")
            .await
            .unwrap();

        let res = app.client().get("/").await;

        assert_eq!(res.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(is_html(&res));
        assert!(res.body.contains("Sorry, there is a problem with the service"));
        assert_security_headers(&res, "500");
        let lower = res.body.to_lowercase();
        for leak in [
            "tenant_hosts",
            "select",
            "from \"",
            "no such table",
            "relation",
            "sqlx",
            "dberr",
            "error",
            "panicked",
            env!("CARGO_PKG_VERSION"),
        ] {
            assert!(!lower.contains(leak), "the 500 page reveals {leak:?}: {}", res.body);
        }
        assert!(!res.sets_cookie());
    }

    async fn a_body_over_one_mebibyte_is_a_413_html_page_with_the_headers(app: TestApp) {
        let big = format!("email=jo%40example.org&password={}", "a".repeat(1024 * 1024 + 1));

        let res = app
            .client()
            .send(
                Request::post("/admin/login")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(header::CONTENT_LENGTH, big.len())
                    .body(Body::from(big))
                    .unwrap(),
            )
            .await;

        assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(is_html(&res), "{:?} {}", res.headers, res.body);
        assert!(res.body.contains("too large"));
        assert_security_headers(&res, "413");
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events").await, 0, "nothing written");
    }

    async fn a_body_over_one_mebibyte_without_a_length_is_refused_with_413(app: TestApp) {
        // No Content-Length header: the limit holds while the body is read.
        let big = format!("email=jo%40example.org&password={}", "a".repeat(1024 * 1024 + 1));

        let res = app
            .client()
            .send(
                Request::post("/admin/login")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(Body::from(big))
                    .unwrap(),
            )
            .await;

        assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(is_html(&res), "{:?} {}", res.headers, res.body);
        assert_security_headers(&res, "413 streamed");
    }
}
