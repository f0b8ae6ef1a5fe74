//! Persistence: sea-orm entities, county-scoped repositories, the database
//! connection and the tower-sessions store.
//!
//! Invariants:
//! - every query for a county-owned row takes a [`domain::CountyId`];
//! - repositories return domain types, never `entity::Model`;
//! - constraint violations become [`RepoError`] variants here, in one place.

pub mod changes;
pub mod db;
pub mod entity;
pub mod error;
pub mod repo;
pub mod session_store;

pub use changes::{ChangeFeed, Stamp};
pub use db::{Db, Txn, begin_write, commit, connect, is_ready, migrate, rollback};
pub use error::RepoError;
pub use session_store::DbSessionStore;

/// The current time, truncated to whole microseconds so that what is written
/// reads back equal on both backends.
#[must_use]
pub fn now() -> time::OffsetDateTime {
    let t = time::OffsetDateTime::now_utc();
    t.replace_nanosecond(t.nanosecond() / 1_000 * 1_000)
        .unwrap_or(t)
}
