//! Persistence: the sea-orm entities, the county-scoped repositories, the
//! database connection, transactions, change notifications and the
//! tower-sessions store.
//!
//! Owns: every SQL statement and every table. The schema keeps its
//! original names (`tenants`, `tenant_id`); the entities map them to the
//! code's word, county (ARCHITECTURE.md, "One word per thing").
//!
//! Must never:
//! - query a county-owned row without a [`domain::CountyId`];
//! - hand an `entity::Model` to a caller (repositories return domain types);
//! - decide an HTTP status or hold a business rule (those are `web`'s and
//!   `domain`'s); constraint violations become [`RepoError`] variants here,
//!   in one place.

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
