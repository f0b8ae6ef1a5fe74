//! Who may open and save the settings: not editors, not another county,
//! not without a CSRF token, not while the county is suspended.

use super::*;

both_backends! {
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
}
