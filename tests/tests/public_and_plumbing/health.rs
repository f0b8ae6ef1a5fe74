//! The health checks: `/healthz` and `/readyz`.

use super::*;

both_backends! {
    async fn healthz_answers_200(app: TestApp) {
        let res = app.client().get("/healthz").await;

        assert_eq!(res.status, StatusCode::OK);
        assert_security_headers(&res, "/healthz");
    }

    async fn readyz_answers_200_while_the_database_answers(app: TestApp) {
        let res = app.client().get("/readyz").await;

        assert_eq!(res.status, StatusCode::OK);
    }

    async fn readyz_answers_503_when_the_database_is_gone(app: TestApp) {
        app.db.close_by_ref().await.unwrap();

        let res = app.client().get("/readyz").await;

        assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_security_headers(&res, "/readyz 503");
        let health = app.client().get("/healthz").await;
        assert_eq!(health.status, StatusCode::OK, "the process is still up");
    }
}
