//! Connecting to PostgreSQL or SQLite and applying migrations.

use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};

/// The shared connection pool.
pub type Db = DatabaseConnection;

/// How long a query waits for a connection before failing with
/// [`crate::RepoError::Unavailable`] (a 503 page).
///
/// While the database is down, sqlx keeps retrying a refused connection
/// until this runs out, so it is also how long a visitor waits for the 503
/// page during an outage: short. When the database is up a connection is
/// free within milliseconds, and a pool still saturated after 3 s is an
/// overloaded database, better answered with 503 at once than queued
/// longer. (It also bounds the first connection at start-up, where
/// `compose.yaml` waits for PostgreSQL's health check first.)
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

/// How long `/readyz` waits for the database to answer.
pub const READY_TIMEOUT: Duration = Duration::from_secs(2);

/// Opens a pool on `url` (`postgres://...` or `sqlite://PATH?mode=rwc`).
/// For SQLite the file's folder is created, foreign keys are turned on and
/// the journal is WAL so readers do not block the writer.
///
/// # Errors
/// When the folder cannot be created or the database does not answer.
pub async fn connect(url: &str) -> Result<Db, DbErr> {
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.sqlx_logging(false)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .connect_timeout(ACQUIRE_TIMEOUT);
    if let Some(path) = sqlite_file(url) {
        if let Some(parent) = std::path::Path::new(path).parent()
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(parent).map_err(|e| {
                DbErr::Custom(format!("creating the folder {}: {e}", parent.display()))
            })?;
        }
        opts.max_connections(8).map_sqlx_sqlite_opts(|o| {
            o.foreign_keys(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
        });
    } else {
        opts.max_connections(16);
    }
    Database::connect(opts).await
}

/// The file path of a `sqlite:` URL, if it is one (and not in memory).
fn sqlite_file(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then_some(path)
}

/// Applies every pending migration; a no-op when there are none.
///
/// # Errors
/// When a migration fails; it is then rolled back where the backend allows.
pub async fn migrate(db: &Db) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Whether the database answers a trivial query within [`READY_TIMEOUT`].
/// Bounded on its own, shorter than [`ACQUIRE_TIMEOUT`], so that a health
/// check sees an outage within a few seconds whatever the pool does.
pub async fn is_ready(db: &Db) -> bool {
    matches!(
        tokio::time::timeout(READY_TIMEOUT, db.ping()).await,
        Ok(Ok(()))
    )
}

/// A unit of work: every write of one request in one transaction.
pub type Txn = sea_orm::DatabaseTransaction;

/// Opens a transaction for a unit of work.
///
/// On SQLite it is `BEGIN IMMEDIATE`: it takes the write lock at once,
/// waiting for it (`busy_timeout`) while another writer holds it. A
/// deferred transaction that read first (and a statement whose trigger
/// writes the site-search index reads that index first) cannot upgrade to
/// a writer once another has committed since its read, and fails at once
/// with "database is locked" instead of waiting.
///
/// # Errors
/// Database errors.
pub async fn begin_write(db: &Db) -> Result<Txn, crate::RepoError> {
    use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
    Ok(db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..TransactionOptions::default()
        })
        .await?)
}

/// Commits a unit of work.
///
/// # Errors
/// Database errors; nothing is then written.
pub async fn commit(txn: Txn) -> Result<(), crate::RepoError> {
    txn.commit().await?;
    // What the transaction wrote is now visible: county rows this process
    // keeps in memory are read again (see `changes`).
    crate::changes::note_local_change();
    Ok(())
}

/// Abandons a unit of work. Nothing of it is written whether or not this
/// reaches the database: a transaction that is never committed is rolled
/// back (by the server when the connection is lost, by sqlx when the
/// transaction is dropped).
///
/// # Errors
/// Database errors (`Unavailable` when the connection was lost).
pub async fn rollback(txn: Txn) -> Result<(), crate::RepoError> {
    Ok(txn.rollback().await?)
}

#[cfg(test)]
mod tests {
    use super::sqlite_file;

    #[test]
    fn finds_the_file_of_a_sqlite_url() {
        assert_eq!(
            sqlite_file("sqlite://data/cms.sqlite?mode=rwc"),
            Some("data/cms.sqlite")
        );
        assert_eq!(sqlite_file("sqlite:/tmp/x.db"), Some("/tmp/x.db"));
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("postgres://localhost/test"), None);
    }
}
