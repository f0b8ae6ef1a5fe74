//! County settings: the admin form (brand colour, non-emergency number),
//! who may use it, validation, optimistic locking and audit; the county
//! stylesheet it feeds, and where public pages link it.

use axum::http::StatusCode;
use domain::{CountyStatus, Role};
use integration_tests::{AuditView, TestApp, both_backends, field_error, hidden_field as hidden};
use persistence::repo::counties;

const SETTINGS: &str = "/admin/derbyshire/settings";
const STYLESHEET: &str = "/assets/county/derbyshire.css";

/// Each county's settings and settings version.
async fn settings_rows(app: &TestApp) -> Vec<String> {
    app.query_strings(
        "SELECT slug || ' | ' || COALESCE(brand_colour, '-') || ' | ' || non_emergency \
         || ' | ' || CAST(settings_version AS TEXT) FROM tenants ORDER BY slug",
    )
    .await
}

/// The county's content version (the public render cache's key).
async fn content_version(app: &TestApp) -> i64 {
    app.count("SELECT content_version FROM tenants WHERE slug = 'derbyshire'")
        .await
}

/// The value of the text input `name` on the page.
fn input_value(body: &str, name: &str) -> Option<String> {
    let at = body.find(&format!("name=\"{name}\""))?;
    let rest = &body[at..];
    let start = rest.find("value=\"")? + "value=\"".len();
    let end = rest[start..].find('"')?;
    Some(rest[start..start + end].to_owned())
}

/// Where the county stylesheet is linked on a page, if it is: (offset of
/// the link, its href).
fn county_stylesheet_link(body: &str) -> Option<(usize, String)> {
    let marker = "<link rel=\"stylesheet\" href=\"/assets/county/";
    let at = body.find(marker)?;
    let start = at + "<link rel=\"stylesheet\" href=\"".len();
    let end = body[start..].find('"')?;
    Some((at, body[start..start + end].to_owned()))
}

