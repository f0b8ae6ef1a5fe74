//! The import plan: what each row of a file would do to the county
//! (create, update, nothing) and every error, row by row. Reading the
//! county is the only thing it does with the database.

use std::collections::HashMap;
use std::fmt;

use domain::provider::{changed_fields, slugify};
use domain::{Category, County, Provider, ProviderFields, ProviderId};
use persistence::repo::{categories, counties, providers};
use persistence::{Db, RepoError};
use time::OffsetDateTime;

use super::HEADER;
use super::cells;
use super::read::{FileError, Sheet, read};

mod fields;
#[cfg(test)]
mod tests;

/// One problem, at a row and (usually) a column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    /// As a spreadsheet numbers it: the header is row 1.
    pub row: usize,
    pub column: Option<&'static str>,
    pub message: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.column {
            Some(column) => write!(f, "row {}, {column}: {}", self.row, self.message),
            None => write!(f, "row {}: {}", self.row, self.message),
        }
    }
}

/// What a row would do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Create {
        fields: Box<ProviderFields>,
        reviewed_at: Option<OffsetDateTime>,
    },
    Update {
        id: ProviderId,
        version: i32,
        fields: Box<ProviderFields>,
        /// Set only when the file changes it.
        reviewed_at: Option<OffsetDateTime>,
        /// The columns that change.
        changed: Vec<String>,
    },
    Unchanged {
        id: ProviderId,
    },
    /// See the plan's errors for this row.
    Invalid,
}

/// One row of the plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedRow {
    pub row: usize,
    pub name: String,
    pub action: Action,
}

/// What a file would do to a county.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub rows: Vec<PlannedRow>,
    /// By row, then in the order of the columns.
    pub errors: Vec<RowError>,
    /// Header names that are not columns of the CSV, ignored.
    pub unknown_columns: Vec<String>,
    /// The county's `content_version` the plan was made against.
    pub content_version: i64,
}

impl Plan {
    /// Whether it may be applied.
    #[must_use]
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    /// How many rows would be created, updated and left unchanged.
    #[must_use]
    pub fn counts(&self) -> (usize, usize, usize) {
        let count = |f: fn(&Action) -> bool| self.rows.iter().filter(|r| f(&r.action)).count();
        (
            count(|a| matches!(a, Action::Create { .. })),
            count(|a| matches!(a, Action::Update { .. })),
            count(|a| matches!(a, Action::Unchanged { .. })),
        )
    }
}

/// Plans an upload against the county as it is now.
///
/// # Errors
/// The outer error: the database; the inner: a file that cannot be read.
pub async fn plan(
    db: &Db,
    county: &County,
    bytes: &[u8],
) -> Result<Result<Plan, FileError>, RepoError> {
    let sheet = match read(bytes) {
        Ok(sheet) => sheet,
        Err(e) => return Ok(Err(e)),
    };
    // Read fresh: the version that a confirmation compares with.
    let version = counties::find_by_id(db, county.id)
        .await?
        .ok_or(RepoError::NotFound)?
        .content_version;
    let existing = providers::all(db, county.id).await?;
    let county_categories = categories::list(db, county.id).await?;
    let mut plan = plan_rows(&sheet, &existing, &county_categories, &county.name);
    plan.content_version = version;
    Ok(Ok(plan))
}

/// The domain's field names, as the CSV's columns.
fn column_of(field: &str) -> &'static str {
    match field {
        "phone" => "phones",
        other => HEADER
            .iter()
            .find(|h| **h == other)
            .copied()
            .unwrap_or("name"),
    }
}

/// Plans a read file against the county's providers and categories.
#[must_use]
pub fn plan_rows(
    sheet: &Sheet,
    existing: &[Provider],
    county_categories: &[Category],
    county_name: &str,
) -> Plan {
    let mut state = Planner {
        sheet,
        existing,
        county_categories,
        county_name,
        by_provider: HashMap::new(),
        by_slug: HashMap::new(),
        errors: Vec::new(),
    };
    let rows = sheet
        .rows
        .iter()
        .map(|(row, cells)| state.row(*row, cells))
        .collect();
    let mut errors = state.errors;
    // Stable: by row, then in the order of the columns.
    errors.sort_by_key(|e| {
        let column = e.column.and_then(|c| HEADER.iter().position(|h| *h == c));
        (e.row, column)
    });
    Plan {
        rows,
        errors,
        unknown_columns: sheet.unknown.clone(),
        content_version: 0,
    }
}

