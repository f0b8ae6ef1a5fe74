//! The schema of the county CMS, written once with sea-orm-migration's schema
//! builder so that the same migrations run on PostgreSQL and on SQLite.
//!
//! One migration per file: `DeriveMigrationName` takes the file's name.
//! Applied migrations are never changed; see README.md.
//!
//! Owns: the schema, the one source of its truth. Must never: change or
//! delete an applied migration, or depend on a crate of this workspace
//! (the schema's names are its own: `tenants`, `tenant_id`; the code's
//! word for them is county).

pub use sea_orm_migration::prelude::*;

mod m20261128_000001_foundation;
mod m20261128_000002_providers;
mod m20261128_000003_commissioning_notes;
mod m20261128_000004_content_version;
mod m20261128_000005_pages;
mod m20261128_000010_county_settings;
mod m20261202_000013_refusal_counts;
mod m20261203_000014_login_failures;
mod m20261203_000015_invitations;
mod m20261204_000016_tenant_notify;
mod m20261204_000017_two_factor;
mod m20261204_000018_account;
mod m20261204_000019_provider_imports;
mod m20261204_000020_noindex;
mod m20261204_000021_site_search;
mod m20261204_000022_problem_reports;

/// Every migration, in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261128_000001_foundation::Migration),
            Box::new(m20261128_000002_providers::Migration),
            Box::new(m20261128_000003_commissioning_notes::Migration),
            Box::new(m20261128_000004_content_version::Migration),
            Box::new(m20261128_000005_pages::Migration),
            Box::new(m20261128_000010_county_settings::Migration),
            Box::new(m20261202_000013_refusal_counts::Migration),
            Box::new(m20261203_000014_login_failures::Migration),
            Box::new(m20261203_000015_invitations::Migration),
            Box::new(m20261204_000016_tenant_notify::Migration),
            Box::new(m20261204_000017_two_factor::Migration),
            Box::new(m20261204_000018_account::Migration),
            Box::new(m20261204_000019_provider_imports::Migration),
            Box::new(m20261204_000020_noindex::Migration),
            Box::new(m20261204_000021_site_search::Migration),
            Box::new(m20261204_000022_problem_reports::Migration),
        ]
    }
}
