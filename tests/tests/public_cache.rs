//! Rendered public pages are cached per county content version: a change
//! through the admin shows at once, and pages answer conditional requests.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use domain::Role;
use integration_tests::both_backends;

both_backends! {
    async fn a_changed_phone_number_shows_at_once_on_every_public_page(app: TestApp) {
        server::demo::load(&app.db).await.unwrap();
        let tenant = persistence::repo::tenants::find_by_slug(&app.db, "derbyshire").await.unwrap().unwrap();
        app.create_member(&tenant, "ed@example.org", Role::Editor).await;
        let mut visitor = app.client();
        // Fill the cache first.
        assert!(visitor.get("/derbyshire/support").await.body.contains("tel:01332362120"));
        assert!(visitor.get("/derbyshire/support/safe-and-sound").await.body.contains("tel:01332362120"));

        let mut editor = app.signed_in("ed@example.org").await;
        let id = persistence::repo::providers::find_by_slug(&app.db, tenant.id, "safe-and-sound")
            .await
            .unwrap()
            .unwrap()
            .id;
        let edit_url = format!("/admin/derbyshire/providers/{id}");
        let form = editor.get(&edit_url).await;
        assert_eq!(form.status, StatusCode::OK);
        let version = field_value(&form.body, "version");
        let res = editor
            .post(
                &edit_url,
                &[
                    ("name", "Safe and Sound"),
                    ("slug", "safe-and-sound"),
                    ("summary", "Commissioned CSE provider."),
                    ("phone", "01332 000 999"),
                    ("categories", "cse"),
                    ("status", "published"),
                    ("version", &version),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);

        let directory = visitor.get("/derbyshire/support").await;
        let page = visitor.get("/derbyshire/support/safe-and-sound").await;
        for body in [&directory.body, &page.body] {
            assert!(body.contains("tel:01332000999"), "new number shown");
            assert!(!body.contains("tel:01332362120"), "old number gone");
        }
    }

    async fn public_pages_answer_if_none_match_with_304(app: TestApp) {
        server::demo::load(&app.db).await.unwrap();
        let mut visitor = app.client();

        let first = visitor.get("/derbyshire/support").await;
        let etag = first.header("etag").unwrap().to_owned();
        let again = visitor
            .send(
                Request::get("/derbyshire/support")
                    .header(header::IF_NONE_MATCH, &etag)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;

        assert_eq!(again.status, StatusCode::NOT_MODIFIED);
        assert!(again.body.is_empty());
        assert!(!again.sets_cookie());
        assert!(again.header("content-security-policy").is_some());
    }
}

/// The `value` of the input named `name` on a page.
fn field_value(body: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = body
        .find(&marker)
        .map(|i| i + marker.len())
        .unwrap_or_else(|| {
            let tag_start = body.find(&format!("name=\"{name}\"")).unwrap();
            let tag = &body[body[..tag_start].rfind('<').unwrap()..];
            tag.find("value=\"").unwrap() + "value=\"".len() + (body.len() - tag.len())
        });
    body[start..start + body[start..].find('"').unwrap()].to_owned()
}
