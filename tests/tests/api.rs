//! The Open Referral UK (HSDS 3.0) read API under `/{t}/api/`: every
//! route, its JSON checked against the HSDS field fixtures; paging edges;
//! each filter; 400s and 404s as JSON with CORS; no cookie; nothing
//! private (a confidential address, drafts, archived providers, another
//! county's) in any answer; stable ids across edits; the cache; and the
//! OpenAPI document against the routes served.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use integration_tests::hsds::{self, Directory, assert_nothing_private, check, check_page};
use integration_tests::{TestClient, TestResponse, both_backends};
use persistence::repo::counties;
use serde_json::Value;

/// `GET path`, checked to be JSON with CORS and no cookie, whatever its
/// status, and free of anything private.
async fn get(client: &mut TestClient, path: &str) -> (TestResponse, Value) {
    let res = client.get(path).await;
    assert_eq!(
        res.header("content-type"),
        Some("application/json"),
        "{path}: {}",
        res.body
    );
    assert_eq!(
        res.header("access-control-allow-origin"),
        Some("*"),
        "{path}"
    );
    assert!(!res.sets_cookie(), "{path} sets a cookie");
    assert_nothing_private(path, &res.body);
    let json = serde_json::from_str(&res.body).unwrap_or_else(|e| panic!("{path}: {e}"));
    (res, json)
}

/// `GET path`, which must be 200.
async fn ok(client: &mut TestClient, path: &str) -> Value {
    let (res, json) = get(client, path).await;
    assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.body);
    json
}

/// `GET path`, which must be a JSON error with this status; its
/// `parameter`.
async fn refused(client: &mut TestClient, path: &str, status: StatusCode) -> Option<String> {
    let (res, json) = get(client, path).await;
    assert_eq!(res.status, status, "{path}: {}", res.body);
    check(&json, "error", path);
    json["parameter"].as_str().map(str::to_owned)
}

