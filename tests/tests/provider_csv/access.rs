//! Who may export and import: other counties, other users, anonymous
//! visitors, bad CSRF tokens and suspended counties.

use super::*;

both_backends! {
    async fn another_countys_export_import_and_pending_import_are_404(app: TestApp) {
        let a = app.with_county("alpha").await;
        let (b, mut bravo) = app.with_county("bravo").with_editor().await;
        let preview = upload(&mut bravo, &b, "name\nNew One\n").await;
        let theirs = confirm_path(&preview);
        let mut alpha = app.editor_of(&a).await;
        let before = written(&app).await;

        assert_eq!(alpha.get("/admin/bravo/providers.csv").await.status, StatusCode::NOT_FOUND);
        assert_eq!(alpha.get("/admin/bravo/providers/import").await.status, StatusCode::NOT_FOUND);
        assert_eq!(upload(&mut alpha, &b, "name\nX\n").await.status, StatusCode::NOT_FOUND);
        assert_eq!(alpha.post(&theirs, &[]).await.status, StatusCode::NOT_FOUND);
        let in_alpha = theirs.replace("/admin/bravo/", "/admin/alpha/");
        assert_eq!(alpha.post(&in_alpha, &[]).await.status, StatusCode::NOT_FOUND);
        assert_eq!(written(&app).await, before);
    }

    async fn editors_may_import_and_anonymous_visitors_are_sent_to_sign_in(app: TestApp) {
        let (_a, mut editor) = app.with_county("alpha").with_editor().await;
        let form = editor.get("/admin/alpha/providers/import").await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.body.contains("enctype=\"multipart/form-data\""));
        let list = editor.get("/admin/alpha/providers").await;
        assert!(list.body.contains("/admin/alpha/providers/import") && list.body.contains("/admin/alpha/providers.csv"));

        let mut anonymous = app.client();
        for path in ["/admin/alpha/providers.csv", "/admin/alpha/providers/import"] {
            let res = anonymous.get(path).await;
            assert_eq!(res.status, StatusCode::SEE_OTHER, "{path}");
            assert!(res.location().unwrap_or_default().starts_with("/admin/login"), "{path}");
        }
        let res = upload_with(&mut anonymous, "/admin/alpha/providers/import", "x", b"name\nX\n").await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(written(&app).await[0], 0);
    }

    async fn a_bad_csrf_token_on_the_upload_or_the_confirmation_is_403(app: TestApp) {
        let (a, mut editor) = app.with_county("alpha").with_editor().await;
        let before = written(&app).await;

        let res = upload_with(&mut editor, "/admin/alpha/providers/import", "wrong", b"name\nX\n").await;

        assert_eq!(res.status, StatusCode::FORBIDDEN);
        assert_eq!(app.count("SELECT COUNT(*) FROM provider_imports").await, 0);
        let preview = upload(&mut editor, &a, "name\nNew One\n").await;
        let res = editor.post_form(&confirm_path(&preview), &[("csrf_token", "wrong")]).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        assert_eq!(written(&app).await, before);
    }

    async fn another_users_pending_import_is_404_and_a_suspended_county_is_403(app: TestApp) {
        let (a, mut editor) = app.with_county("alpha").with_editor().await;
        let preview = upload(&mut editor, &a, "name\nNew One\n").await;
        let mut admin = app.county_admin_of(&a).await;

        assert_eq!(admin.post(&confirm_path(&preview), &[]).await.status, StatusCode::NOT_FOUND);

        persistence::repo::counties::set_status(&app.db, a.id, domain::CountyStatus::Suspended)
            .await
            .unwrap();
        assert_eq!(editor.get("/admin/alpha/providers/import").await.status, StatusCode::FORBIDDEN);
        assert_eq!(upload(&mut editor, &a, "name\nX\n").await.status, StatusCode::FORBIDDEN);
        assert_eq!(editor.post(&confirm_path(&preview), &[]).await.status, StatusCode::FORBIDDEN);
        assert_eq!(editor.get("/admin/alpha/providers.csv").await.status, StatusCode::OK, "still readable");
        assert_eq!(written(&app).await[0], 0);
    }
}
