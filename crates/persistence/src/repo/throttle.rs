//! Sign-in throttling counters, in the database so that they survive
//! restarts and hold across several servers. Each step is one atomic
//! statement, so concurrent failures are all counted.

use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter,
    sea_query::Expr,
};

use crate::RepoError;
use crate::entity::login_throttle;

/// How a key is throttled.
#[derive(Clone, Copy, Debug)]
pub struct Policy {
    /// Failures counted within this many seconds.
    pub window_secs: i64,
    /// Failures in one window that lock the key.
    pub max_failures: i32,
    /// How long a lock lasts, in seconds.
    pub lock_secs: i64,
}

/// When the key is locked until (unix seconds), if it is locked at `now`.
///
/// # Errors
/// Database errors.
pub async fn locked_until(
    db: &impl ConnectionTrait,
    key: &str,
    now: i64,
) -> Result<Option<i64>, RepoError> {
    let row = login_throttle::Entity::find_by_id(key.to_owned())
        .one(db)
        .await?;
    Ok(row
        .and_then(|r| r.locked_until)
        .filter(|until| *until > now))
}

/// Counts a failure. Returns the lock's end when this failure locked the key
/// (the first time the count reaches the limit in a window).
///
/// # Errors
/// Database errors.
pub async fn record_failure(
    db: &impl ConnectionTrait,
    key: &str,
    now: i64,
    policy: Policy,
) -> Result<Option<i64>, RepoError> {
    login_throttle::Entity::insert(login_throttle::ActiveModel {
        key: Set(key.to_owned()),
        failures: Set(0),
        window_started_at: Set(now),
        locked_until: Set(None),
    })
    .on_conflict_do_nothing()
    .exec_without_returning(db)
    .await?;
    // A window that has run out starts again.
    login_throttle::Entity::update_many()
        .col_expr(login_throttle::Column::Failures, Expr::value(0))
        .col_expr(login_throttle::Column::WindowStartedAt, Expr::value(now))
        .filter(login_throttle::Column::Key.eq(key))
        .filter(login_throttle::Column::WindowStartedAt.lte(now - policy.window_secs))
        .exec(db)
        .await?;
    login_throttle::Entity::update_many()
        .col_expr(
            login_throttle::Column::Failures,
            Expr::col(login_throttle::Column::Failures).add(1),
        )
        .filter(login_throttle::Column::Key.eq(key))
        .exec(db)
        .await?;
    // Exactly one failure moves the count onto the limit, so exactly one
    // request sets the lock and reports it.
    let until = now + policy.lock_secs;
    let locked = login_throttle::Entity::update_many()
        .col_expr(login_throttle::Column::LockedUntil, Expr::value(until))
        .filter(login_throttle::Column::Key.eq(key))
        .filter(login_throttle::Column::Failures.eq(policy.max_failures))
        .exec(db)
        .await?;
    Ok((locked.rows_affected > 0).then_some(until))
}

/// Forgets the key's failures and lock (after a successful sign-in).
///
/// # Errors
/// Database errors.
pub async fn clear(db: &impl ConnectionTrait, key: &str) -> Result<(), RepoError> {
    login_throttle::Entity::delete_by_id(key.to_owned())
        .exec(db)
        .await?;
    Ok(())
}
