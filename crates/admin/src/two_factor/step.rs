//! The second sign-in step. After a right password, a user with two-factor
//! is only **half signed in**: the session holds their id under its own
//! key (never `USER_ID_KEY`, so `CurrentUser` and every guard still see no
//! one) until a current code or an unused recovery code completes the
//! sign-in. The session id is cycled at each step.
//!
//! Wrong codes count towards the same throttle as wrong passwords (5 lock
//! the account for 15 minutes, `crate::throttling`), and the throttle is
//! cleared only here, on success.

use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::{User, UserId};
use persistence::repo::{two_factor, users};
use persistence::session_store::USER_ID_KEY;
use serde::Deserialize;
use tower_sessions::Session;
use web::views::AdminChrome;
use web::{AppError, AppState, ClientAddr, auth, csrf};

use super::totp;
use crate::account::record_for_user;
use crate::account::visitor::Visitor;
use crate::login::{admitted, login_event};
use crate::throttling::{self, Attempt};

/// The second step's page.
pub const PATH: &str = "/admin/login/two-factor";

const PENDING_USER_KEY: &str = "auth.two_factor.user";
const PENDING_SINCE_KEY: &str = "auth.two_factor.since";
const PENDING_NEXT_KEY: &str = "auth.two_factor.next";
/// How long the half-signed-in state lasts: time to open an app, not more.
const PENDING_SECS: i64 = 10 * 60;

/// The one message for every wrong code, whatever was wrong with it.
const FAILURE: &str = "Enter a correct code from your authenticator app, or a recovery code";

#[derive(Template, WebTemplate)]
#[template(path = "admin/two_factor_step.html")]
struct StepPage {
    chrome: AdminChrome,
    csrf_token: String,
    failure: Option<&'static str>,
}

/// After a right password: half signs the user in and sends them to the
/// second step. `next` is already checked to be a safe admin path (or
/// empty).
///
/// # Errors
/// Session store errors.
pub async fn begin(
    state: &AppState,
    session: &Session,
    user: &User,
    next: &str,
) -> Result<Response, AppError> {
    session.cycle_id().await?;
    // Whoever was signed in on this session before is not any more.
    session.remove_value(USER_ID_KEY).await?;
    session
        .insert(PENDING_USER_KEY, user.id.to_string())
        .await?;
    session
        .insert(PENDING_SINCE_KEY, state.clock.now().unix_timestamp())
        .await?;
    session.insert(PENDING_NEXT_KEY, next).await?;
    csrf::rotate(session).await?;
    tracing::info!(user.id = %user.id, "password accepted; waiting for the second factor");
    Ok(Redirect::to(PATH).into_response())
}

/// The half-signed-in user of this session, if the state has not run out
/// and the account is still enabled and enrolled. Anything else ends it.
async fn pending_user(state: &AppState, session: &Session) -> Result<Option<User>, AppError> {
    let Some(raw) = session.get::<String>(PENDING_USER_KEY).await? else {
        return Ok(None);
    };
    let since = session.get::<i64>(PENDING_SINCE_KEY).await?.unwrap_or(0);
    let fresh = state.clock.now().unix_timestamp() - since <= PENDING_SECS;
    let user = match uuid::Uuid::parse_str(&raw) {
        Ok(id) if fresh => users::find(&state.db, UserId::from_uuid(id)).await?,
        _ => None,
    };
    match user {
        Some(u) if !u.disabled && two_factor::is_enrolled(&state.db, u.id).await? => Ok(Some(u)),
        _ => {
            forget_pending(session).await?;
            Ok(None)
        }
    }
}

/// Forgets the half-finished sign-in kept in the session.
async fn forget_pending(session: &Session) -> Result<(), AppError> {
    session.remove_value(PENDING_USER_KEY).await?;
    session.remove_value(PENDING_SINCE_KEY).await?;
    session.remove_value(PENDING_NEXT_KEY).await?;
    Ok(())
}

/// 303 to the sign-in page, to start again.
fn start_again() -> Response {
    Redirect::to("/admin/login").into_response()
}

