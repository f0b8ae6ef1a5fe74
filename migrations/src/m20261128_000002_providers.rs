//! Providers and their per-county categories.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // How many months a provider's details stay "reviewed" (6 by default).
        manager
            .alter_table(
                Table::alter()
                    .table("tenants")
                    .add_column(integer("review_period_months").default(6))
                    .to_owned(),
            )
            .await?;

        // Keyed (tenant_id, id): every lookup names its county, and children
        // reference the pair, so the database refuses cross-county links.
        manager
            .create_table(
                Table::create()
                    .table("categories")
                    .col(uuid("tenant_id"))
                    .col(uuid("id"))
                    .col(string_len("slug", 63))
                    .col(string_len("name", 200))
                    .col(integer("position").default(0))
                    .primary_key(Index::create().col("tenant_id").col("id"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("categories", "tenant_id")
                            .to("tenants", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_categories_tenant_slug")
                    .table("categories")
                    .col("tenant_id")
                    .col("slug")
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("providers")
                    .col(uuid("tenant_id"))
                    .col(uuid("id"))
                    .col(string_len("slug", 63))
                    .col(string_len("name", 200))
                    .col(text("summary").default(""))
                    .col(text("description").default(""))
                    // JSON array of {label, number}: never queried alone.
                    .col(text("phones").default("[]"))
                    .col(string_len("email", 254).default(""))
                    .col(text("website").default(""))
                    .col(text("address").default(""))
                    .col(boolean("address_confidential").default(false))
                    .col(string_len("area", 200).default(""))
                    // Null: no lower (or upper) limit.
                    .col(integer_null("min_age"))
                    .col(integer_null("max_age"))
                    .col(text("eligibility").default(""))
                    .col(boolean("self_referral").default(false))
                    .col(boolean("professional_referral").default(false))
                    // OpenStreetMap opening_hours, as entered; empty when unknown.
                    .col(text("opening_hours").default(""))
                    .col(text("hours_note").default(""))
                    // 'draft' | 'published' | 'archived'.
                    .col(string_len("status", 16).default("draft"))
                    .col(timestamp_with_time_zone_null("reviewed_at"))
                    // Optimistic locking: an update names the version it read.
                    .col(integer("version").default(1))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .col(uuid_null("created_by"))
                    .col(uuid_null("updated_by"))
                    .primary_key(Index::create().col("tenant_id").col("id"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("providers", "tenant_id")
                            .to("tenants", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_providers_tenant_slug")
                    .table("providers")
                    .col("tenant_id")
                    .col("slug")
                    .unique()
                    .to_owned(),
            )
            .await?;
        // The public directory reads a county's published providers.
        manager
            .create_index(
                Index::create()
                    .name("idx_providers_tenant_status")
                    .table("providers")
                    .col("tenant_id")
                    .col("status")
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("provider_categories")
                    .col(uuid("tenant_id"))
                    .col(uuid("provider_id"))
                    .col(uuid("category_id"))
                    .primary_key(
                        Index::create()
                            .col("tenant_id")
                            .col("provider_id")
                            .col("category_id"),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from("provider_categories", ("tenant_id", "provider_id"))
                            .to("providers", ("tenant_id", "id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from("provider_categories", ("tenant_id", "category_id"))
                            .to("categories", ("tenant_id", "id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["provider_categories", "providers", "categories"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table("tenants")
                    .drop_column("review_period_months")
                    .to_owned(),
            )
            .await
    }
}
