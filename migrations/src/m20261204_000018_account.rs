//! The account page and password resets.
//!
//! `sessions` gains what the account page lists of a session: a public id
//! (random, so the URL that ends a session never carries the secret cookie
//! value), when it was signed in and last seen (unix seconds, copied from
//! the session's data by the store on every save) and the browser's family
//! ("Firefox on Windows"): never the raw User-Agent header. All nullable:
//! sessions of signed-out visitors have none of them, and sessions that
//! were signed in before this migration get a public id at their next
//! request.
//!
//! `password_resets` holds one-time reset links, keyed by the SHA-256 of
//! their random token: the token itself is shown once and never stored.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        let columns = [
            uuid_null("public_id"),
            big_integer_null("signed_in_at"),
            big_integer_null("last_seen_at"),
            // "Firefox on Windows": at most two short names.
            string_len_null("ua_family", 64),
        ];
        for column in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table("sessions")
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        // Unique: a public id names one session. NULLs (signed-out
        // sessions) do not collide on either backend.
        manager
            .create_index(
                Index::create()
                    .name("idx_sessions_public_id")
                    .table("sessions")
                    .col("public_id")
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("password_resets")
                    // Hex SHA-256 of the token (the token is at least 128
                    // random bits, so a plain hash cannot be reversed).
                    .col(string_len("token_hash", 64).primary_key())
                    .col(uuid("user_id"))
                    // Unix seconds, compared in queries.
                    .col(big_integer("created_at"))
                    .col(big_integer("expires_at"))
                    // Who issued it, as the audit log names them.
                    .col(string_len("issued_by", 320))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_password_resets_user")
                            .from("password_resets", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // A user's links are replaced by a new one and all removed when one
        // is used.
        manager
            .create_index(
                Index::create()
                    .name("idx_password_resets_user")
                    .table("password_resets")
                    .col("user_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_password_resets_expiry")
                    .table("password_resets")
                    .col("expires_at")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("password_resets").to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_sessions_public_id")
                    .table("sessions")
                    .to_owned(),
            )
            .await?;
        for column in ["ua_family", "last_seen_at", "signed_in_at", "public_id"] {
            manager
                .alter_table(
                    Table::alter()
                        .table("sessions")
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
