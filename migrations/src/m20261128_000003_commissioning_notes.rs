//! Commissioning notes: which service a county's commissioner has
//! commissioned, from which provider, under which legal power and for how
//! long, with a public statement and internal notes.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("commissioning_notes")
                    .col(uuid("tenant_id"))
                    .col(uuid("id"))
                    // Null: the note names no provider (or its provider was
                    // deleted). The composite key below makes the database
                    // refuse a provider of another county.
                    .col(uuid_null("provider_id"))
                    .col(string_len("service", 200))
                    .col(text("legal_basis"))
                    // Dates as 'YYYY-MM-DD' text: they sort and compare as
                    // text exactly as they do as dates, and do so identically
                    // on PostgreSQL and SQLite (which has no date type).
                    .col(string_len("starts_on", 10))
                    // Null: open-ended.
                    .col(string_len_null("ends_on", 10))
                    // Markdown, shown publicly.
                    .col(text("public_statement").default(""))
                    // Markdown, for editors and county admins only: never
                    // read by the public site.
                    .col(text("internal_notes").default(""))
                    // Optimistic locking: an update names the version it read.
                    .col(integer("version").default(1))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .col(uuid_null("created_by"))
                    .col(uuid_null("updated_by"))
                    .primary_key(Index::create().col("tenant_id").col("id"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("commissioning_notes", "tenant_id")
                            .to("tenants", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    // No ON DELETE action: SET NULL on a composite key would
                    // null `tenant_id` too, which is NOT NULL, and the
                    // PostgreSQL 15 form that names only `provider_id` does
                    // not exist in SQLite. Instead
                    // `repo::providers::delete` clears the link in the same
                    // transaction before it deletes the provider; anything
                    // that forgets to is refused here rather than leaving a
                    // dangling id.
                    .foreign_key(
                        ForeignKey::create()
                            .from("commissioning_notes", ("tenant_id", "provider_id"))
                            .to("providers", ("tenant_id", "id")),
                    )
                    .to_owned(),
            )
            .await?;
        // Clearing the link when a provider is deleted, and the foreign-key
        // check itself on PostgreSQL, look notes up by provider.
        manager
            .create_index(
                Index::create()
                    .name("idx_commissioning_notes_provider")
                    .table("commissioning_notes")
                    .col("tenant_id")
                    .col("provider_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("commissioning_notes").to_owned())
            .await
    }
}
