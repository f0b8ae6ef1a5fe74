//! sea-orm entities, one module per table. They mirror `migrations/` and
//! never leave this crate: repositories turn them into domain types.

pub mod address_blocks;
pub mod audit_events;
pub mod categories;
pub mod commissioning_notes;
pub mod counties;
pub mod county_hosts;
pub mod login_failures;
pub mod login_throttle;
pub mod memberships;
pub mod page_revisions;
pub mod pages;
pub mod password_resets;
pub mod problem_reports;
pub mod provider_categories;
pub mod provider_imports;
pub mod providers;
pub mod recovery_codes;
pub mod refusal_counts;
pub mod report_submissions;
pub mod server_keys;
pub mod sessions;
pub mod two_factor;
pub mod users;
