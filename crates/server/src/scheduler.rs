//! Scheduled publication: `cms serve` looks for pages whose time has come
//! every [`INTERVAL`] and publishes their drafts. The same round deletes
//! what is kept for a time only: visitors' reports 90 days after they were
//! resolved and their rate-limit rows after 24 hours ([`purge_reports`]).
//!
//! A suspended county's pages wait until it is active again.
//!
//! Safe with several servers on one database: each page is published by a
//! conditional update that names the version and draft it read, so whichever
//! server gets there first publishes it and the others change nothing (and
//! write no audit event).

use std::time::Duration;

use domain::NewAuditEvent;
use persistence::repo::problem_reports::{self, Purged};
use persistence::repo::{audit, counties, pages};
use persistence::{Db, RepoError, begin_write, commit};
use time::OffsetDateTime;

/// How often the scheduler looks. A scheduled page goes live within this
/// long of its time.
pub const INTERVAL: Duration = Duration::from_secs(30);

/// Publishes every page due at `now`; returns how many this call published.
///
/// # Errors
/// Database errors. A page that fails is left for the next round; the
/// others are still published.
pub async fn publish_due(db: &Db, now: OffsetDateTime) -> Result<usize, RepoError> {
    let mut published = 0;
    for due in pages::due(db, now).await? {
        // A suspended county's content is read-only: its schedule waits
        // until it is active again.
        let active = counties::find_by_id(db, due.county)
            .await?
            .is_some_and(|t| t.is_active());
        if !active {
            continue;
        }
        let txn = begin_write(db).await?;
        if pages::publish_due(&txn, &due, now).await? {
            let mut e = NewAuditEvent::new("page.publish", "scheduler");
            e.county = Some(due.county);
            e.object_type = Some("page".to_owned());
            e.object_id = Some(due.id.to_string());
            e.summary = format!("published the page {} as scheduled", due.slug);
            audit::record(&txn, e).await?;
            commit(txn).await?;
            published += 1;
        } else {
            txn.rollback().await?;
        }
    }
    Ok(published)
}

/// Deletes reports resolved 90 days before `now` and report rate-limit
/// rows 24 hours old, in every county. One statement per table: several
/// servers doing it at once delete each row once.
///
/// # Errors
/// Database errors.
pub async fn purge_reports(db: &Db, now: OffsetDateTime) -> Result<Purged, RepoError> {
    problem_reports::purge(db, now.unix_timestamp()).await
}

/// Runs [`publish_due`] and [`purge_reports`] every [`INTERVAL`] until the
/// process ends.
pub fn spawn(db: Db) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(INTERVAL);
        loop {
            tick.tick().await;
            match publish_due(&db, OffsetDateTime::now_utc()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(pages = n, "published scheduled pages"),
                Err(err) => tracing::warn!(error = %err, "publishing scheduled pages failed"),
            }
            match purge_reports(&db, OffsetDateTime::now_utc()).await {
                Ok(purged) if purged == Purged::default() => {}
                Ok(purged) => tracing::info!(
                    reports = purged.reports,
                    rate_limit_rows = purged.submissions,
                    "deleted expired problem reports"
                ),
                Err(err) => tracing::warn!(error = %err, "deleting expired problem reports failed"),
            }
        }
    });
}
