//! Creating, editing and deleting a provider, with the audit of each.

use super::*;

both_backends! {
    async fn an_editor_creates_a_provider_and_lands_on_its_edit_page(app: TestApp) {
        let (derbyshire, mut editor) = app.with_county("derbyshire").with_editor().await;

        let form_page = editor.get("/admin/derbyshire/providers/new").await;
        assert_eq!(form_page.status, StatusCode::OK);
        assert!(form_page.body.contains("<title>Add a provider"), "{}", form_page.body);
        let id = editor.create_provider("derbyshire", &Form::provider("Safe and Sound")).await;

        let provider = app.stored_provider(&derbyshire, &id).await;
        assert_eq!(provider.version, 1);
        assert_eq!(provider.fields.slug.as_str(), "safe-and-sound", "derived from the name");
        assert_eq!(provider.fields.phones.len(), 2);
        assert_eq!(provider.fields.phones[0].label, "Office");
        assert_eq!(provider.fields.min_age, Some(11));
        assert!(provider.fields.self_referral && provider.fields.professional_referral);
        let categories: Vec<&str> = provider.fields.categories.iter().map(domain::Slug::as_str).collect();
        assert_eq!(categories, ["cse", "counselling"]);
        assert!(provider.reviewed_at.is_some(), "new details count as reviewed");

        let edit = editor.get(&format!("/admin/derbyshire/providers/{id}")).await;
        assert_eq!(edit.status, StatusCode::OK);
        assert!(edit.body.contains("Safe and Sound was added."), "a flash message");
        assert!(edit.body.contains("<title>Edit Safe and Sound"));
        assert_eq!(hidden(&edit.body, "version").as_deref(), Some("1"));
        assert!(edit.body.contains("value=\"safe-and-sound\""));
        assert!(edit.body.contains(">Office: 01332 362 120\n0800 1111</textarea>"));
        let list = editor.get("/admin/derbyshire/providers").await;
        assert!(list.body.contains(&format!("<a href=\"/admin/derbyshire/providers/{id}\">Safe and Sound</a>")));
        assert_eq!(
            app.audited("provider.create", AuditView::CHANGED_FIELDS).await.len(),
            1,
            "audited"
        );
        assert!(app.audited("provider.create", AuditView::CHANGED_FIELDS).await[0].starts_with("provider safe-and-sound [\"name\",\"slug\""));
    }

    async fn checkboxes_are_ticked_by_any_value_and_unticked_when_absent(app: TestApp) {
        let (derbyshire, mut editor) = app.with_county("derbyshire").with_editor().await;
        let form = Form::provider("Refuge")
            .set("address_confidential", "true")
            .set("self_referral", "on")
            .without("professional_referral");

        let id = editor.create_provider("derbyshire", &form).await;

        let provider = app.stored_provider(&derbyshire, &id).await;
        assert!(provider.fields.address_confidential);
        assert!(provider.fields.self_referral);
        assert!(!provider.fields.professional_referral);
        let edit = editor.get(&format!("/admin/derbyshire/providers/{id}")).await;
        assert!(edit.body.contains("name=\"address_confidential\" type=\"checkbox\" value=\"on\" checked"));
        assert!(edit.body.contains("name=\"professional_referral\" type=\"checkbox\" value=\"on\">"));
    }

    async fn a_county_admin_edits_a_provider_and_the_changed_fields_are_audited(app: TestApp) {
        let (derbyshire, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        let id = admin.create_provider("derbyshire", &Form::provider("Safe and Sound")).await;
        let version = hidden(&admin.get(&format!("/admin/derbyshire/providers/{id}")).await.body, "version").unwrap();

        let form = Form::provider("Safe and Sound")
            .set("summary", "Support for children and young people.")
            .set("max_age", "19")
            .without("self_referral");
        let res = admin.update_provider("derbyshire", &id, &form, &version).await;

        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        assert_eq!(res.location(), Some(format!("/admin/derbyshire/providers/{id}").as_str()));
        let provider = app.stored_provider(&derbyshire, &id).await;
        assert_eq!(provider.version, 2);
        assert_eq!(provider.fields.summary, "Support for children and young people.");
        assert_eq!(provider.fields.max_age, Some(19));
        assert!(!provider.fields.self_referral);
        assert_eq!(
            app.audited("provider.update", AuditView::CHANGED_FIELDS).await,
            ["provider safe-and-sound [\"summary\",\"max_age\",\"self_referral\"]"]
        );
        let log = admin.get("/admin/derbyshire/audit").await;
        assert!(log.body.contains("<code>provider.update</code>"));
        assert!(log.body.contains("summary, max_age, self_referral"));
        let edit = admin.get(&format!("/admin/derbyshire/providers/{id}")).await;
        assert_eq!(hidden(&edit.body, "version").as_deref(), Some("2"));
    }

    async fn changing_the_slug_is_audited_under_the_new_slug(app: TestApp) {
        let (derbyshire, mut editor) = app.with_county("derbyshire").with_editor().await;
        let id = editor.create_provider("derbyshire", &Form::provider("Safe and Sound")).await;

        let res = editor.update_provider("derbyshire", &id, &Form::provider("Safe and Sound").set("slug", "safe-sound"), "1").await;

        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        assert_eq!(app.stored_provider(&derbyshire, &id).await.fields.slug.as_str(), "safe-sound");
        assert_eq!(app.audited("provider.update", AuditView::CHANGED_FIELDS).await, ["provider safe-sound [\"slug\"]"]);
    }

    async fn deleting_asks_for_confirmation_then_deletes(app: TestApp) {
        let (_, mut editor) = app.with_county("derbyshire").with_editor().await;
        let id = editor.create_provider("derbyshire", &Form::provider("Safe and Sound")).await;
        let edit = editor.get(&format!("/admin/derbyshire/providers/{id}")).await;
        assert!(edit.body.contains(&format!("href=\"/admin/derbyshire/providers/{id}/delete\"")), "a link, not a button");

        let confirm = editor.get(&format!("/admin/derbyshire/providers/{id}/delete")).await;

        assert_eq!(confirm.status, StatusCode::OK);
        assert!(confirm.body.contains("Are you sure you want to delete Safe and Sound?"));
        assert!(confirm.body.contains(&format!("<form method=\"post\" action=\"/admin/derbyshire/providers/{id}/delete\">")));
        assert_eq!(app.count("SELECT COUNT(*) FROM providers").await, 1, "not deleted by looking");

        let res = editor.post(&format!("/admin/derbyshire/providers/{id}/delete"), &[]).await;

        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(res.location(), Some("/admin/derbyshire/providers"));
        assert_eq!(app.count("SELECT COUNT(*) FROM providers").await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM provider_categories").await, 0);
        assert_eq!(app.audited("provider.delete", AuditView::CHANGED_FIELDS).await, ["provider safe-and-sound []"]);
        let list = editor.get("/admin/derbyshire/providers").await;
        assert!(list.body.contains("Safe and Sound was deleted."));
        assert_eq!(list_rows(&list.body), 0);
        assert_eq!(editor.get(&format!("/admin/derbyshire/providers/{id}")).await.status, StatusCode::NOT_FOUND);
    }

    async fn deleting_needs_the_csrf_token(app: TestApp) {
        let (_, mut editor) = app.with_county("derbyshire").with_editor().await;
        let id = editor.create_provider("derbyshire", &Form::provider("Safe and Sound")).await;
        let before = app.snapshot().await;

        let res = editor
            .post_form(&format!("/admin/derbyshire/providers/{id}/delete"), &[("csrf_token", "forged")])
            .await;

        assert_eq!(res.status, StatusCode::FORBIDDEN);
        assert_eq!(app.snapshot().await, before);
    }
}
