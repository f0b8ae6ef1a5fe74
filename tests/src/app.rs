//! The application under test: the real router in-process over a fresh
//! database, and plain SQL reads of what it wrote.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::Router;
use persistence::Db;
use sea_orm::ConnectionTrait;
use web::WebConfig;

use crate::database::{self, Cleanup};
use crate::{Backend, TestClient};

/// The application under test, over its own fresh database.
pub struct TestApp {
    pub backend: Backend,
    pub db: Db,
    pub database_url: String,
    /// The clock the public pages read; `clock.set(at)` fixes the time.
    pub clock: web::Clock,
    /// The state the router serves with.
    pub state: web::AppState,
    router: Router,
    cleanup: Cleanup,
}

impl TestApp {
    /// A fresh, migrated database and the real router over it.
    pub async fn spawn(backend: Backend) -> Self {
        let (database_url, cleanup) = database::fresh(backend).await;
        Self::over(backend, database_url, cleanup).await
    }

    /// The real router over a PostgreSQL database that the test manages
    /// itself (its own server, for the outage test): migrated here, never
    /// dropped by the `TestApp`.
    pub async fn over_postgres(database_url: &str) -> Self {
        Self::over(Backend::Postgres, database_url.to_owned(), Cleanup::Nothing).await
    }

    async fn over(backend: Backend, database_url: String, cleanup: Cleanup) -> Self {
        let db = persistence::connect(&database_url).await.unwrap();
        persistence::migrate(&db).await.unwrap();
        let mut config = WebConfig::new(url::Url::parse("http://localhost:3000").unwrap());
        // Tests sign admins in with a password alone; the two-factor tests
        // turn the requirement on with `require_2fa`.
        config.require_2fa = domain::two_factor::Requirement::Off;
        let state = server::build_state(db.clone(), config);
        let clock = state.clock.clone();
        let router = server::build_router(state.clone());
        Self {
            backend,
            db,
            database_url,
            clock,
            state,
            router,
            cleanup,
        }
    }

    /// Serves from now on with `CMS_REQUIRE_2FA` set to `requirement` (a
    /// new state and router over the same database; make clients after).
    pub fn require_2fa(&mut self, requirement: domain::two_factor::Requirement) {
        let mut config = (*self.state.config).clone();
        config.require_2fa = requirement;
        let state = server::build_state(self.db.clone(), config);
        self.clock = state.clock.clone();
        self.router = server::build_router(state.clone());
        self.state = state;
    }

    /// A browser-like client with its own cookie jar, from 192.0.2.1.
    #[must_use]
    pub fn client(&self) -> TestClient {
        self.client_from(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1)))
    }

    /// A client connecting from `ip`.
    #[must_use]
    pub fn client_from(&self, ip: IpAddr) -> TestClient {
        TestClient::new(self.router.clone(), SocketAddr::new(ip, 40_000))
    }

    /// Runs one SQL statement and returns a single text column of each row.
    pub async fn query_strings(&self, sql: &str) -> Vec<String> {
        self.rows(sql)
            .await
            .iter()
            .map(|r| r.try_get_by_index::<String>(0).unwrap())
            .collect()
    }

    /// Counts rows.
    pub async fn count(&self, sql: &str) -> i64 {
        self.rows(sql).await[0].try_get_by_index::<i64>(0).unwrap()
    }

    /// The rows of one SQL statement.
    async fn rows(&self, sql: &str) -> Vec<sea_orm::QueryResult> {
        self.db
            .query_all_raw(sea_orm::Statement::from_string(
                self.db.get_database_backend(),
                sql,
            ))
            .await
            .unwrap()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if database::keep_databases() {
            eprintln!("KEEP_TEST_DB=1: keeping {}", self.database_url);
            return;
        }
        database::clean_up(&self.cleanup, &self.db);
    }
}
