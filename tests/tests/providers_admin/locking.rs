//! Optimistic locking: a stale or missing version changes nothing and shows
//! both versions; of concurrent saves from one version exactly one wins.

use super::*;

both_backends! {
    async fn a_stale_version_changes_nothing_and_shows_both_versions(app: TestApp) {
        let (derbyshire, mut first) = app.with_county("derbyshire").with_editor().await;
        let mut second = app.county_admin_of(&derbyshire).await;
        let id = first.create_provider("derbyshire", &Form::provider("Safe and Sound")).await;
        let saved = first.update_provider("derbyshire", &id, &Form::provider("Safe and Sound").set("summary", "Summary from the first editor"), "1").await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);
        let before = app.snapshot().await;

        let mine = Form::provider("Safe and Sound").set("summary", "Summary from the second editor");
        let res = second.update_provider("derbyshire", &id, &mine, "1").await;

        assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
        assert_eq!(app.snapshot().await, before, "nothing changed");
        let provider = app.stored_provider(&derbyshire, &id).await;
        assert_eq!(provider.version, 2);
        assert_eq!(provider.fields.summary, "Summary from the first editor");
        assert!(res.body.contains("Your version") && res.body.contains("Saved version"));
        assert!(res.body.contains("<td class=\"text-block\">Summary from the second editor</td>"));
        assert!(res.body.contains("<td class=\"text-block\">Summary from the first editor</td>"));
        assert!(res.body.contains(&format!("href=\"/admin/derbyshire/providers/{id}\"")), "a link to reload");
        assert_eq!(hidden(&res.body, "version").as_deref(), Some("2"), "the form carries the saved version");
        assert!(res.body.contains(">Summary from the second editor</textarea>"), "the form holds my values");
        assert_eq!(app.audited("provider.update", AuditView::CHANGED_FIELDS).await.len(), 1, "only the first save");

        // Sending it again from the conflict page is deliberate and wins.
        let again = second.update_provider("derbyshire", &id, &mine, "2").await;
        assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);
        let provider = app.stored_provider(&derbyshire, &id).await;
        assert_eq!((provider.version, provider.fields.summary.as_str()), (3, "Summary from the second editor"));
    }

    async fn a_missing_or_garbled_version_is_treated_as_stale(app: TestApp) {
        let (_, mut editor) = app.with_county("derbyshire").with_editor().await;
        let id = editor.create_provider("derbyshire", &Form::provider("Safe and Sound")).await;
        let before = app.snapshot().await;

        let missing = editor
            .post(&format!("/admin/derbyshire/providers/{id}"), &Form::provider("Changed").pairs())
            .await;
        let garbled = editor.update_provider("derbyshire", &id, &Form::provider("Changed"), "one").await;

        assert_eq!(missing.status, StatusCode::CONFLICT);
        assert_eq!(garbled.status, StatusCode::CONFLICT);
        assert_eq!(app.snapshot().await, before, "nothing changed");
    }

    async fn of_eight_concurrent_saves_from_the_same_version_exactly_one_wins(app: TestApp) {
        let (derbyshire, mut editor) = app.with_county("derbyshire").with_editor().await;
        let id = editor.create_provider("derbyshire", &Form::provider("Safe and Sound")).await;
        let path = format!("/admin/derbyshire/providers/{id}");
        let forms = (0..8)
            .map(|n| Form::provider("Safe and Sound").set("summary", &format!("Saved by writer {n}")).set("version", "1"))
            .collect();
        let statuses = editor.race(&path, forms).await;

        let won = statuses.iter().filter(|s| **s == StatusCode::SEE_OTHER).count();
        let refused = statuses.iter().filter(|s| **s == StatusCode::CONFLICT).count();
        assert_eq!((won, refused), (1, 7), "{statuses:?}");
        let provider = app.stored_provider(&derbyshire, &id).await;
        assert_eq!(provider.version, 2);
        assert!(provider.fields.summary.starts_with("Saved by writer "));
        assert_eq!(app.audited("provider.update", AuditView::CHANGED_FIELDS).await.len(), 1);
    }
}
