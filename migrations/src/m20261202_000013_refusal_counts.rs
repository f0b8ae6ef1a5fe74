//! How many times a refused request (a failed CSRF check, a 403, a 404 on an
//! admin route) was repeated within the minute its audit event covers.
//!
//! The audit log stays append-only: a burst of refusals writes one event a
//! minute per user (or address) and kind, and the repeats are counted here,
//! one row per event, so an attack cannot flood the log yet every refusal
//! is accounted for.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("refusal_counts")
                    // The audit event this row counts for.
                    .col(uuid("event_id").primary_key())
                    // The kind and who: "security.forbidden user:UUID" or
                    // "security.csrf_refused address:IP" (bounded, at most 128).
                    .col(string_len("key", 128))
                    // Unix seconds; the window lasts a minute from here.
                    .col(big_integer("window_started_at"))
                    .col(integer("count").default(1))
                    .to_owned(),
            )
            .await?;
        // One window per key and start second: two servers opening a window
        // for the same key at once write one event, not two.
        manager
            .create_index(
                Index::create()
                    .name("idx_refusal_counts_key_window")
                    .table("refusal_counts")
                    .col("key")
                    .col("window_started_at")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("refusal_counts").to_owned())
            .await
    }
}
