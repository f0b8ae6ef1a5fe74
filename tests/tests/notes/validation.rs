//! Validation: each refused field, with its message beside the field and
//! in the summary, in the order of the form.

use super::*;

both_backends! {
    async fn an_empty_service_is_refused(app: TestApp) {
        let message = assert_refused(&app, &Form::note("   "), "service").await;
        assert_eq!(message, "Enter the service commissioned");
    }

    async fn a_service_over_200_characters_is_refused(app: TestApp) {
        let message = assert_refused(&app, &Form::note(&"s".repeat(201)), "service").await;
        assert!(message.contains("200 characters or fewer"), "{message}");
    }

    async fn an_empty_legal_basis_is_refused(app: TestApp) {
        let message = assert_refused(&app, &Form::note(SERVICE).set("legal_basis", ""), "legal_basis").await;
        assert!(message.starts_with("Enter the legal basis"), "{message}");
    }

    async fn a_missing_start_date_is_refused(app: TestApp) {
        let message = assert_refused(&app, &Form::note(SERVICE).set("starts_on", ""), "starts_on").await;
        assert_eq!(message, "Enter the date the commissioning starts");
    }

    async fn a_start_date_in_another_format_is_refused(app: TestApp) {
        let message = assert_refused(&app, &Form::note(SERVICE).set("starts_on", "01/04/2026"), "starts_on").await;
        assert!(message.contains("YYYY-MM-DD"), "{message}");
    }

    async fn a_start_date_that_is_not_a_real_day_is_refused(app: TestApp) {
        let message = assert_refused(&app, &Form::note(SERVICE).set("starts_on", "2026-02-30"), "starts_on").await;
        assert!(message.contains("real date"), "{message}");
    }

    async fn a_malformed_end_date_is_refused(app: TestApp) {
        assert_refused(&app, &Form::note(SERVICE).set("ends_on", "next March"), "ends_on").await;
    }

    async fn an_end_date_before_the_start_is_refused(app: TestApp) {
        let form = Form::note(SERVICE).set("starts_on", "2026-04-01").set("ends_on", "2026-03-31");
        let message = assert_refused(&app, &form, "ends_on").await;
        assert_eq!(message, "End date must be the same as or after the start date");
    }

    async fn an_unknown_provider_is_refused(app: TestApp) {
        let message = assert_refused(&app, &Form::note(SERVICE).set("provider", "no-such-provider"), "provider").await;
        assert!(message.contains("is not a provider of Derbyshire"), "{message}");
    }

    async fn a_malformed_provider_slug_is_refused(app: TestApp) {
        assert_refused(&app, &Form::note(SERVICE).set("provider", "Not A Slug"), "provider").await;
    }

    async fn a_provider_of_another_county_is_refused(app: TestApp) {
        let nottinghamshire = app.with_county("nottinghamshire").await;
        app.add_provider(&nottinghamshire, "Notts Only").await;

        let message = assert_refused(&app, &Form::note(SERVICE).set("provider", "notts-only"), "provider").await;

        assert!(message.contains("\u{201c}notts-only\u{201d} is not a provider of Derbyshire"), "{message}");
    }

    async fn a_public_statement_over_the_limit_is_refused(app: TestApp) {
        assert_refused(&app, &Form::note(SERVICE).set("public_statement", &"x".repeat(20_001)), "public_statement").await;
    }

    async fn the_error_summary_follows_the_order_of_the_form(app: TestApp) {
        let (_, mut editor) = app.with_county("derbyshire").with_provider("Safe and Sound").with_editor().await;
        let form = Form::note("")
            .set("provider", "nope")
            .set("legal_basis", "")
            .set("starts_on", "soon")
            .set("ends_on", "later");

        let res = editor.post("/admin/derbyshire/notes", &form.pairs()).await;

        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        let at = |field: &str| res.body.find(&format!("<a href=\"#{field}\">")).unwrap_or_else(|| panic!("{field}"));
        assert!(at("provider") < at("service"));
        assert!(at("service") < at("legal_basis"));
        assert!(at("legal_basis") < at("starts_on"));
        assert!(at("starts_on") < at("ends_on"));
        assert!(res.body.contains("value=\"soon\"") && res.body.contains("value=\"later\""), "what was typed is kept");
        assert_eq!(app.count("SELECT COUNT(*) FROM commissioning_notes").await, 0);
    }
}
