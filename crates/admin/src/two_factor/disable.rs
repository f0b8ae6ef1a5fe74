//! Turning two-factor off: `POST /admin/account/two-factor/disable`. It
//! needs the password and a current code (not a recovery code: someone
//! who lost the device asks a county admin to reset it instead), so a
//! session left open on a shared computer cannot turn it off. Wrong
//! answers count towards the sign-in throttle, since this form checks a
//! password too.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use persistence::repo::two_factor;
use persistence::{begin_write, commit};
use serde::Deserialize;
use web::views::FormErrors;
use web::{AppError, flash};

use super::enrol::status_page;
use super::{CODE_NOW, ENROL_PATH, totp};
use crate::account::{own_event, password_is, record_for_user};
use crate::call::Signed;
use crate::login::admitted;
use crate::throttling;

/// The turn-off form, as sent: the password and a current code.
#[derive(Deserialize)]
pub struct DisableForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    code: String,
}

/// POST /admin/account/two-factor/disable: turns two-factor off with the
/// password and a current code; 422 beside the fields otherwise, 429
/// while the account is locked.
pub async fn disable(call: Signed<DisableForm>) -> Result<Response, AppError> {
    let (state, current, user) = (&call.state, &call.current, &call.current.user);
    let Some(enrolment) = two_factor::find(&state.db, user.id).await? else {
        flash::set(&current.session, "Two-factor sign-in is off already.").await?;
        return Ok(Redirect::to(ENROL_PATH).into_response());
    };
    let now = state.clock.now().unix_timestamp();
    let typed_email = user.email.trim().to_lowercase();
    let attempt = admitted(state, &call.client, &typed_email, now).await?;
    let mut errors = FormErrors::new();
    if !password_is(state, user, call.form.password).await? {
        errors.add("password", "Enter your current password");
    }
    let step = totp::matching_step(&enrolment.secret, &call.form.code, now)?;
    let fresh = match step {
        Some(step) if errors.is_empty() => {
            two_factor::accept_step(&state.db, user.id, step).await?
        }
        _ => false,
    };
    if !fresh {
        errors.add("code", CODE_NOW);
    }
    if !errors.is_empty() {
        throttling::record_failure(state, &attempt, now).await?;
        let page = status_page(state, current, errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }

    let txn = begin_write(&state.db).await?;
    two_factor::remove(&txn, user.id).await?;
    let mut event = own_event(user, "two_factor.disabled", call.client);
    event.summary = "two-factor sign-in turned off by the user".to_owned();
    record_for_user(&txn, Some(user.id), event).await?;
    commit(txn).await?;
    tracing::info!(user.id = %user.id, "two-factor sign-in turned off");
    flash::set(&current.session, "Two-factor sign-in is off.").await?;
    Ok(Redirect::to(ENROL_PATH).into_response())
}
