//! The provider CSV: its header, writing, reading and the import plan.
//!
//! One row per provider, in the columns of [`HEADER`]; each cell holds the
//! field as the provider form takes it (phones one a line, categories as
//! comma-separated slugs, booleans `true`/`false`, `reviewed_at` as
//! `YYYY-MM-DD`). A cell that a spreadsheet would run as a formula is
//! written with a `'` in front and read back without it ([`cells`]).
//!
//! Importing is two steps: [`plan`] reads the file and the county and says,
//! row by row, what would happen (writing nothing); [`apply`] writes a plan
//! without errors in one transaction, or nothing at all.

mod apply;
mod cells;
mod plan;
mod read;

pub use apply::{ApplyError, Summary, apply};
pub use cells::{neutralise, restore};
pub use plan::{Action, Plan, PlannedRow, RowError, plan, plan_rows};
pub use read::{FileError, Sheet, read};

use domain::Provider;
use persistence::repo::providers;
use persistence::{Db, RepoError};

/// The columns, in order: the first line of every export.
pub const HEADER: [&str; 21] = [
    "id",
    "name",
    "slug",
    "summary",
    "description",
    "phones",
    "email",
    "website",
    "address",
    "address_confidential",
    "area",
    "min_age",
    "max_age",
    "eligibility",
    "self_referral",
    "professional_referral",
    "categories",
    "opening_hours",
    "hours_note",
    "status",
    "reviewed_at",
];

/// The most rows (providers) an import takes.
pub const MAX_ROWS: usize = 5_000;
/// The largest file an import takes, in bytes (5 MiB).
pub const MAX_BYTES: usize = 5 * 1024 * 1024;

/// The UTF-8 byte order mark, so that Excel reads the file as UTF-8.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The CSV of these providers, in this order: BOM, header, one row each.
///
/// # Errors
/// Only if the CSV writer fails, which it does not on a `Vec`.
pub fn write(providers: &[Provider]) -> Result<Vec<u8>, csv::Error> {
    // CRLF line ends, as RFC 4180 has them.
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.to_vec());
    out.write_record(HEADER)?;
    for provider in providers {
        out.write_record(cells::of_provider(provider).iter().map(|c| neutralise(c)))?;
    }
    out.into_inner()
        .map_err(|e| csv::Error::from(std::io::Error::other(e.to_string())))
}

/// The CSV of every provider of the county, any status, by name.
///
/// # Errors
/// Database errors.
pub async fn export(db: &Db, county: domain::CountyId) -> Result<Vec<u8>, RepoError> {
    let all = providers::all(db, county).await?;
    write(&all).map_err(|e| RepoError::Corrupt(e.to_string()))
}
