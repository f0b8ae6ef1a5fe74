//! Optimistic locking: stale, missing or garbled versions, and concurrent
//! saves from the same version.

use super::*;

both_backends! {
    async fn a_stale_version_changes_nothing_and_shows_both_versions(app: TestApp) {
        let (derbyshire, mut first) = app.with_county("derbyshire").with_provider("Safe and Sound").with_editor().await;
        let mut second = app.county_admin_of(&derbyshire).await;
        let id = first.create_note("derbyshire", &Form::note(SERVICE)).await;
        let saved = first.update_note("derbyshire", &id, &Form::note(SERVICE).set("public_statement", "Statement from the first editor"), "1").await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);
        let before = app.snapshot().await;

        let mine = Form::note(SERVICE).set("public_statement", "Statement from the second editor");
        let res = second.update_note("derbyshire", &id, &mine, "1").await;

        assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
        assert_eq!(app.snapshot().await, before, "nothing changed");
        let note = app.stored_note(&derbyshire, &id).await;
        assert_eq!(note.version, 2);
        assert_eq!(note.fields.public_statement, "Statement from the first editor");
        assert!(res.body.contains("Your version") && res.body.contains("Saved version"));
        assert!(res.body.contains("<td class=\"text-block\">Statement from the second editor</td>"));
        assert!(res.body.contains("<td class=\"text-block\">Statement from the first editor</td>"));
        assert!(res.body.contains("<td class=\"text-block\">Safe and Sound</td>"), "the provider by name");
        assert!(res.body.contains(&format!("href=\"/admin/derbyshire/notes/{id}\"")), "a link to reload");
        assert_eq!(hidden(&res.body, "version").as_deref(), Some("2"), "the form carries the saved version");
        assert!(res.body.contains(">Statement from the second editor</textarea>"), "the form holds my values");
        assert_eq!(app.audited("note.update", AuditView::CHANGED_FIELDS).await.len(), 1, "only the first save");

        // Sending it again from the conflict page is deliberate and wins.
        let again = second.update_note("derbyshire", &id, &mine, "2").await;
        assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);
        let note = app.stored_note(&derbyshire, &id).await;
        assert_eq!((note.version, note.fields.public_statement.as_str()), (3, "Statement from the second editor"));
    }

    async fn a_missing_or_garbled_version_is_treated_as_stale(app: TestApp) {
        let (_, mut editor) = app.with_county("derbyshire").with_provider("Safe and Sound").with_editor().await;
        let id = editor.create_note("derbyshire", &Form::note(SERVICE)).await;
        let before = app.snapshot().await;

        let missing = editor
            .post(&format!("/admin/derbyshire/notes/{id}"), &Form::note("Changed").pairs())
            .await;
        let garbled = editor.update_note("derbyshire", &id, &Form::note("Changed"), "one").await;

        assert_eq!(missing.status, StatusCode::CONFLICT);
        assert_eq!(garbled.status, StatusCode::CONFLICT);
        assert_eq!(app.snapshot().await, before, "nothing changed");
    }

    async fn of_eight_concurrent_saves_from_the_same_version_exactly_one_wins(app: TestApp) {
        let (derbyshire, mut editor) = app.with_county("derbyshire").with_provider("Safe and Sound").with_editor().await;
        let id = editor.create_note("derbyshire", &Form::note(SERVICE)).await;
        let path = format!("/admin/derbyshire/notes/{id}");
        let forms = (0..8)
            .map(|n| Form::note(SERVICE).set("internal_notes", &format!("Saved by writer {n}")).set("version", "1"))
            .collect();
        let statuses = editor.race(&path, forms).await;

        let won = statuses.iter().filter(|s| **s == StatusCode::SEE_OTHER).count();
        let refused = statuses.iter().filter(|s| **s == StatusCode::CONFLICT).count();
        assert_eq!((won, refused), (1, 7), "{statuses:?}");
        let note = app.stored_note(&derbyshire, &id).await;
        assert_eq!(note.version, 2);
        assert!(note.fields.internal_notes.starts_with("Saved by writer "));
        assert_eq!(app.audited("note.update", AuditView::CHANGED_FIELDS).await.len(), 1);
    }
}
