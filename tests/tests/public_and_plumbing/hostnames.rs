//! A county's own hostname serves it at the root; other hosts get the
//! county list.

use super::*;

both_backends! {
    async fn a_configured_hostname_serves_its_county_at_the_root(app: TestApp) {
        counties::create(
            &app.db,
            &CountySlug::parse("peak-district").unwrap(),
            &DisplayName::parse("Peak District").unwrap(),
            &["support.example.org".into()],
        )
        .await
        .unwrap();
        app.with_county("derbyshire").await;

        for host in ["support.example.org", "support.example.org:8443"] {
            let res = app
                .client()
                .send(
                    Request::get("/")
                        .header(header::HOST, host)
                        .body(Body::empty())
                        .unwrap(),
                )
                .await;

            assert_eq!(res.status, StatusCode::OK, "{host}");
            let header_at = res.body.find("site-header__name").unwrap();
            let header = &res.body[header_at..header_at + res.body[header_at..].find("</a>").unwrap()];
            assert!(header.contains("Peak District"), "{host}: {header}");
            assert!(!res.body.contains("href=\"/derbyshire/\""), "{host}: not the county list");
            assert_public_page(&res, "101", host);
        }
    }

    async fn another_host_still_gets_the_county_list(app: TestApp) {
        counties::create(
            &app.db,
            &CountySlug::parse("peak-district").unwrap(),
            &DisplayName::parse("Peak District").unwrap(),
            &["support.example.org".into()],
        )
        .await
        .unwrap();

        let res = app
            .client()
            .send(
                Request::get("/")
                    .header(header::HOST, "cms.example.net")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;

        assert_eq!(res.status, StatusCode::OK);
        assert!(res.body.contains("href=\"/peak-district/\""));
    }
}
