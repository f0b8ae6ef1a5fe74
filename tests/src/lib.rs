//! Test support: a `TestApp` that drives the real router in-process against
//! a fresh database per test, on SQLite and on PostgreSQL.
//!
//! - SQLite: a new file in a temporary folder.
//! - PostgreSQL: the schema is migrated once per test process into a
//!   template database, and each test gets `CREATE DATABASE … TEMPLATE`.
//!   The server is `TEST_POSTGRES_URL` (default
//!   `postgres://postgres@127.0.0.1:5432/postgres`); when it cannot be
//!   reached the test fails, it is never skipped.
//! - Databases are dropped when the `TestApp` is dropped; `KEEP_TEST_DB=1`
//!   keeps them. Leftovers of crashed runs are swept at start.

#![expect(clippy::missing_panics_doc, reason = "tests")]

pub mod cluster;
pub mod hsds;
pub mod logs;
pub mod process;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request, StatusCode, header};
use domain::{DisplayName, EmailAddress, Role, Tenant, TenantSlug, UserId};
use http_body_util::BodyExt;
use persistence::Db;
use persistence::repo::{tenants, users};
use sea_orm::{ConnectionTrait, Database};
use tokio::sync::OnceCell;
use tower::ServiceExt;
use web::WebConfig;

/// A password that passes the policy, for test accounts.
pub const PASSWORD: &str = "quiet lantern river 42";

/// Which database a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs each test body on both backends, as `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! both_backends {
    ($(async fn $name:ident($app:ident : TestApp) $body:block)*) => {
        $(
            mod $name {
                #[allow(unused_imports)]
                use super::*;

                async fn run($app: $crate::TestApp) $body

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    run($crate::TestApp::spawn($crate::Backend::Sqlite).await).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    run($crate::TestApp::spawn($crate::Backend::Postgres).await).await;
                }
            }
        )*
    };
}

fn postgres_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

fn postgres_url_for(database: &str) -> String {
    let mut url = url::Url::parse(&postgres_admin_url()).expect("TEST_POSTGRES_URL is not a URL");
    url.set_path(&format!("/{database}"));
    url.to_string()
}

