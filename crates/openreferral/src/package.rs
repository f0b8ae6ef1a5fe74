//! The HSDS tabular data package of a county's published directory: a zip
//! of `datapackage.json` and one CSV per HSDS table, foreign keys in the
//! `*_id` columns, the same ids as the API.

use std::io::{Cursor, Write};

use serde_json::{Value, json};
use zip::write::SimpleFileOptions;

use crate::records::{Service, Taxonomy, TaxonomyTerm};

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

/// One CSV table of the package.
struct Table {
    /// The HSDS table name; its file is `{name}.csv`.
    name: &'static str,
    /// (column, Frictionless type).
    fields: &'static [(&'static str, &'static str)],
    /// (column, table it refers to by `id`).
    foreign_keys: &'static [(&'static str, &'static str)],
    rows: Vec<Vec<String>>,
}

fn text(value: Option<&String>) -> String {
    value.cloned().unwrap_or_default()
}

fn number(value: Option<u8>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// The tables of the package, in the order they are written.
#[allow(clippy::too_many_lines)]
fn tables(taxonomy: &Taxonomy, terms: &[TaxonomyTerm], services: &[Service]) -> Vec<Table> {
    let id = |u: uuid::Uuid| u.to_string();
    let mut organizations = Vec::new();
    let (mut phones, mut schedules, mut areas, mut attributes) = (vec![], vec![], vec![], vec![]);
    let (mut locations, mut addresses, mut at_locations) = (vec![], vec![], vec![]);
    let mut service_rows = Vec::new();
    for s in services {
        let o = &s.organization;
        organizations.push(vec![
            id(o.id),
            o.name.clone(),
            o.description.clone(),
            text(o.email.as_ref()),
            text(o.website.as_ref()),
        ]);
        service_rows.push(vec![
            id(s.id),
            id(s.organization_id),
            s.name.clone(),
            s.description.clone(),
            text(s.url.as_ref()),
            text(s.email.as_ref()),
            s.status.clone(),
            text(s.eligibility_description.as_ref()),
            number(s.minimum_age),
            number(s.maximum_age),
            text(s.assured_date.as_ref()),
            s.last_modified.clone(),
        ]);
        for p in &s.phones {
            phones.push(vec![
                id(p.id),
                id(p.service_id),
                p.number.clone(),
                p.kind.clone(),
                text(p.description.as_ref()),
            ]);
        }
        for r in &s.schedules {
            schedules.push(vec![
                id(r.id),
                id(r.service_id),
                text(r.freq.as_ref()),
                text(r.byday.as_ref()),
                text(r.opens_at.as_ref()),
                text(r.closes_at.as_ref()),
                text(r.description.as_ref()),
            ]);
        }
        for a in &s.service_areas {
            areas.push(vec![
                id(a.id),
                id(a.service_id),
                a.name.clone(),
                a.extent_type.clone(),
            ]);
        }
        for a in &s.attributes {
            attributes.push(vec![
                id(a.id),
                id(a.link_id),
                a.link_type.clone(),
                a.link_entity.clone(),
                id(a.taxonomy_term_id),
            ]);
        }
        for sal in &s.service_at_locations {
            let l = &sal.location;
            locations.push(vec![
                id(l.id),
                l.location_type.clone(),
                l.name.clone(),
                id(l.organization_id),
            ]);
            for a in &l.addresses {
                addresses.push(vec![
                    id(a.id),
                    id(a.location_id),
                    a.address_1.clone(),
                    a.city.clone(),
                    a.state_province.clone(),
                    a.postal_code.clone(),
                    a.country.clone(),
                    a.address_type.clone(),
                ]);
            }
            at_locations.push(vec![id(sal.id), id(sal.service_id), id(sal.location_id)]);
        }
    }
    let term_rows = terms
        .iter()
        .map(|t| {
            vec![
                id(t.id),
                t.code.clone(),
                t.name.clone(),
                t.description.clone(),
                t.taxonomy.clone(),
                id(t.taxonomy_id),
            ]
        })
        .collect();
    vec![
        Table {
            name: "organizations",
            fields: &[
                ("id", "string"),
                ("name", "string"),
                ("description", "string"),
                ("email", "string"),
                ("website", "string"),
            ],
            foreign_keys: &[],
            rows: organizations,
        },
        Table {
            name: "services",
            fields: &[
                ("id", "string"),
                ("organization_id", "string"),
                ("name", "string"),
                ("description", "string"),
                ("url", "string"),
                ("email", "string"),
                ("status", "string"),
                ("eligibility_description", "string"),
                ("minimum_age", "number"),
                ("maximum_age", "number"),
                ("assured_date", "date"),
                ("last_modified", "datetime"),
            ],
            foreign_keys: &[("organization_id", "organizations")],
            rows: service_rows,
        },
        Table {
            name: "phones",
            fields: &[
                ("id", "string"),
                ("service_id", "string"),
                ("number", "string"),
                ("type", "string"),
                ("description", "string"),
            ],
            foreign_keys: &[("service_id", "services")],
            rows: phones,
        },
        Table {
            name: "schedules",
            fields: &[
                ("id", "string"),
                ("service_id", "string"),
                ("freq", "string"),
                ("byday", "string"),
                ("opens_at", "time"),
                ("closes_at", "time"),
                ("description", "string"),
            ],
            foreign_keys: &[("service_id", "services")],
            rows: schedules,
        },
        Table {
            name: "service_areas",
            fields: &[
                ("id", "string"),
                ("service_id", "string"),
                ("name", "string"),
                ("extent_type", "string"),
            ],
            foreign_keys: &[("service_id", "services")],
            rows: areas,
        },
        Table {
            name: "taxonomies",
            fields: &[
                ("id", "string"),
                ("name", "string"),
                ("description", "string"),
            ],
            foreign_keys: &[],
            rows: vec![vec![
                id(taxonomy.id),
                taxonomy.name.clone(),
                taxonomy.description.clone(),
            ]],
        },
        Table {
            name: "taxonomy_terms",
            fields: &[
                ("id", "string"),
                ("code", "string"),
                ("name", "string"),
                ("description", "string"),
                ("taxonomy", "string"),
                ("taxonomy_id", "string"),
            ],
            foreign_keys: &[("taxonomy_id", "taxonomies")],
            rows: term_rows,
        },
        Table {
            name: "attributes",
            fields: &[
                ("id", "string"),
                ("link_id", "string"),
                ("link_type", "string"),
                ("link_entity", "string"),
                ("taxonomy_term_id", "string"),
            ],
            foreign_keys: &[("taxonomy_term_id", "taxonomy_terms")],
            rows: attributes,
        },
        Table {
            name: "locations",
            fields: &[
                ("id", "string"),
                ("location_type", "string"),
                ("name", "string"),
                ("organization_id", "string"),
            ],
            foreign_keys: &[("organization_id", "organizations")],
            rows: locations,
        },
        Table {
            name: "addresses",
            fields: &[
                ("id", "string"),
                ("location_id", "string"),
                ("address_1", "string"),
                ("city", "string"),
                ("state_province", "string"),
                ("postal_code", "string"),
                ("country", "string"),
                ("address_type", "string"),
            ],
            foreign_keys: &[("location_id", "locations")],
            rows: addresses,
        },
        Table {
            name: "service_at_locations",
            fields: &[
                ("id", "string"),
                ("service_id", "string"),
                ("location_id", "string"),
            ],
            foreign_keys: &[("service_id", "services"), ("location_id", "locations")],
            rows: at_locations,
        },
    ]
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
