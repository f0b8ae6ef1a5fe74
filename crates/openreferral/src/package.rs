//! The HSDS tabular data package of a county's published directory: a zip
//! of `datapackage.json` and one CSV per HSDS table, foreign keys in the
//! `*_id` columns, the same ids as the API.

use std::io::{Cursor, Write};

use serde_json::{Value, json};
use zip::write::SimpleFileOptions;

use crate::records::{Service, Taxonomy, TaxonomyTerm};

mod tables;

use tables::{Table, tables};

/// Why the package could not be written (in memory: only a bug).
#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    #[error("writing a CSV table: {0}")]
    Csv(#[from] csv::Error),
    #[error("writing the zip: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("writing the package: {0}")]
    Io(#[from] std::io::Error),
    #[error("writing datapackage.json: {0}")]
    Json(#[from] serde_json::Error),
}

/// The Frictionless descriptor of the tables.
fn descriptor(name: &str, tables: &[Table]) -> Value {
    let resources: Vec<Value> = tables
        .iter()
        .map(|t| {
            json!({
                "name": t.name,
                "path": format!("{}.csv", t.name),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": t.fields.iter().map(|(name, kind)| json!({"name": name, "type": kind})).collect::<Vec<_>>(),
                    "primaryKey": "id",
                    "foreignKeys": t.foreign_keys.iter().map(|(field, table)| json!({
                        "fields": field,
                        "reference": {"resource": table, "fields": "id"},
                    })).collect::<Vec<_>>(),
                },
            })
        })
        .collect();
    json!({
        "name": name,
        "profile": "tabular-data-package",
        "title": "Human Services Data Specification 3.0 (Open Referral UK)",
        "homepage": crate::PROFILE_URL,
        "version": crate::HSDS_VERSION,
        "resources": resources,
    })
}

fn csv_bytes(table: &Table) -> Result<Vec<u8>, PackageError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(table.fields.iter().map(|(name, _)| *name))?;
    for row in &table.rows {
        writer.write_record(row)?;
    }
    writer
        .into_inner()
        .map_err(|e| PackageError::Io(e.into_error()))
}

/// The zip of the package: `datapackage.json` (named `name`) and the
/// tables, deflated.
///
/// # Errors
/// Only if writing in memory fails.
pub fn write_package(
    name: &str,
    taxonomy: &Taxonomy,
    terms: &[TaxonomyTerm],
    services: &[Service],
) -> Result<Vec<u8>, PackageError> {
    let tables = tables(taxonomy, terms, services);
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("datapackage.json", options)?;
    zip.write_all(&serde_json::to_vec_pretty(&descriptor(name, &tables))?)?;
    for table in &tables {
        zip.start_file(format!("{}.csv", table.name), options)?;
        zip.write_all(&csv_bytes(table)?)?;
    }
    Ok(zip.finish()?.into_inner())
}
