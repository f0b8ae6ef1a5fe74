//! Invitations: a county admin who adds the email of an existing account
//! invites that person rather than adding them. The membership waits as
//! `invited` (it grants nothing) until they accept at their next sign-in,
//! or is removed when they decline. Until then the county sees the name it
//! typed, never the account's own.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        manager
            .alter_table(
                Table::alter()
                    .table("memberships")
                    // 'active' | 'invited'.
                    .add_column(string_len("status", 16).default("active"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("memberships")
                    // The name the inviting county typed, while invited.
                    .add_column(string_len_null("invited_name", 200))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("memberships")
                    .drop_column("invited_name")
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("memberships")
                    .drop_column("status")
                    .to_owned(),
            )
            .await
    }
}
