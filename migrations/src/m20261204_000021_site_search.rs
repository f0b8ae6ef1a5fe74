//! Full-text search over a county's site (`/{t}/search`): its published
//! providers and the published revisions of its pages.
//!
//! - PostgreSQL: a generated `search_vector tsvector` column on `providers`
//!   and on `page_revisions` (the `english` configuration: stemming and
//!   stop words; weights A for the name or title, B for the summary, C for
//!   the rest), each with a GIN index. Generated columns are kept by the
//!   database itself, whatever writes the row.
//! - SQLite: FTS5 tables with external content (`content=` the table
//!   itself, so the text is not stored twice) and the `porter` tokenizer
//!   (stemming) over `unicode61` (case and diacritics folded), kept by
//!   triggers on insert, update and delete, and filled from the rows that
//!   exist when the migration runs. They are keyed by the tables' implicit
//!   `rowid`, which only `VACUUM` could renumber: the application never
//!   runs it; after a manual one, `INSERT INTO providers_fts(providers_fts)
//!   VALUES('rebuild')` (and the same for `page_revisions_fts`) restores
//!   the index.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const POSTGRES_UP: &[&str] = &[
    "ALTER TABLE providers ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(name, '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'B') ||
        setweight(to_tsvector('english'::regconfig,
            coalesce(description, '') || ' ' || coalesce(area, '') || ' ' || coalesce(eligibility, '')), 'C')
    ) STORED",
    "CREATE INDEX providers_search_vector ON providers USING GIN (search_vector)",
    "ALTER TABLE page_revisions ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'B') ||
        setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'C')
    ) STORED",
    "CREATE INDEX page_revisions_search_vector ON page_revisions USING GIN (search_vector)",
];

const POSTGRES_DOWN: &[&str] = &[
    "DROP INDEX IF EXISTS page_revisions_search_vector",
    "ALTER TABLE page_revisions DROP COLUMN IF EXISTS search_vector",
    "DROP INDEX IF EXISTS providers_search_vector",
    "ALTER TABLE providers DROP COLUMN IF EXISTS search_vector",
];

const SQLITE_UP: &[&str] = &[
    // The external content: what the index is over, by the providers' rowid.
    "CREATE VIEW providers_search AS
        SELECT rowid, name, summary,
               description || ' ' || area || ' ' || eligibility AS body
        FROM providers",
    "CREATE VIRTUAL TABLE providers_fts USING fts5(
        name, summary, body,
        content = 'providers_search', content_rowid = 'rowid',
        tokenize = 'porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER providers_fts_insert AFTER INSERT ON providers BEGIN
        INSERT INTO providers_fts(rowid, name, summary, body)
        VALUES (new.rowid, new.name, new.summary,
                new.description || ' ' || new.area || ' ' || new.eligibility);
    END",
    "CREATE TRIGGER providers_fts_delete AFTER DELETE ON providers BEGIN
        INSERT INTO providers_fts(providers_fts, rowid, name, summary, body)
        VALUES ('delete', old.rowid, old.name, old.summary,
                old.description || ' ' || old.area || ' ' || old.eligibility);
    END",
    "CREATE TRIGGER providers_fts_update
        AFTER UPDATE OF name, summary, description, area, eligibility ON providers BEGIN
        INSERT INTO providers_fts(providers_fts, rowid, name, summary, body)
        VALUES ('delete', old.rowid, old.name, old.summary,
                old.description || ' ' || old.area || ' ' || old.eligibility);
        INSERT INTO providers_fts(rowid, name, summary, body)
        VALUES (new.rowid, new.name, new.summary,
                new.description || ' ' || new.area || ' ' || new.eligibility);
    END",
    "INSERT INTO providers_fts(providers_fts) VALUES ('rebuild')",
    "CREATE VIRTUAL TABLE page_revisions_fts USING fts5(
        title, summary, body,
        content = 'page_revisions', content_rowid = 'rowid',
        tokenize = 'porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER page_revisions_fts_insert AFTER INSERT ON page_revisions BEGIN
        INSERT INTO page_revisions_fts(rowid, title, summary, body)
        VALUES (new.rowid, new.title, new.summary, new.body);
    END",
    "CREATE TRIGGER page_revisions_fts_delete AFTER DELETE ON page_revisions BEGIN
        INSERT INTO page_revisions_fts(page_revisions_fts, rowid, title, summary, body)
        VALUES ('delete', old.rowid, old.title, old.summary, old.body);
    END",
    "CREATE TRIGGER page_revisions_fts_update
        AFTER UPDATE OF title, summary, body ON page_revisions BEGIN
        INSERT INTO page_revisions_fts(page_revisions_fts, rowid, title, summary, body)
        VALUES ('delete', old.rowid, old.title, old.summary, old.body);
        INSERT INTO page_revisions_fts(rowid, title, summary, body)
        VALUES (new.rowid, new.title, new.summary, new.body);
    END",
    "INSERT INTO page_revisions_fts(page_revisions_fts) VALUES ('rebuild')",
];

const SQLITE_DOWN: &[&str] = &[
    "DROP TRIGGER IF EXISTS page_revisions_fts_update",
    "DROP TRIGGER IF EXISTS page_revisions_fts_delete",
    "DROP TRIGGER IF EXISTS page_revisions_fts_insert",
    "DROP TABLE IF EXISTS page_revisions_fts",
    "DROP TRIGGER IF EXISTS providers_fts_update",
    "DROP TRIGGER IF EXISTS providers_fts_delete",
    "DROP TRIGGER IF EXISTS providers_fts_insert",
    "DROP VIEW IF EXISTS providers_search",
    "DROP TABLE IF EXISTS providers_fts",
];

async fn run(manager: &SchemaManager<'_>, statements: &[&str]) -> Result<(), DbErr> {
    for statement in statements {
        manager
            .get_connection()
            .execute_unprepared(statement)
            .await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => run(manager, POSTGRES_UP).await,
            _ => run(manager, SQLITE_UP).await,
        }
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => run(manager, POSTGRES_DOWN).await,
            _ => run(manager, SQLITE_DOWN).await,
        }
    }
}
