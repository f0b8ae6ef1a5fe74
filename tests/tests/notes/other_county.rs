//! Another county is invisible: every note route of another county is 404.

use super::*;

both_backends! {
    async fn every_note_route_of_another_county_is_404(app: TestApp) {
        let nottinghamshire = app.with_county("nottinghamshire").await;
        app.add_provider(&nottinghamshire, "Safe and Sound").await;
        let mut theirs = app.editor_of(&nottinghamshire).await;
        let their_id = theirs.create_note("nottinghamshire", &Form::note("Notts Service")).await;
        let (derbyshire, _) = app.with_county("derbyshire").with_provider("Safe and Sound").with_editor().await;
        let mut mine = app.county_admin_of(&derbyshire).await;
        let my_id = mine.create_note("derbyshire", &Form::note(SERVICE)).await;
        let before = app.snapshot().await;
        let not_found = mine.get("/admin/nowhere/notes").await.body;

        let mut routes = vec![
            ("GET", "/admin/nottinghamshire/notes".to_owned()),
            ("GET", "/admin/nottinghamshire/notes/new".to_owned()),
            ("POST", "/admin/nottinghamshire/notes".to_owned()),
        ];
        // Their note under their county's URL and under mine; ids that are
        // not notes at all; my note under their URL.
        routes.extend(note_routes("nottinghamshire", &their_id));
        routes.extend(note_routes("derbyshire", &their_id));
        routes.extend(note_routes("derbyshire", &uuid::Uuid::new_v4().to_string()));
        routes.extend(note_routes("derbyshire", "not-a-uuid"));
        routes.extend(note_routes("nottinghamshire", &my_id));
        mine.assert_each_hidden(&routes, &Form::note("Notts Service"), &not_found, "Notts Service").await;

        assert_eq!(app.snapshot().await, before, "nothing written");
        assert_eq!(app.stored_note(&nottinghamshire, &their_id).await.version, 1);
        let list = mine.get("/admin/derbyshire/notes").await;
        assert_eq!(list_rows(&list.body), 1, "only my county's notes");
        assert!(!list.body.contains("Notts Service"));
    }
}
