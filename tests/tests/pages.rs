//! Content pages: drafts, publishing, preview, revisions and differences,
//! restore, unpublish, scheduling (also with two servers on one database),
//! embeds from live data, validation, optimistic locking, other counties,
//! and internal notes that never reach a public page.

use axum::http::StatusCode;
use domain::provider::{RawProvider, validate};
use domain::{Provider, Tenant};
use integration_tests::{
    TestApp, TestClient, TestResponse, both_backends, field_error, hidden_field, visible_text,
};
use persistence::repo::{categories, commissioning, pages, providers};
use time::OffsetDateTime;

fn page_form<'a>(title: &'a str, slug: &'a str, body: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", title),
        ("slug", slug),
        ("summary", "A page for testing"),
        ("body", body),
        ("nav_position", ""),
    ]
}

/// Creates a page through the form and returns its edit path.
async fn create(client: &mut TestClient, county: &str, fields: &[(&str, &str)]) -> String {
    let res = client.post(&format!("/admin/{county}/pages"), fields).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let location = res.location().expect("a Location").to_owned();
    let id = location
        .strip_prefix(&format!("/admin/{county}/pages/"))
        .unwrap_or_else(|| panic!("{location} is not an edit page"));
    assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
    location
}

/// The page's current version, read from its edit form.
async fn version(client: &mut TestClient, edit: &str) -> String {
    let res = client.get(edit).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    hidden_field(&res.body, "version").expect("a version field")
}

async fn act(client: &mut TestClient, edit: &str, action: &str) -> TestResponse {
    let v = version(client, edit).await;
    client
        .post(&format!("{edit}/{action}"), &[("version", &v)])
        .await
}

async fn save(client: &mut TestClient, edit: &str, fields: &[(&str, &str)]) -> TestResponse {
    let v = version(client, edit).await;
    let mut fields = fields.to_vec();
    fields.push(("version", &v));
    client.post(edit, &fields).await
}

async fn add_provider(app: &TestApp, tenant: &Tenant, raw: RawProvider) -> Provider {
    let fields = validate(&RawProvider {
        status: "published".to_owned(),
        ..raw
    })
    .unwrap_or_else(|e| panic!("invalid fixture: {e:?}"));
    providers::create(&app.db, tenant.id, &fields, None)
        .await
        .unwrap()
}

fn page_id(edit: &str) -> uuid::Uuid {
    uuid::Uuid::parse_str(edit.rsplit('/').next().unwrap()).unwrap()
}

async fn count_pages_and_revisions(app: &TestApp) -> (i64, i64, i64) {
    (
        app.count("SELECT COUNT(*) FROM pages").await,
        app.count("SELECT COUNT(*) FROM page_revisions").await,
        app.count("SELECT COUNT(*) FROM audit_events WHERE action NOT LIKE 'security.%'")
            .await,
    )
}

