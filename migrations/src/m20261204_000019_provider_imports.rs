//! Pending provider CSV imports: an upload whose dry-run preview was shown
//! and that waits for the editor's confirmation.
//!
//! The file is kept as text (it was checked to be UTF-8 before it was
//! stored) with the county's `content_version` at the time of the preview:
//! the confirm step plans again from the stored text and refuses (409) when
//! the county changed in between. Rows are short-lived: those older than an
//! hour are deleted whenever a new one is stored.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("provider_imports")
                    .col(uuid("id").primary_key())
                    .col(uuid("tenant_id"))
                    .col(uuid("user_id"))
                    .col(string_len("file_name", 255))
                    .col(text("content"))
                    .col(big_integer("content_version"))
                    // Unix seconds, compared in queries.
                    .col(big_integer("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_provider_imports_tenant")
                            .from("provider_imports", "tenant_id")
                            .to("tenants", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_provider_imports_user")
                            .from("provider_imports", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_provider_imports_created")
                    .table("provider_imports")
                    .col("created_at")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("provider_imports").to_owned())
            .await
    }
}
