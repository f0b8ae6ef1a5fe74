//! Content pages and their revisions.
//!
//! A page row holds what is not revised (slug, place in the navigation) and
//! points at two of its revisions by number: the published one and the
//! draft. Revisions are never changed once written: every save adds one, a
//! restore adds a copy, so the history is complete and any two can be
//! compared.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("pages")
                    .col(uuid("tenant_id"))
                    .col(uuid("id"))
                    .col(string_len("slug", 63))
                    // Null: not in the navigation.
                    .col(integer_null("nav_position"))
                    // Revision numbers of this page; null: none.
                    .col(integer_null("published_revision"))
                    .col(integer_null("draft_revision"))
                    // The highest revision number given so far.
                    .col(integer("last_revision").default(0))
                    // When the draft is to be published; null: not scheduled.
                    .col(timestamp_with_time_zone_null("publish_at"))
                    .col(integer("version").default(1))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .col(uuid_null("created_by"))
                    .col(uuid_null("updated_by"))
                    .primary_key(Index::create().col("tenant_id").col("id"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("pages", "tenant_id")
                            .to("tenants", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_pages_slug")
                    .table("pages")
                    .col("tenant_id")
                    .col("slug")
                    .unique()
                    .to_owned(),
            )
            .await?;
        // The scheduler looks for due pages across every county.
        manager
            .create_index(
                Index::create()
                    .name("idx_pages_publish_at")
                    .table("pages")
                    .col("publish_at")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("page_revisions")
                    .col(uuid("tenant_id"))
                    .col(uuid("page_id"))
                    .col(integer("number"))
                    .col(string_len("title", 200))
                    .col(text("summary").default(""))
                    .col(text("body").default(""))
                    // The number of the revision this one restored.
                    .col(integer_null("restored_from"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(uuid_null("created_by"))
                    .primary_key(
                        Index::create()
                            .col("tenant_id")
                            .col("page_id")
                            .col("number"),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from("page_revisions", ("tenant_id", "page_id"))
                            .to("pages", ("tenant_id", "id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("page_revisions").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("pages").to_owned())
            .await
    }
}
