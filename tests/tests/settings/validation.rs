//! Refused input: too little contrast, a malformed colour or number, and
//! markup typed into the form.

use super::*;

both_backends! {
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
}
