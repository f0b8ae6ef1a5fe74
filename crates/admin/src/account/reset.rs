//! The form a reset link leads to: `GET /admin/reset/{token}` shows it,
//! `POST` sets the new password (the same policy as everywhere), ends
//! every session of the user and uses the link up. It does not sign in,
//! and it leaves two-factor sign-in as it was.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::{User, check_password};
use persistence::repo::{password_resets, users};
use persistence::{begin_write, commit, session_store};
use serde::Deserialize;
use tower_sessions::Session;
use web::views::{AdminChrome, FormErrors};
use web::{AppError, AppState, Refusal, csrf};

use super::reset_link::token_hash;
use super::visitor::Visitor;
use super::{own_event, password_context, record_for_user};
use crate::throttling::{self, Attempt};
use crate::view::rollback;

/// The page a reset link opens: the new-password form.
#[derive(Template, WebTemplate)]
#[template(path = "admin/reset.html")]
pub struct ResetPage {
    chrome: AdminChrome,
    csrf_token: String,
    /// Where the form posts: this same path, token included.
    action: String,
    email: String,
    errors: FormErrors,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/reset_invalid.html")]
struct InvalidPage {
    chrome: AdminChrome,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/reset_done.html")]
struct DonePage {
    chrome: AdminChrome,
}

/// 404 with a page that says why a link may not work; recorded as a
/// refused request like any other 404.
fn invalid() -> Response {
    let mut res = (
        StatusCode::NOT_FOUND,
        InvalidPage {
            chrome: AdminChrome::default(),
        },
    )
        .into_response();
    res.extensions_mut().insert(Refusal::NotFound);
    res
}

/// The user the link is for, while it is valid.
async fn holder(state: &AppState, token: &str) -> Result<Option<(String, User)>, AppError> {
    let hash = token_hash(token);
    let now = state.clock.now().unix_timestamp();
    let Some(id) = password_resets::find_valid(&state.db, &hash, now).await? else {
        return Ok(None);
    };
    Ok(users::find(&state.db, id).await?.map(|user| (hash, user)))
}

/// The form for `user`, reached with `token`, with `errors` beside the
/// field.
async fn form_page(
    session: &Session,
    token: &str,
    user: User,
    errors: FormErrors,
) -> Result<ResetPage, AppError> {
    Ok(ResetPage {
        chrome: AdminChrome::default(),
        csrf_token: csrf::token(session).await?,
        action: format!("/admin/reset/{token}"),
        email: user.email,
        errors,
    })
}

/// GET /admin/reset/{token}: the form to choose a new password, or 404
/// when the link is unknown, used or expired.
pub async fn reset_form(Path(token): Path<String>, call: Visitor) -> Result<Response, AppError> {
    let Some((_, user)) = holder(&call.state, &token).await? else {
        return Ok(invalid());
    };
    let page = form_page(&call.session, &token, user, FormErrors::new()).await?;
    Ok(page.into_response())
}

/// The new-password form, as sent.
#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    new_password: String,
}

/// POST /admin/reset/{token}: sets the new password and ends every session
/// of the user (422 beside the field for a weak one; 404 when the link is
/// unknown, used or expired).
pub async fn reset_password(
    Path(token): Path<String>,
    call: Visitor<ResetForm>,
) -> Result<Response, AppError> {
    let (state, client) = (&call.state, call.client);
    let Some((hash, user)) = holder(state, &token).await? else {
        return Ok(invalid());
    };
    let context = password_context(&state.db, &user).await?;
    let context: Vec<&str> = context.iter().map(String::as_str).collect();
    if let Err(e) = check_password(&call.form.new_password, &context) {
        let mut errors = FormErrors::new();
        errors.add("new_password", e.to_string());
        let page = form_page(&call.session, &token, user, errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let new_hash = state.passwords.hash(call.form.new_password).await?;
    let now = state.clock.now().unix_timestamp();
    let txn = begin_write(&state.db).await?;
    // Used once: of two requests racing with the same link, one wins here.
    if !password_resets::consume(&txn, &hash, user.id, now).await? {
        rollback(txn).await?;
        return Ok(invalid());
    }
    users::set_password_hash(&txn, user.id, &new_hash).await?;
    let ended = session_store::delete_for_user(&txn, user.id).await?;
    let mut e = own_event(&user, "password.reset", client);
    e.changed_fields = vec!["password".into()];
    e.summary = format!("set a new password with a one-time reset link; {ended} sessions ended");
    record_for_user(&txn, Some(user.id), e).await?;
    commit(txn).await?;
    // A lock from forgotten-password attempts ends with the new password.
    let attempt = Attempt::new(&user.email.trim().to_lowercase(), &client);
    throttling::clear(state, &attempt).await?;
    tracing::info!(user.id = %user.id, "password reset with a link");
    Ok(DonePage {
        chrome: AdminChrome::default(),
    }
    .into_response())
}
