//! Refusals: bad bodies and fields, other counties' pages, and writes
//! without a CSRF token; and the audit of writes.

use super::*;

both_backends! {
    async fn bodies_with_unknown_embeds_or_bad_fields_are_refused(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut editor = app.editor_of(&derbyshire).await;
        let edit = create(&mut editor, "derbyshire", &page_form("Taken", "taken", "Text.")).await;
        let before = count_pages_and_revisions(&app).await;

        for (fields, field, fragment) in [
            (page_form("Help", "", "{{bogus}}"), "body", "no embed called"),
            (page_form("Help", "", "{{provider \"nobody\"}}"), "body", "no provider with the slug"),
            (page_form("Help", "", "{{providers category=\"nothing\"}}"), "body", "no category"),
            (page_form("Help", "", "Call {{emergency}} now"), "body", "line of its own"),
            (page_form("", "", "Text"), "title", "Enter a title"),
            (page_form("Help", "support", "Text"), "slug", "used by the site itself"),
            (page_form("Help", "search", "Text"), "slug", "used by the site itself"),
            (page_form("Help", "api", "Text"), "slug", "used by the site itself"),
            (page_form("Help", "sitemap.xml", "Text"), "slug", "lower-case"),
            (page_form("Help", "Bad Slug", "Text"), "slug", "lower-case"),
            (page_form("Help", "taken", "Text"), "slug", "already has a page"),
        ] {
            let res = editor.post("/admin/derbyshire/pages", &fields).await;
            assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}: {}", res.body);
            let message = field_error(&res.body, field).unwrap_or_else(|| panic!("{fields:?}: {}", res.body));
            assert!(message.contains(fragment), "{message}");
            assert!(res.body.contains(&format!("<a href=\"#{field}\">")), "in the summary");
        }
        // The same on an update.
        let res = save(&mut editor, &edit, &page_form("Taken", "taken", "{{nope}}")).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        let other = create(&mut editor, "derbyshire", &page_form("Other", "other", "Text.")).await;
        let res = save(&mut editor, &other, &page_form("Other", "taken", "Text.")).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(field_error(&res.body, "slug").unwrap().contains("already has a page"));
        let (pages_after, revisions_after, _) = count_pages_and_revisions(&app).await;
        assert_eq!((pages_after, revisions_after), (before.0 + 1, before.1 + 1), "only `other` was added");
    }

    async fn other_counties_pages_are_not_found(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let nottingham = app.create_tenant("nottingham").await;
        let mut owner = app.editor_of(&derbyshire).await;
        let mut outsider = app.editor_of(&nottingham).await;
        let edit = create(&mut owner, "derbyshire", &page_form("Help", "help", "Text.")).await;
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
                    let mut fields = page_form("Mine", "help", "Mine.");
                    fields.push(("version", "1"));
                    fields.push(("publish_at", "2099-01-01T09:00"));
                    outsider.post(&path, &fields).await
                };
                assert_eq!(res.status, StatusCode::NOT_FOUND, "{method} {path}");
            }
        }
        assert_eq!(outsider.get("/admin/derbyshire/pages").await.status, StatusCode::NOT_FOUND);
        assert_eq!(count_pages_and_revisions(&app).await, before);
    }

    async fn page_writes_need_a_csrf_token_and_are_audited(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut editor = app.editor_of(&derbyshire).await;
        let edit = create(&mut editor, "derbyshire", &page_form("Help", "help", "Text.")).await;
        let before = count_pages_and_revisions(&app).await;
        let v = version(&mut editor, &edit).await;
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
