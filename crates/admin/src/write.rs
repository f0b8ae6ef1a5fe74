//! The end of every admin write: the audit event goes into the same
//! transaction as the change, the transaction commits, the user is told
//! what happened (the flash) and sent on (303). Any handler that writes —
//! a save, a delete, a change of state — finishes through [`finish`], so a
//! change is never committed without its audit event.

use axum::response::{IntoResponse, Redirect, Response};
use domain::NewAuditEvent;
use persistence::repo::audit;
use persistence::{Txn, commit};
use tower_sessions::Session;
use web::{AppError, flash};

/// What a write that went through leaves behind: its audit event, the
/// message the user sees, and the page they go to.
pub struct Written {
    /// Recorded in the write's own transaction.
    pub event: NewAuditEvent,
    /// The flash message shown on the next page.
    pub flash: String,
    /// Where the browser goes next (303 See Other).
    pub next: String,
}

/// Records the audit event in `txn`, commits, sets the flash and answers
/// with the redirect. Nothing is committed when the audit event cannot be
/// recorded.
///
/// # Errors
/// The database's errors, as `AppError`; the flash's session errors.
pub async fn finish(txn: Txn, session: &Session, written: Written) -> Result<Response, AppError> {
    audit::record(&txn, written.event).await?;
    commit(txn).await?;
    flash::set(session, written.flash).await?;
    Ok(Redirect::to(&written.next).into_response())
}
