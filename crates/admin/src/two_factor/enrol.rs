//! Turning two-factor on: `GET|POST /admin/account/two-factor`.
//!
//! The secret being enrolled waits in the session (server-side, in the
//! `sessions` table) between the page and the code that confirms it, so
//! reloading the page shows the same secret and nothing is written to the
//! user's account until a right code arrives. Once on, the page shows the
//! status and the form to turn it off, never the secret.

use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use persistence::repo::two_factor;
use persistence::{RepoError, begin_write, commit};
use serde::Deserialize;
use tower_sessions::Session;
use web::views::{AdminChrome, FormErrors};
use web::{AppError, AppState, CurrentUser, flash};

use super::totp::{self, QrSvg};
use super::{CODE_NOW, ENROL_PATH};
use crate::account::{own_event, record_for_user};
use crate::call::Signed;
use crate::view::{chrome, rollback};

/// The session key of the secret being enrolled.
const ENROLLING_KEY: &str = "two_factor.enrolling";

#[derive(Template, WebTemplate)]
#[template(path = "admin/two_factor_enrol.html")]
struct EnrolPage {
    chrome: AdminChrome,
    csrf_token: String,
    secret: String,
    uri: String,
    qr: QrSvg,
    /// Whether `CMS_REQUIRE_2FA` sent the user here.
    required: bool,
    errors: FormErrors,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/two_factor_status.html")]
pub(super) struct StatusPage {
    pub chrome: AdminChrome,
    pub csrf_token: String,
    pub unused_codes: u64,
    pub errors: FormErrors,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/two_factor_codes.html")]
struct CodesPage {
    chrome: AdminChrome,
    codes: Vec<String>,
}

/// The status page of an enrolled user, with `errors` beside the fields of
/// the form that turns two-factor off.
pub(super) async fn status_page(
    state: &AppState,
    current: &CurrentUser,
    errors: FormErrors,
) -> Result<StatusPage, AppError> {
    Ok(StatusPage {
        chrome: chrome(current).await?,
        csrf_token: current.csrf_token.clone(),
        unused_codes: two_factor::unused_recovery_codes(&state.db, current.user.id).await?,
        errors,
    })
}

/// The secret being enrolled on this session, made on first use.
async fn enrolling_secret(session: &Session) -> Result<String, AppError> {
    if let Some(secret) = session.get::<String>(ENROLLING_KEY).await? {
        return Ok(secret);
    }
    let secret = totp::new_secret();
    session.insert(ENROLLING_KEY, &secret).await?;
    Ok(secret)
}

/// The enrolment page for `secret`: its QR code and key, and `errors`.
async fn enrol_page(
    state: &AppState,
    current: &CurrentUser,
    secret: String,
    errors: FormErrors,
) -> Result<EnrolPage, AppError> {
    let uri = totp::otpauth_uri(&secret, &current.user.email)?;
    Ok(EnrolPage {
        chrome: chrome(current).await?,
        csrf_token: current.csrf_token.clone(),
        qr: QrSvg::of(&uri)?,
        uri,
        secret,
        required: super::enforce::covered(state, &current.user).await?,
        errors,
    })
}

/// GET /admin/account/two-factor: the enrolment page (secret, `otpauth://`
/// address, QR code), or two-factor's status once it is on.
pub async fn enrolment_form(call: Signed) -> Result<Response, AppError> {
    let (state, current) = (&call.state, &call.current);
    if two_factor::is_enrolled(&state.db, current.user.id).await? {
        return Ok(status_page(state, current, FormErrors::new())
            .await?
            .into_response());
    }
    let secret = enrolling_secret(&current.session).await?;
    let page = enrol_page(state, current, secret, FormErrors::new()).await?;
    Ok(page.into_response())
}

/// The enrolment form, as sent: the first code from the app.
#[derive(Deserialize)]
pub struct EnrolForm {
    #[serde(default)]
    code: String,
}

/// POST /admin/account/two-factor: turns two-factor on when `code` is
/// right for the secret shown (422 beside the field otherwise), then shows
/// the recovery codes, once.
pub async fn enrol(call: Signed<EnrolForm>) -> Result<Response, AppError> {
    let (state, current) = (&call.state, &call.current);
    let (user, session) = (&current.user, &current.session);
    let already = "Two-factor sign-in is on already.";
    if two_factor::is_enrolled(&state.db, user.id).await? {
        flash::set(session, already).await?;
        return Ok(Redirect::to(ENROL_PATH).into_response());
    }
    // No secret waiting (the session is new): show the page, with one.
    let Some(secret) = session.get::<String>(ENROLLING_KEY).await? else {
        return Ok(Redirect::to(ENROL_PATH).into_response());
    };
    let now = state.clock.now().unix_timestamp();
    let Some(step) = totp::matching_step(&secret, &call.form.code, now)? else {
        let mut errors = FormErrors::new();
        errors.add("code", CODE_NOW);
        let page = enrol_page(state, current, secret, errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };

    let codes = totp::new_recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|c| totp::recovery_code_hash(c)).collect();
    let txn = begin_write(&state.db).await?;
    match two_factor::enable(&txn, user.id, &secret, step, &hashes).await {
        Ok(()) => {}
        Err(RepoError::Taken(_)) => {
            // Another request enrolled in between: that one's codes stand.
            rollback(txn).await?;
            flash::set(session, already).await?;
            return Ok(Redirect::to(ENROL_PATH).into_response());
        }
        Err(other) => return Err(other.into()),
    }
    let mut event = own_event(user, "two_factor.enabled", call.client);
    event.summary = format!(
        "two-factor sign-in turned on, with {} recovery codes",
        codes.len()
    );
    record_for_user(&txn, Some(user.id), event).await?;
    commit(txn).await?;
    session.remove_value(ENROLLING_KEY).await?;
    tracing::info!(user.id = %user.id, "two-factor sign-in turned on");
    let page = CodesPage {
        chrome: chrome(current).await?,
        codes,
    };
    Ok(page.into_response())
}
