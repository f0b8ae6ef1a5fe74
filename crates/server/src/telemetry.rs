//! Logging. Logs never hold passwords, tokens, session ids or visitors'
//! search terms: handlers log ids and outcomes, never form bodies or cookies.

use tracing_subscriber::EnvFilter;

/// Logs to standard error, filtered by `RUST_LOG` (default `info`).
pub fn init() {
    let filter =
        EnvFilter::try_from_default_env()
            // Migration progress is noise on every CLI command; failures still show.
            .unwrap_or_else(|_| EnvFilter::new("info,sea_orm_migration=warn"))
            // sqlx reports PostgreSQL notices at INFO; they are noise here.
            .add_directive("sqlx::postgres::notice=warn".parse().unwrap_or_else(|_| {
                tracing_subscriber::filter::Directive::from(tracing::Level::WARN)
            }));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
