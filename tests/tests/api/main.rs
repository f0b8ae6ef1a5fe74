//! The Open Referral UK (HSDS 3.0) read API under `/{t}/api/`: every
//! route, its JSON checked against the HSDS field fixtures; paging edges;
//! each filter; 400s and 404s as JSON with CORS; no cookie; nothing
//! private (a confidential address, drafts, archived providers, another
//! county's) in any answer; stable ids across edits; the cache; and the
//! OpenAPI document against the routes served.
//!
//! The tests sit beside this file by subject; this file keeps the helpers
//! they share.

mod edits;
mod lists;
mod not_found;
mod routes;

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
