//! The import: a preview that writes nothing, a confirmation that writes
//! all or nothing, row errors, the limits, and updates by slug.

use super::*;

both_backends! {
    async fn the_preview_writes_nothing_and_the_confirmation_writes_and_audits(app: TestApp) {
        let a = app.with_county("alpha").await;
        let kept = app.add_provider(&a, full("Safe and Sound")).await;
        let mut editor = app.editor_of(&a).await;
        let file = format!(
            "name,id,min_age,Notes\nNew One,,5,x\nRenamed,{},12,y\n",
            kept.id
        );
        let before = written(&app).await;

        let preview = upload(&mut editor, &a, &file).await;

        assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
        assert_eq!(written(&app).await, before, "the preview writes nothing");
        assert!(preview.body.contains("1 to create, 1 to update, 0 unchanged"));
        assert!(preview.body.contains("name, min_age"), "the changed columns: {}", preview.body);
        assert!(preview.body.contains("Notes"), "the unknown column is listed");

        let done = editor.post(&confirm_path(&preview), &[]).await;

        assert_eq!(done.status, StatusCode::SEE_OTHER);
        let names = app.query_strings("SELECT name || ' ' || COALESCE(CAST(min_age AS TEXT), '') FROM providers ORDER BY name").await;
        assert_eq!(names, ["New One 5", "Renamed 12"]);
        let audit = app.query_strings(
            "SELECT action || ' ' || actor_label || ' ' || summary FROM audit_events WHERE action LIKE 'provider.%' ORDER BY action",
        ).await;
        assert_eq!(audit, [
            "provider.create editor@alpha.example.org created New One (CSV import, row 2)",
            "provider.update editor@alpha.example.org updated Renamed (CSV import, row 3)",
        ]);
        // Confirmed once: the pending import is gone.
        let again = editor.post(&confirm_path(&preview), &[]).await;
        assert_eq!(again.status, StatusCode::NOT_FOUND);
    }

    async fn one_bad_row_writes_nothing_and_each_error_names_its_row_and_column(app: TestApp) {
        let (a, mut editor) = app.with_county("alpha").with_editor().await;
        let file = "name,min_age,categories,self_referral,reviewed_at\n\
                    Good,5,cse,yes,2026-01-02\n\
                    Bad,five,nope,perhaps,tomorrow\n\
                    ,,,,\n\
                    Also good,,,,\n\
                    Good,,,,\n";
        let before = written(&app).await;

        let preview = upload(&mut editor, &a, file).await;

        assert_eq!(preview.status, StatusCode::UNPROCESSABLE_ENTITY);
        for message in [
            "row 3, min_age: Minimum age must be a whole number from 0 to 120",
            "row 3, self_referral: must be true or false (or yes/no, 1/0)",
            "row 3, categories: \u{201c}nope\u{201d} is not a category of Alpha",
            "row 3, reviewed_at: must be a date written like 2026-03-05",
            "row 6, slug: row 2 has the same slug \u{201c}good\u{201d}",
        ] {
            assert!(preview.body.contains(&message.replace('"', "&#34;")), "{message} in {}", preview.body);
        }
        assert!(!preview.body.contains("/confirm\""), "no confirm button with errors");
        assert_eq!(written(&app).await, before);
        assert_eq!(app.count("SELECT COUNT(*) FROM provider_imports").await, 0, "nothing kept to confirm");
    }

    async fn a_file_that_is_not_an_import_is_refused_beside_the_file_field(app: TestApp) {
        let (a, mut editor) = app.with_county("alpha").with_editor().await;

        let res = upload(&mut editor, &a, "slug,summary\nx,y\n").await;

        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("id=\"file-error\""));
        assert!(res.body.contains("The header has no"));
    }

    async fn more_than_the_row_or_byte_limit_is_413_and_writes_nothing(app: TestApp) {
        let (a, mut editor) = app.with_county("alpha").with_editor().await;
        let many: String = std::iter::once("name\n".to_owned())
            .chain((0..=MAX_ROWS).map(|i| format!("Provider {i}\n")))
            .collect();
        let res = upload(&mut editor, &a, &many).await;
        assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);

        let mut big = "name,summary\n".to_owned();
        while big.len() <= MAX_BYTES {
            big.push_str(&format!("P{},{}\n", big.len(), "x".repeat(400)));
        }
        let res = upload(&mut editor, &a, &big).await;
        assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(written(&app).await[0], 0);

        // Other routes keep the 1 MiB limit.
        let res = editor.post("/admin/alpha/providers", &[("name", &"x".repeat(2 * 1024 * 1024))]).await;
        assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
    }

    async fn exactly_the_row_limit_is_previewed(app: TestApp) {
        let (a, mut editor) = app.with_county("alpha").with_editor().await;
        let file: String = std::iter::once("name\n".to_owned())
            .chain((0..MAX_ROWS).map(|i| format!("Provider {i}\n")))
            .collect();

        let res = upload(&mut editor, &a, &file).await;

        assert_eq!(res.status, StatusCode::OK);
        assert!(res.body.contains(&format!("{MAX_ROWS} to create")));
    }

    async fn a_confirmation_after_the_county_changed_is_409_and_writes_nothing(app: TestApp) {
        let a = app.with_county("alpha").await;
        let kept = app.add_provider(&a, full("Safe and Sound")).await;
        let mut editor = app.editor_of(&a).await;
        let preview = upload(&mut editor, &a, "name\nNew One\n").await;
        assert_eq!(preview.status, StatusCode::OK);
        // Someone edits a provider between the preview and the confirmation.
        let mut changed = kept.fields.clone();
        changed.summary = "Changed meanwhile".into();
        providers::update(&app.db, a.id, kept.id, kept.version, &changed, None).await.unwrap();
        let before = written(&app).await;

        let res = editor.post(&confirm_path(&preview), &[]).await;

        assert_eq!(res.status, StatusCode::CONFLICT);
        assert!(res.body.contains("changed since the preview"));
        assert_eq!(written(&app).await, before);
    }

    async fn a_row_with_a_known_slug_updates_that_provider(app: TestApp) {
        let a = app.with_county("alpha").await;
        let kept = app.add_provider(&a, full("Safe and Sound")).await;
        let mut editor = app.editor_of(&a).await;

        let preview = upload(&mut editor, &a, "name,slug,status\nSafe and Sound,safe-and-sound,archived\n").await;

        assert!(preview.body.contains("0 to create, 1 to update, 0 unchanged"), "{}", preview.body);
        let done = editor.post(&confirm_path(&preview), &[]).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER);
        let stored = providers::find(&app.db, a.id, kept.id).await.unwrap().unwrap();
        assert_eq!(stored.fields.status.as_str(), "archived");
        assert_eq!(stored.fields.summary, kept.fields.summary, "columns not in the file are kept");
        assert_eq!(stored.version, kept.version + 1);
    }
}
