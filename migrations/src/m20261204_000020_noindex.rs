//! A county may ask search engines not to index its public site: its pages
//! then carry `<meta name="robots" content="noindex">` and an
//! `X-Robots-Tag: noindex` header, and `/robots.txt` does not name its
//! sitemap. Off by default: most counties want to be found.

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
                    .add_column(boolean("noindex").default(false))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("tenants")
                    .drop_column("noindex")
                    .to_owned(),
            )
            .await
    }
}
