//! A county's settings that its admins keep: the brand colour of its public
//! site, and a version for the settings form's optimistic lock.
//!
//! Columns rather than keys in the `settings` JSON text: each value is read
//! on every public request, is typed, and is written by one conditional
//! `UPDATE … WHERE settings_version = ?`, which a JSON document would turn
//! into read-modify-write.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        manager
            .alter_table(
                Table::alter()
                    .table("tenants")
                    // `#rrggbb`; NULL means the platform's colours, so a
                    // county that never chose follows the platform's default.
                    .add_column(string_len_null("brand_colour", 7))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("tenants")
                    .add_column(integer("settings_version").default(0))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("tenants")
                    .drop_column("settings_version")
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("tenants")
                    .drop_column("brand_colour")
                    .to_owned(),
            )
            .await
    }
}
