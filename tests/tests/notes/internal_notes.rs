//! Internal notes are never public.

use super::*;

both_backends! {
    async fn an_internal_notes_marker_is_absent_from_every_public_response(app: TestApp) {
        const MARKER: &str = "INTERNAL-MARKER-7f3a9c";
        let (_, mut editor) = app.with_county("derbyshire").with_provider("Safe and Sound").with_editor().await;
        let form = Form::note(SERVICE)
            .set("internal_notes", &format!("Budget line {MARKER}; **zebraquartz** renewal"));
        let id = editor.create_note("derbyshire", &form).await;
        let edit = editor.get(&format!("/admin/derbyshire/notes/{id}")).await;
        assert!(edit.body.contains(MARKER), "editors see it");

        let public = app.client();
        for path in [
            "/",
            "/safety",
            "/derbyshire/",
            "/derbyshire/support",
            "/derbyshire/support?q=zebraquartz",
            "/derbyshire/support/safe-and-sound",
            "/derbyshire/safety",
        ] {
            let mut client = public.clone();
            let res = client.get(path).await;
            assert_eq!(res.status, StatusCode::OK, "{path}");
            assert!(!res.body.contains(MARKER), "{path} leaks the internal notes");
            assert!(!res.body.contains("Budget line"), "{path} leaks the internal notes");
        }
    }
}
