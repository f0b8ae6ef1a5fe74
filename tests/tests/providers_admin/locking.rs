//! Optimistic locking: a stale or missing version changes nothing and shows
//! both versions; of concurrent saves from one version exactly one wins.

use super::*;

both_backends! {
    async fn a_stale_version_changes_nothing_and_shows_both_versions(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut first = app.editor_of(&derbyshire).await;
        let mut second = app.county_admin_of(&derbyshire).await;
        let id = create(&mut first, "derbyshire", &Form::valid("Safe and Sound")).await;
        let saved = update(&mut first, "derbyshire", &id, &Form::valid("Safe and Sound").set("summary", "Summary from the first editor"), "1").await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);
        let before = snapshot(&app).await;

        let mine = Form::valid("Safe and Sound").set("summary", "Summary from the second editor");
        let res = update(&mut second, "derbyshire", &id, &mine, "1").await;

        assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
        assert_eq!(snapshot(&app).await, before, "nothing changed");
        let provider = stored(&app, &derbyshire, &id).await;
        assert_eq!(provider.version, 2);
        assert_eq!(provider.fields.summary, "Summary from the first editor");
        assert!(res.body.contains("Your version") && res.body.contains("Saved version"));
        assert!(res.body.contains("<td class=\"text-block\">Summary from the second editor</td>"));
        assert!(res.body.contains("<td class=\"text-block\">Summary from the first editor</td>"));
        assert!(res.body.contains(&format!("href=\"/admin/derbyshire/providers/{id}\"")), "a link to reload");
        assert_eq!(hidden(&res.body, "version").as_deref(), Some("2"), "the form carries the saved version");
        assert!(res.body.contains(">Summary from the second editor</textarea>"), "the form holds my values");
        assert_eq!(audited(&app, "provider.update").await.len(), 1, "only the first save");

        // Sending it again from the conflict page is deliberate and wins.
        let again = update(&mut second, "derbyshire", &id, &mine, "2").await;
        assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);
        let provider = stored(&app, &derbyshire, &id).await;
        assert_eq!((provider.version, provider.fields.summary.as_str()), (3, "Summary from the second editor"));
    }

    async fn a_missing_or_garbled_version_is_treated_as_stale(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut editor = app.editor_of(&derbyshire).await;
        let id = create(&mut editor, "derbyshire", &Form::valid("Safe and Sound")).await;
        let before = snapshot(&app).await;

        let missing = editor
            .post(&format!("/admin/derbyshire/providers/{id}"), &Form::valid("Changed").pairs())
            .await;
        let garbled = update(&mut editor, "derbyshire", &id, &Form::valid("Changed"), "one").await;

        assert_eq!(missing.status, StatusCode::CONFLICT);
        assert_eq!(garbled.status, StatusCode::CONFLICT);
        assert_eq!(snapshot(&app).await, before, "nothing changed");
    }

    async fn of_eight_concurrent_saves_from_the_same_version_exactly_one_wins(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut editor = app.editor_of(&derbyshire).await;
        let id = create(&mut editor, "derbyshire", &Form::valid("Safe and Sound")).await;
        let path = format!("/admin/derbyshire/providers/{id}");
        let start = Arc::new(tokio::sync::Barrier::new(8));

        let mut tasks = Vec::new();
        for n in 0..8 {
            let mut client = editor.clone();
            let path = path.clone();
            let start = Arc::clone(&start);
            tasks.push(tokio::spawn(async move {
                let token = client.csrf().await;
                let form = Form::valid("Safe and Sound")
                    .set("summary", &format!("Saved by writer {n}"))
                    .set("version", "1")
                    .set("csrf_token", &token);
                start.wait().await;
                client.post_form(&path, &form.pairs()).await.status
            }));
        }
        let mut statuses = Vec::new();
        for task in tasks {
            statuses.push(task.await.unwrap());
        }

        let won = statuses.iter().filter(|s| **s == StatusCode::SEE_OTHER).count();
        let refused = statuses.iter().filter(|s| **s == StatusCode::CONFLICT).count();
        assert_eq!((won, refused), (1, 7), "{statuses:?}");
        let provider = stored(&app, &derbyshire, &id).await;
        assert_eq!(provider.version, 2);
        assert!(provider.fields.summary.starts_with("Saved by writer "));
        assert_eq!(audited(&app, "provider.update").await.len(), 1);
    }
}
