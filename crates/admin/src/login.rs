//! Signing in and out.

use crate::account::record_for_user;
use crate::account::visitor::Visitor;
use crate::routes::{Access, Routes};
use crate::throttling::{self, Attempt, Refusal};
use crate::view::client_label;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Query;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::{EmailAddress, NewAuditEvent, User};
use persistence::repo::users;
use serde::Deserialize;
use tower_sessions::Session;
use web::views::{AdminChrome, FormErrors};
use web::{AppError, AppState, ClientAddr, auth, csrf};

/// The one message for every failed sign-in, whatever the cause, so that
/// the answer does not tell which accounts exist.
const FAILURE: &str = "Enter a correct email address and password";

/// The routes of this screen, with the access each needs.
pub fn routes() -> Routes {
    Routes::new()
        .get("/admin/login", Access::Public, login_form)
        .post("/admin/login", Access::Public, login)
        .post("/admin/logout", Access::Public, logout)
}

/// The sign-in page.
#[derive(Template, WebTemplate)]
#[template(path = "admin/login.html")]
struct LoginPage {
    chrome: AdminChrome,
    csrf_token: String,
    next: String,
    email: String,
    errors: FormErrors,
    failure: Option<&'static str>,
}

/// `?next=`: where to go once signed in.
#[derive(Deserialize)]
struct NextQuery {
    #[serde(default)]
    next: String,
}

/// Whether `next` is a local admin path that is safe to redirect to.
fn safe_next(next: &str) -> Option<&str> {
    let rest = next.strip_prefix("/admin")?;
    let well_placed = rest.is_empty() || rest.starts_with('/') || rest.starts_with('?');
    let harmless = !next.contains("//")
        && !next.contains('\\')
        && !next.contains("/../")
        && !next.ends_with("/..")
        && !next.chars().any(char::is_control);
    (well_placed && harmless).then_some(next)
}

/// GET /admin/login: the sign-in form; 303 to `next` (or `/admin`) for
/// someone signed in already.
async fn login_form(Query(query): Query<NextQuery>, call: Visitor) -> Result<Response, AppError> {
    let (state, session) = (&call.state, &call.session);
    if auth::signed_in_user(state, session).await?.is_some() {
        let target = safe_next(&query.next).unwrap_or("/admin");
        return Ok(Redirect::to(target).into_response());
    }
    let page = LoginPage {
        chrome: AdminChrome::default(),
        csrf_token: csrf::token(session).await?,
        next: safe_next(&query.next).unwrap_or_default().to_owned(),
        email: String::new(),
        errors: FormErrors::new(),
        failure: None,
    };
    Ok(page.into_response())
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// POST /admin/login: checks the throttle, then the password; 303 to
/// `next` on success, 401 with one message for every failure, 429 while
/// locked or blocked.
async fn login(call: Visitor<LoginForm>) -> Result<Response, AppError> {
    let (state, session, client, form) = (&call.state, &call.session, &call.client, call.form);
    let now = state.clock.now().unix_timestamp();
    let typed_email = form.email.trim().to_lowercase();
    let attempt = admitted(state, client, &typed_email, now).await?;

    // An overlong email is never an account's: it reaches no query.
    let credentials = match EmailAddress::parse(&form.email) {
        Ok(email) if typed_email.chars().count() <= throttling::MAX_EMAIL_CHARS => {
            users::find_credentials(&state.db, &email).await?
        }
        _ => None,
    };
    let (user, hash) = match credentials {
        Some(c) => (Some(c.user), Some(c.password_hash)),
        None => (None, None),
    };
    let password_ok = state.passwords.verify(form.password, hash).await?;
    let Some(user) = user.filter(|u| password_ok && !u.disabled) else {
        let failure = Failure {
            attempt: &attempt,
            typed_email: &typed_email,
            now,
        };
        return failed_sign_in(state, session, client, failure, &form.next).await;
    };

    if persistence::repo::two_factor::is_enrolled(&state.db, user.id).await? {
        // The throttle is cleared only when the second step succeeds: a
        // right password must not wipe the count of wrong codes.
        let next = safe_next(&form.next).unwrap_or_default();
        return crate::two_factor::step::begin(state, session, &user, next).await;
    }
    throttling::clear(state, &attempt).await?;
    auth::sign_in(session, user.id).await?;
    let event = login_event(&user, "login.success", *client);
    record_for_user(&state.db, Some(user.id), event).await?;
    tracing::info!(user.id = %user.id, "signed in");
    let target = landing(state, &user, &form.next).await?;
    Ok(Redirect::to(&target).into_response())
}

/// Where a completed sign-in goes: the invitations first, when any wait (a
/// county the person did not expect to join should be declined before
/// anything else), else `next` when it is a safe admin path, else `/admin`.
pub(crate) async fn landing(state: &AppState, user: &User, next: &str) -> Result<String, AppError> {
    let invited = !users::invitations_of(&state.db, user.id).await?.is_empty();
    Ok(match safe_next(next) {
        _ if invited => crate::invitations::PATH,
        Some(next) => next,
        None => "/admin",
    }
    .to_owned())
}

/// An audit event of signing in or out: who, from where.
pub(crate) fn login_event(user: &User, action: &str, client: ClientAddr) -> NewAuditEvent {
    let mut event = NewAuditEvent::new(action, &user.email);
    event.actor = Some(user.id);
    event.client_addr = client_label(client);
    event
}

/// The throttle's count of attempts for `typed_email` from `client`, when
/// it lets one more through; 429, audited, while the account is locked or
/// the address blocked.
pub(crate) async fn admitted(
    state: &AppState,
    client: &ClientAddr,
    typed_email: &str,
    now: i64,
) -> Result<Attempt, AppError> {
    let attempt = Attempt::new(typed_email, client);
    match throttling::refusal(state, &attempt, now).await? {
        None => Ok(attempt),
        Some(refusal) => {
            record_refusal(state, client, typed_email, &refusal).await?;
            Err(too_many(&refusal, now))
        }
    }
}

/// Audits an attempt refused by the throttle.
async fn record_refusal(
    state: &AppState,
    client: &ClientAddr,
    typed_email: &str,
    refusal: &Refusal,
) -> Result<(), AppError> {
    let mut event = NewAuditEvent::new("login.throttled", &throttling::label(typed_email));
    event.summary = match refusal {
        Refusal::Account { .. } => "sign-in refused while the account is locked",
        Refusal::Address { .. } => "sign-in refused while the address is blocked",
    }
    .to_owned();
    event.client_addr = client_label(*client);
    record_for_user(&state.db, None, event).await?;
    Ok(())
}

/// 429 until the refusal ends.
pub(crate) fn too_many(refusal: &Refusal, now: i64) -> AppError {
    let retry = u64::try_from(refusal.until() - now).unwrap_or(1).max(1);
    AppError::TooManyRequests {
        retry_after_secs: retry,
    }
}

/// A failed sign-in: who it was for and when.
struct Failure<'a> {
    attempt: &'a Attempt,
    typed_email: &'a str,
    now: i64,
}

