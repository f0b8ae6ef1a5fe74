//! Refusals: another county's providers are invisible (404), and a
//! suspended county's providers are read only.

use super::*;

both_backends! {
    async fn every_provider_route_of_another_county_is_404(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        let (nottinghamshire, mut theirs) = app.with_county("nottinghamshire").with_editor().await;
        let their_id = theirs.create_provider("nottinghamshire", &Form::provider("Notts Service")).await;
        let mut mine = app.county_admin_of(&derbyshire).await;
        let my_id = mine.create_provider("derbyshire", &Form::provider("Safe and Sound")).await;
        let before = app.snapshot().await;
        let not_found = mine.get("/admin/nowhere/providers").await.body;

        let mut routes = vec![
            ("GET", "/admin/nottinghamshire/providers".to_owned()),
            ("GET", "/admin/nottinghamshire/providers/new".to_owned()),
            ("POST", "/admin/nottinghamshire/providers".to_owned()),
            ("GET", "/admin/nottinghamshire/categories".to_owned()),
            ("POST", "/admin/nottinghamshire/categories".to_owned()),
        ];
        // Their provider under their county's URL and under mine; ids that
        // are not providers at all; my provider under their URL.
        routes.extend(provider_routes("nottinghamshire", &their_id));
        routes.extend(provider_routes("derbyshire", &their_id));
        routes.extend(provider_routes("derbyshire", &uuid::Uuid::new_v4().to_string()));
        routes.extend(provider_routes("derbyshire", "not-a-uuid"));
        routes.extend(provider_routes("nottinghamshire", &my_id));
        mine.assert_each_hidden(&routes, &Form::provider("Notts Service"), &not_found, "Notts Service").await;

        assert_eq!(app.snapshot().await, before, "nothing written");
        assert_eq!(app.stored_provider(&nottinghamshire, &their_id).await.version, 1);
    }

    async fn another_countys_category_cannot_be_deleted_under_my_county(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        let nottinghamshire = app.with_county("nottinghamshire").await;
        let mut admin = app.county_admin_of(&derbyshire).await;
        let theirs = category_id(&app, &nottinghamshire, "cse").await;
        let before = app.snapshot().await;

        for path in [
            format!("/admin/derbyshire/categories/{theirs}/delete"),
            format!("/admin/nottinghamshire/categories/{theirs}/delete"),
            "/admin/derbyshire/categories/not-a-uuid/delete".to_owned(),
        ] {
            assert_eq!(admin.post(&path, &[]).await.status, StatusCode::NOT_FOUND, "{path}");
        }

        assert_eq!(app.snapshot().await, before, "nothing written");
    }

    async fn a_suspended_countys_providers_are_read_only(app: TestApp) {
        let (derbyshire, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        let id = admin.create_provider("derbyshire", &Form::provider("Safe and Sound")).await;
        counties::set_status(&app.db, derbyshire.id, CountyStatus::Suspended).await.unwrap();
        let before = app.snapshot().await;

        let list = admin.get("/admin/derbyshire/providers").await;
        let edit = admin.get(&path_of(&id)).await;
        assert_eq!(list.status, StatusCode::OK);
        assert_eq!(edit.status, StatusCode::OK);
        assert!(!edit.body.contains("Save changes"), "no way to save");
        for (method, path) in [
            ("GET", "/admin/derbyshire/providers/new".to_owned()),
            ("POST", "/admin/derbyshire/providers".to_owned()),
            ("POST", "/admin/derbyshire/categories".to_owned()),
            ("GET", format!("/admin/derbyshire/providers/{id}/delete")),
            ("POST", format!("/admin/derbyshire/providers/{id}")),
            ("POST", format!("/admin/derbyshire/providers/{id}/delete")),
            ("POST", format!("/admin/derbyshire/providers/{id}/review")),
        ] {
            let res = admin.send_form(method, &path, &Form::provider("Other").set("slug", "other-x").set("name", "Other")).await;
            assert_eq!(res.status, StatusCode::FORBIDDEN, "{method} {path}");
        }
        assert_eq!(app.snapshot().await, before, "nothing written");
    }
}