fn keep_databases() -> bool {
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
enum Cleanup {
    SqliteDir(PathBuf),
    PostgresDb(String),
    /// A database the test owns itself (`TestApp::over_postgres`).
    Nothing,
}

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
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let (database_url, cleanup) = match backend {
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
        };
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
        TestClient {
            router: self.router.clone(),
            cookie: None,
            peer: SocketAddr::new(ip, 40_000),
        }
    }

    /// Creates an active county named after its slug.
    pub async fn create_tenant(&self, slug: &str) -> Tenant {
        let mut name = slug.replace('-', " ");
        if let Some(first) = name.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        tenants::create(
            &self.db,
            &TenantSlug::parse(slug).unwrap(),
            &DisplayName::parse(&name).unwrap(),
            &[],
        )
        .await
        .unwrap()
    }

    /// Creates a user (password [`PASSWORD`]) with this role in the county.
    pub async fn create_member(&self, tenant: &Tenant, email: &str, role: Role) -> UserId {
        let scope = server::cli::Scope::County(tenant.slug.clone(), role.as_str().to_owned());
        server::cli::create_user(&self.db, email, "Test Person", PASSWORD, scope)
            .await
            .unwrap();
        self.user_id(email).await
    }

    /// Creates a platform admin (password [`PASSWORD`]).
    pub async fn create_platform_admin(&self, email: &str) -> UserId {
        server::cli::create_user(
            &self.db,
            email,
            "Platform Person",
            PASSWORD,
            server::cli::Scope::Platform,
        )
        .await
        .unwrap();
        self.user_id(email).await
    }

    /// The id of the account with this email.
    pub async fn user_id(&self, email: &str) -> UserId {
        users::find_by_email(&self.db, &EmailAddress::parse(email).unwrap())
            .await
            .unwrap()
            .unwrap()
            .id
    }

    /// A client signed in as this user (password [`PASSWORD`]).
    pub async fn signed_in(&self, email: &str) -> TestClient {
        let mut client = self.client();
        let res = client.login(email, PASSWORD).await;
        assert_eq!(
            res.status,
            StatusCode::SEE_OTHER,
            "sign-in of {email} failed: {}",
            res.body
        );
        client
    }

    /// An editor of the county, signed in.
    pub async fn editor_of(&self, tenant: &Tenant) -> TestClient {
        let email = format!("editor@{}.example.org", tenant.slug);
        self.create_member(tenant, &email, Role::Editor).await;
        self.signed_in(&email).await
    }

    /// A county admin of the county, signed in.
    pub async fn county_admin_of(&self, tenant: &Tenant) -> TestClient {
        let email = format!("admin@{}.example.org", tenant.slug);
        self.create_member(tenant, &email, Role::CountyAdmin).await;
        self.signed_in(&email).await
    }

    /// Runs one SQL statement and returns a single text column of each row.
    pub async fn query_strings(&self, sql: &str) -> Vec<String> {
        let rows = self
            .db
            .query_all_raw(sea_orm::Statement::from_string(
                self.db.get_database_backend(),
                sql,
            ))
            .await
            .unwrap();
        rows.iter()
            .map(|r| r.try_get_by_index::<String>(0).unwrap())
            .collect()
    }

    /// Counts rows.
    pub async fn count(&self, sql: &str) -> i64 {
        let rows = self
            .db
            .query_all_raw(sea_orm::Statement::from_string(
                self.db.get_database_backend(),
                sql,
            ))
            .await
            .unwrap();
        rows[0].try_get_by_index::<i64>(0).unwrap()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if keep_databases() {
            eprintln!("KEEP_TEST_DB=1: keeping {}", self.database_url);
            return;
        }
        match &self.cleanup {
            Cleanup::SqliteDir(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::Nothing => {}
            Cleanup::PostgresDb(name) => {
                let name = name.clone();
                let db = self.db.clone();
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
}

/// A response, read whole.
#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body as text (lossy).
    pub body: String,
    /// The body as sent, for compressed responses.
    pub bytes: Vec<u8>,
}

impl TestResponse {
    /// The `Location` header.
    #[must_use]
    pub fn location(&self) -> Option<&str> {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
    }

    /// A header as text.
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Whether any `Set-Cookie` header was sent.
    #[must_use]
    pub fn sets_cookie(&self) -> bool {
        self.headers.contains_key(header::SET_COOKIE)
    }

    /// The value of the first hidden `csrf_token` field on the page.
    #[must_use]
    pub fn csrf_token(&self) -> Option<String> {
        let marker = "name=\"csrf_token\" value=\"";
        let start = self.body.find(marker)? + marker.len();
        let end = self.body[start..].find('"')?;
        Some(self.body[start..start + end].to_owned())
    }
}

/// A client with a one-cookie jar (the session cookie is the only cookie).
#[derive(Clone)]
pub struct TestClient {
    router: Router,
    /// `name=value` of the session cookie.
    pub cookie: Option<String>,
    peer: SocketAddr,
}

impl TestClient {
    /// Sends a request, keeping any cookie it sets.
    pub async fn send(&mut self, mut req: Request<Body>) -> TestResponse {
        req.extensions_mut().insert(ConnectInfo(self.peer));
        if let Some(cookie) = &self.cookie {
            req.headers_mut()
                .insert(header::COOKIE, cookie.parse().unwrap());
        }
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        for value in headers.get_all(header::SET_COOKIE) {
            let text = value.to_str().unwrap();
            let pair = text.split(';').next().unwrap_or_default().trim().to_owned();
            let removed = text.contains("Max-Age=0") || pair.ends_with('=');
            self.cookie = if removed { None } else { Some(pair) };
        }
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        TestResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        }
    }

    /// `GET path`.
    pub async fn get(&mut self, path: &str) -> TestResponse {
        self.send(Request::get(path).body(Body::empty()).unwrap())
            .await
    }

    /// `POST path` with a form body, exactly as given.
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let body = encode_form(fields);
        self.send(
            Request::post(path)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap(),
        )
        .await
    }

    /// The session's CSRF token, read from the sign-in page or `/admin`.
    pub async fn csrf(&mut self) -> String {
        let page = if self.cookie.is_some() {
            self.get("/admin").await
        } else {
            self.get("/admin/login").await
        };
        if let Some(token) = page.csrf_token() {
            return token;
        }
        // Sent elsewhere first (the two-factor enrolment page): its form.
        if let Some(elsewhere) = page.location().map(str::to_owned)
            && let Some(token) = self.get(&elsewhere).await.csrf_token()
        {
            return token;
        }
        self.get("/admin/login").await.csrf_token().unwrap()
    }

    /// `POST path` with the form and this session's CSRF token.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let token = self.csrf().await;
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf_token", &token));
        self.post_form(path, &all).await
    }

    /// Signs in through the form.
    pub async fn login(&mut self, email: &str, password: &str) -> TestResponse {
        self.login_with_next(email, password, "").await
    }

    /// Signs in through the form with a `next` field.
    pub async fn login_with_next(
        &mut self,
        email: &str,
        password: &str,
        next: &str,
    ) -> TestResponse {
        let token = self.get("/admin/login").await.csrf_token().unwrap();
        self.post_form(
            "/admin/login",
            &[
                ("email", email),
                ("password", password),
                ("csrf_token", &token),
                ("next", next),
            ],
        )
        .await
    }
}

