//! A per-county content version, bumped in the same transaction as every
//! write that changes what the public site shows. Servers keep rendered
//! pages in memory keyed by it, so a change made through any server is seen
//! by all of them on their next request: no process is assumed to be alone.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("tenants")
                    .add_column(big_integer("content_version").default(0))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("tenants")
                    .drop_column("content_version")
                    .to_owned(),
            )
            .await
    }
}
