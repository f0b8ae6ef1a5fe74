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
//!
//! The modules, each one subject: `database` (a fresh database per test),
//! `app` (the `TestApp`), `people` (counties, accounts, signed-in
//! clients), `client` (requests and responses), `routes` (one helper per
//! admin route tests call most), `forms` (admin forms as sent),
//! `fixtures` (content stored straight in the database), `snapshot` (what
//! was written), `html` (reading a page), `cli` and `two_factor`.

#![expect(clippy::missing_panics_doc, reason = "tests")]

pub mod cluster;
pub mod hsds;
pub mod logs;
pub mod process;

mod app;
mod cli;
mod client;
mod database;
mod fixtures;
mod forms;
mod html;
mod people;
mod routes;
mod snapshot;
mod two_factor;

pub use app::TestApp;
pub use cli::one_line;
pub use client::{TestClient, TestResponse, encode_form};
pub use fixtures::{NewPage, NewProvider, SAIL_HOURS, published, sail_opens};
pub use forms::Form;
pub use html::{
    ATTRIBUTE, SCRIPT, assert_refused_beside, attr, carries_markup, element_text, enclosing_tag,
    field_error, form_controls, hidden_field, list_rows, page_title, summary_lists, visible_text,
};
pub use people::CountyBuilder;
pub use snapshot::{AuditView, Snapshot};
pub use two_factor::totp_code;

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
