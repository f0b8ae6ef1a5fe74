//! Counties, users, memberships, sessions, sign-in throttling and the audit log.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("tenants")
                    .col(uuid("id").primary_key())
                    // Unique: the slug is the county's public URL segment.
                    .col(string_len_uniq("slug", 63))
                    .col(string_len("name", 200))
                    // 'active' | 'suspended'.
                    .col(string_len("status", 16).default("active"))
                    .col(string_len("non_emergency", 32).default("101"))
                    // Settings that grow with later features (colours, review
                    // period...), JSON text so both backends store it alike.
                    .col(text("settings").default("{}"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .to_owned(),
            )
            .await?;

        // Hostnames that serve a county's site at `/`. One row each, so the
        // database refuses a hostname claimed by two counties.
        manager
            .create_table(
                Table::create()
                    .table("tenant_hosts")
                    .col(string_len("hostname", 253).primary_key())
                    .col(uuid("tenant_id"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("tenant_hosts", "tenant_id")
                            .to("tenants", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("users")
                    .col(uuid("id").primary_key())
                    // Stored lower-cased by the domain type, so a plain unique
                    // index is a case-insensitive one.
                    .col(string_len_uniq("email", 254))
                    .col(string_len("display_name", 200))
                    .col(string_len("password_hash", 255))
                    .col(boolean("is_platform_admin").default(false))
                    .col(boolean("disabled").default(false))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("memberships")
                    .col(uuid("tenant_id"))
                    .col(uuid("user_id"))
                    // 'county_admin' | 'editor'.
                    .col(string_len("role", 32))
                    // A county admin disables a member of their own county
                    // only; the account itself and other counties are untouched.
                    .col(boolean("disabled").default(false))
                    .col(timestamp_with_time_zone("created_at"))
                    .primary_key(Index::create().col("tenant_id").col("user_id"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("memberships", "tenant_id")
                            .to("tenants", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from("memberships", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // "Which counties is this user in" is the hot lookup on every admin page.
        manager
            .create_index(
                Index::create()
                    .name("idx_memberships_user")
                    .table("memberships")
                    .col("user_id")
                    .to_owned(),
            )
            .await?;

        // The tower-sessions store. Expiry is a unix time in seconds so that
        // comparisons are the same on both backends. `user_id` indexes a
        // user's sessions so they can all be ended at once.
        manager
            .create_table(
                Table::create()
                    .table("sessions")
                    .col(string_len("id", 64).primary_key())
                    .col(blob("data"))
                    .col(big_integer("expires_at"))
                    .col(uuid_null("user_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sessions_user")
                    .table("sessions")
                    .col("user_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sessions_expiry")
                    .table("sessions")
                    .col("expires_at")
                    .to_owned(),
            )
            .await?;

        // Sign-in throttling, keyed by account ("account:EMAIL") and by client
        // address ("address:IP"). In the database so it survives restarts and
        // holds across several servers; keyed by the email typed, so unknown
        // accounts are throttled exactly like known ones.
        manager
            .create_table(
                Table::create()
                    .table("login_throttle")
                    .col(string_len("key", 320).primary_key())
                    .col(integer("failures").default(0))
                    .col(big_integer("window_started_at"))
                    .col(big_integer_null("locked_until"))
                    .to_owned(),
            )
            .await?;

        // Append-only: no route updates or deletes it. `tenant_id` is null for
        // platform events (sign-ins of users of no county, county creation).
        manager
            .create_table(
                Table::create()
                    .table("audit_events")
                    .col(uuid("id").primary_key())
                    .col(uuid_null("tenant_id"))
                    .col(uuid_null("actor_user_id"))
                    .col(string_len("actor_label", 254))
                    .col(string_len("action", 64))
                    .col(string_len_null("object_type", 64))
                    .col(string_len_null("object_id", 254))
                    .col(text("changed_fields").default("[]"))
                    .col(text("summary").default(""))
                    .col(string_len_null("client_addr", 64))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("audit_events", "tenant_id")
                            .to("tenants", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        // The audit page lists a county's events newest first; ids are v7
        // UUIDs, so they sort by time.
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_tenant_id")
                    .table("audit_events")
                    .col("tenant_id")
                    .col("id")
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "audit_events",
            "login_throttle",
            "sessions",
            "memberships",
            "users",
            "tenant_hosts",
            "tenants",
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
