//! The whole county as one JSON document: `cms export --tenant SLUG` and
//! `cms import --tenant SLUG FILE`. Export, import into a new county and
//! export again gives the same bytes; the copy's public site shows the same
//! content; every refusal writes nothing.

use std::path::PathBuf;

use domain::{RawProvider, Role};
use integration_tests::{TestApp, both_backends, one_line, visible_text};
use persistence::repo::{audit, counties, pages, providers};
use server::cli::county_json::{export_county, import_county};
use server::cli::{Command, create_county};

/// A file of its own in the temporary folder, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn with(contents: &[u8]) -> Self {
        let path =
            std::env::temp_dir().join(format!("cms_county_{}.json", uuid::Uuid::new_v4().simple()));
        std::fs::write(&path, contents).unwrap();
        Self(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Rows of the county in every table an import writes, its content
/// version, and every audit event.
async fn written(app: &TestApp, slug: &str) -> Vec<i64> {
    let mut out = Vec::new();
    for table in [
        "categories",
        "providers",
        "provider_categories",
        "pages",
        "page_revisions",
        "commissioning_notes",
    ] {
        out.push(
            app.count(&format!(
                "SELECT COUNT(*) FROM {table} WHERE tenant_id = (SELECT id FROM tenants WHERE slug = '{slug}')"
            ))
            .await,
        );
    }
    out.push(
        app.count(&format!(
            "SELECT content_version FROM tenants WHERE slug = '{slug}'"
        ))
        .await,
    );
    out.push(app.count("SELECT COUNT(*) FROM audit_events").await);
    out
}

/// The demo county, with more than the demo has: a draft provider and an
/// archived one written by an editor, and a restored, scheduled page draft.
async fn richer_demo(app: &TestApp) -> domain::County {
    server::demo::load(&app.db).await.unwrap();
    let county = counties::find_by_slug(&app.db, "derbyshire")
        .await
        .unwrap()
        .unwrap();
    let editor = app
        .create_member(&county, "editor@example.org", Role::Editor)
        .await;
    for (name, status) in [
        ("Quiet Draft Service", "draft"),
        ("Closed Service", "archived"),
    ] {
        let raw = RawProvider {
            name: name.to_owned(),
            summary: "Not for the public yet.".to_owned(),
            categories: "cse, helpline".to_owned(),
            status: status.to_owned(),
            ..RawProvider::default()
        };
        let fields = domain::provider::validate(&raw).unwrap();
        providers::create(&app.db, county.id, &fields, Some(editor))
            .await
            .unwrap();
    }
    let helplines = pages::list(&app.db, county.id)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.slug.as_str() == "helplines")
        .unwrap();
    let restored = pages::restore(
        &app.db,
        county.id,
        helplines.id,
        helplines.version,
        1,
        Some(editor),
    )
    .await
    .unwrap();
    let later = time::OffsetDateTime::now_utc() + time::Duration::days(30);
    pages::schedule(
        &app.db,
        county.id,
        restored.id,
        restored.version,
        Some(later),
        Some(editor),
    )
    .await
    .unwrap();
    county
}

/// Creates the county `derbyshire-copy` (named like the demo, so its pages
/// read the same) and imports `doc` into it.
async fn import_copy(app: &TestApp, doc: &str) -> String {
    create_county(&app.db, "derbyshire-copy", "Derbyshire", &[])
        .await
        .unwrap();
    let file = TempFile::with(doc.as_bytes());
    import_county(&app.db, "derbyshire-copy", &file.0)
        .await
        .unwrap()
}