both_backends! {
    // --- Saving ---------------------------------------------------------

    async fn a_county_admin_saves_the_colour_and_number_and_the_county_stylesheet_has_them(app: TestApp) {
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;

        let form = admin.get(SETTINGS).await;
        assert_eq!(form.status, StatusCode::OK, "{}", form.body);
        assert_eq!(hidden(&form.body, "version").as_deref(), Some("0"));
        assert_eq!(input_value(&form.body, "non_emergency").as_deref(), Some("101"));
        assert_eq!(input_value(&form.body, "brand_colour").as_deref(), Some(""));
        assert!(form.csrf_token().is_some());
        let content_before = content_version(&app).await;

        let res = admin.save_settings("derbyshire", "#8A1538", "0300 122 8694", "0").await;

        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        assert_eq!(res.location(), Some(SETTINGS));
        let after = admin.get(SETTINGS).await;
        assert!(after.body.contains("were saved"), "a flash message");
        assert_eq!(input_value(&after.body, "brand_colour").as_deref(), Some("#8a1538"), "stored lower-case");
        assert_eq!(input_value(&after.body, "non_emergency").as_deref(), Some("0300 122 8694"));
        assert_eq!(hidden(&after.body, "version").as_deref(), Some("1"));
        assert!(after.body.contains("fill=\"#8a1538\""), "a swatch of the saved colour");
        assert_eq!(settings_rows(&app).await, ["derbyshire | #8a1538 | 0300 122 8694 | 1"]);
        assert_eq!(content_version(&app).await, content_before + 1, "the public pages move on");

        let css = app.client().get(STYLESHEET).await;
        assert_eq!(css.status, StatusCode::OK);
        assert!(css.body.contains("--brand: #8a1538;"), "{}", css.body);
        assert!(css.body.contains("--link-colour: #8a1538;"), "a dark colour is the link colour: {}", css.body);
        assert!(css.body.contains("--link-hover: #"), "{}", css.body);
    }

    async fn a_platform_admin_saves_any_countys_settings(app: TestApp) {
        app.with_county("derbyshire").await;
        app.create_platform_admin("root@example.org").await;
        let mut root = app.signed_in("root@example.org").await;

        let res = root.save_settings("derbyshire", "#00594f", "101", "0").await;

        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        assert_eq!(settings_rows(&app).await, ["derbyshire | #00594f | 101 | 1"]);
    }

    async fn a_save_is_audited_with_the_fields_it_changed(app: TestApp) {
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;

        assert_eq!(admin.save_settings("derbyshire", "", "0300 122 8694", "0").await.status, StatusCode::SEE_OTHER);
        assert_eq!(admin.save_settings("derbyshire", "#00594f", "0300 122 8694", "1").await.status, StatusCode::SEE_OTHER);

        assert_eq!(
            app.audited("tenant.settings", AuditView::CHANGES_AND_SUMMARY).await,
            [
                "[\"non_emergency\"] non-emergency number 101 -> 0300 122 8694",
                "[\"brand_colour\"] brand colour standard -> #00594f",
            ]
        );
        let actors = app
            .query_strings("SELECT actor_label || ' ' || object_id FROM audit_events WHERE action = 'tenant.settings'")
            .await;
        assert_eq!(actors[0], "admin@derbyshire.example.org derbyshire");
    }

    async fn saving_unchanged_settings_writes_nothing(app: TestApp) {
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        let before = app.snapshot().await;

        let res = admin.save_settings("derbyshire", "", " 101 ", "0").await;

        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        assert_eq!(app.snapshot().await, before);
        assert!(admin.get(SETTINGS).await.body.contains("Nothing was changed"));
    }

    async fn emptying_the_colour_brings_back_the_platform_colours(app: TestApp) {
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        assert_eq!(admin.save_settings("derbyshire", "#00594f", "101", "0").await.status, StatusCode::SEE_OTHER);

        assert_eq!(admin.save_settings("derbyshire", "", "101", "1").await.status, StatusCode::SEE_OTHER);

        assert_eq!(settings_rows(&app).await, ["derbyshire | - | 101 | 2"]);
        let css = app.client().get(STYLESHEET).await;
        assert_eq!(css.status, StatusCode::OK);
        assert!(!css.body.contains("--brand"), "{}", css.body);
        assert!(!css.body.contains("--link-colour"), "{}", css.body);
    }

    // --- Refused input --------------------------------------------------

    async fn a_colour_with_too_little_contrast_is_refused_naming_its_ratio(app: TestApp) {
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        let before = app.snapshot().await;

        let res = admin.save_settings("derbyshire", "#777777", "0300 122 8694", "0").await;

        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
        assert_eq!(app.snapshot().await, before, "nothing written");
        let message = field_error(&res.body, "brand_colour").expect("a message beside the colour");
        assert!(message.contains("4.48:1") && message.contains("4.5:1"), "{message}");
        assert!(res.body.contains("class=\"error-summary\""));
        assert!(res.body.contains(&format!("<a href=\"#brand_colour\">{message}</a>")), "the summary links the field");
        assert!(res.body.contains("<title>Error: "), "the title says so");
        assert_eq!(input_value(&res.body, "brand_colour").as_deref(), Some("#777777"), "what was typed comes back");
        assert_eq!(input_value(&res.body, "non_emergency").as_deref(), Some("0300 122 8694"));
        assert_eq!(hidden(&res.body, "version").as_deref(), Some("0"), "the version it was based on");

        // The classic pair: #767676 passes.
        let res = admin.save_settings("derbyshire", "#767676", "101", "0").await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    }

    async fn a_malformed_colour_and_number_are_refused_in_the_order_of_the_form(app: TestApp) {
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        let before = app.snapshot().await;

        for colour in ["navy", "#12345g", "#fff", "rgb(0,0,0)"] {
            let res = admin.save_settings("derbyshire", colour, "call 101", "0").await;

            assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{colour}");
            let colour_error = field_error(&res.body, "brand_colour").expect("colour message");
            assert!(colour_error.contains("6 hexadecimal digits"), "{colour_error}");
            let number_error = field_error(&res.body, "non_emergency").expect("number message");
            assert!(number_error.contains("3 to 15 digits"), "{number_error}");
            let first = res.body.find("<a href=\"#brand_colour\">").expect("summary links the colour");
            let second = res.body.find("<a href=\"#non_emergency\">").expect("summary links the number");
            assert!(first < second, "form order");
        }
        let res = admin.save_settings("derbyshire", "", "  ", "0").await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(field_error(&res.body, "non_emergency").is_some_and(|m| m.contains("like 101")));
        assert_eq!(app.snapshot().await, before, "nothing written");
    }

    async fn markup_typed_into_the_form_comes_back_escaped(app: TestApp) {
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;

        let res = admin.save_settings("derbyshire", "\"><script>alert(1)</script>", "<img src=x onerror=alert(1)>", "0").await;

        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(!res.body.contains("<script>alert") && !res.body.contains("<img src=x"), "{}", res.body);
        assert!(res.body.contains("&#60;script&#62;"));
    }

    // --- Who may ----------------------------------------------------------

    async fn editors_may_neither_open_nor_save_the_settings(app: TestApp) {
        let (_, mut editor) = app.with_county("derbyshire").with_editor().await;
        let before = app.snapshot().await;

        assert_eq!(editor.get(SETTINGS).await.status, StatusCode::FORBIDDEN);
        assert_eq!(editor.save_settings("derbyshire", "#00594f", "999 1", "0").await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.snapshot().await, before);
        let overview = editor.get("/admin/derbyshire").await;
        assert!(!overview.body.contains("href=\"/admin/derbyshire/settings\""), "no link for editors");
    }

    async fn county_admins_find_the_settings_in_the_county_navigation(app: TestApp) {
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;

        let overview = admin.get("/admin/derbyshire").await;

        let nav_start = overview.body.find("class=\"county-nav\"").expect("county nav");
        let nav_end = nav_start + overview.body[nav_start..].find("</nav>").unwrap();
        assert!(overview.body[nav_start..nav_end].contains("href=\"/admin/derbyshire/settings\""));
    }

    async fn another_countys_settings_are_404(app: TestApp) {
        app.with_county("derbyshire").await;
        let (_, mut other) = app.with_county("nottingham").with_county_admin().await;
        let before = app.snapshot().await;

        assert_eq!(other.get(SETTINGS).await.status, StatusCode::NOT_FOUND);
        assert_eq!(other.save_settings("derbyshire", "#00594f", "101", "0").await.status, StatusCode::NOT_FOUND);
        assert_eq!(other.get("/admin/nowhere/settings").await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.snapshot().await, before);
    }

    async fn a_wrong_or_missing_csrf_token_is_403(app: TestApp) {
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        let before = app.snapshot().await;

        let wrong = admin
            .post_form(SETTINGS, &[("brand_colour", "#00594f"), ("non_emergency", "101"), ("version", "0"), ("csrf_token", "nope")])
            .await;
        let missing = admin
            .post_form(SETTINGS, &[("brand_colour", "#00594f"), ("non_emergency", "101"), ("version", "0")])
            .await;

        assert_eq!(wrong.status, StatusCode::FORBIDDEN);
        assert_eq!(missing.status, StatusCode::FORBIDDEN);
        assert_eq!(app.snapshot().await, before);
    }

    async fn a_suspended_countys_settings_are_read_only(app: TestApp) {
        let (derbyshire, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        counties::set_status(&app.db, derbyshire.id, CountyStatus::Suspended).await.unwrap();
        let before = app.snapshot().await;

        let form = admin.get(SETTINGS).await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.body.contains("suspended") && !form.body.contains(">Save settings<"));
        assert_eq!(admin.save_settings("derbyshire", "#00594f", "101", "0").await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.snapshot().await, before);
    }

    // --- Optimistic locking ---------------------------------------------

    async fn a_stale_version_changes_nothing_and_shows_both_versions(app: TestApp) {
        let (derbyshire, mut first) = app.with_county("derbyshire").with_county_admin().await;
        app.create_member(&derbyshire, "second@example.org", Role::CountyAdmin).await;
        let mut second = app.signed_in("second@example.org").await;
        assert_eq!(first.save_settings("derbyshire", "#00594f", "0300 111 1111", "0").await.status, StatusCode::SEE_OTHER);
        let before = app.snapshot().await;

        let res = second.save_settings("derbyshire", "#8a1538", "0300 222 2222", "0").await;

        assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
        assert_eq!(app.snapshot().await, before, "nothing changed");
        assert!(res.body.contains("Your version") && res.body.contains("Saved version"));
        for value in ["#8a1538", "#00594f", "0300 222 2222", "0300 111 1111"] {
            assert!(res.body.contains(&format!("<td class=\"text-block\">{value}</td>")) || res.body.contains(&format!("</svg> {value}</td>")), "shows {value}");
        }
        assert!(res.body.contains("Different"));
        assert!(res.body.contains(&format!("href=\"{SETTINGS}\"")), "a link to reload");
        assert_eq!(hidden(&res.body, "version").as_deref(), Some("1"), "the form carries the saved version");
        assert_eq!(input_value(&res.body, "non_emergency").as_deref(), Some("0300 222 2222"), "the form holds my values");

        // Sending it again from the conflict page is deliberate and wins.
        let again = second.save_settings("derbyshire", "#8a1538", "0300 222 2222", "1").await;
        assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);
        assert_eq!(settings_rows(&app).await, ["derbyshire | #8a1538 | 0300 222 2222 | 2"]);
    }

    async fn a_missing_or_garbled_version_is_treated_as_stale(app: TestApp) {
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        let before = app.snapshot().await;

        for version in ["", "one", "-1", "7"] {
            let res = admin.save_settings("derbyshire", "#00594f", "101", version).await;
            assert_eq!(res.status, StatusCode::CONFLICT, "{version:?}");
        }
        assert_eq!(app.snapshot().await, before);
    }

    // --- The county stylesheet ------------------------------------------

    async fn the_county_stylesheet_is_css_with_a_strong_etag_and_answers_304(app: TestApp) {
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        assert_eq!(admin.save_settings("derbyshire", "#00594f", "101", "0").await.status, StatusCode::SEE_OTHER);
        let mut visitor = app.client();

        let res = visitor.get(STYLESHEET).await;

        assert_eq!(res.status, StatusCode::OK);
        assert_eq!(res.header("content-type"), Some("text/css; charset=utf-8"));
        let etag = res.header("etag").expect("an ETag").to_owned();
        assert!(etag.starts_with('"') && etag.ends_with('"'), "strong, not W/: {etag}");
        assert_eq!(res.header("cache-control"), Some("no-cache"), "an unversioned URL is checked each time");
        assert!(!res.sets_cookie());
        assert!(res.header("content-security-policy").is_some_and(|v| v.starts_with("default-src 'self'")));
        assert_eq!(res.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(res.header("referrer-policy"), Some("no-referrer"));

        let again = visitor.get_with(STYLESHEET, &[("if-none-match", &etag)]).await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED);
        assert!(again.body.is_empty());
        assert_eq!(again.header("etag"), Some(etag.as_str()));
        assert!(!again.sets_cookie());

        // The URL the pages link names the settings version: kept a year.
        let versioned = visitor.get(&format!("{STYLESHEET}?v=1")).await;
        assert_eq!(versioned.header("cache-control"), Some("public, max-age=31536000, immutable"));
        assert_eq!(versioned.header("etag"), Some(etag.as_str()));
        // An old version's URL is not pinned.
        let old = visitor.get(&format!("{STYLESHEET}?v=0")).await;
        assert_eq!(old.header("cache-control"), Some("no-cache"));

        // A new colour is a new ETag.
        assert_eq!(admin.save_settings("derbyshire", "#8a1538", "101", "1").await.status, StatusCode::SEE_OTHER);
        let changed = visitor.get_with(STYLESHEET, &[("if-none-match", &etag)]).await;
        assert_eq!(changed.status, StatusCode::OK);
        assert_ne!(changed.header("etag"), Some(etag.as_str()));
        assert!(changed.body.contains("--brand: #8a1538;"));
    }

    async fn the_stylesheet_of_an_unknown_or_suspended_county_is_404(app: TestApp) {
        let derbyshire = app.with_county("derbyshire").await;
        app.with_county("nottingham").await;
        counties::set_status(&app.db, derbyshire.id, CountyStatus::Suspended).await.unwrap();

        for path in [STYLESHEET, "/assets/county/nowhere.css", "/assets/county/nottingham", "/assets/county/nottingham.js", "/assets/county/..%2Fnottingham.css"] {
            let res = app.client().get(path).await;

            assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
            assert!(!res.sets_cookie(), "{path}");
        }
        assert_eq!(app.client().get("/assets/county/nottingham.css").await.status, StatusCode::OK);
    }

    async fn every_public_page_of_a_county_links_its_stylesheet_after_site_css(app: TestApp) {
        let (derbyshire, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        assert_eq!(admin.save_settings("derbyshire", "#00594f", "101", "0").await.status, StatusCode::SEE_OTHER);
        let mut editor = app.editor_of(&derbyshire).await;
        let created = editor
            .post("/admin/derbyshire/providers", &[("name", "Safe and Sound"), ("status", "published"), ("summary", "Support."), ("description", "Help.")])
            .await;
        assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);

        for (path, status) in [
            ("/derbyshire/", StatusCode::OK),
            ("/derbyshire/safety", StatusCode::OK),
            ("/derbyshire/support", StatusCode::OK),
            ("/derbyshire/support?q=sound&open_now=1", StatusCode::OK),
            ("/derbyshire/support/safe-and-sound", StatusCode::OK),
            ("/derbyshire/support/nobody", StatusCode::NOT_FOUND),
            ("/derbyshire/no-such-page", StatusCode::NOT_FOUND),
            ("/derbyshire/support/safe-and-sound/more", StatusCode::NOT_FOUND),
        ] {
            let res = app.client().get(path).await;

            assert_eq!(res.status, status, "{path}");
            let (at, href) = county_stylesheet_link(&res.body).unwrap_or_else(|| panic!("{path} links the county stylesheet"));
            assert_eq!(href, "/assets/county/derbyshire.css?v=1", "{path}");
            let site = res.body.find("href=\"/assets/site.css\"").expect("site.css");
            assert!(site < at, "{path}: after site.css");
            assert!(!res.sets_cookie(), "{path}");
        }
    }

    async fn a_404_under_a_county_keeps_the_countys_chrome(app: TestApp) {
        app.with_county("derbyshire").await;

        for path in ["/derbyshire/support/nobody", "/derbyshire/nothing/here"] {
            let res = app.client().get(path).await;

            assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
            let header_at = res.body.find("site-header__name").expect("a header");
            let name = &res.body[header_at..header_at + res.body[header_at..].find("</a>").unwrap()];
            assert!(name.contains("Derbyshire"), "{path}: {name}");
            assert!(res.body.contains("href=\"/derbyshire/\""), "{path}: back to the county's home");
            assert!(res.body.contains("href=\"tel:999\""), "{path}");
        }
    }

    async fn the_platforms_own_pages_keep_the_default_colours(app: TestApp) {
        app.with_county("derbyshire").await;
        counties::create(
            &app.db,
            &domain::CountySlug::parse("peak").unwrap(),
            &domain::DisplayName::parse("Peak").unwrap(),
            &[],
        )
        .await
        .unwrap();
        let suspended = app.with_county("rutland").await;
        counties::set_status(&app.db, suspended.id, CountyStatus::Suspended).await.unwrap();

        for path in ["/", "/safety", "/nowhere", "/nowhere/support", "/rutland/", "/rutland/support/x", "/assets/nope.css", "/admin/login"] {
            let res = app.client().get(path).await;

            assert!(county_stylesheet_link(&res.body).is_none(), "{path} links no county stylesheet");
        }
    }

    async fn a_configured_hostname_links_its_countys_stylesheet(app: TestApp) {
        counties::create(
            &app.db,
            &domain::CountySlug::parse("peak-district").unwrap(),
            &domain::DisplayName::parse("Peak District").unwrap(),
            &["support.example.org".into()],
        )
        .await
        .unwrap();

        for path in ["/", "/no-such-page", "/no-such-page/safety", "/a/b/c"] {
            let res = app.client().get_with(path, &[("host", "support.example.org")]).await;

            let expected = if path == "/" { StatusCode::OK } else { StatusCode::NOT_FOUND };
            assert_eq!(res.status, expected, "{path}");
            let (_, href) = county_stylesheet_link(&res.body).unwrap_or_else(|| panic!("{path}: links the stylesheet"));
            assert_eq!(href, "/assets/county/peak-district.css?v=0", "{path}");
        }
    }

    async fn the_non_emergency_number_shows_on_every_public_page_at_once(app: TestApp) {
        let (_, mut admin) = app.with_county("derbyshire").with_county_admin().await;
        // Cached before the change: the content version moves them on.
        for path in ["/derbyshire/", "/derbyshire/support"] {
            assert!(app.client().get(path).await.body.contains(">101<"), "{path}");
        }

        assert_eq!(admin.save_settings("derbyshire", "", "0300 122 8694", "0").await.status, StatusCode::SEE_OTHER);

        for path in ["/derbyshire/", "/derbyshire/safety", "/derbyshire/support", "/derbyshire/nothing"] {
            let res = app.client().get(path).await;

            assert!(res.body.contains(">0300 122 8694<"), "{path} shows the number");
            assert!(res.body.contains("href=\"tel:03001228694\""), "{path} links it");
            assert!(!res.body.contains(">101<"), "{path}: not the old number");
        }
    }
}
