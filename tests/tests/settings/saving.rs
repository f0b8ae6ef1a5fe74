//! Saving the settings: what is stored, who saved it (audited), an
//! unchanged save, an emptied colour, and optimistic locking.

use super::*;

both_backends! {
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
}
