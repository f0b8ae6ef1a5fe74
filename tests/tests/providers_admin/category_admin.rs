//! Categories: adding and deleting, and the refusals of bad ones.

use super::*;

both_backends! {
    async fn an_editor_adds_and_deletes_a_category(app: TestApp) {
        let (derbyshire, mut editor) = app.with_county("derbyshire").with_editor().await;

        let res = editor.post("/admin/derbyshire/categories", &[("slug", "youth-work"), ("name", "Youth work")]).await;

        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        assert_eq!(res.location(), Some("/admin/derbyshire/categories"));
        let page = editor.get("/admin/derbyshire/categories").await;
        assert!(page.body.contains("Category Youth work was added."));
        assert!(page.body.contains("<code>youth-work</code>"));
        assert_eq!(app.audited("category.create", AuditView::CHANGED_FIELDS).await, ["category youth-work [\"slug\",\"name\"]"]);
        let id = editor.create_provider("derbyshire", &Form::provider("Youth Club").set("categories", "youth-work, cse")).await;
        let category = category_id(&app, &derbyshire, "youth-work").await;

        let res = editor.post(&format!("/admin/derbyshire/categories/{category}/delete"), &[]).await;

        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(app.count("SELECT COUNT(*) FROM categories WHERE slug = 'youth-work'").await, 0);
        let provider = app.stored_provider(&derbyshire, &id).await;
        let left: Vec<&str> = provider.fields.categories.iter().map(domain::Slug::as_str).collect();
        assert_eq!(left, ["cse"], "the provider keeps its other categories");
        assert_eq!(app.audited("category.delete", AuditView::CHANGED_FIELDS).await, ["category youth-work []"]);
    }

    async fn a_duplicate_or_malformed_category_slug_or_empty_name_is_refused(app: TestApp) {
        let (_, mut editor) = app.with_county("derbyshire").with_editor().await;
        let before = app.snapshot().await;

        for (fields, field) in [
            ([("slug", "cse"), ("name", "Exploitation again")], "slug"),
            ([("slug", "Not Valid"), ("name", "Not valid")], "slug"),
            ([("slug", "fine"), ("name", "   ")], "name"),
        ] {
            let res = editor.post("/admin/derbyshire/categories", &fields).await;
            assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
            let message = field_error(&res.body, field).unwrap_or_else(|| panic!("{fields:?}: {}", res.body));
            assert!(summary_lists(&res.body, field, &message));
            assert!(res.body.contains("<title>Error: Categories"));
        }

        assert_eq!(app.snapshot().await, before, "nothing written");
    }
}
