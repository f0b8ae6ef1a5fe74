//! Another county is invisible: every note route of another county is 404.

use super::*;

both_backends! {
    async fn every_note_route_of_another_county_is_404(app: TestApp) {
        let nottinghamshire = app.create_tenant("nottinghamshire").await;
        add_provider(&app, &nottinghamshire, "Safe and Sound").await;
        let mut theirs = app.editor_of(&nottinghamshire).await;
        let their_id = create(&mut theirs, "nottinghamshire", &Form::valid("Notts Service")).await;
        let (derbyshire, _) = derbyshire(&app).await;
        let mut mine = app.county_admin_of(&derbyshire).await;
        let my_id = create(&mut mine, "derbyshire", &Form::valid(SERVICE)).await;
        let before = snapshot(&app).await;
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
        for (method, path) in &routes {
            let res = send(&mut mine, method, path, &Form::valid("Notts Service")).await;
            assert_eq!(res.status, StatusCode::NOT_FOUND, "{method} {path}");
            assert_eq!(res.body, not_found, "{method} {path} reveals nothing");
            assert!(!res.body.contains("Notts Service"), "{method} {path}");
        }

        assert_eq!(snapshot(&app).await, before, "nothing written");
        assert_eq!(stored(&app, &nottinghamshire, &their_id).await.version, 1);
        let list = mine.get("/admin/derbyshire/notes").await;
        assert_eq!(rows(&list.body), 1, "only my county's notes");
        assert!(!list.body.contains("Notts Service"));
    }
}
