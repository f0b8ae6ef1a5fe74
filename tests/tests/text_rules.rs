//! One rule for the characters of every text field (domain::text): text
//! that was not valid UTF-8, control characters and, in names, emails and
//! phone labels, bidirectional controls are refused with 422 beside the
//! field, never quietly changed, and nothing is written.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use integration_tests::{
    TestApp, TestClient, TestResponse, both_backends, encode_form, field_error,
};

const PROVIDERS: &str = "/admin/derbyshire/providers";

/// A provider form that passes, with `key` set to `value`.
fn fields<'a>(key: &'a str, value: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut all = vec![
        ("name", "Safe Harbour"),
        ("summary", "Support for young people."),
        ("description", "We listen."),
        ("phone", "Office: 01332 362 120"),
        ("email", "info@example.org"),
        ("status", "published"),
    ];
    match all.iter_mut().find(|(k, _)| *k == key) {
        Some(entry) => entry.1 = value,
        None => all.push((key, value)),
    }
    all
}

/// Posts a provider form whose body is exactly `body` after the token.
async fn post_raw(client: &mut TestClient, body: &[u8]) -> TestResponse {
    let token = client.csrf().await;
    let mut bytes = format!("csrf_token={token}&").into_bytes();
    bytes.extend_from_slice(body);
    client
        .send(
            Request::post(PROVIDERS)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(bytes))
                .unwrap(),
        )
        .await
}

async fn assert_refused(app: &TestApp, res: &TestResponse, field: &str, says: &str) {
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{field}: {}",
        res.body
    );
    let message =
        field_error(&res.body, field).unwrap_or_else(|| panic!("no error beside {field}"));
    assert!(message.contains(says), "{field}: {message}");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM providers").await,
        0,
        "nothing written"
    );
}

both_backends! {
    async fn invalid_utf8_is_refused_beside_the_field_encoded_or_raw(app: TestApp) {
        let (_, mut editor) = app.with_county("derbyshire").with_editor().await;
        let rest = encode_form(&fields("name", "x")[1..]);

        let encoded = post_raw(&mut editor, format!("name=Bad%FF%FEname&{rest}").as_bytes()).await;
        assert_refused(&app, &encoded, "name", "could not be read").await;

        let mut raw = b"name=Bad".to_vec();
        raw.extend_from_slice(&[0xFF, 0xFE]);
        raw.extend_from_slice(format!("name&{rest}").as_bytes());
        let raw = post_raw(&mut editor, &raw).await;
        assert_refused(&app, &raw, "name", "could not be read").await;
    }

    async fn nul_and_other_controls_are_refused_not_removed(app: TestApp) {
        let (_, mut editor) = app.with_county("derbyshire").with_editor().await;

        let res = editor.post(PROVIDERS, &fields("name", "Bad\0name")).await;
        assert_refused(&app, &res, "name", "U+0000").await;
        let res = editor.post(PROVIDERS, &fields("description", "We\0listen")).await;
        assert_refused(&app, &res, "description", "U+0000").await;
        let res = editor.post(PROVIDERS, &fields("summary", "Bell\u{7}")).await;
        assert_refused(&app, &res, "summary", "U+0007").await;
        let res = editor.post(PROVIDERS, &fields("name", "Two\nlines")).await;
        assert_refused(&app, &res, "name", "U+000A").await;
    }

    async fn bidi_controls_are_refused_in_names_emails_and_phone_labels(app: TestApp) {
        let (_, mut editor) = app.with_county("derbyshire").with_editor().await;

        for c in ['\u{202A}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}'] {
            let name = format!("Safe{c} Harbour");
            let res = editor.post(PROVIDERS, &fields("name", &name)).await;
            assert_refused(&app, &res, "name", "direction").await;
        }
        let res = editor.post(PROVIDERS, &fields("email", "info\u{2066}@example.org")).await;
        assert_refused(&app, &res, "email", "direction").await;
        let res = editor.post(PROVIDERS, &fields("phone", "Office\u{2067}: 01332 362 120")).await;
        assert_refused(&app, &res, "phone", "direction").await;
    }

    async fn tab_cr_and_lf_stay_in_multi_line_fields(app: TestApp) {
        let (_, mut editor) = app.with_county("derbyshire").with_editor().await;

        let res = editor
            .post(PROVIDERS, &fields("description", "We listen.\r\n\r\n\tEvery day."))
            .await;

        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let stored = app.query_strings("SELECT description FROM providers").await;
        assert_eq!(stored.len(), 1);
        assert!(stored[0].contains('\t') && stored[0].contains('\n'), "{stored:?}");
    }
}
