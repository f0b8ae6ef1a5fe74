//! Rate limits: five reports an hour from one address, two hundred a day
//! into one county.

use super::*;

both_backends! {
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
}
