//! The stylesheet, the exit script, and an unknown asset.

use super::*;

both_backends! {
    async fn the_stylesheet_is_served_as_css(app: TestApp) {
        let res = app.client().get("/assets/site.css").await;

        assert_eq!(res.status, StatusCode::OK);
        assert!(res.header("content-type").is_some_and(|v| v.starts_with("text/css")));
        assert!(!res.body.is_empty());
        assert_security_headers(&res, "site.css");
    }

    async fn the_exit_script_is_served_as_javascript(app: TestApp) {
        let res = app.client().get("/assets/exit-this-page.js").await;

        assert_eq!(res.status, StatusCode::OK);
        assert!(
            res.header("content-type").is_some_and(|v| v.starts_with("text/javascript")),
            "{:?}",
            res.header("content-type")
        );
        assert!(res.body.contains("location.replace"), "Back does not return");
    }

    async fn an_unknown_asset_is_404(app: TestApp) {
        for path in ["/assets/nope.css", "/assets/..%2Fcms.sqlite", "/assets/site.css.bak"] {
            let res = app.client().get(path).await;

            assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
        }
    }
}
