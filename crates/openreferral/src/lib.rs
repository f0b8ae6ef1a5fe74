//! Open Referral UK: a county's published directory as Human Services Data
//! Specification (HSDS) 3.0 records, for the read API under `/{t}/api/`
//! and the tabular data package `hsds.zip`.
//!
//! - [`records`]: the HSDS record types (serde and `utoipa` schemas).
//! - [`mapping`]: from providers and categories to records; the only place
//!   that decides what leaves the CMS (no confidential address, no draft:
//!   callers give published providers only).
//! - [`ids`]: every id is stable forever (see there).
//! - [`package`]: the zip of `datapackage.json` and CSV tables.
//!
//! Must never: read the database (callers pass the published snapshot),
//! let a confidential address, a draft or an unpublished provider out,
//! or change an id once given.

pub mod ids;
pub mod mapping;
pub mod package;
pub mod records;
pub mod text;

pub use mapping::CountyRecords;
pub use package::{PackageError, write_package};
pub use records::{
    Address, ApiError, ApiInfo, Attribute, Location, Organization, Page, Phone, Schedule, Service,
    ServiceArea, ServiceAtLocation, Taxonomy, TaxonomyTerm,
};

/// The HSDS version followed.
pub const HSDS_VERSION: &str = "3.0";

/// The profile followed: Open Referral UK.
pub const PROFILE_URL: &str = "https://openreferraluk.org/";

/// The statuses HSDS allows a service.
pub const SERVICE_STATUSES: [&str; 4] = ["active", "inactive", "defunct", "temporarily closed"];
