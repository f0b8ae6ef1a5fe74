//! One-time password reset links, kept as the SHA-256 of their token.
//!
//! A user has at most one link waiting: issuing a new one replaces the
//! last. Using one removes every link of that user. Expired links are
//! removed whenever one is issued, so the table stays as small as the
//! number of links waiting.

use domain::UserId;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter,
};

use crate::RepoError;
use crate::entity::password_resets;

/// A link to store.
pub struct NewReset<'a> {
    pub user: UserId,
    /// Hex SHA-256 of the token.
    pub token_hash: &'a str,
    /// Unix seconds.
    pub now: i64,
    /// Unix seconds.
    pub expires_at: i64,
    /// Who issued it, as the audit log names them.
    pub issued_by: &'a str,
}

/// Stores a new link for the user, replacing any link of theirs still
/// waiting, and removes every expired link.
///
/// # Errors
/// Database errors.
pub async fn issue(db: &impl ConnectionTrait, new: &NewReset<'_>) -> Result<(), RepoError> {
    password_resets::Entity::delete_many()
        .filter(
            password_resets::Column::UserId
                .eq(new.user.as_uuid())
                .or(password_resets::Column::ExpiresAt.lte(new.now)),
        )
        .exec(db)
        .await?;
    password_resets::Entity::insert(password_resets::ActiveModel {
        token_hash: Set(new.token_hash.to_owned()),
        user_id: Set(new.user.as_uuid()),
        created_at: Set(new.now),
        expires_at: Set(new.expires_at),
        issued_by: Set(domain::text::cut(new.issued_by, 320)),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The user whose link has this token hash, while it is valid at `now`.
///
/// # Errors
/// Database errors.
pub async fn find_valid(
    db: &impl ConnectionTrait,
    token_hash: &str,
    now: i64,
) -> Result<Option<UserId>, RepoError> {
    let row = password_resets::Entity::find_by_id(token_hash.to_owned())
        .filter(password_resets::Column::ExpiresAt.gt(now))
        .one(db)
        .await?;
    Ok(row.map(|r| UserId::from_uuid(r.user_id)))
}

/// Uses the link: removes it, on the condition that it is still there and
/// valid at `now`, and with it every other link of the same user. `false`
/// when it was not (used by a request that ran at the same time, or
/// expired meanwhile): then nothing is removed.
///
/// # Errors
/// Database errors.
pub async fn consume(
    db: &impl ConnectionTrait,
    token_hash: &str,
    user: UserId,
    now: i64,
) -> Result<bool, RepoError> {
    let used = password_resets::Entity::delete_many()
        .filter(password_resets::Column::TokenHash.eq(token_hash))
        .filter(password_resets::Column::UserId.eq(user.as_uuid()))
        .filter(password_resets::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    if used.rows_affected != 1 {
        return Ok(false);
    }
    password_resets::Entity::delete_many()
        .filter(password_resets::Column::UserId.eq(user.as_uuid()))
        .exec(db)
        .await?;
    Ok(true)
}
