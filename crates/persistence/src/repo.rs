//! Repositories. Each function takes the connection (or transaction) first
//! and, for county-owned rows, the `CountyId` second.

pub mod address_rule;
pub mod audit;
pub mod categories;
pub mod commissioning;
pub mod counties;
pub mod county_content;
pub mod pages;
pub mod password_resets;
pub mod problem_reports;
pub mod provider_imports;
pub mod providers;
pub mod refusals;
pub mod search;
pub mod server_keys;
pub mod throttle;
pub mod two_factor;
pub mod users;
pub(crate) mod versioned;
