//! Escaping: markup in every free-text field.

use super::*;

both_backends! {
    async fn markup_in_every_free_text_field_is_escaped(app: TestApp) {
        let (_, mut admin) = app.with_county("derbyshire").with_provider("Safe and Sound").with_editor().await;
        let mut form = Form::note("x");
        for field in FREE_TEXT {
            form = form.set(field, &format!("{SCRIPT} {ATTRIBUTE} {field}"));
        }
        let id = admin.create_note("derbyshire", &form).await;
        let stale = admin.update_note("derbyshire", &id, &form, "0").await;
        let mut invalid = form.clone().set("starts_on", &format!("{SCRIPT}{ATTRIBUTE}"));
        invalid = invalid.set("provider", &format!("{SCRIPT}{ATTRIBUTE}"));
        let refused = admin.post("/admin/derbyshire/notes", &invalid.pairs()).await;

        let list = admin.get("/admin/derbyshire/notes").await;
        let edit = admin.get(&format!("/admin/derbyshire/notes/{id}")).await;
        let confirm = admin.get(&format!("/admin/derbyshire/notes/{id}/delete")).await;
        for (page, res, status) in [
            ("list", &list, StatusCode::OK),
            ("edit", &edit, StatusCode::OK),
            ("delete", &confirm, StatusCode::OK),
            ("conflict", &stale, StatusCode::CONFLICT),
            ("invalid", &refused, StatusCode::UNPROCESSABLE_ENTITY),
        ] {
            assert_eq!(res.status, status, "{page}");
            assert!(!carries_markup(&res.body), "{page} escapes: {}", res.body);
            assert!(res.body.contains("&#60;script&#62;alert(1)&#60;/script&#62;"), "{page} shows the text");
        }
        for field in FREE_TEXT {
            assert!(edit.body.contains(&format!("&#60;script&#62;alert(1)&#60;/script&#62; &#34;&#62;&#60;img src=x onerror=alert(1)&#62; {field}")), "{field} shown escaped");
        }
    }
}
