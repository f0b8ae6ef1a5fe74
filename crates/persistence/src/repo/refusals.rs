//! Refused requests in the audit log, at most one event a minute for each
//! key (a kind of refusal and who or where it came from); the repeats are
//! counted against that event in `refusal_counts`. The log itself is never
//! updated.

use std::collections::HashMap;

use domain::NewAuditEvent;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter,
    sea_query::Expr,
};
use uuid::Uuid;

use crate::entity::refusal_counts;
use crate::{Db, RepoError, begin_write, commit, repo::audit};

/// How long one event covers the repeats of its key.
pub const WINDOW_SECS: i64 = 60;

/// What recording a refusal did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recorded {
    /// The first of its window: this event was written.
    Event(Uuid),
    /// A repeat within a window: counted against that window's event.
    Counted,
}

async fn count_repeat(db: &impl ConnectionTrait, key: &str, since: i64) -> Result<bool, RepoError> {
    let res = refusal_counts::Entity::update_many()
        .col_expr(
            refusal_counts::Column::Count,
            Expr::col(refusal_counts::Column::Count).add(1),
        )
        .filter(refusal_counts::Column::Key.eq(key))
        .filter(refusal_counts::Column::WindowStartedAt.gt(since))
        .exec(db)
        .await?;
    Ok(res.rows_affected > 0)
}

/// Records a refused request under `key` at `now` (unix seconds): the first
/// in a minute writes `event`, the others add one to its count.
///
/// # Errors
/// Database errors; nothing is then written.
pub async fn record(
    db: &Db,
    key: &str,
    now: i64,
    event: NewAuditEvent,
) -> Result<Recorded, RepoError> {
    let key: String = key.chars().take(128).collect();
    let since = now - WINDOW_SECS;
    let txn = begin_write(db).await?;
    if count_repeat(&txn, &key, since).await? {
        commit(txn).await?;
        return Ok(Recorded::Counted);
    }
    let event_id = audit::record(&txn, event).await?;
    let opened = refusal_counts::Entity::insert(refusal_counts::ActiveModel {
        event_id: Set(event_id),
        key: Set(key.clone()),
        window_started_at: Set(now),
        count: Set(1),
    })
    .on_conflict(
        sea_orm::sea_query::OnConflict::columns([
            refusal_counts::Column::Key,
            refusal_counts::Column::WindowStartedAt,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    if opened == 0 {
        // Another server opened this key's window in the same second: its
        // event stands, this refusal is one of its repeats.
        txn.rollback().await?;
        count_repeat(db, &key, since).await?;
        return Ok(Recorded::Counted);
    }
    commit(txn).await?;
    Ok(Recorded::Event(event_id))
}

/// How many refusals each of these events stands for.
///
/// # Errors
/// Database errors.
pub async fn counts(
    db: &impl ConnectionTrait,
    events: &[Uuid],
) -> Result<HashMap<Uuid, i32>, RepoError> {
    if events.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = refusal_counts::Entity::find()
        .filter(refusal_counts::Column::EventId.is_in(events.iter().copied()))
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|r| (r.event_id, r.count)).collect())
}
