//! On PostgreSQL, a notification on channel `cms_tenants` for every insert,
//! update and delete of a county row, whoever makes it (a server, the
//! command line, an operator's SQL). Every write that changes a county's
//! public pages bumps its `content_version`, so servers listening on the
//! channel know to read the row again instead of reading it on every
//! request. `pg_notify` is transactional: listeners hear of a change when
//! it commits, never before, and never of one rolled back.
//!
//! SQLite has no notifications: servers there watch `PRAGMA data_version`
//! (see `persistence::changes`), so this migration does nothing on it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = r"
CREATE OR REPLACE FUNCTION cms_notify_tenant_change() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('cms_tenants', COALESCE(NEW.id, OLD.id)::text);
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER tenants_notify
    AFTER INSERT OR UPDATE OR DELETE ON tenants
    FOR EACH ROW EXECUTE FUNCTION cms_notify_tenant_change();
";

const DOWN: &str = r"
DROP TRIGGER IF EXISTS tenants_notify ON tenants;
DROP FUNCTION IF EXISTS cms_notify_tenant_change();
";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            manager.get_connection().execute_unprepared(UP).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            manager.get_connection().execute_unprepared(DOWN).await?;
        }
        Ok(())
    }
}
