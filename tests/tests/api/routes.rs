//! Every route answers HSDS JSON with nothing private, and the OpenAPI
//! document lists exactly the routes served.

use super::*;

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
