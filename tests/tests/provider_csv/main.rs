//! The provider CSV: the export (header, BOM, formula cells), the import's
//! preview and confirmation (nothing written before, all or nothing after),
//! its limits, refusals and audit, and `cms import-csv`.
//!
//! The tests sit beside this file by subject; this file keeps the helpers
//! they share.

mod access;
mod cli;
mod export;
mod import;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use domain::{County, RawProvider};
use integration_tests::{TestApp, TestClient, TestResponse, both_backends};
use persistence::repo::providers;
use server::cli::import_csv::ImportCsvArgs;
use server::cli::{Cli, Command};
use transfer::provider_csv::{HEADER, MAX_BYTES, MAX_ROWS};

const HEADER_LINE: &str = "id,name,slug,summary,description,phones,email,website,address,address_confidential,area,min_age,max_age,eligibility,self_referral,professional_referral,categories,opening_hours,hours_note,status,reviewed_at";

fn full(name: &str) -> RawProvider {
    RawProvider {
        name: name.to_owned(),
        summary: "Support for young people.".into(),
        description: "We **listen**.\n\nAnd, \"quote\" too.".into(),
        phone: "Helpline: 0800 1111\n+44 1332 362120".into(),
        email: "info@example.org".into(),
        website: "https://www.example.org/".into(),
        address: "1 High Street\nDerby".into(),
        address_confidential: true,
        area: "Derbyshire".into(),
        min_age: "11".into(),
        max_age: "25".into(),
        eligibility: "Young people".into(),
        self_referral: true,
        professional_referral: false,
        categories: "cse, counselling".into(),
        opening_hours: "Mo-Fr 09:00-17:00".into(),
        hours_note: "Closed on bank holidays".into(),
        status: "published".into(),
        ..RawProvider::default()
    }
}

/// The file parsed: header and rows, the BOM kept off.
fn rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes).unwrap();
    let text = text.strip_prefix('\u{feff}').unwrap();
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// A multipart upload of `csv` with this token.
async fn upload_with(client: &mut TestClient, path: &str, token: &str, csv: &[u8]) -> TestResponse {
    let boundary = "----cms-test-boundary-7f3a";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"providers.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(csv);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let req = Request::post(path)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header(header::CONTENT_LENGTH, body.len())
        .body(Body::from(body))
        .unwrap();
    client.send(req).await
}

async fn upload(client: &mut TestClient, county: &County, csv: &str) -> TestResponse {
    let token = client.csrf().await;
    let path = format!("/admin/{}/providers/import", county.slug);
    upload_with(client, &path, &token, csv.as_bytes()).await
}

/// The confirm form's action on a preview.
fn confirm_path(preview: &TestResponse) -> String {
    let start = preview.body.find("/confirm\"").expect("a confirm form");
    let from = preview.body[..start].rfind("\"/admin/").unwrap() + 1;
    format!("{}/confirm", &preview.body[from..start])
}

async fn written(app: &TestApp) -> [i64; 3] {
    [
        app.count("SELECT COUNT(*) FROM providers").await,
        app.count("SELECT COUNT(*) FROM audit_events WHERE action LIKE 'provider.%'")
            .await,
        app.count("SELECT COUNT(*) FROM provider_categories").await,
    ]
}

fn cli(app: &TestApp, county: &str, file: &std::path::Path, dry_run: bool) -> Cli {
    Cli {
        database_url: app.database_url.clone(),
        command: Command::ImportCsv(ImportCsvArgs {
            county: county.to_owned(),
            file: file.to_owned(),
            dry_run,
        }),
    }
}

fn temp_file(app: &TestApp, contents: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!(
        "cms-csv-{}-{}.csv",
        std::process::id(),
        uuid::Uuid::new_v4()
    ));
    std::fs::write(&path, contents).unwrap();
    let _ = app;
    path
}
