//! Data in and out of a county.
//!
//! - [`provider_csv`]: the provider spreadsheet (`/admin/{t}/providers.csv`,
//!   `/admin/{t}/providers/import`, `cms import-csv`).
//! - [`county_json`]: the whole county as one JSON document
//!   (`cms export`, `cms import`).
//!
//! Everything here goes through `persistence`'s repositories and their
//! transactions: nothing is half-written, and every change is audited.
//!
//! Must never: write half of an import (one transaction or nothing), skip
//! the audit event, or export users, sessions, audit events or secrets.

pub mod county_json;
pub mod provider_csv;
