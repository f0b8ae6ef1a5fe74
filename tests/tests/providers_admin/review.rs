//! "Mark as reviewed", and its refusal when the version is stale.

use super::*;

both_backends! {
    async fn marking_as_reviewed_updates_reviewed_at_and_clears_review_due(app: TestApp) {
        let (derbyshire, mut editor) = app.with_county("derbyshire").with_editor().await;
        let id = editor.create_provider("derbyshire", &Form::provider("Safe and Sound")).await;
        let provider: domain::ProviderId = id.parse().unwrap();
        providers::mark_reviewed(&app.db, derbyshire.id, provider, 1, datetime!(2020-01-15 10:00 UTC), None)
            .await
            .unwrap();
        let list = editor.get("/admin/derbyshire/providers").await;
        assert!(list.body.contains("15 January 2020"), "{}", list.body);
        assert!(list.body.contains("Review due"));
        let edit = editor.get(&path_of(&id)).await;
        assert!(edit.body.contains(&format!("action=\"/admin/derbyshire/providers/{id}/review\"")));

        let res = editor.post(&format!("/admin/derbyshire/providers/{id}/review"), &[("version", "2")]).await;

        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let provider = app.stored_provider(&derbyshire, &id).await;
        let reviewed = provider.reviewed_at.expect("reviewed");
        assert!((time::OffsetDateTime::now_utc() - reviewed).whole_minutes() < 5, "{reviewed}");
        assert_eq!(provider.version, 3);
        assert_eq!(app.audited("provider.review", AuditView::CHANGED_FIELDS).await, ["provider safe-and-sound [\"reviewed_at\"]"]);
        let list = editor.get("/admin/derbyshire/providers").await;
        assert!(!list.body.contains("Review due"));
    }

    async fn marking_a_stale_version_as_reviewed_is_refused_with_409(app: TestApp) {
        let (derbyshire, mut editor) = app.with_county("derbyshire").with_editor().await;
        let id = editor.create_provider("derbyshire", &Form::provider("Safe and Sound")).await;
        editor.update_provider("derbyshire", &id, &Form::provider("Safe and Sound").set("area", "Derby"), "1").await;
        let before = app.snapshot().await;
        let reviewed_before = app.stored_provider(&derbyshire, &id).await.reviewed_at;

        let res = editor.post(&format!("/admin/derbyshire/providers/{id}/review"), &[("version", "1")]).await;

        assert_eq!(res.status, StatusCode::CONFLICT);
        assert!(res.body.contains("Saved version"));
        assert_eq!(hidden(&res.body, "version").as_deref(), Some("2"));
        assert_eq!(app.snapshot().await, before);
        assert_eq!(app.stored_provider(&derbyshire, &id).await.reviewed_at, reviewed_before);
    }
}