both_backends! {
    async fn a_draft_is_private_until_published_and_previews_are_for_members(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let nottingham = app.create_tenant("nottingham").await;
        let mut editor = app.editor_of(&derbyshire).await;
        let mut outsider = app.editor_of(&nottingham).await;
        let mut visitor = app.client();

        let edit = create(&mut editor, "derbyshire", &page_form("About us", "", "We **listen**.")).await;
        assert_eq!(visitor.get("/derbyshire/about-us").await.status, StatusCode::NOT_FOUND);

        let preview = editor.get(&format!("{edit}/preview")).await;
        assert_eq!(preview.status, StatusCode::OK);
        assert!(preview.body.contains("<strong>listen</strong>"));
        assert!(preview.body.contains("Preview of the draft"));
        assert!(preview.body.contains("noindex"));
        assert_eq!(preview.header("cache-control"), Some("no-store"));
        assert_eq!(outsider.get(&format!("{edit}/preview")).await.status, StatusCode::NOT_FOUND);
        let anonymous = app.client().get(&format!("{edit}/preview")).await;
        assert_eq!(anonymous.status, StatusCode::SEE_OTHER);

        let res = act(&mut editor, &edit, "publish").await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let public = visitor.get("/derbyshire/about-us").await;
        assert_eq!(public.status, StatusCode::OK);
        assert!(public.body.contains("<h1>About us</h1>"));
        assert!(public.body.contains("<strong>listen</strong>"));
        assert!(public.body.contains("id=\"exit-this-page\""));
        assert!(!public.sets_cookie());

        // A new draft does not change what the public sees until published.
        let res = save(&mut editor, &edit, &page_form("About us", "about-us", "We *really* listen.")).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let public = visitor.get("/derbyshire/about-us").await;
        assert!(public.body.contains("<strong>listen</strong>"));
        assert!(!public.body.contains("really"));
        let preview = editor.get(&format!("{edit}/preview")).await;
        assert!(preview.body.contains("<em>really</em>"));

        act(&mut editor, &edit, "publish").await;
        let public = visitor.get("/derbyshire/about-us").await;
        assert!(public.body.contains("<em>really</em>"));

        // Unpublishing takes it off the site and keeps the text as a draft.
        let res = act(&mut editor, &edit, "unpublish").await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        assert_eq!(visitor.get("/derbyshire/about-us").await.status, StatusCode::NOT_FOUND);
        let form = editor.get(&edit).await;
        assert!(form.body.contains("We *really* listen."));
        assert!(form.body.contains(">Draft</span>"));

        let actions = app
            .query_strings("SELECT action FROM audit_events WHERE object_type = 'page' ORDER BY id")
            .await;
        assert_eq!(
            actions,
            ["page.create", "page.publish", "page.update", "page.publish", "page.unpublish"]
        );
    }

    async fn the_home_page_and_navigation_come_from_pages(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut editor = app.editor_of(&derbyshire).await;
        let mut visitor = app.client();

        let built_in = visitor.get("/derbyshire/").await;
        assert!(built_in.body.contains("What is it?"));

        let home = create(&mut editor, "derbyshire", &page_form("Welcome to Derbyshire", "home", "Our own home.")).await;
        act(&mut editor, &home, "publish").await;
        let mut fields = page_form("Contact us", "", "Write to us.");
        fields[4] = ("nav_position", "2");
        let contact = create(&mut editor, "derbyshire", &fields).await;
        act(&mut editor, &contact, "publish").await;

        let page = visitor.get("/derbyshire/").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("<h1>Welcome to Derbyshire</h1>"));
        assert!(page.body.contains("Our own home."));
        assert!(page.body.contains("<a href=\"/derbyshire/contact-us\">Contact us</a>"));
        let res = visitor.get("/derbyshire/home").await;
        assert_eq!(res.status, StatusCode::PERMANENT_REDIRECT);
        assert_eq!(res.location(), Some("/derbyshire/"));
        let contact_page = visitor.get("/derbyshire/contact-us").await;
        assert!(contact_page.body.contains("<a href=\"/derbyshire/contact-us\" aria-current=\"page\">Contact us</a>"));
        // The directory's navigation lists it too.
        let directory = visitor.get("/derbyshire/support").await;
        assert!(directory.body.contains("href=\"/derbyshire/contact-us\""));
    }

    async fn revisions_can_be_compared_and_restored(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut editor = app.editor_of(&derbyshire).await;
        let edit = create(&mut editor, "derbyshire", &page_form("Help", "help", "First line.\nSecond line.")).await;
        save(&mut editor, &edit, &page_form("Help", "help", "First line.\nChanged line.")).await;

        let revisions = editor.get(&format!("{edit}/revisions")).await;
        assert_eq!(revisions.status, StatusCode::OK);
        assert!(revisions.body.contains("1 line added, 1 removed"), "{}", revisions.body);
        assert!(revisions.body.contains("<span class=\"visually-hidden\">Removed: </span><span class=\"diff__text\">Second line.</span>"));
        assert!(revisions.body.contains("<span class=\"visually-hidden\">Added: </span><span class=\"diff__text\">Changed line.</span>"));
        let same = editor.get(&format!("{edit}/revisions?from=2&to=2")).await;
        assert!(same.body.contains("The two revisions are the same."));

        let v = version(&mut editor, &edit).await;
        let res = editor.post(&format!("{edit}/revisions/1/restore"), &[("version", &v)]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let page = pages::find(&app.db, derbyshire.id, page_id(&edit)).await.unwrap().unwrap();
        let draft = page.draft.expect("a draft");
        assert_eq!(draft.number, 3);
        assert_eq!(draft.restored_from, Some(1));
        assert_eq!(draft.content.body, "First line.\nSecond line.");
        assert_eq!(app.count("SELECT COUNT(*) FROM page_revisions").await, 3);

        let missing = editor.post(&format!("{edit}/revisions/9/restore"), &[("version", &page.version.to_string())]).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
    }

    async fn stale_versions_change_nothing(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut editor = app.editor_of(&derbyshire).await;
        let edit = create(&mut editor, "derbyshire", &page_form("Help", "help", "Text.")).await;
        save(&mut editor, &edit, &page_form("Help", "help", "Newer text.")).await;
        let before = count_pages_and_revisions(&app).await;

        let mut stale = page_form("Help", "help", "My text.");
        stale.push(("version", "1"));
        let res = editor.post(&edit, &stale).await;
        assert_eq!(res.status, StatusCode::CONFLICT);
        assert!(res.body.contains("My text."), "your version");
        assert!(res.body.contains("Newer text."), "the saved version");
        for action in ["publish", "unpublish", "revisions/1/restore"] {
            let res = editor.post(&format!("{edit}/{action}"), &[("version", "1")]).await;
            assert_eq!(res.status, StatusCode::CONFLICT, "{action}");
        }
        let res = editor
            .post(&format!("{edit}/schedule"), &[("version", "1"), ("publish_at", "2099-01-01T09:00")])
            .await;
        assert_eq!(res.status, StatusCode::CONFLICT);
        assert_eq!(count_pages_and_revisions(&app).await, before);
        let page = pages::find(&app.db, derbyshire.id, page_id(&edit)).await.unwrap().unwrap();
        assert!(page.published.is_none() && page.publish_at.is_none());
    }

    async fn scheduled_pages_are_published_once_when_due(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut editor = app.editor_of(&derbyshire).await;
        let mut visitor = app.client();
        let edit = create(&mut editor, "derbyshire", &page_form("Events", "events", "Coming soon.")).await;

        let v = version(&mut editor, &edit).await;
        let past = editor.post(&format!("{edit}/schedule"), &[("version", &v), ("publish_at", "2020-01-01T09:00")]).await;
        assert_eq!(past.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(field_error(&past.body, "publish_at").as_deref(), Some("The time must be in the future"));
        let bad = editor.post(&format!("{edit}/schedule"), &[("version", &v), ("publish_at", "soon")]).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

        let res = editor.post(&format!("{edit}/schedule"), &[("version", &v), ("publish_at", "2099-07-01T09:30")]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let form = editor.get(&edit).await;
        assert!(form.body.contains("scheduled to be published on 1 July 2099 at 09:30"));
        assert!(form.body.contains("value=\"2099-07-01 09:30\""));

        // Not yet due.
        assert_eq!(server::scheduler::publish_due(&app.db, OffsetDateTime::now_utc()).await.unwrap(), 0);
        assert_eq!(visitor.get("/derbyshire/events").await.status, StatusCode::NOT_FOUND);

        // Due (09:30 BST is 08:30 UTC): two servers on the same database try
        // at the same moment; exactly one publishes.
        let at = domain::provider::london(2099, 7, 1, 9, 31).unwrap();
        let other_server = persistence::connect(&app.database_url).await.unwrap();
        let (a, b) = tokio::join!(
            server::scheduler::publish_due(&app.db, at),
            server::scheduler::publish_due(&other_server, at),
        );
        assert_eq!(a.unwrap_or(0) + b.unwrap_or(0), 1);
        assert_eq!(server::scheduler::publish_due(&app.db, at).await.unwrap(), 0);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'page.publish' AND actor_label = 'scheduler'").await,
            1
        );
        let public = visitor.get("/derbyshire/events").await;
        assert_eq!(public.status, StatusCode::OK);
        assert!(public.body.contains("Coming soon."));
        let page = pages::find(&app.db, derbyshire.id, page_id(&edit)).await.unwrap().unwrap();
        assert!(page.publish_at.is_none() && page.draft.is_none());
    }

    async fn embeds_render_live_data(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        categories::ensure_defaults(&app.db, derbyshire.id).await.unwrap();
        let safe = add_provider(&app, &derbyshire, RawProvider {
            name: "Safe and Sound".into(),
            description: "We help **young people**.".into(),
            phone: "01332 362 120".into(),
            categories: "cse".into(),
            max_age: "18".into(),
            ..RawProvider::default()
        }).await;
        add_provider(&app, &derbyshire, RawProvider {
            name: "SAIL".into(),
            min_age: "18".into(),
            ..RawProvider::default()
        }).await;
        let fields = domain::commissioning::validate(&domain::RawNote {
            provider: "safe-and-sound".into(),
            service: "CSE victim services".into(),
            legal_basis: "Police Reform and Social Responsibility Act 2011".into(),
            starts_on: "2016-04-01".into(),
            public_statement: "Safe and Sound is *commissioned*.".into(),
            internal_notes: "INTERNAL-MARKER-7731".into(),
            ..domain::RawNote::default()
        }).unwrap();
        commissioning::create(&app.db, derbyshire.id, &fields, None).await.unwrap();
        let mut editor = app.editor_of(&derbyshire).await;
        let mut visitor = app.client();

        let body = "## Help\n\n{{providers category=\"cse\"}}\n\n## Adults\n\n{{providers age=\"30\"}}\n\n{{provider \"safe-and-sound\"}}\n\n{{commissioned}}\n\n{{emergency}}\n";
        let edit = create(&mut editor, "derbyshire", &page_form("Help", "help", body)).await;
        act(&mut editor, &edit, "publish").await;

        let page = visitor.get("/derbyshire/help").await;
        assert_eq!(page.status, StatusCode::OK);
        let text = visible_text(&page.body);
        assert!(page.body.contains("href=\"tel:01332362120\""));
        assert!(page.body.contains("<strong>young people</strong>"));
        assert!(page.body.contains("<em>commissioned</em>"));
        assert!(text.contains("Commissioned under the Police Reform and Social Responsibility Act 2011"));
        assert!(text.contains("call the police on 101"), "{text}");
        // SAIL is for adults only: listed once, by the age embed.
        assert_eq!(page.body.matches(">SAIL</a>").count(), 1);
        assert!(!page.body.contains("{{"));
        assert!(!page.body.contains("INTERNAL-MARKER-7731"));

        // A new number shows on the page at once.
        let mut raw = RawProvider {
            name: "Safe and Sound".into(),
            description: "We help **young people**.".into(),
            phone: "0800 123 4567".into(),
            categories: "cse".into(),
            max_age: "18".into(),
            status: "published".into(),
            ..RawProvider::default()
        };
        raw.slug = "safe-and-sound".into();
        let fields = validate(&raw).unwrap();
        providers::update(&app.db, derbyshire.id, safe.id, safe.version, &fields, None).await.unwrap();
        let page = visitor.get("/derbyshire/help").await;
        assert!(page.body.contains("href=\"tel:08001234567\""));
        assert!(!page.body.contains("01332362120"));
    }

    async fn bodies_with_unknown_embeds_or_bad_fields_are_refused(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut editor = app.editor_of(&derbyshire).await;
        let edit = create(&mut editor, "derbyshire", &page_form("Taken", "taken", "Text.")).await;
        let before = count_pages_and_revisions(&app).await;

        for (fields, field, fragment) in [
            (page_form("Help", "", "{{bogus}}"), "body", "no embed called"),
            (page_form("Help", "", "{{provider \"nobody\"}}"), "body", "no provider with the slug"),
            (page_form("Help", "", "{{providers category=\"nothing\"}}"), "body", "no category"),
            (page_form("Help", "", "Call {{emergency}} now"), "body", "line of its own"),
            (page_form("", "", "Text"), "title", "Enter a title"),
            (page_form("Help", "support", "Text"), "slug", "used by the site itself"),
            (page_form("Help", "search", "Text"), "slug", "used by the site itself"),
            (page_form("Help", "api", "Text"), "slug", "used by the site itself"),
            (page_form("Help", "sitemap.xml", "Text"), "slug", "lower-case"),
            (page_form("Help", "Bad Slug", "Text"), "slug", "lower-case"),
            (page_form("Help", "taken", "Text"), "slug", "already has a page"),
        ] {
            let res = editor.post("/admin/derbyshire/pages", &fields).await;
            assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}: {}", res.body);
            let message = field_error(&res.body, field).unwrap_or_else(|| panic!("{fields:?}: {}", res.body));
            assert!(message.contains(fragment), "{message}");
            assert!(res.body.contains(&format!("<a href=\"#{field}\">")), "in the summary");
        }
        // The same on an update.
        let res = save(&mut editor, &edit, &page_form("Taken", "taken", "{{nope}}")).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        let other = create(&mut editor, "derbyshire", &page_form("Other", "other", "Text.")).await;
        let res = save(&mut editor, &other, &page_form("Other", "taken", "Text.")).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(field_error(&res.body, "slug").unwrap().contains("already has a page"));
        let (pages_after, revisions_after, _) = count_pages_and_revisions(&app).await;
        assert_eq!((pages_after, revisions_after), (before.0 + 1, before.1 + 1), "only `other` was added");
    }

    async fn page_markdown_is_sanitised(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut editor = app.editor_of(&derbyshire).await;
        let body = "<script>alert(1)</script>\n\n[click](javascript:alert(2))\n\nHi <img src=x onerror=alert(3)>\n";
        let edit = create(&mut editor, "derbyshire", &page_form("<b>Title</b>", "xss", body)).await;
        act(&mut editor, &edit, "publish").await;
        for res in [app.client().get("/derbyshire/xss").await, editor.get(&format!("{edit}/preview")).await] {
            assert_eq!(res.status, StatusCode::OK);
            assert!(!res.body.contains("<script>alert"));
            assert!(!res.body.contains("javascript:"));
            assert!(!res.body.contains("onerror"));
            assert!(!res.body.contains("<b>Title</b>"));
            assert!(res.body.contains("b&gt;Title") || res.body.contains("b&#62;Title"), "the title is shown, escaped");
        }
        let admin = editor.get(&edit).await;
        assert!(!admin.body.contains("<script>alert"));
    }

    async fn internal_notes_never_reach_a_public_page(app: TestApp) {
        server::demo::load(&app.db).await.unwrap();
        let derbyshire = persistence::repo::tenants::find_by_slug(&app.db, "derbyshire").await.unwrap().unwrap();
        let note = commissioning::list(&app.db, derbyshire.id).await.unwrap().remove(0);
        let mut fields = note.fields.clone();
        fields.internal_notes = "INTERNAL-MARKER-4242 contract value".into();
        commissioning::update(&app.db, derbyshire.id, note.id, note.version, &fields, None).await.unwrap();
        let mut visitor = app.client();
        for path in [
            "/", "/derbyshire/", "/derbyshire/support", "/derbyshire/support/safe-and-sound",
            "/derbyshire/safety", "/derbyshire/support?q=INTERNAL", "/derbyshire/nothing-here",
            "/derbyshire/helplines", "/assets/county/derbyshire.css",
        ] {
            let res = visitor.get(path).await;
            assert!(!res.body.contains("INTERNAL-MARKER-4242"), "{path}");
        }
        // The statement itself is public.
        let home = visitor.get("/derbyshire/").await;
        assert!(home.body.contains("As from the 1st of April 2016 Safe and Sound"));
    }

    async fn other_counties_pages_are_not_found(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let nottingham = app.create_tenant("nottingham").await;
        let mut owner = app.editor_of(&derbyshire).await;
        let mut outsider = app.editor_of(&nottingham).await;
        let edit = create(&mut owner, "derbyshire", &page_form("Help", "help", "Text.")).await;
        let id = page_id(&edit);
        let before = count_pages_and_revisions(&app).await;
        for county in ["derbyshire", "nottingham"] {
            let base = format!("/admin/{county}/pages/{id}");
            for (method, path) in [
                ("GET", base.clone()),
                ("POST", base.clone()),
                ("POST", format!("{base}/publish")),
                ("POST", format!("{base}/unpublish")),
                ("POST", format!("{base}/discard")),
                ("POST", format!("{base}/schedule")),
                ("GET", format!("{base}/preview")),
                ("GET", format!("{base}/revisions")),
                ("POST", format!("{base}/revisions/1/restore")),
                ("GET", format!("{base}/delete")),
                ("POST", format!("{base}/delete")),
            ] {
                let res = if method == "GET" {
                    outsider.get(&path).await
                } else {
                    let mut fields = page_form("Mine", "help", "Mine.");
                    fields.push(("version", "1"));
                    fields.push(("publish_at", "2099-01-01T09:00"));
                    outsider.post(&path, &fields).await
                };
                assert_eq!(res.status, StatusCode::NOT_FOUND, "{method} {path}");
            }
        }
        assert_eq!(outsider.get("/admin/derbyshire/pages").await.status, StatusCode::NOT_FOUND);
        assert_eq!(count_pages_and_revisions(&app).await, before);
    }

    async fn page_writes_need_a_csrf_token_and_are_audited(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut editor = app.editor_of(&derbyshire).await;
        let edit = create(&mut editor, "derbyshire", &page_form("Help", "help", "Text.")).await;
        let before = count_pages_and_revisions(&app).await;
        let v = version(&mut editor, &edit).await;
        let res = editor
            .post_form(&format!("{edit}/publish"), &[("version", &v), ("csrf_token", "wrong")])
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        assert_eq!(count_pages_and_revisions(&app).await, before);

        let confirm = editor.get(&format!("{edit}/delete")).await;
        assert_eq!(confirm.status, StatusCode::OK);
        let res = editor.post(&format!("{edit}/delete"), &[]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        assert_eq!(app.count("SELECT COUNT(*) FROM pages").await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM page_revisions").await, 0);
        let changed = app
            .query_strings("SELECT changed_fields FROM audit_events WHERE action = 'page.create'")
            .await;
        assert_eq!(changed.len(), 1);
        assert!(changed[0].contains("title") && changed[0].contains("body"), "{changed:?}");
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'page.delete'").await, 1);
    }

    async fn a_suspended_countys_schedule_waits(app: TestApp) {
        use domain::TenantStatus;
        use persistence::repo::tenants;
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut editor = app.editor_of(&derbyshire).await;
        let edit = create(&mut editor, "derbyshire", &page_form("Events", "events", "Soon.")).await;
        let v = version(&mut editor, &edit).await;
        let res = editor.post(&format!("{edit}/schedule"), &[("version", &v), ("publish_at", "2099-07-01 09:30")]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        tenants::set_status(&app.db, derbyshire.id, TenantStatus::Suspended).await.unwrap();

        let at = domain::provider::london(2099, 7, 2, 9, 0).unwrap();
        assert_eq!(server::scheduler::publish_due(&app.db, at).await.unwrap(), 0);
        let page = pages::find(&app.db, derbyshire.id, page_id(&edit)).await.unwrap().unwrap();
        assert!(page.published.is_none() && page.publish_at.is_some());

        tenants::set_status(&app.db, derbyshire.id, TenantStatus::Active).await.unwrap();
        assert_eq!(server::scheduler::publish_due(&app.db, at).await.unwrap(), 1);
    }

    async fn cached_pages_change_when_an_embed_would_read_differently(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        add_provider(&app, &derbyshire, RawProvider {
            name: "SAIL".into(),
            opening_hours: "Tu 10:00-14:00".into(),
            ..RawProvider::default()
        }).await;
        add_provider(&app, &derbyshire, RawProvider { name: "Safe and Sound".into(), ..RawProvider::default() }).await;
        // Starts on Wednesday 8 July 2026.
        let fields = domain::commissioning::validate(&domain::RawNote {
            provider: "safe-and-sound".into(),
            service: "CSE victim services".into(),
            legal_basis: "Police Reform and Social Responsibility Act 2011".into(),
            starts_on: "2026-07-08".into(),
            public_statement: "Newly commissioned.".into(),
            ..domain::RawNote::default()
        }).unwrap();
        commissioning::create(&app.db, derbyshire.id, &fields, None).await.unwrap();
        let mut editor = app.editor_of(&derbyshire).await;
        let edit = create(&mut editor, "derbyshire", &page_form("Help", "help", "{{providers}}\n\n{{commissioned}}")).await;
        act(&mut editor, &edit, "publish").await;
        let mut visitor = app.client();

        // Tuesday 7 July 2026 (BST), a second before SAIL opens.
        let opens = domain::provider::london(2026, 7, 7, 10, 0).unwrap();
        app.clock.set(opens - time::Duration::SECOND);
        let before = visitor.get("/derbyshire/help").await;
        assert!(before.body.contains("Closed: opens Tue 10:00"), "{}", before.body);
        assert!(!before.body.contains("Newly commissioned."));
        app.clock.set(opens);
        let open = visitor.get("/derbyshire/help").await;
        assert!(open.body.contains("Open now, until 14:00"));
        // Midnight in London: the commissioning has started.
        app.clock.set(domain::provider::london(2026, 7, 7, 23, 59).unwrap());
        assert!(!visitor.get("/derbyshire/help").await.body.contains("Newly commissioned."));
        app.clock.set(domain::provider::london(2026, 7, 8, 0, 0).unwrap());
        assert!(visitor.get("/derbyshire/help").await.body.contains("Newly commissioned."));
    }

    async fn a_draft_can_be_discarded_keeping_the_published_page(app: TestApp) {
        let derbyshire = app.create_tenant("derbyshire").await;
        let mut editor = app.editor_of(&derbyshire).await;
        let edit = create(&mut editor, "derbyshire", &page_form("Help", "help", "Live text.")).await;
        // Never published: nothing to go back to.
        assert_eq!(act(&mut editor, &edit, "discard").await.status, StatusCode::CONFLICT);
        act(&mut editor, &edit, "publish").await;
        save(&mut editor, &edit, &page_form("Help", "help", "Unwanted change.")).await;
        let v = version(&mut editor, &edit).await;
        editor.post(&format!("{edit}/schedule"), &[("version", &v), ("publish_at", "2099-01-01 09:00")]).await;

        let res = act(&mut editor, &edit, "discard").await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let page = pages::find(&app.db, derbyshire.id, page_id(&edit)).await.unwrap().unwrap();
        assert!(page.draft.is_none() && page.publish_at.is_none());
        assert_eq!(page.published.unwrap().content.body, "Live text.");
        assert_eq!(app.count("SELECT COUNT(*) FROM page_revisions").await, 2, "the history keeps it");
        assert!(app.client().get("/derbyshire/help").await.body.contains("Live text."));
        let form = editor.get(&edit).await;
        assert!(form.body.contains("Live text.") && !form.body.contains("Unwanted change."));
        // Nothing left to discard.
        assert_eq!(act(&mut editor, &edit, "discard").await.status, StatusCode::CONFLICT);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'page.discard'").await, 1);
    }
}