/// Counts a failed sign-in toward the throttle, audits it (and any lock it
/// causes), and answers 401 with the one message every failure gets.
async fn failed_sign_in(
    state: &AppState,
    session: &Session,
    client: &ClientAddr,
    failure: Failure<'_>,
    next: &str,
) -> Result<Response, AppError> {
    let locks = throttling::record_failure(state, failure.attempt, failure.now).await?;
    let label = throttling::label(failure.typed_email);
    let known = match EmailAddress::parse(&label) {
        Ok(email) => users::find_by_email(&state.db, &email).await?,
        Err(_) => None,
    };
    let mut event = NewAuditEvent::new("login.failure", &label);
    event.client_addr = client_label(*client);
    let known = known.map(|u| u.id);
    record_for_user(&state.db, known, event.clone()).await?;
    let lock_summary = match (locks.account, locks.address) {
        (Some(_), _) => Some("account locked for 15 minutes after repeated failures".to_owned()),
        (None, Some(until)) => Some(format!(
            "address blocked for {} seconds after failures for many accounts",
            until - failure.now
        )),
        (None, None) => None,
    };
    if let Some(summary) = lock_summary {
        event.action = "login.lock".to_owned();
        event.summary = summary;
        record_for_user(&state.db, known, event).await?;
        tracing::warn!("sign-in locked after repeated failures");
    }
    let page = LoginPage {
        chrome: AdminChrome::default(),
        csrf_token: csrf::token(session).await?,
        next: safe_next(next).unwrap_or_default().to_owned(),
        email: label,
        errors: FormErrors::new(),
        failure: Some(FAILURE),
    };
    Ok((StatusCode::UNAUTHORIZED, page).into_response())
}

/// The sign-out button's form: its `csrf_token` alone.
#[derive(Deserialize)]
struct LogoutForm {}

/// POST /admin/logout: signs out (audited as `logout` when someone was
/// signed in) and tells the browser to drop what it kept of the site.
async fn logout(call: Visitor<LogoutForm>) -> Result<Response, AppError> {
    let (state, session) = (&call.state, &call.session);
    if let Some(user) = auth::signed_in_user(state, session).await? {
        let event = login_event(&user, "logout", call.client);
        record_for_user(&state.db, Some(user.id), event).await?;
    }
    auth::sign_out(session).await?;
    let mut res = Redirect::to("/admin/login").into_response();
    // The browser drops what it kept of the admin site, on a shared
    // computer too.
    res.headers_mut().insert(
        HeaderName::from_static("clear-site-data"),
        HeaderValue::from_static("\"cache\", \"cookies\", \"storage\""),
    );
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn follows_only_local_admin_paths() {
        assert_eq!(safe_next("/admin"), Some("/admin"));
        assert_eq!(
            safe_next("/admin/derbyshire/users?page=2"),
            Some("/admin/derbyshire/users?page=2")
        );
        for bad in [
            "https://evil.example/admin",
            "//evil.example/admin",
            "/admin//evil.example",
            "/administrator",
            "/admin/../derbyshire/",
            "/\\evil.example",
            "/admin\\..\\x",
            "",
            "/derbyshire/",
        ] {
            assert_eq!(safe_next(bad), None, "{bad}");
        }
    }
}
