//! Validation: each bad field is refused beside the field and writes
//! nothing; a slug taken by another provider; the order of the error summary.

use super::*;

both_backends! {
    async fn an_empty_name_is_refused(app: TestApp) {
        assert_refused(&app, &Form::provider("   "), "name").await;
    }

    async fn a_javascript_website_is_refused(app: TestApp) {
        assert_refused(&app, &Form::provider("Safe and Sound").set("website", "javascript:alert(1)"), "website").await;
    }

    async fn a_minimum_age_above_the_maximum_is_refused(app: TestApp) {
        let form = Form::provider("Safe and Sound").set("min_age", "19").set("max_age", "11");
        assert_refused(&app, &form, "min_age").await;
    }

    async fn invalid_opening_hours_are_refused(app: TestApp) {
        let form = Form::provider("Safe and Sound").set("opening_hours", "Tu 25:00-99:00 sometimes");
        assert_refused(&app, &form, "opening_hours").await;
    }

    async fn an_invalid_email_is_refused(app: TestApp) {
        assert_refused(&app, &Form::provider("Safe and Sound").set("email", "not-an-email"), "email").await;
    }

    async fn an_unknown_status_is_refused(app: TestApp) {
        assert_refused(&app, &Form::provider("Safe and Sound").set("status", "hidden"), "status").await;
    }

    async fn a_malformed_slug_is_refused(app: TestApp) {
        assert_refused(&app, &Form::provider("Safe and Sound").set("slug", "Not A Slug"), "slug").await;
    }

    async fn an_unknown_category_is_refused(app: TestApp) {
        let form = Form::provider("Safe and Sound").set("categories", "cse, no-such-category");
        assert_refused(&app, &form, "categories").await;
    }

    async fn a_malformed_phone_number_is_refused(app: TestApp) {
        assert_refused(&app, &Form::provider("Safe and Sound").set("phone", "call us"), "phone").await;
    }

    async fn a_slug_taken_by_another_provider_is_refused_beside_the_slug(app: TestApp) {
        let (_, mut editor) = app.with_county("derbyshire").with_editor().await;
        editor.create_provider("derbyshire", &Form::provider("Safe and Sound")).await;
        let other = editor.create_provider("derbyshire", &Form::provider("NSPCC")).await;
        let before = app.snapshot().await;

        let created = editor.post("/admin/derbyshire/providers", &Form::provider("Safe and Sound").pairs()).await;
        let updated = editor.update_provider("derbyshire", &other, &Form::provider("NSPCC").set("slug", "safe-and-sound"), "1").await;

        for res in [&created, &updated] {
            assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
            let message = field_error(&res.body, "slug").expect("a message beside the slug");
            assert!(message.contains("already has the slug"), "{message}");
            assert!(summary_lists(&res.body, "slug", &message));
        }
        assert_eq!(app.snapshot().await, before, "nothing written");
    }

    async fn the_error_summary_follows_the_order_of_the_form(app: TestApp) {
        let (_, mut editor) = app.with_county("derbyshire").with_editor().await;
        let form = Form::provider("")
            .set("email", "nope")
            .set("categories", "no-such-category")
            .set("status", "hidden");

        let res = editor.post("/admin/derbyshire/providers", &form.pairs()).await;

        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        let at = |field: &str| res.body.find(&format!("<a href=\"#{field}\">")).unwrap_or_else(|| panic!("{field}"));
        assert!(at("name") < at("email") && at("email") < at("categories") && at("categories") < at("status"));
        assert!(res.body.contains("value=\"nope\""), "what was typed is kept");
    }
}
