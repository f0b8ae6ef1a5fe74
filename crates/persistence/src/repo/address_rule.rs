//! The address rule of sign-in throttling: an address is blocked when its
//! failures in the window are spread over many accounts (credential
//! stuffing) or are very many, never merely because one person behind it
//! mistyped their own password (the per-account lock handles that). Each
//! block in a run lasts twice as long as the one before, up to a cap.

use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
    sea_query::{Expr, Func},
};
use uuid::Uuid;

use crate::entity::{address_blocks, login_failures};
use crate::{Db, RepoError, Txn, begin_write, commit};

/// When an address is blocked, and for how long.
#[derive(Clone, Copy, Debug)]
pub struct AddressRule {
    /// Failures counted within this many seconds.
    pub window_secs: i64,
    /// Distinct accounts failed from one address that block it.
    pub max_accounts: i64,
    /// Failures from one address, whatever the accounts, that block it.
    pub max_failures: i64,
    /// The first block's length, in seconds; each next one doubles.
    pub first_block_secs: i64,
    /// The longest block, in seconds.
    pub max_block_secs: i64,
}

impl AddressRule {
    /// How long the `blocks`-th block of a run lasts (the first is 1).
    #[must_use]
    pub fn block_secs(&self, blocks: i32) -> i64 {
        let doublings = u32::try_from(blocks.saturating_sub(1)).unwrap_or(0).min(20);
        self.first_block_secs
            .saturating_mul(1_i64 << doublings)
            .min(self.max_block_secs)
    }
}

/// When the address is blocked until (unix seconds), if it is at `now`.
///
/// # Errors
/// Database errors.
pub async fn blocked_until(
    db: &impl ConnectionTrait,
    address: &str,
    now: i64,
) -> Result<Option<i64>, RepoError> {
    let row = address_blocks::Entity::find_by_id(address.to_owned())
        .one(db)
        .await?;
    Ok(row.map(|r| r.blocked_until).filter(|until| *until > now))
}

/// Counts a failed sign-in for `account` (a fixed-length hash) from
/// `address`. Returns the block's end when this failure blocked the address.
///
/// # Errors
/// Database errors; nothing is then written.
pub async fn record_failure(
    db: &Db,
    address: &str,
    account: &str,
    now: i64,
    rule: AddressRule,
) -> Result<Option<i64>, RepoError> {
    let since = now - rule.window_secs;
    let txn = begin_write(db).await?;
    add_failure(&txn, address, account, now, since).await?;
    let (failures, accounts) = failures_since(&txn, address, since).await?;
    if failures < rule.max_failures && accounts < rule.max_accounts {
        commit(txn).await?;
        return Ok(None);
    }
    let until = block(&txn, address, now, since, rule).await?;
    commit(txn).await?;
    Ok(Some(until))
}

/// Forgets failures older than the window, then stores this one.
async fn add_failure(
    txn: &Txn,
    address: &str,
    account: &str,
    now: i64,
    since: i64,
) -> Result<(), RepoError> {
    login_failures::Entity::delete_many()
        .filter(login_failures::Column::At.lte(since))
        .exec(txn)
        .await?;
    login_failures::Entity::insert(login_failures::ActiveModel {
        id: Set(Uuid::now_v7()),
        address: Set(address.to_owned()),
        account: Set(account.to_owned()),
        at: Set(now),
    })
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

/// The address's failures within the window, and how many accounts they
/// were for.
async fn failures_since(txn: &Txn, address: &str, since: i64) -> Result<(i64, i64), RepoError> {
    use sea_orm::ExprTrait;
    let counts = login_failures::Entity::find()
        .select_only()
        .column_as(Expr::col(login_failures::Column::Id).count(), "failures")
        .column_as(
            Expr::expr(Func::count_distinct(Expr::col(
                login_failures::Column::Account,
            ))),
            "accounts",
        )
        .filter(login_failures::Column::Address.eq(address))
        .filter(login_failures::Column::At.gt(since))
        .into_tuple()
        .one(txn)
        .await?;
    Ok(counts.unwrap_or((0, 0)))
}

/// Blocks the address, longer for each block of a run; returns the end.
async fn block(
    txn: &Txn,
    address: &str,
    now: i64,
    since: i64,
    rule: AddressRule,
) -> Result<i64, RepoError> {
    let previous = address_blocks::Entity::find_by_id(address.to_owned())
        .one(txn)
        .await?;
    // A run goes on while blocks follow each other within a window.
    let blocks = previous
        .as_ref()
        .filter(|b| b.last_blocked_at > since)
        .map_or(1, |b| b.blocks.saturating_add(1));
    let until = now + rule.block_secs(blocks);
    let row = address_blocks::ActiveModel {
        address: Set(address.to_owned()),
        blocks: Set(blocks),
        blocked_until: Set(until),
        last_blocked_at: Set(now),
    };
    if previous.is_some() {
        address_blocks::Entity::update(row).exec(txn).await?;
    } else {
        address_blocks::Entity::insert(row)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(until)
}

#[cfg(test)]
mod tests {
    use super::AddressRule;

    #[test]
    fn blocks_double_up_to_the_cap() {
        let rule = AddressRule {
            window_secs: 900,
            max_accounts: 50,
            max_failures: 200,
            first_block_secs: 60,
            max_block_secs: 900,
        };
        let lengths: Vec<i64> = (1..=7).map(|n| rule.block_secs(n)).collect();
        assert_eq!(lengths, [60, 120, 240, 480, 900, 900, 900]);
        assert_eq!(rule.block_secs(i32::MAX), 900);
    }
}
