//! The delete flow that providers, notes and pages share: a confirmation
//! page (GET `…/{id}/delete`) and the delete itself (POST to the same
//! path). Each screen keeps only its own words, its lookup, its repository
//! call and its audit text; the page's shape and the write's ending live
//! here once.

use askama::Template;
use askama_web::WebTemplate;
use axum::response::Response;
use domain::NewAuditEvent;
use persistence::Txn;
use web::AppError;

use crate::CountyAccess;
use crate::view::{CountyChrome, county_chrome};
use crate::write::{Written, finish};

/// What one screen says on its delete confirmation page. The strings are
/// plain text (escaped when shown), so a name with `<` in it stays text.
pub struct DeleteWords {
    /// The start of the `<title>`, before the county's name.
    pub title: String,
    /// The page's one heading, the question being asked.
    pub heading: String,
    /// What deleting does, shown as a warning before the button.
    pub warning: String,
    /// The text of the button that deletes.
    pub button: String,
    /// The text of the link back to the thing, which does not delete.
    pub back: String,
}

/// The confirmation page asked before any delete.
#[derive(Template, WebTemplate)]
#[template(path = "admin/delete_confirm.html")]
pub struct DeleteConfirm {
    chrome: CountyChrome,
    /// The screen's path segment: `providers`, `notes` or `pages`.
    screen: &'static str,
    id: String,
    words: DeleteWords,
}

impl DeleteConfirm {
    /// The confirmation for deleting `id` on `screen` in `county`. Callers
    /// check `require_writable` first, so a read-only county never sees a
    /// button it cannot use.
    ///
    /// # Errors
    /// The flash's session errors.
    pub async fn new(
        county: &CountyAccess,
        screen: &'static str,
        id: impl ToString,
        words: DeleteWords,
    ) -> Result<Self, AppError> {
        Ok(Self {
            chrome: county_chrome(county).await?,
            screen,
            id: id.to_string(),
            words,
        })
    }
}

/// Ends a delete already made in `txn`: records `event`, commits, shows
/// `flash` and sends the user back to the `screen`'s list, since the
/// thing's own page is gone.
///
/// # Errors
/// The database's errors; the flash's session errors.
pub async fn deleted(
    txn: Txn,
    county: &CountyAccess,
    screen: &str,
    event: NewAuditEvent,
    flash: String,
) -> Result<Response, AppError> {
    let next = format!("/admin/{}/{screen}", county.slug);
    let written = Written { event, flash, next };
    finish(txn, &county.current.session, written).await
}
