//! Knowing that the counties may have changed, without asking the database
//! on every request.
//!
//! The public pages need their county row as it is now: its
//! `content_version` keys the page cache, and a suspension applies at once.
//! Rather than read it for every request, a server keeps the rows it has
//! read and trusts them only while nothing can have changed since. Three
//! signals say that something may have:
//!
//! - **This process wrote** ([`note_local_change`]): every repository write
//!   that bumps a county's `content_version` or settings notes it as it
//!   runs, and every commit notes it again once the write is visible. A
//!   process-wide counter: a change through one `Db` in this process makes
//!   every county row any server state in it holds be read again, which is
//!   only ever more reading, never less.
//! - **Another process wrote**, seen by the [`ChangeFeed`]: on PostgreSQL a
//!   `LISTEN` on [`CHANNEL`], which a trigger on `counties` notifies on every
//!   insert, update and delete (migration `m20261204_000016`), whoever
//!   wrote; on SQLite `PRAGMA data_version` polled every
//!   [`SQLITE_POLL`] on a connection of its own, which changes whenever any
//!   other connection commits to the file.
//! - **The feed itself (re)connected**: anything notified while it was down
//!   was missed, so it counts as a change.
//!
//! While the feed is not live (not yet connected, connection lost, polling
//! failing) [`ChangeFeed::stamp`] is `None` and callers must read the
//! database. See ARCHITECTURE.md, "Public page cache", for how the web
//! layer uses this and its failure modes.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;

use sea_orm::DatabaseBackend;

use crate::Db;

/// The PostgreSQL channel notified on every change to a county row.
pub const CHANNEL: &str = "cms_tenants";

/// How often SQLite's `PRAGMA data_version` is read.
pub const SQLITE_POLL: Duration = Duration::from_millis(50);

/// How long to wait before connecting again after the feed failed.
const RETRY_AFTER: Duration = Duration::from_millis(500);

/// Writes through this process that may have changed a county row.
static LOCAL_CHANGES: AtomicU64 = AtomicU64::new(0);

/// Notes that this process changed (or is about to commit a change to) a
/// county row or what its public pages show.
pub fn note_local_change() {
    LOCAL_CHANGES.fetch_add(1, Ordering::SeqCst);
}

/// Everything known to have happened, as two counters: a row read after
/// taking a stamp is current for as long as the stamp stays the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    local: u64,
    remote: u64,
}

/// Signals of changes made by other processes (and this one's other
/// connections), from PostgreSQL notifications or SQLite's data version.
#[derive(Debug, Default)]
pub struct ChangeFeed {
    remote: AtomicU64,
    live: AtomicBool,
}

impl ChangeFeed {
    /// A feed over `db`, watched by a task that ends when the feed is
    /// dropped. Must be called inside a tokio runtime.
    #[must_use]
    pub fn start(db: Db) -> Arc<Self> {
        let feed = Arc::new(Self::default());
        let watched = Arc::downgrade(&feed);
        match db.get_database_backend() {
            DatabaseBackend::Postgres => {
                tokio::spawn(listen(db, watched));
            }
            DatabaseBackend::Sqlite => {
                tokio::spawn(poll(db, watched));
            }
            // No other backend is configured: never live, always read.
            _ => {}
        }
        feed
    }

    /// The stamp to keep with a row read now, or `None` when the feed is
    /// not live and nothing read may be trusted beyond its own request.
    /// Take it *before* reading: a change that lands during the read then
    /// changes the stamp, and the row is read again next time.
    #[must_use]
    pub fn stamp(&self) -> Option<Stamp> {
        let live = self.live.load(Ordering::SeqCst);
        let stamp = Stamp {
            local: LOCAL_CHANGES.load(Ordering::SeqCst),
            remote: self.remote.load(Ordering::SeqCst),
        };
        live.then_some(stamp)
    }

    /// Whether the feed is connected and watching.
    #[must_use]
    pub fn is_live(&self) -> bool {
        self.live.load(Ordering::SeqCst)
    }

