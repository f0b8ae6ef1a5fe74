//! `GET /admin/account`: name, email, two-factor sign-in, the user's own
//! sessions, and the password form (shown again here with its messages).

use askama::Template;
use askama_web::WebTemplate;
use persistence::session_store;
use web::auth::{ABSOLUTE_TIMEOUT_SECS, public_id};
use web::views::{AdminChrome, FormErrors};
use web::{AppError, AppState, CurrentUser};

use super::uk_time;
use crate::call::Signed;
use crate::view::chrome;

/// One of the user's sessions, as listed.
pub struct SessionRow {
    pub id: String,
    pub browser: String,
    pub signed_in: String,
    pub last_seen: String,
    /// The session this page was asked for from.
    pub current: bool,
}

/// The account page: the user's sessions and the change-password form.
#[derive(Template, WebTemplate)]
#[template(path = "admin/account.html")]
pub struct AccountPage {
    chrome: AdminChrome,
    csrf_token: String,
    name: String,
    email: String,
    /// Whether the user signs in with a second step.
    two_factor_on: bool,
    sessions: Vec<SessionRow>,
    /// Sessions other than this one.
    others: usize,
    errors: FormErrors,
}

/// The page, with `errors` beside the password fields.
pub async fn page(
    state: &AppState,
    current: &CurrentUser,
    errors: FormErrors,
) -> Result<AccountPage, AppError> {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let this = public_id(&current.session).await?;
    // This session's row is written after the response: on its first
    // signed-in request the family is only in the session's data yet.
    let this_family = current
        .session
        .get::<String>(session_store::UA_FAMILY_KEY)
        .await?;
    let sessions: Vec<SessionRow> =
        session_store::sessions_of(&state.db, current.user.id, now, now - ABSOLUTE_TIMEOUT_SECS)
            .await?
            .into_iter()
            .map(|s| SessionRow {
                id: s.public_id.to_string(),
                browser: if Some(s.public_id) == this {
                    this_family.clone()
                } else {
                    s.ua_family
                }
                .filter(|f| !f.is_empty())
                .unwrap_or_else(|| "Unknown browser".to_owned()),
                signed_in: uk_time(s.signed_in_at),
                last_seen: uk_time(s.last_seen_at),
                current: Some(s.public_id) == this,
            })
            .collect();
    Ok(AccountPage {
        chrome: chrome(current).await?,
        csrf_token: current.csrf_token.clone(),
        name: current.user.display_name.clone(),
        email: current.user.email.clone(),
        two_factor_on: persistence::repo::two_factor::is_enrolled(&state.db, current.user.id)
            .await?,
        others: sessions.iter().filter(|s| !s.current).count(),
        sessions,
        errors,
    })
}

/// GET /admin/account: the signed-in user's account page.
pub async fn show_account(call: Signed) -> Result<AccountPage, AppError> {
    page(&call.state, &call.current, FormErrors::new()).await
}
