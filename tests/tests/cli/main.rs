//! The command line, driven through the library: one clear line on bad
//! input, nothing half-written, idempotent migrations and demo.
//!
//! The tests sit beside this file by subject; this file keeps the helpers
//! they share.

mod arguments;
mod counties;
mod database;
mod users;

use domain::Role;
use integration_tests::{Backend, PASSWORD, TestApp, both_backends, one_line};
use server::cli::{Command, CountyCommand, Scope, create_county, create_user, open};

/// Rows in each table that the CLI writes to.
async fn written(app: &TestApp) -> [i64; 4] {
    [
        app.count("SELECT COUNT(*) FROM tenants").await,
        app.count("SELECT COUNT(*) FROM users").await,
        app.count("SELECT COUNT(*) FROM memberships").await,
        app.count("SELECT COUNT(*) FROM audit_events").await,
    ]
}
