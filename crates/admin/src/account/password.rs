//! `POST /admin/account/password`: a signed-in user changes their own
//! password. The new one meets the same policy as everywhere (15 to 128
//! characters, the blocklist, no truncation); a wrong current password is
//! 422 beside its field and counts toward the sign-in throttle, like a
//! failed sign-in, so a session left open is not a way to guess it.
//! Success ends every other session of the user and keeps this one.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::check_password;
use persistence::repo::users;
use persistence::{begin_write, commit, session_store};
use serde::Deserialize;
use web::views::FormErrors;
use web::{AppError, AppState, ClientAddr, CurrentUser, flash};

use super::sessions::this_session;
use super::{PATH, own_event, page::page, password_context, password_is, record_for_user};
use crate::call::Signed;
use crate::login::too_many;
use crate::throttling::{self, Attempt};

/// The change-password form, as sent.
#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

/// POST /admin/account/password: changes the user's password (422 beside
/// the field for a wrong current or a weak new one, 429 while the account
/// is locked) and ends their other sessions.
pub async fn change_password(call: Signed<PasswordForm>) -> Result<Response, AppError> {
    let (state, current, client) = (&call.state, &call.current, call.client);
    let now = state.clock.now().unix_timestamp();
    let attempt = Attempt::new(&current.user.email.trim().to_lowercase(), &client);
    if let Some(refusal) = throttling::refusal(state, &attempt, now).await? {
        return Err(too_many(&refusal, now));
    }
    let mut errors = FormErrors::new();
    if call.form.current_password.is_empty() {
        errors.add("current_password", "Enter your current password");
    } else if !password_is(state, &current.user, call.form.current_password).await? {
        errors.add("current_password", "Your current password is not right");
        wrong_current(state, current, client, &attempt, now).await?;
    }
    let context = password_context(&state.db, &current.user).await?;
    let context: Vec<&str> = context.iter().map(String::as_str).collect();
    if let Err(e) = check_password(&call.form.new_password, &context) {
        errors.add("new_password", e.to_string());
    }
    if !errors.is_empty() {
        let page = page(state, current, errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }

    let keep = this_session(current)?;
    let new_hash = state.passwords.hash(call.form.new_password).await?;
    let txn = begin_write(&state.db).await?;
    users::set_password_hash(&txn, current.user.id, &new_hash).await?;
    let ended = session_store::delete_others_of_user(&txn, current.user.id, keep).await?;
    let mut e = own_event(&current.user, "password.changed", client);
    e.changed_fields = vec!["password".into()];
    e.summary = format!("changed their own password; {ended} other sessions ended");
    record_for_user(&txn, Some(current.user.id), e).await?;
    commit(txn).await?;
    throttling::clear(state, &attempt).await?;
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
    let mut e = own_event(&current.user, "password.change_failed", client);
    e.summary = "wrong current password on the account page".to_owned();
    let user = Some(current.user.id);
    record_for_user(&txn, user, e.clone()).await?;
    if locks.account.is_some() {
        e.action = "login.lock".to_owned();
        e.summary = "account locked for 15 minutes after repeated failures".to_owned();
        record_for_user(&txn, user, e).await?;
    }
    commit(txn).await?;
    Ok(())
}
