//! "Report a problem with this information": what visitors report about a
//! provider or a content page, the rate-limit rows of those reports, and
//! the server's own secret key (created once, shared by every server on
//! the database) that signs the report form's token and keys the hash of
//! a visitor's address.
//!
//! Times are unix seconds: they are compared in queries (the rate limits,
//! the 24-hour and 90-day deletions) and must compare alike on both
//! backends.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("problem_reports")
                    .col(uuid("id").primary_key())
                    .col(uuid("tenant_id"))
                    // `provider` or `page`.
                    .col(string_len("object_type", 16))
                    .col(uuid("object_id"))
                    // The name and slug when reported: the object may be
                    // renamed or deleted since.
                    .col(string_len("object_name", 200))
                    .col(string_len("object_slug", 63))
                    // `outdated`, `closed`, `addition`, `other`.
                    .col(string_len("kind", 16))
                    .col(text("text"))
                    .col(string_len("contact", 200))
                    .col(big_integer("created_at"))
                    .col(big_integer_null("resolved_at"))
                    // Who resolved it, as the audit log names them.
                    .col(string_len_null("resolved_by", 320))
                    .foreign_key(
                        ForeignKey::create()
                            .from("problem_reports", "tenant_id")
                            .to("tenants", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_problem_reports_tenant_resolved")
                    .table("problem_reports")
                    .col("tenant_id")
                    .col("resolved_at")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("report_submissions")
                    .col(uuid("id").primary_key())
                    .col(uuid("tenant_id"))
                    // Hex HMAC-SHA-256 of the client address under the
                    // server key: never the address itself. Not linked to
                    // the report it counts.
                    .col(string_len("address_hash", 64))
                    .col(big_integer("at"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("report_submissions", "tenant_id")
                            .to("tenants", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            ("idx_report_submissions_address_at", ["address_hash", "at"]),
            ("idx_report_submissions_tenant_at", ["tenant_id", "at"]),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table("report_submissions")
                        .col(cols[0])
                        .col(cols[1])
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table("server_keys")
                    .col(string_len("name", 32).primary_key())
                    // 32 random bytes, hex.
                    .col(string_len("secret", 64))
                    .col(big_integer("created_at"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["server_keys", "report_submissions", "problem_reports"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
