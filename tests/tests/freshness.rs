//! Public pages are served without reading the county on every request, yet
//! a change saved through any server is on every server's pages within a
//! second (issue 10, item 4). "Another server" here is a real `cms serve`
//! process over the same database: in one process every write is known at
//! once, so only a second process proves the PostgreSQL notifications and
//! SQLite's `data_version`.

use std::time::Duration;

use axum::http::StatusCode;
use domain::Role;
use integration_tests::process::ServerProcess;
use integration_tests::{Backend, TestApp, TestClient, both_backends, hidden_field};

/// The real `cms`, built with the test package.
const CMS: &str = env!("CARGO_BIN_EXE_cms_under_test");
const PAGE: &str = "/derbyshire/support/safe-and-sound";
const OLD: &str = "tel:01332362120";

/// The demo county with an editor of it, signed in.
async fn demo_with_editor(app: &TestApp) -> TestClient {
    server::demo::load(&app.db).await.unwrap();
    let county = persistence::repo::counties::find_by_slug(&app.db, "derbyshire")
        .await
        .unwrap()
        .unwrap();
    app.create_member(&county, "ed@example.org", Role::Editor)
        .await;
    app.signed_in("ed@example.org").await
}

/// Saves Safe and Sound's phone number through this test's own server.
async fn save_number(app: &TestApp, editor: &mut TestClient, number: &str) {
    let county = persistence::repo::counties::find_by_slug(&app.db, "derbyshire")
        .await
        .unwrap()
        .unwrap();
    let id = persistence::repo::providers::find_by_slug(&app.db, county.id, "safe-and-sound")
        .await
        .unwrap()
        .unwrap()
        .id;
    let edit_url = format!("/admin/derbyshire/providers/{id}");
    let form = editor.get(&edit_url).await;
    let version = hidden_field(&form.body, "version").unwrap();
    let res = editor
        .post(
            &edit_url,
            &[
                ("name", "Safe and Sound"),
                ("slug", "safe-and-sound"),
                ("summary", "Commissioned CSE provider."),
                ("phone", number),
                ("categories", "cse"),
                ("status", "published"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
}

/// The other server's page, read a few times so that it is in its cache
/// and its county row is kept.
async fn warm(other: &ServerProcess) {
    for _ in 0..3 {
        let (status, body) = other.get(PAGE).await;
        assert_eq!(status, 200);
        assert!(body.contains(OLD), "the demo's number first");
    }
}

/// Waits (at most 5 s) until the other server's change feed is connected.
async fn wait_until_listening(app: &TestApp) {
    for _ in 0..250 {
        let listening = app
            .count(
                "SELECT COUNT(*) FROM pg_stat_activity \
                 WHERE datname = current_database() AND query ILIKE 'LISTEN%'",
            )
            .await;
        if listening > 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the other server never listened for changes");
}

both_backends! {
    async fn a_change_saved_on_one_server_shows_on_another_within_a_second(app: TestApp) {
        let mut editor = demo_with_editor(&app).await;
        let other = ServerProcess::start(CMS, &app.database_url);
        warm(&other).await;

        save_number(&app, &mut editor, "01332 000 999").await;

        let took = other
            .wait_for_text(PAGE, "tel:01332000999", Duration::from_secs(1))
            .await;
        eprintln!("{:?}: shown on the other server after {took:?}", app.backend);
        assert!(took.is_some(), "the other server still shows the old number after 1 s");
        let (_, body) = other.get(PAGE).await;
        assert!(!body.contains(OLD), "the old number is gone");
    }

    async fn a_county_suspended_elsewhere_is_gone_from_another_server_within_a_second(app: TestApp) {
        server::demo::load(&app.db).await.unwrap();
        let other = ServerProcess::start(CMS, &app.database_url);
        warm(&other).await;
        let county = persistence::repo::counties::find_by_slug(&app.db, "derbyshire")
            .await
            .unwrap()
            .unwrap();

        persistence::repo::counties::set_status(&app.db, county.id, domain::CountyStatus::Suspended)
            .await
            .unwrap();

        let mut gone = false;
        for _ in 0..50 {
            if other.get(PAGE).await.0 == 404 {
                gone = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(gone, "a suspended county's pages are 404 within a second");
    }

    async fn the_public_pages_watch_for_changes_instead_of_reading_each_time(app: TestApp) {
        server::demo::load(&app.db).await.unwrap();
        let mut visitor = app.client();
        assert_eq!(visitor.get(PAGE).await.status, StatusCode::OK);

        let mut watching = false;
        for _ in 0..100 {
            if app.state.county_reads.is_watching() {
                watching = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(watching, "the change feed connects on {:?}", app.backend);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_made_while_the_listener_was_cut_off_still_shows_within_a_second() {
    let app = TestApp::spawn(Backend::Postgres).await;
    let mut editor = demo_with_editor(&app).await;
    let other = ServerProcess::start(CMS, &app.database_url);
    warm(&other).await;
    wait_until_listening(&app).await;

    let cut = app
        .count(
            "SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND query ILIKE 'LISTEN%') AS cut",
        )
        .await;
    assert!(cut > 0, "a listener was cut off");
    save_number(&app, &mut editor, "01332 000 777").await;

    let took = other
        .wait_for_text(PAGE, "tel:01332000777", Duration::from_secs(1))
        .await;
    assert!(
        took.is_some(),
        "the other server still shows the old number 1 s after its listener was cut off"
    );
    // And it listens again by itself.
    wait_until_listening(&app).await;
}