/// The names of the services a list gives.
async fn names(client: &mut TestClient, query: &str) -> Vec<String> {
    let path = format!("/derbyshire/api/services{query}");
    let page = ok(client, &path).await;
    check_page(&page, "service", &path);
    page["contents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_owned())
        .collect()
}

/// Every route with a real id: (path, fixture of the answer, paged).
fn routes(d: &Directory, taxonomy: &str, term: &str) -> Vec<(String, &'static str, bool)> {
    let service = d.harbour.id;
    let organization =
        openreferral::ids::derived(service.as_uuid(), openreferral::ids::Role::Organization, 0);
    [
        ("/derbyshire/api/".to_owned(), "info", false),
        ("/derbyshire/api/services".to_owned(), "service", true),
        (
            format!("/derbyshire/api/services/{service}"),
            "service",
            false,
        ),
        (
            format!("/derbyshire/api/services/{}", d.refuge.id),
            "service",
            false,
        ),
        ("/derbyshire/api/taxonomies".to_owned(), "taxonomy", true),
        (
            format!("/derbyshire/api/taxonomies/{taxonomy}"),
            "taxonomy",
            false,
        ),
        (
            "/derbyshire/api/taxonomy_terms".to_owned(),
            "taxonomy_term",
            true,
        ),
        (
            format!("/derbyshire/api/taxonomy_terms/{term}"),
            "taxonomy_term",
            false,
        ),
        (
            "/derbyshire/api/organizations".to_owned(),
            "organization",
            true,
        ),
        (
            format!("/derbyshire/api/organizations/{organization}"),
            "organization",
            false,
        ),
    ]
    .into_iter()
    .collect()
}

/// The county's taxonomy id and the id of its `cse` term, from the API.
async fn taxonomy_ids(client: &mut TestClient) -> (String, String) {
    let taxonomies = ok(client, "/derbyshire/api/taxonomies").await;
    let taxonomy = taxonomies["contents"][0]["id"].as_str().unwrap().to_owned();
    let terms = ok(client, "/derbyshire/api/taxonomy_terms").await;
    let cse = terms["contents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["code"] == "cse")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    (taxonomy, cse)
}

both_backends! {
    async fn every_route_answers_hsds_json_with_nothing_private(app: TestApp) {
        let d = hsds::directory(&app).await;
        let mut visitor = app.client();
        let (taxonomy, term) = taxonomy_ids(&mut visitor).await;

        for (path, fixture, paged) in routes(&d, &taxonomy, &term) {
            let json = ok(&mut visitor, &path).await;
            if paged {
                check_page(&json, fixture, &path);
            } else {
                check(&json, fixture, &path);
            }
        }

        let info = ok(&mut visitor, "/derbyshire/api/").await;
        assert_eq!(info["version"], "3.0");
        assert_eq!(info["profile"], openreferral::PROFILE_URL);
        assert!(info["openapi_url"].as_str().unwrap().ends_with("/derbyshire/api/openapi.json"));

        let list = ok(&mut visitor, "/derbyshire/api/services").await;
        assert_eq!(list["total_items"], 2, "only the published: {list}");
        let harbour = ok(&mut visitor, &format!("/derbyshire/api/services/{}", d.harbour.id)).await;
        assert_eq!(harbour["id"], d.harbour.id.to_string());
        assert_eq!(harbour["status"], "active");
        assert_eq!(harbour["minimum_age"], 11);
        assert_eq!(harbour["url"], "https://www.example.org/");
        assert!(harbour["description"].as_str().unwrap().contains("We listen, then we help."));
        assert!(!harbour["description"].as_str().unwrap().contains("**"));
        let phones: Vec<(&str, &str)> = harbour["phones"].as_array().unwrap().iter()
            .map(|p| (p["number"].as_str().unwrap(), p["type"].as_str().unwrap())).collect();
        assert_eq!(phones, [("0800 1111", "voice"), ("07700 900123", "text")]);
        let schedules = harbour["schedules"].as_array().unwrap();
        assert_eq!(schedules.len(), 11, "5 days of 2 periods and Saturday: {schedules:?}");
        assert_eq!(schedules[1]["byday"], "MO");
        assert_eq!(schedules[1]["opens_at"], "13:00");
        assert_eq!(schedules[1]["closes_at"], "17:00");
        assert_eq!(schedules[1]["freq"], "WEEKLY");
        assert_eq!(schedules[10]["byday"], "SA");
        assert_eq!(schedules[1]["description"], "Closed on bank holidays");
        assert_eq!(harbour["service_areas"][0]["name"], "Derby and Derbyshire");
        assert_eq!(harbour["service_areas"][0]["extent_type"], "text");
        let codes: Vec<&str> = harbour["attributes"].as_array().unwrap().iter()
            .map(|a| a["taxonomy_term"]["code"].as_str().unwrap()).collect();
        assert_eq!(codes, ["cse", "counselling"]);
        let address = &harbour["service_at_locations"][0]["location"]["addresses"][0];
        assert_eq!(address["address_1"], "1 High Street");
        assert_eq!(address["postal_code"], "DE1 2AB");

        let refuge = ok(&mut visitor, &format!("/derbyshire/api/services/{}", d.refuge.id)).await;
        assert_eq!(refuge["service_at_locations"], Value::Array(vec![]));
        assert_eq!(refuge["schedules"].as_array().unwrap().len(), 1);
        assert_eq!(refuge["schedules"][0]["description"], "Mo-Fr 09:00-17:00; PH off");
        assert!(refuge["schedules"][0].get("freq").is_none());
    }

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

    async fn the_openapi_document_lists_exactly_the_routes_served(app: TestApp) {
        let d = hsds::directory(&app).await;
        let mut visitor = app.client();
        let (taxonomy, term) = taxonomy_ids(&mut visitor).await;
        let organization = openreferral::ids::derived(d.harbour.id.as_uuid(), openreferral::ids::Role::Organization, 0);
        let doc = ok(&mut visitor, "/derbyshire/api/openapi.json").await;
        assert!(doc["openapi"].as_str().unwrap().starts_with("3."), "{doc}");
        let paths = doc["paths"].as_object().unwrap();
        let mut listed: Vec<&str> = paths.keys().map(String::as_str).collect();
        listed.sort_unstable();
        assert_eq!(listed, [
            "/{t}/api/", "/{t}/api/openapi.json", "/{t}/api/organizations",
            "/{t}/api/organizations/{id}", "/{t}/api/services", "/{t}/api/services/{id}",
            "/{t}/api/taxonomies", "/{t}/api/taxonomies/{id}", "/{t}/api/taxonomy_terms",
            "/{t}/api/taxonomy_terms/{id}",
        ]);
        for (path, item) in paths {
            let methods: Vec<&String> = item.as_object().unwrap().keys()
                .filter(|k| !matches!(k.as_str(), "parameters" | "summary" | "description")).collect();
            assert_eq!(methods, ["get"], "{path}");
            let id = if path.starts_with("/{t}/api/services") { d.harbour.id.to_string() }
                else if path.starts_with("/{t}/api/organizations") { organization.to_string() }
                else if path.starts_with("/{t}/api/taxonomies") { taxonomy.clone() }
                else { term.clone() };
            let real = path.replace("{t}", "derbyshire").replace("{id}", &id);
            ok(&mut visitor, &real).await;
        }
        for schema in ["Service", "Organization", "TaxonomyTerm", "Taxonomy", "ApiError"] {
            assert!(doc["components"]["schemas"].get(schema).is_some(), "{schema}");
        }
        for omitted in ["/derbyshire/api/locations", "/derbyshire/api/service_at_locations",
            "/derbyshire/api/schedules", "/derbyshire/api/phones"] {
            refused(&mut visitor, omitted, StatusCode::NOT_FOUND).await;
        }
        for method in ["POST", "PUT", "DELETE", "PATCH"] {
            for path in ["/derbyshire/api/services".to_owned(), format!("/derbyshire/api/services/{}", d.harbour.id)] {
                let res = visitor.send(Request::builder().method(method).uri(path.as_str())
                    .body(Body::empty()).unwrap()).await;
                assert!(matches!(res.status, StatusCode::METHOD_NOT_ALLOWED | StatusCode::NOT_FOUND | StatusCode::FORBIDDEN),
                    "{method} {path}: {}", res.status);
            }
        }
    }
}
