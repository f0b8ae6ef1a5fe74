//! Turning two-factor off: `POST /admin/account/two-factor/disable`. It
//! needs the password and a current code (not a recovery code: someone
//! who lost the device asks a county admin to reset it instead), so a
//! session left open on a shared computer cannot turn it off. Wrong
//! answers count towards the sign-in throttle, since this form checks a
//! password too.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::{EmailAddress, NewAuditEvent};
use persistence::repo::{two_factor, users};
use persistence::{begin_write, commit};
use serde::Deserialize;
use web::views::FormErrors;
use web::{AppError, AppState, ClientAddr, CsrfForm, CurrentUser, flash};

use super::ENROL_PATH;
use super::enrol::status_page;
use super::totp;
use crate::login::{record_for_user, refused};
use crate::throttling::{self, Attempt};
use crate::view::client_label;

/// The turn-off form, as sent: the password and a current code.
#[derive(Deserialize)]
pub struct DisableForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    code: String,
}

/// Whether the password is the user's.
async fn password_ok(state: &AppState, email: &str, password: String) -> Result<bool, AppError> {
    let hash = match EmailAddress::parse(email) {
        Ok(email) => users::find_credentials(&state.db, &email)
            .await?
            .map(|c| c.password_hash),
        Err(_) => None,
    };
    state.passwords.verify(password, hash).await
}

/// POST /admin/account/two-factor/disable: turns two-factor off with the
/// password and a current code; 422 beside the fields otherwise, 429
/// while the account is locked.
pub async fn disable(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientAddr,
    CsrfForm(form): CsrfForm<DisableForm>,
) -> Result<Response, AppError> {
    let user = &current.user;
    let Some(enrolment) = two_factor::find(&state.db, user.id).await? else {
        flash::set(&current.session, "Two-factor sign-in is off already.").await?;
        return Ok(Redirect::to(ENROL_PATH).into_response());
    };
    let now = state.clock.now().unix_timestamp();
    let typed_email = user.email.trim().to_lowercase();
    let attempt = Attempt::new(&typed_email, &client);
    if let Some(refusal) = throttling::refusal(&state, &attempt, now).await? {
        return refused(&state, &client, &typed_email, &refusal, now).await;
    }
    let mut errors = FormErrors::new();
    if !password_ok(&state, &user.email, form.password).await? {
        errors.add("password", "Enter your current password");
    }
    let step = totp::matching_step(&enrolment.secret, &form.code, now)?;
    let fresh = match step {
        Some(step) if errors.is_empty() => {
            two_factor::accept_step(&state.db, user.id, step).await?
        }
        _ => false,
    };
    if !fresh {
        errors.add(
            "code",
            "Enter the 6-digit code your authenticator app shows now",
        );
    }
    if !errors.is_empty() {
        throttling::record_failure(&state, &attempt, now).await?;
        let page = status_page(&state, &current, errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }

    let txn = begin_write(&state.db).await?;
    two_factor::remove(&txn, user.id).await?;
    let mut event = NewAuditEvent::new("two_factor.disabled", &user.email);
    event.actor = Some(user.id);
    event.object_type = Some("user".to_owned());
    event.object_id = Some(user.email.clone());
    event.summary = "two-factor sign-in turned off by the user".to_owned();
    event.client_addr = client_label(client);
    record_for_user(&txn, Some(user), event).await?;
    commit(txn).await?;
    tracing::info!(user.id = %user.id, "two-factor sign-in turned off");
    flash::set(&current.session, "Two-factor sign-in is off.").await?;
    Ok(Redirect::to(ENROL_PATH).into_response())
}