    fn changed(&self) {
        self.remote.fetch_add(1, Ordering::SeqCst);
    }

    /// Live from now on: whatever happened while it was not is unknown.
    fn connected(&self) {
        self.changed();
        self.live.store(true, Ordering::SeqCst);
    }

    fn lost(&self) {
        self.live.store(false, Ordering::SeqCst);
        self.changed();
    }
}

/// PostgreSQL: LISTEN on [`CHANNEL`] on a connection of its own, connecting
/// again whenever it is lost.
async fn listen(db: Db, feed: Weak<ChangeFeed>) {
    use sea_orm::sqlx::postgres::PgListener;
    let pool = db.get_postgres_connection_pool().clone();
    loop {
        let mut listener = match PgListener::connect_with(&pool).await {
            Ok(listener) => listener,
            Err(err) => {
                tracing::debug!(error = %err, "change feed: cannot connect");
                if !wait_to_retry(&feed).await {
                    return;
                }
                continue;
            }
        };
        if let Err(err) = listener.listen(CHANNEL).await {
            tracing::warn!(error = %err, "change feed: LISTEN failed");
        } else {
            let Some(f) = feed.upgrade() else { return };
            f.connected();
            drop(f);
            tracing::debug!("change feed: listening");
            loop {
                match listener.try_recv().await {
                    Ok(Some(_)) => match feed.upgrade() {
                        Some(f) => f.changed(),
                        None => return,
                    },
                    Ok(None) => break,
                    Err(err) => {
                        tracing::warn!(error = %err, "change feed: connection lost");
                        break;
                    }
                }
            }
        }
        match feed.upgrade() {
            Some(f) => f.lost(),
            None => return,
        }
        drop(listener);
        if !wait_to_retry(&feed).await {
            return;
        }
    }
}

/// SQLite: `PRAGMA data_version` on one held connection, every
/// [`SQLITE_POLL`].
async fn poll(db: Db, feed: Weak<ChangeFeed>) {
    let pool = db.get_sqlite_connection_pool().clone();
    loop {
        let mut conn = match pool.acquire().await {
            Ok(conn) => conn,
            Err(err) => {
                tracing::debug!(error = %err, "change feed: no connection");
                if !wait_to_retry(&feed).await {
                    return;
                }
                continue;
            }
        };
        let mut last: Option<i64> = None;
        let mut tick = tokio::time::interval(SQLITE_POLL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let Some(f) = feed.upgrade() else { return };
            let version = sea_orm::sqlx::query_scalar::<_, i64>("PRAGMA data_version")
                .fetch_one(&mut *conn)
                .await;
            match (version, last) {
                (Ok(now), None) => {
                    last = Some(now);
                    f.connected();
                }
                (Ok(now), Some(before)) if now != before => {
                    last = Some(now);
                    f.changed();
                }
                (Ok(_), Some(_)) => {}
                (Err(err), _) => {
                    tracing::warn!(error = %err, "change feed: data_version failed");
                    f.lost();
                    break;
                }
            }
        }
        drop(conn);
        if !wait_to_retry(&feed).await {
            return;
        }
    }
}

/// Waits before trying again; false when the feed is gone.
async fn wait_to_retry(feed: &Weak<ChangeFeed>) -> bool {
    tokio::time::sleep(RETRY_AFTER).await;
    feed.strong_count() > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feed_that_never_connected_trusts_nothing() {
        let feed = ChangeFeed::default();
        assert_eq!(feed.stamp(), None);
    }

    #[test]
    fn every_signal_changes_the_stamp() {
        let feed = ChangeFeed::default();
        feed.connected();
        let first = feed.stamp().expect("live");
        feed.changed();
        let second = feed.stamp().expect("live");
        assert_ne!(first, second);
        note_local_change();
        let third = feed.stamp().expect("live");
        assert_ne!(second, third);
        feed.lost();
        assert_eq!(feed.stamp(), None);
        feed.connected();
        assert_ne!(feed.stamp(), Some(third), "a reconnection is a change");
    }
}
