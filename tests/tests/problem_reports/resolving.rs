//! After a report arrives: resolving it (audited and guarded), and the
//! deletion of resolved reports and of the rate rows.

use super::*;

both_backends! {
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
