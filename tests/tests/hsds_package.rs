//! `GET /admin/{t}/export/hsds.zip`: the HSDS tabular data package of the
//! county's published directory. Unzipped here: every table listed in
//! `datapackage.json` with its columns, every foreign key resolving, the
//! same ids as the API, nothing private; members only.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{Cursor, Read};

use axum::http::StatusCode;
use integration_tests::hsds::{self, assert_nothing_private};
use integration_tests::{TestClient, both_backends};
use serde_json::Value;

const TABLES: [&str; 11] = [
    "organizations",
    "services",
    "phones",
    "schedules",
    "service_areas",
    "taxonomies",
    "taxonomy_terms",
    "attributes",
    "locations",
    "addresses",
    "service_at_locations",
];

/// The package's files, by name, as text.
fn unzip(bytes: &[u8]) -> BTreeMap<String, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut files = BTreeMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let mut text = String::new();
        file.read_to_string(&mut text).unwrap();
        files.insert(file.name().unwrap().to_string(), text);
    }
    files
}

/// A CSV table: its header and its rows as column → value.
fn table(text: &str) -> (Vec<String>, Vec<HashMap<String, String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_owned))
                .collect()
        })
        .collect();
    (header, rows)
}

/// The ids of a column of a table.
fn column(rows: &[HashMap<String, String>], name: &str) -> BTreeSet<String> {
    rows.iter().map(|r| r[name].clone()).collect()
}

/// Every id of `field` across the API's services (and nested records).
fn api_ids(services: &[Value], list: &str) -> BTreeSet<String> {
    services
        .iter()
        .flat_map(|s| s[list].as_array().unwrap().clone())
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn download(client: &mut TestClient) -> BTreeMap<String, String> {
    let res = client.get("/admin/derbyshire/export/hsds.zip").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.header("content-type"), Some("application/zip"));
    assert!(
        res.header("content-disposition")
            .unwrap()
            .starts_with("attachment;")
    );
    assert_eq!(res.header("cache-control"), Some("no-store"));
    unzip(&res.bytes)
}

both_backends! {
    async fn the_package_holds_the_published_directory_with_the_apis_ids(app: TestApp) {
        let d = hsds::directory(&app).await;
        let mut editor = app.editor_of(&d.county).await;
        let files = download(&mut editor).await;

        let mut expected: Vec<String> = TABLES.iter().map(|t| format!("{t}.csv")).collect();
        expected.push("datapackage.json".to_owned());
        expected.sort();
        assert_eq!(files.keys().cloned().collect::<Vec<_>>(), expected);
        for (name, text) in &files {
            assert_nothing_private(name, text);
        }

        let package: Value = serde_json::from_str(&files["datapackage.json"]).unwrap();
        assert_eq!(package["profile"], "tabular-data-package");
        let mut tables = HashMap::new();
        for resource in package["resources"].as_array().unwrap() {
            let name = resource["name"].as_str().unwrap();
            let path = resource["path"].as_str().unwrap();
            let (header, rows) = table(&files[path]);
            let fields: Vec<&str> = resource["schema"]["fields"].as_array().unwrap()
                .iter().map(|f| f["name"].as_str().unwrap()).collect();
            assert_eq!(header, fields, "{path}: header as described");
            tables.insert(name.to_owned(), rows);
        }
        assert_eq!(tables.len(), TABLES.len());
        for resource in package["resources"].as_array().unwrap() {
            let name = resource["name"].as_str().unwrap();
            let ids = column(&tables[name], "id");
            assert_eq!(ids.len(), tables[name].len(), "{name}: ids unique");
            for key in resource["schema"]["foreignKeys"].as_array().unwrap() {
                let field = key["fields"].as_str().unwrap();
                let target = key["reference"]["resource"].as_str().unwrap();
                let known = column(&tables[target], "id");
                for row in &tables[name] {
                    assert!(known.contains(&row[field]), "{name}.{field} = {} is not in {target}", row[field]);
                }
            }
        }

        // The same records and ids as the API.
        let mut visitor = app.client();
        let res = visitor.get("/derbyshire/api/services").await;
        let page: Value = serde_json::from_str(&res.body).unwrap();
        let services = page["contents"].as_array().unwrap();
        let api_services: BTreeSet<String> = services.iter().map(|s| s["id"].as_str().unwrap().to_owned()).collect();
        assert_eq!(column(&tables["services"], "id"), api_services);
        assert_eq!(
            api_services,
            [d.harbour.id.to_string(), d.refuge.id.to_string()].into_iter().collect()
        );
        let organizations: BTreeSet<String> = services.iter().map(|s| s["organization"]["id"].as_str().unwrap().to_owned()).collect();
        assert_eq!(column(&tables["organizations"], "id"), organizations);
        for (list, csv_table) in [("phones", "phones"), ("schedules", "schedules"),
            ("service_areas", "service_areas"), ("attributes", "attributes"),
            ("service_at_locations", "service_at_locations")] {
            assert_eq!(column(&tables[csv_table], "id"), api_ids(services, list), "{list}");
        }
        let terms: Value = serde_json::from_str(&visitor.get("/derbyshire/api/taxonomy_terms").await.body).unwrap();
        let term_ids: BTreeSet<String> = terms["contents"].as_array().unwrap().iter()
            .map(|t| t["id"].as_str().unwrap().to_owned()).collect();
        assert_eq!(column(&tables["taxonomy_terms"], "id"), term_ids);
        assert_eq!(tables["locations"].len(), 1, "only the open address");
        assert_eq!(tables["addresses"][0]["postal_code"], "DE1 2AB");
        let statuses = column(&tables["services"], "status");
        assert_eq!(statuses, ["active".to_owned()].into_iter().collect());

        // A county admin may download it too.
        let mut county_admin = app.county_admin_of(&d.county).await;
        assert_eq!(download(&mut county_admin).await.len(), files.len());
    }

    async fn only_members_of_the_county_get_the_package(app: TestApp) {
        let d = hsds::directory(&app).await;
        let nottingham = persistence::repo::counties::find_by_slug(&app.db, "nottingham").await.unwrap().unwrap();
        let mut outsider = app.editor_of(&nottingham).await;
        let res = outsider.get("/admin/derbyshire/export/hsds.zip").await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        assert!(!res.body.contains(&d.harbour.fields.name));

        let mut anonymous = app.client();
        let res = anonymous.get("/admin/derbyshire/export/hsds.zip").await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert!(res.location().unwrap().starts_with("/admin/login"));

        let res = outsider.get("/admin/nowhere/export/hsds.zip").await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
    }
}
