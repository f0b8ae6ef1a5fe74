//! The one place where database errors become domain errors.

use sea_orm::{DbErr, RuntimeErr, SqlErr};

/// What a repository call can fail with.
#[derive(Debug, thiserror::Error)]
pub enum RepoError {
    /// No such row, or a row of another county: the two are indistinguishable.
    #[error("not found")]
    NotFound,
    /// A unique key already holds this value; the string names the field.
    #[error("{0} is already taken")]
    Taken(&'static str),
    /// An update named a version that is no longer current: someone else
    /// saved in between. Nothing was changed.
    #[error("stale version")]
    Stale,
    /// Stored data that the domain refuses: a bug or a hand-edited row.
    #[error("corrupt stored value: {0}")]
    Corrupt(String),
    /// The database cannot be reached: connection refused, no connection
    /// free within the pool's acquire timeout, the connection lost or the
    /// server shutting down. Temporary; a transaction that met it was never
    /// committed, so nothing of it was written.
    #[error("database unavailable")]
    Unavailable(#[source] DbErr),
    #[error("database error")]
    Db(#[source] DbErr),
}

impl From<DbErr> for RepoError {
    fn from(err: DbErr) -> Self {
        match err {
            DbErr::RecordNotFound(_) => Self::NotFound,
            other if is_unavailable(&other) => Self::Unavailable(other),
            other => Self::Db(other),
        }
    }
}

impl RepoError {
    /// Maps a unique violation to `Taken(field)`, anything else as usual.
    pub(crate) fn unique_as(field: &'static str) -> impl Fn(DbErr) -> Self {
        move |err| match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => Self::Taken(field),
            _ => Self::from(err),
        }
    }
}

/// PostgreSQL SQLSTATEs that mean "the server is not there for now", not
/// "this statement is wrong": class 08 (connection exception), 53300
/// (too many connections), 57P01 (admin shutdown: `pg_ctl stop -m fast`
/// ends every session with it), 57P02 (crash shutdown), 57P03 (cannot
/// connect now: starting up or shutting down).
fn is_unavailable_state(code: &str) -> bool {
    code.starts_with("08") || matches!(code, "53300" | "57P01" | "57P02" | "57P03")
}

/// Whether a database error means the database cannot be reached (as
/// opposed to a statement it refused).
#[must_use]
pub fn is_unavailable(err: &DbErr) -> bool {
    use sea_orm::sqlx::Error as Sqlx;
    match err {
        // The pool timed out (sqlx retries a refused connection until the
        // acquire timeout) or was closed.
        DbErr::ConnectionAcquire(_) => true,
        DbErr::Conn(RuntimeErr::SqlxError(e))
        | DbErr::Exec(RuntimeErr::SqlxError(e))
        | DbErr::Query(RuntimeErr::SqlxError(e)) => match &**e {
            Sqlx::Io(_)
            | Sqlx::Tls(_)
            | Sqlx::PoolTimedOut
            | Sqlx::PoolClosed
            | Sqlx::WorkerCrashed => true,
            Sqlx::Database(db) => db.code().is_some_and(|c| is_unavailable_state(&c)),
            _ => false,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use sea_orm::{ConnAcquireErr, DbErr, RuntimeErr};

    use super::{RepoError, is_unavailable, is_unavailable_state};

    fn sqlx(err: sea_orm::sqlx::Error) -> DbErr {
        DbErr::Query(RuntimeErr::SqlxError(Arc::new(err)))
    }

    #[test]
    fn a_refused_or_lost_connection_is_unavailability() {
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        assert!(is_unavailable(&sqlx(sea_orm::sqlx::Error::Io(refused))));
        assert!(is_unavailable(&sqlx(sea_orm::sqlx::Error::PoolTimedOut)));
        assert!(is_unavailable(&DbErr::ConnectionAcquire(
            ConnAcquireErr::Timeout
        )));
        assert!(matches!(
            RepoError::from(DbErr::ConnectionAcquire(ConnAcquireErr::ConnectionClosed)),
            RepoError::Unavailable(_)
        ));
    }

    #[test]
    fn a_refused_statement_is_not_unavailability() {
        assert!(!is_unavailable(&sqlx(sea_orm::sqlx::Error::RowNotFound)));
        assert!(!is_unavailable(&DbErr::Custom("bad".to_owned())));
        assert!(matches!(
            RepoError::from(sqlx(sea_orm::sqlx::Error::Protocol("odd".to_owned()))),
            RepoError::Db(_)
        ));
    }

    #[test]
    fn shutdown_and_connection_states_are_unavailability() {
        for code in ["08006", "08001", "57P01", "57P02", "57P03", "53300"] {
            assert!(is_unavailable_state(code), "{code}");
        }
        for code in ["23505", "40001", "42P01", "57014"] {
            assert!(!is_unavailable_state(code), "{code}");
        }
    }
}
