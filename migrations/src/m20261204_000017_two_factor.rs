//! Two-factor sign-in (issue 11): each enrolled user's TOTP secret and the
//! last time step accepted from it, and their recovery codes.
//!
//! A table of its own rather than columns on `users`: the secret is a
//! credential, read only by the code that checks a code, and no query that
//! lists or shows users ever selects it. Rows go with their user
//! (`ON DELETE CASCADE`).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("two_factor")
                    .col(uuid("user_id").primary_key())
                    // Base32 (RFC 4648) of the 20-byte secret: 32 characters.
                    .col(string_len("secret", 64))
                    // The last RFC 6238 time step accepted (unix seconds / 30).
                    // A code of this step or an earlier one is refused, so a
                    // code is never accepted twice.
                    .col(big_integer("last_step"))
                    .col(timestamp_with_time_zone("enabled_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("two_factor", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("recovery_codes")
                    // Hex SHA-256 of the code (80 random bits): unique with
                    // overwhelming probability, and the lookup key.
                    .col(string_len("code_hash", 64).primary_key())
                    .col(uuid("user_id"))
                    // Unix seconds; NULL while unused. A used code stays, so
                    // the account page can say how many are left.
                    .col(big_integer_null("used_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("recovery_codes", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // Deleting and counting a user's codes.
        manager
            .create_index(
                Index::create()
                    .name("idx_recovery_codes_user")
                    .table("recovery_codes")
                    .col("user_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("recovery_codes").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("two_factor").to_owned())
            .await
    }
}
