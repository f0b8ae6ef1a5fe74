//! Create, edit and delete; the csrf token; a provider of the same county,
//! and what deleting a provider does to its notes.

use super::*;

both_backends! {
    async fn an_editor_creates_a_note_and_lands_on_its_edit_page(app: TestApp) {
        let (derbyshire, mut editor) = app.with_county("derbyshire").with_provider("Safe and Sound").with_editor().await;

        let form_page = editor.get("/admin/derbyshire/notes/new").await;
        assert_eq!(form_page.status, StatusCode::OK);
        assert!(form_page.body.contains("<title>Add a commissioning note"), "{}", form_page.body);
        assert!(form_page.body.contains("<option value=\"safe-and-sound\">Safe and Sound</option>"));
        assert!(form_page.body.contains("list=\"legal_basis-suggestions\""));
        assert!(form_page.body.contains("<datalist id=\"legal_basis-suggestions\">"));
        assert!(form_page.body.contains("<option value=\"Police Reform and Social Responsibility Act 2011\">"));
        assert!(form_page.body.contains("<option value=\"Anti-social Behaviour, Crime and Policing Act 2014 s.143\">"));
        let form = Form::note(SERVICE)
            .set("legal_basis", "Anti-social Behaviour, Crime and Policing Act 2014 s.143")
            .set("ends_on", "2099-03-31");
        let id = editor.create_note("derbyshire", &form).await;

        let note = app.stored_note(&derbyshire, &id).await;
        assert_eq!(note.version, 1);
        assert_eq!(note.fields.provider.as_ref().map(domain::Slug::as_str), Some("safe-and-sound"));
        assert_eq!(note.provider_name.as_deref(), Some("Safe and Sound"));
        assert_eq!(note.fields.service, SERVICE);
        assert_eq!(note.fields.legal_basis, "Anti-social Behaviour, Crime and Policing Act 2014 s.143");
        assert_eq!(note.fields.starts_on, time::macros::date!(2020 - 04 - 01));
        assert_eq!(note.fields.ends_on, Some(time::macros::date!(2099 - 03 - 31)));
        assert_eq!(note.fields.internal_notes, "Contract reference 42; review in March.");
        assert_eq!(
            app.query_strings("SELECT starts_on || ' ' || ends_on FROM commissioning_notes").await,
            ["2020-04-01 2099-03-31"],
            "dates stored as ISO text"
        );

        let edit = editor.get(&format!("/admin/derbyshire/notes/{id}")).await;
        assert_eq!(edit.status, StatusCode::OK);
        assert!(edit.body.contains(&format!("The commissioning note {SERVICE} was added.")), "a flash message");
        assert!(edit.body.contains(&format!("<title>Edit commissioning note {SERVICE}")));
        assert_eq!(hidden(&edit.body, "version").as_deref(), Some("1"));
        assert!(edit.body.contains("<option value=\"safe-and-sound\" selected>Safe and Sound</option>"));
        assert!(edit.body.contains("value=\"2020-04-01\"") && edit.body.contains("value=\"2099-03-31\""));
        assert!(edit.body.contains(">Contract reference 42; review in March.</textarea>"));
        let list = editor.get("/admin/derbyshire/notes").await;
        assert_eq!(list_rows(&list.body), 1);
        assert!(list.body.contains(&format!("<a href=\"/admin/derbyshire/notes/{id}\">{SERVICE}</a>")));
        assert!(list.body.contains("<td>Safe and Sound</td>"));
        assert!(list.body.contains("1 April 2020 to 31 March 2099"));
        assert!(list.body.contains("<span class=\"tag\">Current</span>"));
        assert_eq!(
            app.audited("note.create", AuditView::CHANGED_FIELDS).await,
            [format!(
                "note {id} [\"provider\",\"service\",\"legal_basis\",\"starts_on\",\"ends_on\",\"public_statement\",\"internal_notes\"]"
            )]
        );
    }

    async fn a_note_needs_no_provider_end_date_or_statements(app: TestApp) {
        let (derbyshire, mut editor) = app.with_county("derbyshire").with_provider("Safe and Sound").with_editor().await;
        let form = Form::note(SERVICE)
            .set("provider", "")
            .set("public_statement", "")
            .set("internal_notes", "")
            .set("starts_on", "2999-01-01");

        let id = editor.create_note("derbyshire", &form).await;

        let note = app.stored_note(&derbyshire, &id).await;
        assert_eq!((note.fields.provider, note.provider_name, note.fields.ends_on), (None, None, None));
        let list = editor.get("/admin/derbyshire/notes").await;
        assert!(list.body.contains("From 1 January 2999, no end date"));
        assert!(list.body.contains("Not started"));
        assert_eq!(
            app.audited("note.create", AuditView::CHANGED_FIELDS).await,
            [format!("note {id} [\"service\",\"legal_basis\",\"starts_on\"]")]
        );
    }

    async fn a_county_admin_edits_a_note_and_the_changed_fields_are_audited(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        app.add_provider(&derbyshire, "Safe and Sound").await;
        app.add_provider(&derbyshire, "NSPCC").await;
        let mut admin = app.county_admin_of(&derbyshire).await;
        let id = admin.create_note("derbyshire", &Form::note(SERVICE)).await;
        let version = hidden(&admin.get(&format!("/admin/derbyshire/notes/{id}")).await.body, "version").unwrap();

        let form = Form::note(SERVICE)
            .set("provider", "nspcc")
            .set("ends_on", "2021-03-31")
            .set("internal_notes", "Contract ended early.");
        let res = admin.update_note("derbyshire", &id, &form, &version).await;

        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        assert_eq!(res.location(), Some(format!("/admin/derbyshire/notes/{id}").as_str()));
        let note = app.stored_note(&derbyshire, &id).await;
        assert_eq!(note.version, 2);
        assert_eq!(note.provider_name.as_deref(), Some("NSPCC"));
        assert_eq!(note.fields.ends_on, Some(time::macros::date!(2021 - 03 - 31)));
        assert_eq!(note.fields.internal_notes, "Contract ended early.");
        assert_eq!(
            app.audited("note.update", AuditView::CHANGED_FIELDS).await,
            [format!("note {id} [\"provider\",\"ends_on\",\"internal_notes\"]")]
        );
        let edit = admin.get(&format!("/admin/derbyshire/notes/{id}")).await;
        assert_eq!(hidden(&edit.body, "version").as_deref(), Some("2"));
        assert!(edit.body.contains(&format!("Changes to the commissioning note {SERVICE} were saved.")));
        let log = admin.get("/admin/derbyshire/audit").await;
        assert!(log.body.contains("<code>note.update</code>"));
        assert!(log.body.contains("provider, ends_on, internal_notes"));
        assert!(!log.body.contains("Contract ended early."), "the log names fields, not their text");
        let list = admin.get("/admin/derbyshire/notes").await;
        assert!(list.body.contains("<span class=\"tag tag--grey\">Ended</span>"));
    }

    async fn deleting_asks_for_confirmation_then_deletes(app: TestApp) {
        let (_, mut editor) = app.with_county("derbyshire").with_provider("Safe and Sound").with_editor().await;
        let id = editor.create_note("derbyshire", &Form::note(SERVICE)).await;
        let edit = editor.get(&format!("/admin/derbyshire/notes/{id}")).await;
        assert!(edit.body.contains(&format!("href=\"/admin/derbyshire/notes/{id}/delete\"")), "a link, not a button");

        let confirm = editor.get(&format!("/admin/derbyshire/notes/{id}/delete")).await;

        assert_eq!(confirm.status, StatusCode::OK);
        assert!(confirm.body.contains(&format!("Are you sure you want to delete the commissioning note {SERVICE}?")));
        assert!(confirm.body.contains("It is current"));
        assert!(confirm.body.contains(&format!("<form method=\"post\" action=\"/admin/derbyshire/notes/{id}/delete\">")));
        assert_eq!(app.count("SELECT COUNT(*) FROM commissioning_notes").await, 1, "not deleted by looking");

        let res = editor.post(&format!("/admin/derbyshire/notes/{id}/delete"), &[]).await;

        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(res.location(), Some("/admin/derbyshire/notes"));
        assert_eq!(app.count("SELECT COUNT(*) FROM commissioning_notes").await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM providers").await, 1, "the provider stays");
        assert_eq!(app.audited("note.delete", AuditView::CHANGED_FIELDS).await, [format!("note {id} []")]);
        let list = editor.get("/admin/derbyshire/notes").await;
        assert!(list.body.contains(&format!("The commissioning note {SERVICE} was deleted.")));
        assert_eq!(list_rows(&list.body), 0);
        assert!(list.body.contains("There are no commissioning notes yet."));
        assert_eq!(editor.get(&format!("/admin/derbyshire/notes/{id}")).await.status, StatusCode::NOT_FOUND);
    }

    async fn writes_need_the_csrf_token(app: TestApp) {
        let (_, mut editor) = app.with_county("derbyshire").with_provider("Safe and Sound").with_editor().await;
        let id = editor.create_note("derbyshire", &Form::note(SERVICE)).await;
        let before = app.snapshot().await;

        for path in [
            "/admin/derbyshire/notes".to_owned(),
            format!("/admin/derbyshire/notes/{id}"),
            format!("/admin/derbyshire/notes/{id}/delete"),
        ] {
            let form = Form::note("Forged").set("version", "1").set("csrf_token", "forged");
            let res = editor.post_form(&path, &form.pairs()).await;
            assert_eq!(res.status, StatusCode::FORBIDDEN, "{path}");
        }

        assert_eq!(app.snapshot().await, before);
    }

    async fn deleting_a_provider_unlinks_its_notes_and_makes_open_edits_stale(app: TestApp) {
        let (derbyshire, mut editor) = app.with_county("derbyshire").with_provider("Safe and Sound").with_editor().await;
        let id = editor.create_note("derbyshire", &Form::note(SERVICE)).await;
        let provider = providers::find_by_slug(&app.db, derbyshire.id, "safe-and-sound").await.unwrap().unwrap();

        let res = editor.post(&format!("/admin/derbyshire/providers/{}/delete", provider.id), &[]).await;

        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        assert_eq!(app.count("SELECT COUNT(*) FROM providers").await, 0);
        let note = app.stored_note(&derbyshire, &id).await;
        assert_eq!((note.fields.provider, note.provider_name), (None, None), "the note stays, unlinked");
        assert_eq!(note.version, 2, "the note changed");
        assert_eq!(note.fields.service, SERVICE);
        let list = editor.get("/admin/derbyshire/notes").await;
        assert!(list.body.contains("<span class=\"hint\">none</span>"));
        let stale = editor.update_note("derbyshire", &id, &Form::note(SERVICE).set("provider", ""), "1").await;
        assert_eq!(stale.status, StatusCode::CONFLICT, "an edit opened before the deletion");
    }

    async fn a_provider_slug_names_the_provider_of_this_county(app: TestApp) {
        let (derbyshire, mut editor) = app.with_county("derbyshire").with_provider("Safe and Sound").with_editor().await;
        let nottinghamshire = app.with_county("nottinghamshire").await;
        app.add_provider(&nottinghamshire, "Safe and Sound").await;

        editor.create_note("derbyshire", &Form::note(SERVICE)).await;

        assert_eq!(
            app.query_strings(
                "SELECT t.slug FROM commissioning_notes n JOIN providers p \
                 ON p.tenant_id = n.tenant_id AND p.id = n.provider_id \
                 JOIN tenants t ON t.id = p.tenant_id"
            )
            .await,
            ["derbyshire"]
        );
        assert_eq!(commissioning::list(&app.db, nottinghamshire.id).await.unwrap().len(), 0);
        assert_eq!(commissioning::list(&app.db, derbyshire.id).await.unwrap().len(), 1);
    }
}
