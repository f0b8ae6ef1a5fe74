//! Refusals: bad bodies and fields, other counties' pages, and writes
//! without a CSRF token; and the audit of writes.

use super::*;

both_backends! {
    async fn bodies_with_unknown_embeds_or_bad_fields_are_refused(app: TestApp) {
        let (_, mut editor) = app.with_county("derbyshire").with_editor().await;
        let edit = editor.create_page("derbyshire", &Form::page("Taken", "taken", "Text.")).await;
        let before = count_pages_and_revisions(&app).await;

        for (fields, field, fragment) in [
            (Form::page("Help", "", "{{bogus}}"), "body", "no embed called"),
            (Form::page("Help", "", "{{provider \"nobody\"}}"), "body", "no provider with the slug"),
            (Form::page("Help", "", "{{providers category=\"nothing\"}}"), "body", "no category"),
            (Form::page("Help", "", "Call {{emergency}} now"), "body", "line of its own"),
            (Form::page("", "", "Text"), "title", "Enter a title"),
            (Form::page("Help", "support", "Text"), "slug", "used by the site itself"),
            (Form::page("Help", "search", "Text"), "slug", "used by the site itself"),
            (Form::page("Help", "api", "Text"), "slug", "used by the site itself"),
            (Form::page("Help", "sitemap.xml", "Text"), "slug", "lower-case"),
            (Form::page("Help", "Bad Slug", "Text"), "slug", "lower-case"),
            (Form::page("Help", "taken", "Text"), "slug", "already has a page"),
        ] {
            let res = editor.post("/admin/derbyshire/pages", &fields.pairs()).await;
            assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}: {}", res.body);
            let message = field_error(&res.body, field).unwrap_or_else(|| panic!("{fields:?}: {}", res.body));
            assert!(message.contains(fragment), "{message}");
            assert!(res.body.contains(&format!("<a href=\"#{field}\">")), "in the summary");
        }
        // The same on an update.
        let res = editor.save_page(&edit, &Form::page("Taken", "taken", "{{nope}}")).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        let other = editor.create_page("derbyshire", &Form::page("Other", "other", "Text.")).await;
        let res = editor.save_page(&other, &Form::page("Other", "taken", "Text.")).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(field_error(&res.body, "slug").unwrap().contains("already has a page"));
        let (pages_after, revisions_after, _) = count_pages_and_revisions(&app).await;
        assert_eq!((pages_after, revisions_after), (before.0 + 1, before.1 + 1), "only `other` was added");
    }

    async fn other_counties_pages_are_not_found(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        let nottingham = app.with_county("nottingham").await;
        let mut owner = app.editor_of(&derbyshire).await;
        let mut outsider = app.editor_of(&nottingham).await;
        let edit = owner.create_page("derbyshire", &Form::page("Help", "help", "Text.")).await;
        let id = page_id(&edit);
        let before = count_pages_and_revisions(&app).await;
        for county in ["derbyshire", "nottingham"] {
            let base = format!("/admin/{county}/pages/{id}");
            for (method, path) in [
                ("GET", base.clone()),
                ("POST", base.clone()),
                ("POST", format!("{base}/publish")),
                ("POST", format!("{base}/unpublish")),
                ("POST", format!("{base}/discard")),
                ("POST", format!("{base}/schedule")),
                ("GET", format!("{base}/preview")),
                ("GET", format!("{base}/revisions")),
                ("POST", format!("{base}/revisions/1/restore")),
                ("GET", format!("{base}/delete")),
                ("POST", format!("{base}/delete")),
            ] {
                let res = if method == "GET" {
                    outsider.get(&path).await
                } else {
                    let fields = Form::page("Mine", "help", "Mine.")
                        .set("version", "1")
                        .set("publish_at", "2099-01-01T09:00");
                    outsider.post(&path, &fields.pairs()).await
                };
                assert_eq!(res.status, StatusCode::NOT_FOUND, "{method} {path}");
            }
        }
        assert_eq!(outsider.get("/admin/derbyshire/pages").await.status, StatusCode::NOT_FOUND);
        assert_eq!(count_pages_and_revisions(&app).await, before);
    }

    async fn page_writes_need_a_csrf_token_and_are_audited(app: TestApp) {
        let (_, mut editor) = app.with_county("derbyshire").with_editor().await;
        let edit = editor.create_page("derbyshire", &Form::page("Help", "help", "Text.")).await;
        let before = count_pages_and_revisions(&app).await;
        let v = editor.page_version(&edit).await;
        let res = editor
            .post_form(&format!("{edit}/publish"), &[("version", &v), ("csrf_token", "wrong")])
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        assert_eq!(count_pages_and_revisions(&app).await, before);

        let confirm = editor.get(&format!("{edit}/delete")).await;
        assert_eq!(confirm.status, StatusCode::OK);
        let res = editor.post(&format!("{edit}/delete"), &[]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(app.count("SELECT COUNT(*) FROM pages").await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM page_revisions").await, 0);
        let changed = app
            .query_strings("SELECT changed_fields FROM audit_events WHERE action = 'page.create'")
            .await;
        assert_eq!(changed.len(), 1);
        assert!(changed[0].contains("title") && changed[0].contains("body"), "{changed:?}");
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'page.delete'").await, 1);
    }
}
