//! The import page: the upload form, and the dry-run preview of an upload
//! (counts, what each row would do, every error by row and column, the
//! ignored columns, and the confirm button when there is no error).

use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use transfer::provider_csv::{Action, Plan};
use uuid::Uuid;
use web::AppError;

use crate::CountyAccess;
use crate::view::{CountyChrome, county_chrome};

/// One row of the preview table.
pub struct RowView {
    pub row: usize,
    pub name: String,
    /// "Create", "Update", "No change", "Error".
    pub what: &'static str,
    pub changed: String,
}

/// What an upload would do.
pub struct PreviewView {
    pub file_name: String,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rows: Vec<RowView>,
    /// Each error's row (to link to it in the table) and its text,
    /// "row 7, min_age: ...".
    pub errors: Vec<(usize, String)>,
    pub unknown: String,
    /// The pending import to confirm; `None` when there are errors.
    pub confirm_action: Option<String>,
}

/// The import page: the upload form, then the preview of a file.
#[derive(Template, WebTemplate)]
#[template(path = "admin/providers_import.html")]
pub struct ImportPage {
    chrome: CountyChrome,
    max_rows: usize,
    /// Why the file could not be read at all.
    file_error: Option<String>,
    preview: Option<PreviewView>,
}

impl ImportPage {
    /// The page, with the upload form and, when given, a preview.
    ///
    /// # Errors
    /// Session store failures.
    pub async fn new(
        county: &CountyAccess,
        preview: Option<PreviewView>,
    ) -> Result<Self, AppError> {
        Ok(Self {
            chrome: county_chrome(county).await?,
            max_rows: transfer::provider_csv::MAX_ROWS,
            file_error: None,
            preview,
        })
    }
}

/// 422: the file cannot be read at all (not CSV, no `name` column...).
pub async fn file_error(county: &CountyAccess, message: String) -> Result<Response, AppError> {
    let mut page = ImportPage::new(county, None).await?;
    page.file_error = Some(message);
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// The preview of a plan: 200 with a confirm button, or 422 with the
/// errors and none.
pub async fn show(
    county: &CountyAccess,
    file_name: &str,
    plan: &Plan,
    pending: Option<Uuid>,
) -> Result<Response, AppError> {
    let (created, updated, unchanged) = plan.counts();
    let rows = plan
        .rows
        .iter()
        .map(|r| {
            let (what, changed) = match &r.action {
                Action::Create { .. } => ("Create", String::new()),
                Action::Update { changed, .. } => ("Update", changed.join(", ")),
                Action::Unchanged { .. } => ("No change", String::new()),
                Action::Invalid => ("Error", String::new()),
            };
            RowView {
                row: r.row,
                name: r.name.clone(),
                what,
                changed,
            }
        })
        .collect();
    let view = PreviewView {
        file_name: file_name.to_owned(),
        created,
        updated,
        unchanged,
        rows,
        errors: plan.errors.iter().map(|e| (e.row, e.to_string())).collect(),
        unknown: plan.unknown_columns.join(", "),
        confirm_action: pending
            .filter(|_| plan.is_valid())
            .map(|id| format!("/admin/{}/providers/import/{id}/confirm", county.slug)),
    };
    let status = if plan.is_valid() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, ImportPage::new(county, Some(view)).await?).into_response())
}