both_backends! {
    async fn export_import_export_gives_the_same_document(app: TestApp) {
        richer_demo(&app).await;
        let first = export_county(&app.db, "derbyshire").await.unwrap();

        let line = import_copy(&app, &first).await;
        let second = export_county(&app.db, "derbyshire-copy").await.unwrap();

        assert!(line.contains("10 providers"), "{line}");
        assert!(first.ends_with("}\n"), "pretty JSON with a final newline");
        assert_eq!(second, first, "the copy exports byte for byte the same document");
        assert_eq!(export_county(&app.db, "derbyshire").await.unwrap(), first, "deterministic");
    }

    async fn the_export_holds_every_kind_of_content(app: TestApp) {
        richer_demo(&app).await;

        let text = export_county(&app.db, "derbyshire").await.unwrap();

        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(doc["format"], "cms-county");
        assert_eq!(doc["format_version"], 1);
        assert_eq!(doc["settings"]["brand_colour"], "#003a70");
        assert_eq!(doc["categories"].as_array().unwrap().len(), 7);
        assert_eq!(doc["providers"].as_array().unwrap().len(), 10);
        assert_eq!(doc["commissioning_notes"][0]["provider"], "safe-and-sound");
        let helplines = doc["pages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["slug"] == "helplines")
            .unwrap();
        assert_eq!(helplines["revisions"].as_array().unwrap().len(), 3, "every revision");
        assert_eq!(helplines["revisions"][2]["restored_from"], 1);
        assert_eq!(helplines["published_revision"], 1);
        assert_eq!(helplines["draft_revision"], 3);
        assert!(helplines["publish_at"].is_string(), "the schedule is kept");
    }

    async fn the_copy_shows_the_same_public_pages_and_keeps_drafts_drafts(app: TestApp) {
        richer_demo(&app).await;
        let doc = export_county(&app.db, "derbyshire").await.unwrap();
        import_copy(&app, &doc).await;
        let mut visitor = app.client();

        for path in ["support", "support/safe-and-sound", "helplines", ""] {
            let original = visitor.get(&format!("/derbyshire/{path}")).await;
            let copy = visitor.get(&format!("/derbyshire-copy/{path}")).await;
            assert_eq!(original.status, 200, "/derbyshire/{path}");
            assert_eq!(copy.status, 200, "/derbyshire-copy/{path}");
            // Only the county's own address differs (in the JSON-LD).
            let copy_text = visible_text(&copy.body).replace("/derbyshire-copy/", "/derbyshire/");
            assert_eq!(copy_text, visible_text(&original.body), "/{path}");
        }
        let directory = visitor.get("/derbyshire-copy/support").await;
        assert!(!directory.body.contains("Quiet Draft Service"), "a draft provider stays hidden");
        assert!(!directory.body.contains("Closed Service"), "an archived provider stays hidden");
        assert_eq!(visitor.get("/derbyshire-copy/support/quiet-draft-service").await.status, 404);
        let counts = |slug: &'static str| {
            let app = &app;
            async move {
                [
                    app.count(&format!("SELECT COUNT(*) FROM pages WHERE draft_revision IS NOT NULL AND tenant_id = (SELECT id FROM tenants WHERE slug = '{slug}')")).await,
                    app.count(&format!("SELECT COUNT(*) FROM pages WHERE publish_at IS NOT NULL AND tenant_id = (SELECT id FROM tenants WHERE slug = '{slug}')")).await,
                    app.count(&format!("SELECT COUNT(*) FROM page_revisions WHERE tenant_id = (SELECT id FROM tenants WHERE slug = '{slug}')")).await,
                    app.count(&format!("SELECT COUNT(*) FROM providers WHERE status = 'draft' AND tenant_id = (SELECT id FROM tenants WHERE slug = '{slug}')")).await,
                ]
            }
        };
        assert_eq!(counts("derbyshire-copy").await, counts("derbyshire").await);
        assert_eq!(counts("derbyshire-copy").await[2], 4, "every revision of both pages");
    }

    async fn an_import_is_audited_once_and_bumps_the_content_version_once(app: TestApp) {
        richer_demo(&app).await;
        let doc = export_county(&app.db, "derbyshire").await.unwrap();
        create_county(&app.db, "derbyshire-copy", "Derbyshire", &[]).await.unwrap();
        let before = app.count("SELECT content_version FROM tenants WHERE slug = 'derbyshire-copy'").await;
        let file = TempFile::with(doc.as_bytes());

        server::cli::run(app.cli(Command::Import {
            county: "derbyshire-copy".to_owned(),
            file: file.0.clone(),
        }))
        .await
        .unwrap();

        let after = app.count("SELECT content_version FROM tenants WHERE slug = 'derbyshire-copy'").await;
        assert_eq!(after, before + 1);
        let copy = counties::find_by_slug(&app.db, "derbyshire-copy").await.unwrap().unwrap();
        let events = audit::list_for_county(&app.db, copy.id, 1, 50).await.unwrap();
        let imported: Vec<_> = events.events.iter().filter(|e| e.action == "county.imported").collect();
        assert_eq!(imported.len(), 1);
        assert!(imported[0].summary.contains("10 providers"), "{}", imported[0].summary);
        assert!(imported[0].summary.contains("4 revisions"), "{}", imported[0].summary);
    }

    async fn the_export_leaves_out_users_sessions_and_the_audit_log(app: TestApp) {
        let county = richer_demo(&app).await;
        let editor = app.user_id("editor@example.org").await;
        let _signed_in = app.signed_in("editor@example.org").await;
        let sessions = app.query_strings("SELECT id FROM sessions").await;
        assert!(!sessions.is_empty(), "a session to look for");
        let hashes = app.query_strings("SELECT password_hash FROM users").await;

        let text = export_county(&app.db, "derbyshire").await.unwrap();

        assert!(!text.contains("editor@example.org"));
        assert!(!text.contains("$argon2"));
        assert!(!text.contains(&editor.as_uuid().to_string()), "no author ids");
        for secret in sessions.iter().chain(&hashes) {
            assert!(!text.contains(secret.as_str()));
        }
        let events = audit::list_for_county(&app.db, county.id, 1, 100).await.unwrap();
        assert!(!events.events.is_empty());
        for event in &events.events {
            assert!(!text.contains(&event.id.to_string()), "audit event {}", event.action);
        }
        assert!(!text.contains("loaded the demo county"), "no audit summaries");
        for word in ["created_by", "updated_by", "actor"] {
            assert!(!text.contains(word), "{word}");
        }
    }

    async fn an_import_into_a_county_with_content_is_refused_and_writes_nothing(app: TestApp) {
        richer_demo(&app).await;
        let doc = export_county(&app.db, "derbyshire").await.unwrap();
        let before = written(&app, "derbyshire").await;
        let file = TempFile::with(doc.as_bytes());

        let err = import_county(&app.db, "derbyshire", &file.0).await.unwrap_err();

        let message = one_line(&err, "not empty");
        assert!(message.contains("not empty"), "{message}");
        assert_eq!(written(&app, "derbyshire").await, before);
    }

    async fn a_malformed_document_is_refused_and_writes_nothing(app: TestApp) {
        create_county(&app.db, "peak", "Peak", &[]).await.unwrap();
        let before = written(&app, "peak").await;
        let cases: [(&str, &str); 5] = [
            ("not json at all", "not a county document"),
            ("[1, 2]", "not a county document"),
            (r#"{"format": "spreadsheet", "format_version": 1}"#, "not a county document"),
            (r#"{"format": "cms-county", "format_version": 2}"#, "format_version 2"),
            (r#"{"format": "cms-county", "format_version": 1, "settings": 3}"#, "malformed"),
        ];
        for (doc, expected) in cases {
            let file = TempFile::with(doc.as_bytes());

            let err = import_county(&app.db, "peak", &file.0).await.unwrap_err();

            let message = one_line(&err, doc);
            assert!(message.contains(expected), "{doc}: {message}");
            assert_eq!(written(&app, "peak").await, before, "{doc}");
        }
    }

    async fn a_document_with_an_invalid_provider_is_refused_and_writes_nothing(app: TestApp) {
        richer_demo(&app).await;
        let text = export_county(&app.db, "derbyshire").await.unwrap();
        create_county(&app.db, "derbyshire-copy", "Derbyshire", &[]).await.unwrap();
        let before = written(&app, "derbyshire-copy").await;
        let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        // The last provider, so every provider before it would be written
        // first if the import did not check everything before writing.
        let last = doc["providers"].as_array().unwrap().len() - 1;
        doc["providers"][last]["email"] = "not an email".into();
        let file = TempFile::with(doc.to_string().as_bytes());

        let err = import_county(&app.db, "derbyshire-copy", &file.0).await.unwrap_err();

        let message = one_line(&err, "invalid provider");
        assert!(message.contains("email"), "{message}");
        assert!(message.contains("provider"), "{message}");
        assert_eq!(written(&app, "derbyshire-copy").await, before);
        let categories = app.query_strings("SELECT slug FROM categories WHERE tenant_id = (SELECT id FROM tenants WHERE slug = 'derbyshire-copy') ORDER BY slug").await;
        assert_eq!(categories.len(), 7, "the new county keeps its default categories");
    }

    async fn a_file_over_64_mib_is_refused_unread(app: TestApp) {
        create_county(&app.db, "peak", "Peak", &[]).await.unwrap();
        let before = written(&app, "peak").await;
        let file = TempFile::with(b"");
        std::fs::File::options()
            .write(true)
            .open(&file.0)
            .unwrap()
            .set_len(64 * 1024 * 1024 + 1)
            .unwrap();

        let err = import_county(&app.db, "peak", &file.0).await.unwrap_err();

        let message = one_line(&err, "too large");
        assert!(message.contains("64 MiB"), "{message}");
        assert_eq!(written(&app, "peak").await, before);
    }

    async fn an_unknown_county_is_refused_in_one_line(app: TestApp) {
        server::demo::load(&app.db).await.unwrap();
        let doc = export_county(&app.db, "derbyshire").await.unwrap();
        let file = TempFile::with(doc.as_bytes());
        let audit_before = app.count("SELECT COUNT(*) FROM audit_events").await;

        let export = server::cli::run(app.cli(Command::Export { county: "nowhere".to_owned() }))
            .await
            .unwrap_err();
        let import = server::cli::run(app.cli(Command::Import {
            county: "nowhere".to_owned(),
            file: file.0.clone(),
        }))
        .await
        .unwrap_err();

        for err in [export, import] {
            let message = one_line(&err, "unknown county");
            assert!(message.contains("unknown county \"nowhere\""), "{message}");
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events").await, audit_before);
    }

    async fn the_same_document_loads_into_two_counties(app: TestApp) {
        server::demo::load(&app.db).await.unwrap();
        let doc = export_county(&app.db, "derbyshire").await.unwrap();
        import_copy(&app, &doc).await;
        create_county(&app.db, "third", "Third", &[]).await.unwrap();
        let file = TempFile::with(doc.as_bytes());

        import_county(&app.db, "third", &file.0).await.unwrap();

        assert_eq!(export_county(&app.db, "third").await.unwrap(), doc);
        let with_id = app
            .count("SELECT COUNT(*) FROM providers WHERE slug = 'safe-and-sound'")
            .await;
        assert_eq!(with_id, 3, "the same ids and slugs in three counties");
    }
}
