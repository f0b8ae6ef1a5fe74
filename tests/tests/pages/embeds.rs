//! What a page's body shows: embeds from live data (and the cache that
//! follows them), sanitised Markdown, and internal notes kept off it.

use super::*;

both_backends! {
    async fn embeds_render_live_data(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        categories::ensure_defaults(&app.db, derbyshire.id).await.unwrap();
        let safe = app.add_provider(&derbyshire, RawProvider {
            status: "published".into(),
            name: "Safe and Sound".into(),
            description: "We help **young people**.".into(),
            phone: "01332 362 120".into(),
            categories: "cse".into(),
            max_age: "18".into(),
            ..RawProvider::default()
        }).await;
        app.add_provider(&derbyshire, RawProvider {
            status: "published".into(),
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
        let edit = editor.create_page("derbyshire", &Form::page("Help", "help", body)).await;
        editor.page_action(&edit, "publish").await;

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

    async fn cached_pages_change_when_an_embed_would_read_differently(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        app.add_provider(&derbyshire, RawProvider {
            status: "published".into(),
            name: "SAIL".into(),
            opening_hours: "Tu 10:00-14:00".into(),
            ..RawProvider::default()
        }).await;
        app.add_provider(&derbyshire, "Safe and Sound").await;
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
        let edit = editor.create_page("derbyshire", &Form::page("Help", "help", "{{providers}}\n\n{{commissioned}}")).await;
        editor.page_action(&edit, "publish").await;
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

    async fn page_markdown_is_sanitised(app: TestApp) {
        let (_, mut editor) = app.with_county("derbyshire").with_editor().await;
        let body = "<script>alert(1)</script>\n\n[click](javascript:alert(2))\n\nHi <img src=x onerror=alert(3)>\n";
        let edit = editor.create_page("derbyshire", &Form::page("<b>Title</b>", "xss", body)).await;
        editor.page_action(&edit, "publish").await;
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
        let derbyshire = persistence::repo::counties::find_by_slug(&app.db, "derbyshire").await.unwrap().unwrap();
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
}
