//! Revisions: comparing and restoring them, and stale versions that
//! change nothing.

use super::*;

both_backends! {
    async fn revisions_can_be_compared_and_restored(app: TestApp) {
        let (derbyshire, mut editor) = app.with_county("derbyshire").with_editor().await;
        let edit = editor.create_page("derbyshire", &Form::page("Help", "help", "First line.\nSecond line.")).await;
        editor.save_page(&edit, &Form::page("Help", "help", "First line.\nChanged line.")).await;

        let revisions = editor.get(&format!("{edit}/revisions")).await;
        assert_eq!(revisions.status, StatusCode::OK);
        assert!(revisions.body.contains("1 line added, 1 removed"), "{}", revisions.body);
        assert!(revisions.body.contains("<span class=\"visually-hidden\">Removed: </span><span class=\"diff__text\">Second line.</span>"));
        assert!(revisions.body.contains("<span class=\"visually-hidden\">Added: </span><span class=\"diff__text\">Changed line.</span>"));
        let same = editor.get(&format!("{edit}/revisions?from=2&to=2")).await;
        assert!(same.body.contains("The two revisions are the same."));

        let v = editor.page_version(&edit).await;
        let res = editor.post(&format!("{edit}/revisions/1/restore"), &[("version", &v)]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let page = pages::find(&app.db, derbyshire.id, page_id(&edit)).await.unwrap().unwrap();
        let draft = page.draft.expect("a draft");
        assert_eq!(draft.number, 3);
        assert_eq!(draft.restored_from, Some(1));
        assert_eq!(draft.content.body, "First line.\nSecond line.");
        assert_eq!(app.count("SELECT COUNT(*) FROM page_revisions").await, 3);

        let missing = editor.post(&format!("{edit}/revisions/9/restore"), &[("version", &page.version.to_string())]).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
    }

    async fn stale_versions_change_nothing(app: TestApp) {
        let (derbyshire, mut editor) = app.with_county("derbyshire").with_editor().await;
        let edit = editor.create_page("derbyshire", &Form::page("Help", "help", "Text.")).await;
        editor.save_page(&edit, &Form::page("Help", "help", "Newer text.")).await;
        let before = count_pages_and_revisions(&app).await;

        let stale = Form::page("Help", "help", "My text.").set("version", "1");
        let res = editor.post(&edit, &stale.pairs()).await;
        assert_eq!(res.status, StatusCode::CONFLICT);
        assert!(res.body.contains("My text."), "your version");
        assert!(res.body.contains("Newer text."), "the saved version");
        for action in ["publish", "unpublish", "revisions/1/restore"] {
            let res = editor.post(&format!("{edit}/{action}"), &[("version", "1")]).await;
            assert_eq!(res.status, StatusCode::CONFLICT, "{action}");
        }
        let res = editor
            .post(&format!("{edit}/schedule"), &[("version", "1"), ("publish_at", "2099-01-01T09:00")])
            .await;
        assert_eq!(res.status, StatusCode::CONFLICT);
        assert_eq!(count_pages_and_revisions(&app).await, before);
        let page = pages::find(&app.db, derbyshire.id, page_id(&edit)).await.unwrap().unwrap();
        assert!(page.published.is_none() && page.publish_at.is_none());
    }
}
