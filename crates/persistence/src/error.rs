//! The one place where database errors become domain errors.

use sea_orm::{DbErr, SqlErr};

/// What a repository call can fail with.
#[derive(Debug, thiserror::Error)]
pub enum RepoError {
    /// No such row, or a row of another tenant: the two are indistinguishable.
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
    #[error("database error")]
    Db(#[source] DbErr),
}

impl From<DbErr> for RepoError {
    fn from(err: DbErr) -> Self {
        match err {
            DbErr::RecordNotFound(_) => Self::NotFound,
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
