//! Ids stay the same across edits, which show at once past the cache.

use super::*;

both_backends! {
    async fn ids_stay_the_same_across_edits_which_show_at_once(app: TestApp) {
        let (_county, mut editor) = app.with_county("derbyshire").with_editor().await;
        let mut visitor = app.client();
        let mut form = vec![
            ("name", "First Name".to_owned()),
            ("summary", "Help".to_owned()),
            ("phone", "Helpline: 0800 1111".to_owned()),
            ("opening_hours", "Mo 09:00-17:00".to_owned()),
            ("categories", "cse".to_owned()),
            ("status", "published".to_owned()),
        ];
        let refs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let res = editor.post("/admin/derbyshire/providers", &refs).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let id = res.location().unwrap().rsplit('/').next().unwrap().to_owned();

        let path = format!("/derbyshire/api/services/{id}");
        let before = ok(&mut visitor, &path).await;
        let etag = visitor.get(&path).await.header("etag").unwrap().to_owned();
        let same = visitor.send(Request::get(&path).header(header::IF_NONE_MATCH, &etag)
            .body(Body::empty()).unwrap()).await;
        assert_eq!(same.status, StatusCode::NOT_MODIFIED);
        assert_eq!(same.header("access-control-allow-origin"), Some("*"));
        let list_etag = visitor.get("/derbyshire/api/services").await.header("etag").unwrap().to_owned();

        form[0].1 = "Second Name".to_owned();
        form.push(("version", "1".to_owned()));
        let refs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let res = editor.post(&format!("/admin/derbyshire/providers/{id}"), &refs).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);

        let after = ok(&mut visitor, &path).await;
        assert_eq!(after["name"], "Second Name", "the edit shows at once");
        for field in ["id", "organization_id"] {
            assert_eq!(before[field], after[field], "{field}");
        }
        assert_eq!(before["organization"]["id"], after["organization"]["id"]);
        assert_eq!(before["phones"][0]["id"], after["phones"][0]["id"]);
        assert_eq!(before["schedules"][0]["id"], after["schedules"][0]["id"]);
        assert_eq!(before["attributes"][0]["id"], after["attributes"][0]["id"]);
        assert_eq!(after["id"], id);
        let changed = visitor.send(Request::get("/derbyshire/api/services")
            .header(header::IF_NONE_MATCH, &list_etag).body(Body::empty()).unwrap()).await;
        assert_eq!(changed.status, StatusCode::OK, "a new list after the edit");
        assert!(changed.body.contains("Second Name"));
    }
}
