//! The lists: paging and its edges, each filter, and 400s in JSON for
//! bad values.

use super::*;

both_backends! {
    async fn paging_has_its_edges(app: TestApp) {
        hsds::directory(&app).await;
        let mut visitor = app.client();

        let first = ok(&mut visitor, "/derbyshire/api/services?per_page=1").await;
        check_page(&first, "service", "per_page=1");
        assert_eq!(
            (&first["total_items"], &first["total_pages"], &first["page_number"], &first["size"]),
            (&Value::from(2), &Value::from(2), &Value::from(1), &Value::from(1))
        );
        assert_eq!((&first["first_page"], &first["last_page"], &first["empty"]),
            (&Value::Bool(true), &Value::Bool(false), &Value::Bool(false)));
        assert_eq!(first["contents"][0]["name"], "Hidden Refuge", "name order");

        let second = ok(&mut visitor, "/derbyshire/api/services?per_page=1&page=2").await;
        assert_eq!((&second["first_page"], &second["last_page"]), (&Value::Bool(false), &Value::Bool(true)));
        assert_eq!(second["contents"][0]["name"], "Safe Harbour");

        let beyond = ok(&mut visitor, "/derbyshire/api/services?page=3&per_page=1").await;
        check_page(&beyond, "service", "beyond");
        assert_eq!(beyond["empty"], true);
        assert_eq!(beyond["size"], 0);
        assert_eq!(beyond["contents"], Value::Array(vec![]));
        assert_eq!(beyond["page_number"], 3);

        let all = ok(&mut visitor, "/derbyshire/api/services").await;
        assert_eq!((&all["size"], &all["total_pages"]), (&Value::from(2), &Value::from(1)));
        let at_most = ok(&mut visitor, "/derbyshire/api/services?per_page=200").await;
        assert_eq!(at_most["size"], 2);

        for (query, parameter) in [
            ("page=0", "page"),
            ("page=-1", "page"),
            ("page=abc", "page"),
            ("per_page=1000", "per_page"),
            ("per_page=201", "per_page"),
            ("per_page=0", "per_page"),
        ] {
            for list in ["services", "organizations", "taxonomies", "taxonomy_terms"] {
                let path = format!("/derbyshire/api/{list}?{query}");
                let named = refused(&mut visitor, &path, StatusCode::BAD_REQUEST).await;
                assert_eq!(named.as_deref(), Some(parameter), "{path}");
            }
        }
    }

    async fn each_filter_selects_and_bad_values_are_400(app: TestApp) {
        let d = hsds::directory(&app).await;
        let mut visitor = app.client();
        let (_, cse) = taxonomy_ids(&mut visitor).await;

        assert_eq!(names(&mut visitor, "?search=listen").await, ["Safe Harbour"]);
        assert_eq!(names(&mut visitor, "?search=SAFE%20place").await, ["Hidden Refuge"]);
        assert_eq!(names(&mut visitor, "?text=safe").await, ["Hidden Refuge", "Safe Harbour"]);
        assert!(names(&mut visitor, "?search=listen%20refuge").await.is_empty());
        assert!(names(&mut visitor, "?search=Zeta").await.is_empty(), "not drafts");
        assert!(names(&mut visitor, "?search=Secret").await.is_empty(), "not the address");
        assert_eq!(names(&mut visitor, &format!("?taxonomy_term_id={cse}")).await, ["Safe Harbour"]);
        let unused = uuid::Uuid::new_v4();
        assert!(names(&mut visitor, &format!("?taxonomy_term_id={unused}")).await.is_empty());
        assert_eq!(names(&mut visitor, "?minimum_age=12").await, ["Safe Harbour"]);
        assert_eq!(names(&mut visitor, "?minimum_age=20").await, ["Hidden Refuge", "Safe Harbour"]);
        assert_eq!(names(&mut visitor, "?maximum_age=30").await, ["Hidden Refuge"]);
        assert_eq!(names(&mut visitor, "?minimum_age=18&maximum_age=25").await, ["Hidden Refuge", "Safe Harbour"]);
        assert_eq!(names(&mut visitor, "?modified_after=2000-01-01T00:00:00Z").await.len(), 2);
        assert!(names(&mut visitor, "?modified_after=2999-01-01T00:00:00%2B01:00").await.is_empty());
        let before_refuge = (d.refuge.updated_at - time::Duration::milliseconds(1))
            .format(&time::format_description::well_known::Rfc3339).unwrap();
        let after = names(&mut visitor, &format!("?modified_after={}", before_refuge.replace('+', "%2B"))).await;
        assert!(after.contains(&"Hidden Refuge".to_owned()), "{after:?}");

        // A search is answered for this request only.
        let searched = visitor.get("/derbyshire/api/services?search=listen").await;
        assert_eq!(searched.header("cache-control"), Some("no-store"));
        assert_eq!(searched.header("etag"), None);

        for (query, parameter) in [
            ("taxonomy_term_id=cse", "taxonomy_term_id"),
            ("minimum_age=old", "minimum_age"),
            ("minimum_age=-3", "minimum_age"),
            ("maximum_age=999", "maximum_age"),
            ("minimum_age=30&maximum_age=20", "minimum_age"),
            ("modified_after=yesterday", "modified_after"),
            ("modified_after=2026-01-01", "modified_after"),
        ] {
            let path = format!("/derbyshire/api/services?{query}");
            let named = refused(&mut visitor, &path, StatusCode::BAD_REQUEST).await;
            assert_eq!(named.as_deref(), Some(parameter), "{path}");
        }
    }
}
