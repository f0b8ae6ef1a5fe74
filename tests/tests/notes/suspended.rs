//! Suspended counties: their notes are read only.

use super::*;

both_backends! {
    async fn a_suspended_countys_notes_are_read_only(app: TestApp) {
        let (derbyshire, _) = app.with_county("derbyshire").with_provider("Safe and Sound").with_editor().await;
        let mut admin = app.county_admin_of(&derbyshire).await;
        let id = admin.create_note("derbyshire", &Form::note(SERVICE)).await;
        counties::set_status(&app.db, derbyshire.id, CountyStatus::Suspended).await.unwrap();
        let before = app.snapshot().await;

        let list = admin.get("/admin/derbyshire/notes").await;
        let edit = admin.get(&format!("/admin/derbyshire/notes/{id}")).await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(list.body.contains("can be read but not changed"));
        assert!(!list.body.contains("/notes/new"), "no way to add");
        assert_eq!(edit.status, StatusCode::OK);
        assert!(!edit.body.contains("Save changes"), "no way to save");
        for (method, path) in [
            ("GET", "/admin/derbyshire/notes/new".to_owned()),
            ("POST", "/admin/derbyshire/notes".to_owned()),
            ("POST", format!("/admin/derbyshire/notes/{id}")),
            ("GET", format!("/admin/derbyshire/notes/{id}/delete")),
            ("POST", format!("/admin/derbyshire/notes/{id}/delete")),
        ] {
            let res = admin.send_form(method, &path, &Form::note("Other")).await;
            assert_eq!(res.status, StatusCode::FORBIDDEN, "{method} {path}");
        }
        assert_eq!(app.snapshot().await, before, "nothing written");
    }
}
