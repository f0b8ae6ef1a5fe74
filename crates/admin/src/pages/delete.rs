//! Deleting a page, after a confirmation step.

use axum::extract::{Path, State};
use axum::response::Response;
use persistence::begin_write;
use web::{AppError, AppState, ClientAddr, CsrfForm};

use super::{VersionForm, event, page_of, repo};
use crate::CountyAccess;
use crate::delete::{DeleteConfirm, DeleteWords, deleted};

/// GET /admin/{t}/pages/{id}/delete: ask before deleting.
pub(super) async fn delete_page_form(
    State(state): State<AppState>,
    county: CountyAccess,
    Path((_, id)): Path<(String, String)>,
) -> Result<DeleteConfirm, AppError> {
    let page = page_of(&state, &county, &id).await?;
    county.require_writable()?;
    let title = page.title();
    let published = if page.published.is_some() {
        "The page is on the public site: it will disappear from it at once, and links to it \
         will stop working. "
    } else {
        ""
    };
    let words = DeleteWords {
        title: format!("Delete the page {title}"),
        heading: format!("Delete the page {title}?"),
        warning: format!(
            "{published}Every revision of the page is deleted too. This cannot be undone."
        ),
        button: "Delete the page".to_owned(),
        back: "No, go back to the page".to_owned(),
    };
    DeleteConfirm::new(&county, "pages", page.id, words).await
}

/// POST /admin/{t}/pages/{id}/delete: delete the page.
pub(super) async fn delete_page(
    State(state): State<AppState>,
    county: CountyAccess,
    client: ClientAddr,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(VersionForm { .. }): CsrfForm<VersionForm>,
) -> Result<Response, AppError> {
    let page = page_of(&state, &county, &id).await?;
    county.require_writable()?;
    let txn = begin_write(&state.db).await?;
    repo::delete(&txn, county.id, page.id).await?;
    let mut e = event(&county, "page.delete", &page, client);
    e.summary = format!("deleted the page {}", page.title());
    let flash = format!("The page {} was deleted.", page.title());
    deleted(txn, &county, "pages", e, flash).await
}
