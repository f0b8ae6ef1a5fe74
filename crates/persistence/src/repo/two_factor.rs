//! Two-factor enrolments and recovery codes. Accepting a code is one
//! conditional statement each, so two requests racing with the same code
//! cannot both succeed.

use std::collections::HashSet;

use domain::UserId;
use domain::two_factor::Enrolment;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QuerySelect, TryInsertResult, sea_query::Expr,
};

use crate::entity::{recovery_codes, two_factor};
use crate::{RepoError, now};

/// The user's enrolment, if they have turned two-factor on.
///
/// # Errors
/// Database errors.
pub async fn find(db: &impl ConnectionTrait, user: UserId) -> Result<Option<Enrolment>, RepoError> {
    let row = two_factor::Entity::find_by_id(user.as_uuid())
        .one(db)
        .await?;
    Ok(row.map(|r| Enrolment {
        secret: r.secret,
        last_step: r.last_step,
    }))
}

/// Whether the user has turned two-factor on (the secret is not read).
///
/// # Errors
/// Database errors.
pub async fn is_enrolled(db: &impl ConnectionTrait, user: UserId) -> Result<bool, RepoError> {
    let n = two_factor::Entity::find()
        .filter(two_factor::Column::UserId.eq(user.as_uuid()))
        .count(db)
        .await?;
    Ok(n > 0)
}

/// Which of these users have turned two-factor on.
///
/// # Errors
/// Database errors.
pub async fn enrolled_among(
    db: &impl ConnectionTrait,
    users: &[UserId],
) -> Result<HashSet<UserId>, RepoError> {
    let ids: Vec<uuid::Uuid> = users.iter().map(|u| u.as_uuid()).collect();
    let rows: Vec<uuid::Uuid> = two_factor::Entity::find()
        .select_only()
        .column(two_factor::Column::UserId)
        .filter(two_factor::Column::UserId.is_in(ids))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(UserId::from_uuid).collect())
}

/// Turns two-factor on: the secret, the step of the code that confirmed it
/// (so that code cannot sign in afterwards), and the recovery codes'
/// hashes. `Taken` when the user is enrolled already.
///
/// # Errors
/// `Taken("two_factor")`, database errors.
pub async fn enable(
    db: &impl ConnectionTrait,
    user: UserId,
    secret: &str,
    step: i64,
    code_hashes: &[String],
) -> Result<(), RepoError> {
    let inserted = two_factor::Entity::insert(two_factor::ActiveModel {
        user_id: Set(user.as_uuid()),
        secret: Set(secret.to_owned()),
        last_step: Set(step),
        enabled_at: Set(now()),
    })
    .on_conflict_do_nothing()
    .exec_without_returning(db)
    .await?;
    if !matches!(inserted, TryInsertResult::Inserted(n) if n > 0) {
        return Err(RepoError::Taken("two_factor"));
    }
    replace_recovery_codes(db, user, code_hashes).await
}

/// Replaces the user's recovery codes with these hashes.
///
/// # Errors
/// Database errors.
pub async fn replace_recovery_codes(
    db: &impl ConnectionTrait,
    user: UserId,
    code_hashes: &[String],
) -> Result<(), RepoError> {
    recovery_codes::Entity::delete_many()
        .filter(recovery_codes::Column::UserId.eq(user.as_uuid()))
        .exec(db)
        .await?;
    if code_hashes.is_empty() {
        return Ok(());
    }
    recovery_codes::Entity::insert_many(code_hashes.iter().map(|hash| {
        recovery_codes::ActiveModel {
            code_hash: Set(hash.clone()),
            user_id: Set(user.as_uuid()),
            used_at: Set(None),
        }
    }))
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Accepts a code of time step `step`: true when `step` is later than the
/// last accepted one (which it then becomes), false for a replay.
///
/// # Errors
/// Database errors.
pub async fn accept_step(
    db: &impl ConnectionTrait,
    user: UserId,
    step: i64,
) -> Result<bool, RepoError> {
    let res = two_factor::Entity::update_many()
        .col_expr(two_factor::Column::LastStep, Expr::value(step))
        .filter(two_factor::Column::UserId.eq(user.as_uuid()))
        .filter(two_factor::Column::LastStep.lt(step))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Uses up the recovery code with this hash: true when it was the user's
/// and unused.
///
/// # Errors
/// Database errors.
pub async fn use_recovery_code(
    db: &impl ConnectionTrait,
    user: UserId,
    code_hash: &str,
    at: i64,
) -> Result<bool, RepoError> {
    let res = recovery_codes::Entity::update_many()
        .col_expr(recovery_codes::Column::UsedAt, Expr::value(at))
        .filter(recovery_codes::Column::UserId.eq(user.as_uuid()))
        .filter(recovery_codes::Column::CodeHash.eq(code_hash))
        .filter(recovery_codes::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// How many of the user's recovery codes are unused.
///
/// # Errors
/// Database errors.
pub async fn unused_recovery_codes(
    db: &impl ConnectionTrait,
    user: UserId,
) -> Result<u64, RepoError> {
    Ok(recovery_codes::Entity::find()
        .filter(recovery_codes::Column::UserId.eq(user.as_uuid()))
        .filter(recovery_codes::Column::UsedAt.is_null())
        .count(db)
        .await?)
}

/// Turns two-factor off: the secret and every recovery code go. True when
/// the user was enrolled.
///
/// # Errors
/// Database errors.
pub async fn remove(db: &impl ConnectionTrait, user: UserId) -> Result<bool, RepoError> {
    recovery_codes::Entity::delete_many()
        .filter(recovery_codes::Column::UserId.eq(user.as_uuid()))
        .exec(db)
        .await?;
    let res = two_factor::Entity::delete_many()
        .filter(two_factor::Column::UserId.eq(user.as_uuid()))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}
