//! The provider CSV: the export (header, BOM, formula cells), the import's
//! preview and confirmation (nothing written before, all or nothing after),
//! its limits, refusals and audit, and `cms import-csv`.

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

both_backends! {
    async fn the_export_has_the_header_a_bom_and_neutralised_formulas(app: TestApp) {
        let a = app.with_county("alpha").await;
        app.add_provider(&a, full("=HYPERLINK(\"http://evil.example\",\"x\")")).await;
        app.add_provider(&a, RawProvider { name: "Bravo".into(), status: "draft".into(), ..RawProvider::default() }).await;
        let mut editor = app.editor_of(&a).await;

        let res = editor.get("/admin/alpha/providers.csv").await;

        assert_eq!(res.status, StatusCode::OK);
        assert_eq!(res.header("content-type"), Some("text/csv; charset=utf-8"));
        assert_eq!(res.header("content-disposition"), Some("attachment; filename=\"alpha-providers.csv\""));
        assert_eq!(res.header("cache-control"), Some("no-store"));
        assert!(res.bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM");
        assert!(res.body.trim_start_matches('\u{feff}').starts_with(&format!("{HEADER_LINE}\r\n")));
        let table = rows(&res.bytes);
        assert_eq!(table[0], HEADER);
        assert_eq!(table.len(), 3, "one row per provider, drafts too");
        // By name: "=HYPERLINK..." sorts before "Bravo".
        let evil = &table[1];
        assert_eq!(evil[1], "'=HYPERLINK(\"http://evil.example\",\"x\")");
        assert_eq!(evil[5], "Helpline: 0800 1111\n+44 1332 362120");
        assert_eq!(evil[9], "true");
        assert_eq!(evil[16], "cse, counselling");
        assert_eq!(evil[19], "published");
        assert_eq!(evil[20].len(), 10, "reviewed_at as YYYY-MM-DD");
        assert_eq!(table[2][1], "Bravo");
        assert_eq!(table[2][19], "draft");
    }

    async fn a_phone_cell_starting_with_plus_is_neutralised_and_restored(app: TestApp) {
        let a = app.with_county("alpha").await;
        let mut raw = full("Plus");
        raw.phone = "+44 1332 362120".into();
        app.add_provider(&a, raw).await;
        let mut editor = app.editor_of(&a).await;
        let csv = editor.get("/admin/alpha/providers.csv").await;
        assert_eq!(rows(&csv.bytes)[1][5], "'+44 1332 362120");

        let (b, mut other) = app.with_county("bravo").with_editor().await;
        let preview = upload(&mut other, &b, &csv.body).await;
        assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
        let done = other.post(&confirm_path(&preview), &[]).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER);

        let phones = app.query_strings("SELECT p.phones FROM providers p JOIN tenants t ON t.id = p.tenant_id WHERE t.slug = 'bravo'").await;
        assert!(phones[0].contains("\"+44 1332 362120\""), "{phones:?}");
    }

    async fn export_then_import_into_another_county_gives_the_same_export_but_ids(app: TestApp) {
        let a = app.with_county("alpha").await;
        app.add_provider(&a, full("=HYPERLINK(\"http://evil.example\",\"x\")")).await;
        app.add_provider(&a, full("Safe and Sound")).await;
        app.add_provider(&a, RawProvider { name: "Quiet".into(), status: "archived".into(), ..RawProvider::default() }).await;
        let mut alpha = app.editor_of(&a).await;
        let exported = alpha.get("/admin/alpha/providers.csv").await;

        let (b, mut bravo) = app.with_county("bravo").with_editor().await;
        let preview = upload(&mut bravo, &b, &exported.body).await;
        assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
        assert!(preview.body.contains("3 to create, 0 to update, 0 unchanged"), "{}", preview.body);
        let done = bravo.post(&confirm_path(&preview), &[]).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER);
        assert_eq!(done.location(), Some("/admin/bravo/providers"));
        let list = bravo.get("/admin/bravo/providers").await;
        assert!(list.body.contains("Imported: 3 created, 0 updated, 0 unchanged."));

        // Every column but `id` (each county's providers have their own)
        // is the same, `reviewed_at` included.
        let again = bravo.get("/admin/bravo/providers.csv").await;
        let without_ids = |t: Vec<Vec<String>>| -> Vec<Vec<String>> {
            t.into_iter().map(|r| r[1..].to_vec()).collect()
        };
        assert_eq!(without_ids(rows(&again.bytes)), without_ids(rows(&exported.bytes)));

        // Imported again: nothing changes.
        let second = upload(&mut bravo, &b, &again.body).await;
        assert!(second.body.contains("0 to create, 0 to update, 3 unchanged"), "{}", second.body);
    }

    async fn the_preview_writes_nothing_and_the_confirmation_writes_and_audits(app: TestApp) {
        let a = app.with_county("alpha").await;
        let kept = app.add_provider(&a, full("Safe and Sound")).await;
        let mut editor = app.editor_of(&a).await;
        let file = format!(
            "name,id,min_age,Notes\nNew One,,5,x\nRenamed,{},12,y\n",
            kept.id
        );
        let before = written(&app).await;

        let preview = upload(&mut editor, &a, &file).await;

        assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
        assert_eq!(written(&app).await, before, "the preview writes nothing");
        assert!(preview.body.contains("1 to create, 1 to update, 0 unchanged"));
        assert!(preview.body.contains("name, min_age"), "the changed columns: {}", preview.body);
        assert!(preview.body.contains("Notes"), "the unknown column is listed");

        let done = editor.post(&confirm_path(&preview), &[]).await;

        assert_eq!(done.status, StatusCode::SEE_OTHER);
        let names = app.query_strings("SELECT name || ' ' || COALESCE(CAST(min_age AS TEXT), '') FROM providers ORDER BY name").await;
        assert_eq!(names, ["New One 5", "Renamed 12"]);
        let audit = app.query_strings(
            "SELECT action || ' ' || actor_label || ' ' || summary FROM audit_events WHERE action LIKE 'provider.%' ORDER BY action",
        ).await;
        assert_eq!(audit, [
            "provider.create editor@alpha.example.org created New One (CSV import, row 2)",
            "provider.update editor@alpha.example.org updated Renamed (CSV import, row 3)",
        ]);
        // Confirmed once: the pending import is gone.
        let again = editor.post(&confirm_path(&preview), &[]).await;
        assert_eq!(again.status, StatusCode::NOT_FOUND);
    }

    async fn one_bad_row_writes_nothing_and_each_error_names_its_row_and_column(app: TestApp) {
        let (a, mut editor) = app.with_county("alpha").with_editor().await;
        let file = "name,min_age,categories,self_referral,reviewed_at\n\
                    Good,5,cse,yes,2026-01-02\n\
                    Bad,five,nope,perhaps,tomorrow\n\
                    ,,,,\n\
                    Also good,,,,\n\
                    Good,,,,\n";
        let before = written(&app).await;

        let preview = upload(&mut editor, &a, file).await;

        assert_eq!(preview.status, StatusCode::UNPROCESSABLE_ENTITY);
        for message in [
            "row 3, min_age: Minimum age must be a whole number from 0 to 120",
            "row 3, self_referral: must be true or false (or yes/no, 1/0)",
            "row 3, categories: \u{201c}nope\u{201d} is not a category of Alpha",
            "row 3, reviewed_at: must be a date written like 2026-03-05",
            "row 6, slug: row 2 has the same slug \u{201c}good\u{201d}",
        ] {
            assert!(preview.body.contains(&message.replace('"', "&#34;")), "{message} in {}", preview.body);
        }
        assert!(!preview.body.contains("/confirm\""), "no confirm button with errors");
        assert_eq!(written(&app).await, before);
        assert_eq!(app.count("SELECT COUNT(*) FROM provider_imports").await, 0, "nothing kept to confirm");
    }

    async fn a_file_that_is_not_an_import_is_refused_beside_the_file_field(app: TestApp) {
        let (a, mut editor) = app.with_county("alpha").with_editor().await;

        let res = upload(&mut editor, &a, "slug,summary\nx,y\n").await;

        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("id=\"file-error\""));
        assert!(res.body.contains("The header has no"));
    }

    async fn more_than_the_row_or_byte_limit_is_413_and_writes_nothing(app: TestApp) {
        let (a, mut editor) = app.with_county("alpha").with_editor().await;
        let many: String = std::iter::once("name\n".to_owned())
            .chain((0..=MAX_ROWS).map(|i| format!("Provider {i}\n")))
            .collect();
        let res = upload(&mut editor, &a, &many).await;
        assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);

        let mut big = "name,summary\n".to_owned();
        while big.len() <= MAX_BYTES {
            big.push_str(&format!("P{},{}\n", big.len(), "x".repeat(400)));
        }
        let res = upload(&mut editor, &a, &big).await;
        assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(written(&app).await[0], 0);

        // Other routes keep the 1 MiB limit.
        let res = editor.post("/admin/alpha/providers", &[("name", &"x".repeat(2 * 1024 * 1024))]).await;
        assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
    }

    async fn exactly_the_row_limit_is_previewed(app: TestApp) {
        let (a, mut editor) = app.with_county("alpha").with_editor().await;
        let file: String = std::iter::once("name\n".to_owned())
            .chain((0..MAX_ROWS).map(|i| format!("Provider {i}\n")))
            .collect();

        let res = upload(&mut editor, &a, &file).await;

        assert_eq!(res.status, StatusCode::OK);
        assert!(res.body.contains(&format!("{MAX_ROWS} to create")));
    }

    async fn a_confirmation_after_the_county_changed_is_409_and_writes_nothing(app: TestApp) {
        let a = app.with_county("alpha").await;
        let kept = app.add_provider(&a, full("Safe and Sound")).await;
        let mut editor = app.editor_of(&a).await;
        let preview = upload(&mut editor, &a, "name\nNew One\n").await;
        assert_eq!(preview.status, StatusCode::OK);
        // Someone edits a provider between the preview and the confirmation.
        let mut changed = kept.fields.clone();
        changed.summary = "Changed meanwhile".into();
        providers::update(&app.db, a.id, kept.id, kept.version, &changed, None).await.unwrap();
        let before = written(&app).await;

        let res = editor.post(&confirm_path(&preview), &[]).await;

        assert_eq!(res.status, StatusCode::CONFLICT);
        assert!(res.body.contains("changed since the preview"));
        assert_eq!(written(&app).await, before);
    }

    async fn another_countys_export_import_and_pending_import_are_404(app: TestApp) {
        let a = app.with_county("alpha").await;
        let (b, mut bravo) = app.with_county("bravo").with_editor().await;
        let preview = upload(&mut bravo, &b, "name\nNew One\n").await;
        let theirs = confirm_path(&preview);
        let mut alpha = app.editor_of(&a).await;
        let before = written(&app).await;

        assert_eq!(alpha.get("/admin/bravo/providers.csv").await.status, StatusCode::NOT_FOUND);
        assert_eq!(alpha.get("/admin/bravo/providers/import").await.status, StatusCode::NOT_FOUND);
        assert_eq!(upload(&mut alpha, &b, "name\nX\n").await.status, StatusCode::NOT_FOUND);
        assert_eq!(alpha.post(&theirs, &[]).await.status, StatusCode::NOT_FOUND);
        let in_alpha = theirs.replace("/admin/bravo/", "/admin/alpha/");
        assert_eq!(alpha.post(&in_alpha, &[]).await.status, StatusCode::NOT_FOUND);
        assert_eq!(written(&app).await, before);
    }

    async fn editors_may_import_and_anonymous_visitors_are_sent_to_sign_in(app: TestApp) {
        let (_a, mut editor) = app.with_county("alpha").with_editor().await;
        let form = editor.get("/admin/alpha/providers/import").await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.body.contains("enctype=\"multipart/form-data\""));
        let list = editor.get("/admin/alpha/providers").await;
        assert!(list.body.contains("/admin/alpha/providers/import") && list.body.contains("/admin/alpha/providers.csv"));

        let mut anonymous = app.client();
        for path in ["/admin/alpha/providers.csv", "/admin/alpha/providers/import"] {
            let res = anonymous.get(path).await;
            assert_eq!(res.status, StatusCode::SEE_OTHER, "{path}");
            assert!(res.location().unwrap_or_default().starts_with("/admin/login"), "{path}");
        }
        let res = upload_with(&mut anonymous, "/admin/alpha/providers/import", "x", b"name\nX\n").await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(written(&app).await[0], 0);
    }

    async fn a_bad_csrf_token_on_the_upload_or_the_confirmation_is_403(app: TestApp) {
        let (a, mut editor) = app.with_county("alpha").with_editor().await;
        let before = written(&app).await;

        let res = upload_with(&mut editor, "/admin/alpha/providers/import", "wrong", b"name\nX\n").await;

        assert_eq!(res.status, StatusCode::FORBIDDEN);
        assert_eq!(app.count("SELECT COUNT(*) FROM provider_imports").await, 0);
        let preview = upload(&mut editor, &a, "name\nNew One\n").await;
        let res = editor.post_form(&confirm_path(&preview), &[("csrf_token", "wrong")]).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        assert_eq!(written(&app).await, before);
    }

    async fn cms_import_csv_dry_runs_imports_and_refuses_a_bad_file(app: TestApp) {
        let a = app.with_county("alpha").await;
        let good = temp_file(&app, "name,status\nNew One,published\nNew Two,\n");
        let before = written(&app).await;

        server::cli::run(cli(&app, "alpha", &good, true)).await.unwrap();
        assert_eq!(written(&app).await, before, "a dry run writes nothing");

        let bad = temp_file(&app, "name,min_age\nFine,\nBad,old\n");
        let err = server::cli::run(cli(&app, "alpha", &bad, false)).await.unwrap_err();
        assert!(format!("{err:#}").contains("1 error(s)"), "{err:#}");
        assert_eq!(written(&app).await, before, "a bad row writes nothing");
        let err = server::cli::run(cli(&app, "nowhere", &good, false)).await.unwrap_err();
        assert!(format!("{err:#}").contains("no county"), "{err:#}");

        server::cli::run(cli(&app, "alpha", &good, false)).await.unwrap();
        let names = app.query_strings("SELECT name || ' ' || status FROM providers ORDER BY name").await;
        assert_eq!(names, ["New One published", "New Two draft"]);
        let audit = app.query_strings("SELECT actor_label FROM audit_events WHERE action = 'provider.create'").await;
        assert_eq!(audit, ["cli", "cli"]);
        let _ = a;
        std::fs::remove_file(good).ok();
        std::fs::remove_file(bad).ok();
    }

    async fn a_row_with_a_known_slug_updates_that_provider(app: TestApp) {
        let a = app.with_county("alpha").await;
        let kept = app.add_provider(&a, full("Safe and Sound")).await;
        let mut editor = app.editor_of(&a).await;

        let preview = upload(&mut editor, &a, "name,slug,status\nSafe and Sound,safe-and-sound,archived\n").await;

        assert!(preview.body.contains("0 to create, 1 to update, 0 unchanged"), "{}", preview.body);
        let done = editor.post(&confirm_path(&preview), &[]).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER);
        let stored = providers::find(&app.db, a.id, kept.id).await.unwrap().unwrap();
        assert_eq!(stored.fields.status.as_str(), "archived");
        assert_eq!(stored.fields.summary, kept.fields.summary, "columns not in the file are kept");
        assert_eq!(stored.version, kept.version + 1);
    }

    async fn another_users_pending_import_is_404_and_a_suspended_county_is_403(app: TestApp) {
        let (a, mut editor) = app.with_county("alpha").with_editor().await;
        let preview = upload(&mut editor, &a, "name\nNew One\n").await;
        let mut admin = app.county_admin_of(&a).await;

        assert_eq!(admin.post(&confirm_path(&preview), &[]).await.status, StatusCode::NOT_FOUND);

        persistence::repo::counties::set_status(&app.db, a.id, domain::CountyStatus::Suspended)
            .await
            .unwrap();
        assert_eq!(editor.get("/admin/alpha/providers/import").await.status, StatusCode::FORBIDDEN);
        assert_eq!(upload(&mut editor, &a, "name\nX\n").await.status, StatusCode::FORBIDDEN);
        assert_eq!(editor.post(&confirm_path(&preview), &[]).await.status, StatusCode::FORBIDDEN);
        assert_eq!(editor.get("/admin/alpha/providers.csv").await.status, StatusCode::OK, "still readable");
        assert_eq!(written(&app).await[0], 0);
    }
}
