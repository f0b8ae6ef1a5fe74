//! The provider CSV in the admin: the export (`/admin/{t}/providers.csv`)
//! and the import (`/admin/{t}/providers/import`): upload, a dry-run
//! preview that writes nothing, then a confirmation that plans the stored
//! file again and writes it in one transaction (`transfer::provider_csv`).

mod confirm;
mod preview;

use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use transfer::provider_csv::{self, FileError, MAX_BYTES};
use web::AppError;

use crate::CountyAccess;
use crate::call::Call;
use crate::routes::{Access, Routes};

/// The largest body the upload route takes: the file and the multipart
/// wrapping around it. Bigger is 413 before the handler runs.
pub const UPLOAD_BODY_LIMIT: usize = MAX_BYTES + 64 * 1024;

/// The routes of this screen, with the access each needs.
pub fn routes() -> Routes {
    Routes::new()
        .get("/admin/{t}/providers.csv", Access::Member, export_providers)
        .get(
            "/admin/{t}/providers/import",
            Access::Member,
            import_providers_form,
        )
        .post_upload(
            "/admin/{t}/providers/import",
            Access::Member,
            preview_import,
            UPLOAD_BODY_LIMIT,
        )
        .post(
            "/admin/{t}/providers/import/{id}/confirm",
            Access::Member,
            confirm::confirm_import,
        )
}

/// Whether a request is the upload, whose body may be larger than the
/// application's limit (up to [`UPLOAD_BODY_LIMIT`]).
#[must_use]
pub fn is_upload(method: &Method, path: &str) -> bool {
    let segments: Vec<&str> = path.split('/').collect();
    method == Method::POST
        && matches!(segments.as_slice(), ["", "admin", t, "providers", "import"] if !t.is_empty())
}

/// GET /admin/{t}/providers.csv: every provider of the county as CSV.
async fn export_providers(call: Call) -> Result<Response, AppError> {
    let county = &call.county;
    let bytes = provider_csv::export(&call.state.db, county.id).await?;
    let disposition = format!("attachment; filename=\"{}-providers.csv\"", county.slug);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

/// GET /admin/{t}/providers/import: the upload form.
async fn import_providers_form(county: CountyAccess) -> Result<preview::ImportPage, AppError> {
    county.require_writable()?;
    preview::ImportPage::new(&county, None).await
}

/// An upload as sent: its `csrf_token` (checked) and its file.
struct Upload {
    file_name: String,
    bytes: Vec<u8>,
}

/// Reads the multipart body: 403 unless it carries the session's
/// `csrf_token` (before the file is looked at), 413 for a file over
/// [`MAX_BYTES`].
async fn upload_of(
    county: &CountyAccess,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Upload, AppError> {
    let mut multipart = multipart.map_err(|_| AppError::Csrf)?;
    let mut token = None;
    let mut upload = Upload {
        file_name: String::new(),
        bytes: Vec::new(),
    };
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::PayloadTooLarge
        } else {
            AppError::UnprocessableForm
        }
    };
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        match field.name() {
            Some("csrf_token") => token = Some(field.text().await.map_err(unreadable)?),
            Some("file") => {
                web::csrf::check(&county.current.session, token.as_deref().unwrap_or("")).await?;
                upload.file_name = field.file_name().unwrap_or("upload.csv").to_owned();
                upload.bytes = field.bytes().await.map_err(unreadable)?.to_vec();
            }
            _ => {}
        }
    }
    web::csrf::check(&county.current.session, token.as_deref().unwrap_or("")).await?;
    if upload.bytes.len() > MAX_BYTES {
        return Err(AppError::PayloadTooLarge);
    }
    Ok(upload)
}

/// POST /admin/{t}/providers/import: the dry-run preview of an upload.
async fn preview_import(
    call: Call,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    let (state, county) = (&call.state, &call.county);
    let upload = upload_of(county, multipart).await?;
    county.require_writable()?;
    if upload.bytes.is_empty() {
        return preview::file_error(county, "Choose a CSV file to upload".to_owned()).await;
    }
    let plan = match provider_csv::plan(&state.db, &county.county, &upload.bytes).await? {
        Ok(plan) => plan,
        Err(FileError::TooLarge | FileError::TooManyRows) => {
            return Err(AppError::PayloadTooLarge);
        }
        Err(e) => return preview::file_error(county, e.to_string()).await,
    };
    // Kept only when it can be confirmed; `plan` succeeded, so it is UTF-8.
    let pending = if plan.is_valid() {
        let text = String::from_utf8_lossy(&upload.bytes);
        Some(
            persistence::repo::provider_imports::store(
                &state.db,
                county.id,
                county.current.user.id,
                &upload.file_name,
                &text,
                plan.content_version,
            )
            .await?,
        )
    } else {
        None
    };
    preview::show(county, &upload.file_name, &plan, pending).await
}
