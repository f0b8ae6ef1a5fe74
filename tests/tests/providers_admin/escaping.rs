//! Escaping: markup typed into any field is shown as text, on the list, the
//! edit page and the form sent back with errors.

use super::*;

both_backends! {
    async fn markup_in_every_free_text_field_is_escaped_in_the_list_and_edit_pages(app: TestApp) {
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        let mut form = Form::provider("x");
        for field in FREE_TEXT {
            form = form.set(field, &format!("{SCRIPT} {ATTRIBUTE} {field}"));
        }
        let id = admin.create_provider("derbyshire", &form).await;

        let list = admin.get("/admin/derbyshire/providers").await;
        let edit = admin.get(&format!("/admin/derbyshire/providers/{id}")).await;
        let confirm = admin.get(&format!("/admin/derbyshire/providers/{id}/delete")).await;
        let log = admin.get("/admin/derbyshire/audit").await;

        for (page, res) in [("list", &list), ("edit", &edit), ("delete", &confirm), ("audit", &log)] {
            assert_eq!(res.status, StatusCode::OK, "{page}");
            assert!(!carries_markup(&res.body), "{page} escapes: {}", res.body);
            assert!(res.body.contains("&#60;script&#62;alert(1)&#60;/script&#62;"), "{page} shows the text");
        }
        for field in FREE_TEXT {
            assert!(edit.body.contains(&format!("&#60;script&#62;alert(1)&#60;/script&#62; &#34;&#62;&#60;img src=x onerror=alert(1)&#62; {field}")), "{field} shown escaped");
        }
    }

    async fn markup_in_every_field_is_escaped_when_the_form_comes_back_with_errors(app: TestApp) {
        let (_, mut editor) = app.with_county("derbyshire").with_editor().await;
        let id = editor.create_provider("derbyshire", &Form::provider("Safe and Sound")).await;
        let mut form = Form::provider("x");
        for field in TEXT_FIELDS {
            form = form.set(field, &format!("{SCRIPT}{ATTRIBUTE}"));
        }

        let created = editor.post("/admin/derbyshire/providers", &form.pairs()).await;
        let updated = editor.update_provider("derbyshire", &id, &form, "1").await;
        // A stale version with values that pass validation: the 409 page
        // shows them in its table and its form.
        let mut valid = Form::provider("x");
        for field in FREE_TEXT {
            valid = valid.set(field, &format!("{SCRIPT}{ATTRIBUTE}"));
        }
        let stale = editor.update_provider("derbyshire", &id, &valid, "0").await;

        for (what, res, status) in [
            ("create", &created, StatusCode::UNPROCESSABLE_ENTITY),
            ("update", &updated, StatusCode::UNPROCESSABLE_ENTITY),
            ("conflict", &stale, StatusCode::CONFLICT),
        ] {
            assert_eq!(res.status, status, "{what}");
            assert!(!carries_markup(&res.body), "{what} escapes: {}", res.body);
            assert!(res.body.contains("&#60;script&#62;"), "{what} shows the text");
        }
    }
}
