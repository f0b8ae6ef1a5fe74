//! `cms import-csv --tenant SLUG FILE [--dry-run]`: the provider CSV import
//! of the admin, from the command line. It prints the preview (one line per
//! row created or updated, every error) and a summary; any error exits
//! non-zero with nothing written.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::Args;
use domain::NewAuditEvent;
use persistence::repo::counties;
use transfer::provider_csv::{self, Action, ApplyError};

#[derive(Debug, Args)]
pub struct ImportCsvArgs {
    /// The county's slug.
    #[arg(long = "tenant")]
    pub county: String,
    /// The CSV file, in the columns of the export.
    pub file: PathBuf,
    /// Show what would change; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Plans the file, prints the preview and, unless `--dry-run`, applies it.
///
/// # Errors
/// An unknown county, an unreadable file, any row error, or the database.
pub async fn run(database_url: &str, args: ImportCsvArgs) -> Result<()> {
    let bytes =
        std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    if bytes.len() > provider_csv::MAX_BYTES {
        bail!("{}", provider_csv::FileError::TooLarge);
    }
    let db = super::open(database_url).await?;
    let Some(county) = counties::find_by_slug(&db, &args.county).await? else {
        bail!("no county with slug {:?}", args.county);
    };
    let plan = provider_csv::plan(&db, &county, &bytes)
        .await?
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    for unknown in &plan.unknown_columns {
        println!("ignored column: {unknown}");
    }
    for row in &plan.rows {
        match &row.action {
            Action::Create { .. } => println!("row {}: create {}", row.row, row.name),
            Action::Update { changed, .. } => {
                println!(
                    "row {}: update {} ({})",
                    row.row,
                    row.name,
                    changed.join(", ")
                );
            }
            Action::Unchanged { .. } | Action::Invalid => {}
        }
    }
    for error in &plan.errors {
        eprintln!("{error}");
    }
    let (created, updated, unchanged) = plan.counts();
    if !plan.is_valid() {
        bail!(
            "{} error(s) in {}: nothing was imported",
            plan.errors.len(),
            args.file.display()
        );
    }
    if args.dry_run {
        println!(
            "dry run: {created} to create, {updated} to update, {unchanged} unchanged; nothing written"
        );
        return Ok(());
    }
    let mut event = NewAuditEvent::new("provider.import", "cli");
    event.client_addr = None;
    match provider_csv::apply(&db, county.id, &plan, &event, None).await {
        Ok(summary) => {
            println!("imported: {summary}");
            Ok(())
        }
        Err(ApplyError::Stale) => {
            bail!("the county changed while importing: nothing was imported; run again")
        }
        Err(e) => Err(e).context("importing"),
    }
}