/// `application/x-www-form-urlencoded` encoding.
#[must_use]
pub fn encode_form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                percent_encoding::utf8_percent_encode(k, percent_encoding::NON_ALPHANUMERIC),
                percent_encoding::utf8_percent_encode(v, percent_encoding::NON_ALPHANUMERIC)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// The message shown beside a form field, if any.
#[must_use]
pub fn field_error(body: &str, field: &str) -> Option<String> {
    let marker = format!(
        "id=\"{field}-error\" class=\"error-message\"><span class=\"visually-hidden\">Error:</span> "
    );
    let start = body.find(&marker)? + marker.len();
    let end = body[start..].find("</p>")?;
    Some(body[start..start + end].to_owned())
}

/// The first value of the hidden field `name` on the page.
#[must_use]
pub fn hidden_field(body: &str, name: &str) -> Option<String> {
    let marker = format!("type=\"hidden\" name=\"{name}\" value=\"");
    let start = body.find(&marker)? + marker.len();
    let end = body[start..].find('"')?;
    Some(body[start..start + end].to_owned())
}

/// The text a reader sees in an HTML page: tags dropped, the entities
/// that templates and the sanitiser write decoded, white space collapsed.
#[must_use]
pub fn visible_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let decoded = text
        .replace("&nbsp;", " ")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .replace('\u{a0}', " ");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether the error summary links this message to the field.
#[must_use]
pub fn summary_lists(body: &str, field: &str, message: &str) -> bool {
    body.contains("class=\"error-summary\"")
        && body.contains(&format!("<a href=\"#{field}\">{message}</a>"))
}

/// The text of the element with this `id` (up to its first tag).
#[must_use]
pub fn element_text(body: &str, id: &str) -> Option<String> {
    let marker = format!("id=\"{id}\"");
    let start = body.find(&marker)?;
    let open_end = body[start..].find('>')? + start + 1;
    let end = body[open_end..].find('<')? + open_end;
    Some(body[open_end..end].to_owned())
}

/// The RFC 6238 code (HMAC-SHA-1, 6 digits, 30-second steps) of a base32
/// secret at `at`, computed here from the secret as an authenticator app
/// would.
#[must_use]
pub fn totp_code(secret: &str, at: time::OffsetDateTime) -> String {
    let bytes = totp_rs::Secret::try_from_base32(secret).unwrap();
    let totp = totp_rs::Builder::new()
        .with_algorithm(totp_rs::Algorithm::SHA1)
        .with_digits(6)
        .with_step_duration(30)
        .with_secret(bytes)
        .build()
        .unwrap();
    totp.generate(u64::try_from(at.unix_timestamp()).unwrap())
        .to_string()
}
