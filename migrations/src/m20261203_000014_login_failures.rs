//! Sign-in failures by client address, so that the address rule can tell a
//! credential-stuffing run (failures spread over many accounts) from one
//! person's typos (many failures for one account, which the per-account
//! lock already handles), and the address blocks that rule sets.
//!
//! Accounts are stored as a SHA-256 of the normalised email, never the email
//! itself: the table is bounded whatever is typed, and holds no address book
//! of who tried to sign in. Rows older than the window are deleted as new
//! ones arrive.
//!
//! The old `login_throttle` rows were keyed by the typed email (unbounded,
//! and personal data); they are dropped so that every key is a hash.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("login_failures")
                    .col(uuid("id").primary_key())
                    // The client address as text (an IPv6 address is at most 45).
                    .col(string_len("address", 64))
                    // Hex SHA-256 of the trimmed, lower-cased email.
                    .col(string_len("account", 64))
                    // Unix seconds.
                    .col(big_integer("at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_login_failures_address_at")
                    .table("login_failures")
                    .col("address")
                    .col("at")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_login_failures_at")
                    .table("login_failures")
                    .col("at")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("address_blocks")
                    .col(string_len("address", 64).primary_key())
                    // Blocks in this run; each lasts twice as long as the last.
                    .col(integer("blocks"))
                    // Unix seconds.
                    .col(big_integer("blocked_until"))
                    .col(big_integer("last_blocked_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(Query::delete().from_table("login_throttle").to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("address_blocks").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("login_failures").to_owned())
            .await
    }
}