/// GET /admin/login/two-factor: the code form, for a half-signed-in
/// session; 303 to the sign-in page otherwise.
pub async fn step_form(call: Visitor) -> Result<Response, AppError> {
    if pending_user(&call.state, &call.session).await?.is_none() {
        return Ok(start_again());
    }
    let page = StepPage {
        chrome: AdminChrome::default(),
        csrf_token: csrf::token(&call.session).await?,
        failure: None,
    };
    Ok(page.into_response())
}

/// The code form, as sent: a six-digit code or a recovery code.
#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

/// How a code was accepted.
enum Accepted {
    Totp,
    RecoveryCode,
}

/// Checks a code: a current TOTP code not used before (its step later than
/// the last accepted one), else an unused recovery code (used up here).
async fn accept(
    state: &AppState,
    user: UserId,
    code: &str,
    now: i64,
) -> Result<Option<Accepted>, AppError> {
    let Some(enrolment) = two_factor::find(&state.db, user).await? else {
        return Ok(None);
    };
    if let Some(step) = totp::matching_step(&enrolment.secret, code, now)? {
        // A replayed code matches but is not later than the last one.
        let fresh = two_factor::accept_step(&state.db, user, step).await?;
        return Ok(fresh.then_some(Accepted::Totp));
    }
    let hash = totp::recovery_code_hash(code);
    let used = two_factor::use_recovery_code(&state.db, user, &hash, now).await?;
    Ok(used.then_some(Accepted::RecoveryCode))
}

/// POST /admin/login/two-factor: completes the sign-in with a current code
/// or an unused recovery code (303 to `next`); 401 with one message for a
/// wrong or replayed code, 429 while the account is locked.
pub async fn complete(call: Visitor<CodeForm>) -> Result<Response, AppError> {
    let (state, session, client) = (&call.state, &call.session, &call.client);
    let Some(user) = pending_user(state, session).await? else {
        return Ok(start_again());
    };
    let now = state.clock.now().unix_timestamp();
    let attempt = admitted(state, client, &user.email.trim().to_lowercase(), now).await?;
    let Some(how) = accept(state, user.id, &call.form.code, now).await? else {
        return failed(state, session, client, &user, &attempt, now).await;
    };

    throttling::clear(state, &attempt).await?;
    let next = session
        .get::<String>(PENDING_NEXT_KEY)
        .await?
        .unwrap_or_default();
    forget_pending(session).await?;
    auth::sign_in(session, user.id).await?;
    let mut event = login_event(&user, "login.two_factor", *client);
    event.summary = match how {
        Accepted::Totp => "signed in with a password and an authenticator code",
        Accepted::RecoveryCode => "signed in with a password and a recovery code",
    }
    .to_owned();
    record_for_user(&state.db, Some(user.id), event.clone()).await?;
    if let Accepted::RecoveryCode = how {
        let left = two_factor::unused_recovery_codes(&state.db, user.id).await?;
        event.action = "recovery_code.used".to_owned();
        event.summary = format!("a recovery code was used; {left} left");
        record_for_user(&state.db, Some(user.id), event).await?;
    }
    tracing::info!(user.id = %user.id, "signed in with two-factor");
    let target = crate::login::landing(state, &user, &next).await?;
    Ok(Redirect::to(&target).into_response())
}

/// A wrong, replayed or unreadable code: counted like a wrong password,
/// audited, 401 with the one message.
async fn failed(
    state: &AppState,
    session: &Session,
    client: &ClientAddr,
    user: &User,
    attempt: &Attempt,
    now: i64,
) -> Result<Response, AppError> {
    let locks = throttling::record_failure(state, attempt, now).await?;
    let mut event = login_event(user, "login.two_factor_failed", *client);
    event.summary = "a wrong or already used two-factor code".to_owned();
    record_for_user(&state.db, Some(user.id), event.clone()).await?;
    if locks.account.is_some() || locks.address.is_some() {
        event.action = "login.lock".to_owned();
        event.summary = "account locked for 15 minutes after repeated wrong codes".to_owned();
        record_for_user(&state.db, Some(user.id), event).await?;
        tracing::warn!(user.id = %user.id, "sign-in locked after repeated wrong codes");
    }
    let page = StepPage {
        chrome: AdminChrome::default(),
        csrf_token: csrf::token(session).await?,
        failure: Some(FAILURE),
    };
    Ok((StatusCode::UNAUTHORIZED, page).into_response())
}
