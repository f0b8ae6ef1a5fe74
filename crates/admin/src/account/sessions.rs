//! Ending one's own sessions: one of them, or every one but this.

use axum::extract::Path;
use axum::response::{IntoResponse, Redirect, Response};
use domain::NewAuditEvent;
use persistence::{begin_write, commit, session_store};
use uuid::Uuid;
use web::auth::public_id;
use web::{AppError, ClientAddr, CurrentUser, EmptyForm, auth, flash};

use super::{PATH, record_for_user};
use crate::call::Signed;
use crate::view::client_label;

/// An audit event about the signed-in user's own sessions.
fn event(
    current: &CurrentUser,
    action: &str,
    summary: String,
    client: ClientAddr,
) -> NewAuditEvent {
    let mut e = NewAuditEvent::new(action, &current.user.email);
    e.actor = Some(current.user.id);
    e.object_type = Some("session".to_owned());
    e.summary = summary;
    e.client_addr = client_label(client);
    e
}

/// The store id of this signed-in session (loaded, so it has one).
pub(super) fn this_session(current: &CurrentUser) -> Result<tower_sessions::session::Id, AppError> {
    current.session.id().ok_or_else(|| {
        AppError::internal(std::io::Error::other(
            "BUG: a signed-in session without an id",
        ))
    })
}

/// POST /admin/account/sessions/{id}/end: ends one of the user's own
/// sessions, named by its public id (404 for any other id, another user's
/// included). Ending this one signs out here.
pub async fn end_session(
    Path(id): Path<String>,
    call: Signed<EmptyForm>,
) -> Result<Response, AppError> {
    let (state, current) = (&call.state, &call.current);
    let id = Uuid::parse_str(&id).map_err(|_| AppError::NotFound)?;
    let this = public_id(&current.session).await? == Some(id);
    let txn = begin_write(&state.db).await?;
    if session_store::delete_one_of_user(&txn, current.user.id, id).await? == 0 {
        crate::view::rollback(txn).await?;
        return Err(AppError::NotFound);
    }
    let summary = if this {
        "ended this session from the account page"
    } else {
        "ended another of their sessions from the account page"
    };
    let e = event(current, "session.ended", summary.to_owned(), call.client);
    record_for_user(&txn, Some(current.user.id), e).await?;
    commit(txn).await?;
    if this {
        auth::sign_out(&current.session).await?;
        return Ok(Redirect::to("/admin/login").into_response());
    }
    flash::set(
        &current.session,
        "That session has ended: it is signed out.",
    )
    .await?;
    Ok(Redirect::to(PATH).into_response())
}

/// POST /admin/account/sessions/end-others: ends every session of the user
/// but this one.
pub async fn end_other_sessions(call: Signed<EmptyForm>) -> Result<Response, AppError> {
    let (state, current) = (&call.state, &call.current);
    let keep = this_session(current)?;
    let txn = begin_write(&state.db).await?;
    let ended = session_store::delete_others_of_user(&txn, current.user.id, keep).await?;
    let e = event(
        current,
        "session.ended_others",
        format!("signed out everywhere else ({ended} sessions ended)"),
        call.client,
    );
    record_for_user(&txn, Some(current.user.id), e).await?;
    commit(txn).await?;
    let message = match ended {
        0 => "You were not signed in anywhere else.".to_owned(),
        1 => "You are now signed out everywhere else (1 session ended).".to_owned(),
        n => format!("You are now signed out everywhere else ({n} sessions ended)."),
    };
    flash::set(&current.session, message).await?;
    Ok(Redirect::to(PATH).into_response())
}
