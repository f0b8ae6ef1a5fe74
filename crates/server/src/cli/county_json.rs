//! `cms export --tenant SLUG` and `cms import --tenant SLUG FILE`: the whole
//! county as one JSON document (`transfer::county_json`).

use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result, anyhow};
use persistence::Db;
use persistence::repo::counties;
use transfer::county_json::{self, ImportError, MAX_BYTES};

async fn county(db: &Db, slug: &str) -> Result<domain::County> {
    counties::find_by_slug(db, slug)
        .await?
        .ok_or_else(|| anyhow!("unknown county {slug:?}"))
}

/// The county's document as text (pretty JSON, final newline), for
/// standard output.
///
/// # Errors
/// Unknown county; database errors.
pub async fn export_county(db: &Db, slug: &str) -> Result<String> {
    let county = county(db, slug).await?;
    let doc = county_json::export(db, &county)
        .await
        .with_context(|| format!("reading county {slug}"))?;
    Ok(county_json::to_json(&doc)?)
}

/// Writes the document to standard output (an error, such as a closed
/// pipe, is reported rather than a panic).
///
/// # Errors
/// When standard output cannot be written.
pub fn to_stdout(text: &str) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .context("writing to standard output")
}

/// Reads at most [`MAX_BYTES`] of the file; a larger file is refused
/// without reading it all.
fn read_limited(path: &Path) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > MAX_BYTES {
        return Err(ImportError::TooLarge { size }.into());
    }
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("reading {}", path.display()))?;
    Ok(bytes)
}

/// Loads the document in `path` into the county, which must be empty; one
/// line saying what was imported.
///
/// # Errors
/// Unknown county, unreadable or oversized file, not a county document or
/// another `format_version`, content the domain refuses, a county that is
/// not empty; nothing is then written.
pub async fn import_county(db: &Db, slug: &str, path: &Path) -> Result<String> {
    let county = county(db, slug).await?;
    let bytes = read_limited(path)?;
    let doc = county_json::parse(&bytes)?;
    let contents = county_json::validate(&doc)?;
    let imported = county_json::write(db, &county, &contents, "cli").await?;
    Ok(format!("imported into {slug}: {imported}"))
}
