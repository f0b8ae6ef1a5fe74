//! `POST /admin/account/password`: a signed-in user changes their own
//! password. The new one meets the same policy as everywhere (15 to 128
//! characters, the blocklist, no truncation); a wrong current password is
//! 422 beside its field and counts toward the sign-in throttle, like a
//! failed sign-in, so a session left open is not a way to guess it.
//! Success ends every other session of the user and keeps this one.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::{EmailAddress, NewAuditEvent, check_password};
use persistence::repo::users;
use persistence::{begin_write, commit, session_store};
use serde::Deserialize;
use web::views::FormErrors;
use web::{AppError, AppState, ClientAddr, CsrfForm, CurrentUser, flash};

use super::sessions::this_session;
use super::{PATH, page::page, password_context, record_for_user};
use crate::throttling::{self, Attempt};
use crate::view::client_label;

/// The change-password form, as sent.
#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

/// An audit event about the signed-in user's own password.
fn event(current: &CurrentUser, action: &str, client: ClientAddr) -> NewAuditEvent {
    let mut e = NewAuditEvent::new(action, &current.user.email);
    e.actor = Some(current.user.id);
    e.object_type = Some("user".to_owned());
    e.object_id = Some(current.user.email.clone());
    e.client_addr = client_label(client);
    e
}

/// POST /admin/account/password: changes the user's password (422 beside
/// the field for a wrong current or a weak new one, 429 while the account
/// is locked) and ends their other sessions.
pub async fn change_password(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientAddr,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<Response, AppError> {
    let now = state.clock.now().unix_timestamp();
    let attempt = Attempt::new(&current.user.email.trim().to_lowercase(), &client);
    if let Some(refusal) = throttling::refusal(&state, &attempt, now).await? {
        let retry = u64::try_from(refusal.until() - now).unwrap_or(1).max(1);
        return Err(AppError::TooManyRequests {
            retry_after_secs: retry,
        });
    }
    let mut errors = FormErrors::new();
    let email = EmailAddress::parse(&current.user.email).map_err(AppError::internal)?;
    let hash = users::find_credentials(&state.db, &email)
        .await?
        .map(|c| c.password_hash);
    if form.current_password.is_empty() {
        errors.add("current_password", "Enter your current password");
    } else if !state
        .passwords
        .verify(form.current_password.clone(), hash)
        .await?
    {
        errors.add("current_password", "Your current password is not right");
        wrong_current(&state, &current, client, &attempt, now).await?;
    }
    let context = password_context(&state.db, &current.user).await?;
    let context: Vec<&str> = context.iter().map(String::as_str).collect();
    if let Err(e) = check_password(&form.new_password, &context) {
        errors.add("new_password", e.to_string());
    }
    if !errors.is_empty() {
        let page = page(&state, &current, errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }

    let keep = this_session(&current)?;
    let new_hash = state.passwords.hash(form.new_password).await?;
    let txn = begin_write(&state.db).await?;
    users::set_password_hash(&txn, current.user.id, &new_hash).await?;
    let ended = session_store::delete_others_of_user(&txn, current.user.id, keep).await?;
    let mut e = event(&current, "password.changed", client);
    e.changed_fields = vec!["password".into()];
    e.summary = format!("changed their own password; {ended} other sessions ended");
    record_for_user(&txn, current.user.id, e).await?;
    commit(txn).await?;
    throttling::clear(&state, &attempt).await?;
    tracing::info!(user.id = %current.user.id, "password changed");
    flash::set(
        &current.session,
        "Your password has been changed. You are signed out everywhere else.",
    )
    .await?;
    Ok(Redirect::to(PATH).into_response())
}

/// A wrong current password counts as a failed sign-in of the account (and
/// of the address), and a lock it causes is audited as sign-in's are.
async fn wrong_current(
    state: &AppState,
    current: &CurrentUser,
    client: ClientAddr,
    attempt: &Attempt,
    now: i64,
) -> Result<(), AppError> {
    let locks = throttling::record_failure(state, attempt, now).await?;
    let txn = begin_write(&state.db).await?;
    let mut e = event(current, "password.change_failed", client);
    e.summary = "wrong current password on the account page".to_owned();
    record_for_user(&txn, current.user.id, e.clone()).await?;
    if locks.account.is_some() {
        e.action = "login.lock".to_owned();
        e.summary = "account locked for 15 minutes after repeated failures".to_owned();
        record_for_user(&txn, current.user.id, e).await?;
    }
    commit(txn).await?;
    Ok(())
}
