//! A fresh database for each test: a new SQLite file in a temporary
//! folder, or on PostgreSQL a copy (`CREATE DATABASE … TEMPLATE`) of a
//! template migrated once per test process. Leftovers of crashed runs are
//! swept at start; `KEEP_TEST_DB=1` keeps every database.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use persistence::Db;
use sea_orm::{ConnectionTrait, Database};
use tokio::sync::OnceCell;

use crate::Backend;

fn postgres_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

fn postgres_url_for(database: &str) -> String {
    let mut url = url::Url::parse(&postgres_admin_url()).expect("TEST_POSTGRES_URL is not a URL");
    url.set_path(&format!("/{database}"));
    url.to_string()
}

/// Whether `KEEP_TEST_DB=1` asks to keep the databases for a look after.
pub(crate) fn keep_databases() -> bool {
    std::env::var("KEEP_TEST_DB").is_ok_and(|v| v == "1")
}

const PREFIX: &str = "cms_test_";

static TEMPLATE: OnceCell<String> = OnceCell::const_new();
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Connects to the PostgreSQL server's admin database, failing loudly.
async fn admin_connection() -> Db {
    let url = postgres_admin_url();
    match Database::connect(url.clone()).await {
        Ok(db) => db,
        Err(err) => panic!(
            "PostgreSQL is not reachable at TEST_POSTGRES_URL={url}: {err}. \
             Start it (see README.md) — tests never skip a backend."
        ),
    }
}

/// Drops databases left by test processes that are no longer running.
async fn sweep(admin: &Db) {
    let rows = admin
        .query_all_raw(sea_orm::Statement::from_string(
            admin.get_database_backend(),
            format!("SELECT datname FROM pg_database WHERE datname LIKE '{PREFIX}%'"),
        ))
        .await
        .unwrap();
    for row in rows {
        let name: String = row.try_get("", "datname").unwrap();
        let pid = name
            .strip_prefix(PREFIX)
            .and_then(|rest| rest.split('_').nth(1))
            .and_then(|pid| pid.parse::<u32>().ok());
        let alive = pid.is_some_and(|pid| PathBuf::from(format!("/proc/{pid}")).exists());
        if !alive {
            let _ = admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .await;
        }
    }
}

/// The migrated template database of this test process.
async fn template() -> &'static str {
    TEMPLATE
        .get_or_init(|| async {
            let admin = admin_connection().await;
            sweep(&admin).await;
            let name = format!("{PREFIX}tpl_{}", std::process::id());
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .await
                .unwrap();
            admin
                .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await
                .unwrap();
            let db = persistence::connect(&postgres_url_for(&name))
                .await
                .unwrap();
            persistence::migrate(&db).await.unwrap();
            db.close().await.unwrap();
            admin.close().await.unwrap();
            name
        })
        .await
}

/// What the `TestApp` must clean up.
pub(crate) enum Cleanup {
    SqliteDir(PathBuf),
    PostgresDb(String),
    /// A database the test owns itself (`TestApp::over_postgres`).
    Nothing,
}

/// A new, empty database on `backend`: its URL and what to clean up.
pub(crate) async fn fresh(backend: Backend) -> (String, Cleanup) {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    match backend {
        Backend::Sqlite => {
            let dir = std::env::temp_dir().join(format!(
                "{PREFIX}t_{}_{n}_{}",
                std::process::id(),
                uuid::Uuid::new_v4().simple()
            ));
            std::fs::create_dir_all(&dir).unwrap();
            let url = format!("sqlite://{}?mode=rwc", dir.join("cms.sqlite").display());
            (url, Cleanup::SqliteDir(dir))
        }
        Backend::Postgres => {
            let template = template().await;
            let name = format!(
                "{PREFIX}t_{}_{n}_{}",
                std::process::id(),
                &uuid::Uuid::new_v4().simple().to_string()[..8]
            );
            let admin = admin_connection().await;
            // Cloning a template is refused while another clone of it is
            // starting; try again briefly.
            let mut attempt = 0;
            loop {
                let res = admin
                    .execute_unprepared(&format!(
                        "CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""
                    ))
                    .await;
                match res {
                    Ok(_) => break,
                    Err(err) if attempt < 50 => {
                        attempt += 1;
                        let _ = err;
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    }
                    Err(err) => panic!("creating test database {name}: {err}"),
                }
            }
            admin.close().await.unwrap();
            (postgres_url_for(&name), Cleanup::PostgresDb(name))
        }
    }
}

/// Removes what `fresh` made (the connection `db` is closed first).
pub(crate) fn clean_up(cleanup: &Cleanup, db: &Db) {
    match cleanup {
        Cleanup::SqliteDir(dir) => {
            let _ = std::fs::remove_dir_all(dir);
        }
        Cleanup::Nothing => {}
        Cleanup::PostgresDb(name) => {
            let name = name.clone();
            let db = db.clone();
            // Drop needs async work; do it on a runtime of its own.
            let _ = std::thread::spawn(move || {
                let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                else {
                    return;
                };
                rt.block_on(async move {
                    let _ = db.close_by_ref().await;
                    let admin = admin_connection().await;
                    let _ = admin
                        .execute_unprepared(&format!(
                            "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                        ))
                        .await;
                    let _ = admin.close().await;
                });
            })
            .join();
        }
    }
}