struct Planner<'a> {
    sheet: &'a Sheet,
    existing: &'a [Provider],
    county_categories: &'a [Category],
    county_name: &'a str,
    /// The row that already names each provider, and each slug.
    by_provider: HashMap<ProviderId, usize>,
    by_slug: HashMap<String, usize>,
    errors: Vec<RowError>,
}

impl<'a> Planner<'a> {
    fn error(&mut self, row: usize, column: Option<&'static str>, message: String) {
        self.errors.push(RowError {
            row,
            column,
            message,
        });
    }

    /// The row's cell of column `i` of [`HEADER`], when the file has it.
    fn cell<'c>(&self, cells: &'c [String], i: usize) -> Option<&'c str> {
        let at = self.sheet.columns.iter().position(|c| *c == Some(i))?;
        cells.get(at).map(String::as_str)
    }

    /// The stored provider the row names: by `id` in this county, else by
    /// slug (the `slug` cell, or the one the name gives).
    fn target(&mut self, row: usize, cells: &[String]) -> Result<Option<&'a Provider>, ()> {
        let existing = self.existing;
        if let Some(id) = self.cell(cells, 0).map(str::trim).filter(|s| !s.is_empty()) {
            let Ok(id) = id.parse::<domain::ProviderId>() else {
                let message = format!(
                    "\u{201c}{id}\u{201d} is not a provider id: leave it empty to add a provider"
                );
                self.error(row, Some("id"), message);
                return Err(());
            };
            if let Some(found) = existing.iter().find(|p| p.id == id) {
                return Ok(Some(found));
            }
        }
        let slug = match self.cell(cells, 2).map(str::trim).filter(|s| !s.is_empty()) {
            Some(slug) => slug.to_owned(),
            None => slugify(self.cell(cells, 1).unwrap_or_default()),
        };
        Ok(existing.iter().find(|p| p.fields.slug.as_str() == slug))
    }

    fn row(&mut self, row: usize, cells: &[String]) -> PlannedRow {
        let name = self.cell(cells, 1).unwrap_or_default().trim().to_owned();
        let invalid = |name: String| PlannedRow {
            row,
            name,
            action: Action::Invalid,
        };
        if cells.len() != self.sheet.columns.len() {
            let message = format!(
                "this row has {} cells but the header has {}",
                cells.len(),
                self.sheet.columns.len()
            );
            self.error(row, None, message);
            return invalid(name);
        }
        let Ok(target) = self.target(row, cells) else {
            return invalid(name);
        };
        let before = self.errors.len();
        let (fields, reviewed_at) = self.fields(row, cells, target);
        let Some(fields) = fields.filter(|_| self.errors.len() == before) else {
            return invalid(name);
        };
        if !self.unique(row, target, &fields) {
            return invalid(name);
        }
        let name = fields.name.clone();
        let action = match target {
            None => Action::Create {
                fields: Box::new(fields),
                reviewed_at,
            },
            Some(p) => {
                let reviewed_at = reviewed_at
                    .filter(|at| p.reviewed_at.map(cells::date) != Some(cells::date(*at)));
                let mut changed: Vec<String> = changed_fields(&p.fields, &fields)
                    .iter()
                    .map(|f| column_of(f).to_owned())
                    .collect();
                if reviewed_at.is_some() {
                    changed.push("reviewed_at".to_owned());
                }
                if changed.is_empty() {
                    Action::Unchanged { id: p.id }
                } else {
                    Action::Update {
                        id: p.id,
                        version: p.version,
                        fields: Box::new(fields),
                        reviewed_at,
                        changed,
                    }
                }
            }
        };
        PlannedRow { row, name, action }
    }

    /// Refuses a row naming a provider or a slug that an earlier row, or
    /// another stored provider, already has.
    fn unique(&mut self, row: usize, target: Option<&Provider>, fields: &ProviderFields) -> bool {
        if let Some(p) = target
            && let Some(first) = self.by_provider.insert(p.id, row)
        {
            let message = format!("this is the same provider as row {first}");
            self.error(row, None, message);
            return false;
        }
        let slug = fields.slug.as_str();
        if let Some(first) = self.by_slug.insert(slug.to_owned(), row) {
            let message = format!("row {first} has the same slug \u{201c}{slug}\u{201d}");
            self.error(row, Some("slug"), message);
            return false;
        }
        let taken = self
            .existing
            .iter()
            .any(|p| p.fields.slug.as_str() == slug && Some(p.id) != target.map(|t| t.id));
        if taken {
            let message = format!(
                "another provider of {} already has the slug \u{201c}{slug}\u{201d}",
                self.county_name
            );
            self.error(row, Some("slug"), message);
            return false;
        }
        true
    }
}
