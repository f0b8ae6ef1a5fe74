//! The whole county as one JSON document (`cms export`), and loading it
//! into an empty county (`cms import`), so a county can move between
//! installations or be restored.
//!
//! - [`document`]: the serde types, tagged `"format": "cms-county"`,
//!   `"format_version": 1`.
//! - [`export()`]: one snapshot of the county, in a fixed order, so the same
//!   county always gives the same bytes ([`to_json`]).
//! - [`parse`], [`validate()`], [`write`]: refuse what is not such a
//!   document, check every item with `domain`'s form rules, then write it
//!   all in one transaction into an empty county, ids kept.
//!
//! Invariant: export, import into a new county, export again gives the
//! same document, byte for byte. Users, memberships, sessions, the audit
//! log, password resets, two-factor secrets and who wrote what are never
//! in the document.

pub mod document;
mod export;
mod import;
mod validate;

pub use document::{CountyDocument, FORMAT, FORMAT_VERSION};
pub use export::{export, to_json};
pub use import::{Imported, write};
pub use validate::{Contents, validate};

/// The largest document `cms import` reads.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Why an import was refused. Each message is one line.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("the file is {size} bytes; a county document may be at most {max} bytes (64 MiB)", max = MAX_BYTES)]
    TooLarge { size: u64 },
    #[error("not a county document: {0}")]
    NotADocument(String),
    #[error(
        "this is a county document of format_version {0}; this version of cms reads format_version {FORMAT_VERSION}"
    )]
    WrongVersion(String),
    #[error("the county document is malformed: {0}")]
    Malformed(String),
    #[error("{item} is invalid: {problems}")]
    Invalid { item: String, problems: String },
    #[error(
        "county {county} is not empty ({providers} providers, {pages} pages, {notes} commissioning notes): import only into a new county"
    )]
    NotEmpty {
        county: String,
        providers: u64,
        pages: u64,
        notes: u64,
    },
    #[error(transparent)]
    Repo(#[from] persistence::RepoError),
}

/// The two fields that say what a JSON document is, read before the rest.
#[derive(serde::Deserialize)]
struct Header {
    format: Option<serde_json::Value>,
    format_version: Option<serde_json::Value>,
}

/// Reads a county document from its bytes: refuses more than
/// [`MAX_BYTES`], anything that is not JSON with `"format": "cms-county"`,
/// another `format_version`, and a document of the wrong shape.
///
/// # Errors
/// `TooLarge`, `NotADocument`, `WrongVersion`, `Malformed`.
pub fn parse(bytes: &[u8]) -> Result<CountyDocument, ImportError> {
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if size > MAX_BYTES {
        return Err(ImportError::TooLarge { size });
    }
    let header: Header =
        serde_json::from_slice(bytes).map_err(|e| ImportError::NotADocument(e.to_string()))?;
    match header.format {
        Some(serde_json::Value::String(f)) if f == FORMAT => {}
        _ => {
            return Err(ImportError::NotADocument(format!(
                "it has no \"format\": \"{FORMAT}\""
            )));
        }
    }
    match header.format_version {
        Some(v) if v == FORMAT_VERSION => {}
        Some(other) => return Err(ImportError::WrongVersion(other.to_string())),
        None => return Err(ImportError::WrongVersion("(missing)".to_owned())),
    }
    serde_json::from_slice(bytes).map_err(|e| ImportError::Malformed(e.to_string()))
}

#[cfg(test)]
mod tests;
