//! What is not there is a 404 in JSON: unknown and suspended counties,
//! drafts, archived and other counties' services, routes not served; no
//! writes; `/{t}/api` leads to the front door.

use super::*;

both_backends! {
    async fn what_is_not_there_is_a_404_in_json(app: TestApp) {
        let d = hsds::directory(&app).await;
        let rutland = app.with_county("rutland").await;
        counties::set_status(&app.db, rutland.id, domain::CountyStatus::Suspended).await.unwrap();
        let mut visitor = app.client();
        let unknown = uuid::Uuid::new_v4();

        for path in [
            "/nowhere/api/services".to_owned(),
            "/nowhere/api/".to_owned(),
            "/rutland/api/services".to_owned(),
            "/rutland/api/openapi.json".to_owned(),
            format!("/derbyshire/api/services/{unknown}"),
            format!("/derbyshire/api/services/{}", d.draft.id),
            format!("/derbyshire/api/services/{}", d.archived.id),
            format!("/derbyshire/api/services/{}", d.other.id),
            "/derbyshire/api/services/not-a-uuid".to_owned(),
            format!("/derbyshire/api/organizations/{}", d.harbour.id),
            format!("/derbyshire/api/organizations/{unknown}"),
            format!("/derbyshire/api/taxonomies/{unknown}"),
            format!("/derbyshire/api/taxonomy_terms/{unknown}"),
            "/derbyshire/api/anything-else".to_owned(),
            "/derbyshire/api/locations".to_owned(),
            "/derbyshire/api/service_at_locations".to_owned(),
            "/derbyshire/api/services/x/y".to_owned(),
        ] {
            let parameter = refused(&mut visitor, &path, StatusCode::NOT_FOUND).await;
            assert_eq!(parameter, None, "{path}");
        }

        // Another county's service is only in its own county.
        let own = visitor.get(&format!("/nottingham/api/services/{}", d.other.id)).await;
        assert_eq!(own.status, StatusCode::OK);
        assert!(own.body.contains(hsds::OTHER_COUNTY_NAME));

        // The API takes no writes.
        let res = visitor.send(Request::post("/derbyshire/api/services")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from("{}")).unwrap()).await;
        assert!(matches!(res.status, StatusCode::METHOD_NOT_ALLOWED | StatusCode::NOT_FOUND), "{}", res.status);
        assert_eq!(res.header("access-control-allow-origin"), Some("*"));

        // `/{t}/api` leads to the front door.
        let res = visitor.get("/derbyshire/api").await;
        assert_eq!(res.status, StatusCode::PERMANENT_REDIRECT);
        assert_eq!(res.location(), Some("/derbyshire/api/"));
    }
}
