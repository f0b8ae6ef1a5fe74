//! Who is signed in. The session holds the user's id, when they signed in
//! and when they were last seen, its public id and the browser's family
//! (for the account page); the account is read from the database on every
//! request, so a disabled account stops working at once.

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use domain::{User, UserId};
use persistence::repo::users;
use persistence::session_store::{
    LAST_SEEN_KEY, PUBLIC_ID_KEY, SIGNED_IN_AT_KEY, UA_FAMILY_KEY, USER_ID_KEY,
};
use time::OffsetDateTime;
use tower_sessions::Session;

use crate::{AppError, AppState, csrf};

/// A session ends after this long without a request.
pub const IDLE_TIMEOUT_SECS: i64 = 30 * 60;
/// A session ends this long after sign-in, however busy.
pub const ABSOLUTE_TIMEOUT_SECS: i64 = 8 * 60 * 60;
/// `last_seen` is written at most this often, to spare the database.
const TOUCH_EVERY_SECS: i64 = 60;

/// The signed-in user of an admin request.
#[derive(Clone)]
pub struct CurrentUser {
    pub user: User,
    pub session: Session,
    /// The session's CSRF token, for the forms on the page.
    pub csrf_token: String,
}

fn session_of(parts: &Parts) -> Result<Session, AppError> {
    parts
        .extensions
        .get::<Session>()
        .cloned()
        .ok_or_else(|| AppError::internal(std::io::Error::other("no session layer")))
}

fn sign_in_required(parts: &Parts) -> AppError {
    let next = parts
        .uri
        .path_and_query()
        .map_or_else(|| "/admin".to_owned(), |pq| pq.as_str().to_owned());
    AppError::SignInRequired { next }
}

impl<S> FromRequestParts<S> for CurrentUser
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        // Resolved once a request: by the route's guard, then reused.
        if let Some(current) = parts.extensions.get::<Self>() {
            return Ok(current.clone());
        }
        let state = AppState::from_ref(state);
        let session = session_of(parts)?;
        let Some(user) = signed_in_user(&state, &session).await? else {
            return Err(sign_in_required(parts));
        };
        describe_once(&session, parts).await?;
        let csrf_token = csrf::token(&session).await?;
        let current = Self {
            user,
            session,
            csrf_token,
        };
        parts.extensions.insert(current.clone());
        Ok(current)
    }
}

/// Gives a signed-in session what the account page lists, once: a public
/// id when it has none (sessions signed in before there were public ids)
/// and the browser's family, read from this request's `User-Agent`. Only
/// the family is kept, never the header.
async fn describe_once(session: &Session, parts: &Parts) -> Result<(), AppError> {
    if session.get::<String>(PUBLIC_ID_KEY).await?.is_none() {
        session
            .insert(PUBLIC_ID_KEY, uuid::Uuid::new_v4().to_string())
            .await?;
    }
    if session.get::<String>(UA_FAMILY_KEY).await?.is_none() {
        let family = parts
            .headers
            .get(axum::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .and_then(domain::ua_family)
            .unwrap_or_default();
        session.insert(UA_FAMILY_KEY, family).await?;
    }
    Ok(())
}

/// The public id of this session, when it is signed in.
///
/// # Errors
/// Session store errors.
pub async fn public_id(session: &Session) -> Result<Option<uuid::Uuid>, AppError> {
    Ok(session
        .get::<String>(PUBLIC_ID_KEY)
        .await?
        .and_then(|raw| uuid::Uuid::parse_str(&raw).ok()))
}

/// The user of this session, if it is signed in and neither idle nor too
/// old, and the account is still enabled. An ended session is flushed.
///
/// # Errors
/// Database or session store errors.
pub async fn signed_in_user(state: &AppState, session: &Session) -> Result<Option<User>, AppError> {
    let Some(raw_id) = session.get::<String>(USER_ID_KEY).await? else {
        return Ok(None);
    };
    let now = OffsetDateTime::now_utc().unix_timestamp();
    let signed_in_at = session.get::<i64>(SIGNED_IN_AT_KEY).await?.unwrap_or(0);
    let last_seen = session.get::<i64>(LAST_SEEN_KEY).await?.unwrap_or(0);
    let expired = now - signed_in_at > ABSOLUTE_TIMEOUT_SECS || now - last_seen > IDLE_TIMEOUT_SECS;
    let user = match uuid::Uuid::parse_str(&raw_id) {
        Ok(id) if !expired => users::find(&state.db, UserId::from_uuid(id)).await?,
        _ => None,
    };
    match user {
        Some(user) if !user.disabled => {
            if now - last_seen >= TOUCH_EVERY_SECS {
                session.insert(LAST_SEEN_KEY, now).await?;
            }
            Ok(Some(user))
        }
        _ => {
            session.flush().await?;
            Ok(None)
        }
    }
}

/// Signs the user in on this session: a new session id (so a fixated id is
/// useless), a new public id, the user recorded, a new CSRF token. The
/// browser's family is recorded at the first signed-in request.
///
/// # Errors
/// Session store errors.
pub async fn sign_in(session: &Session, user: UserId) -> Result<(), AppError> {
    session.cycle_id().await?;
    let now = OffsetDateTime::now_utc().unix_timestamp();
    session.insert(USER_ID_KEY, user.to_string()).await?;
    session.insert(SIGNED_IN_AT_KEY, now).await?;
    session.insert(LAST_SEEN_KEY, now).await?;
    session
        .insert(PUBLIC_ID_KEY, uuid::Uuid::new_v4().to_string())
        .await?;
    session.remove_value(UA_FAMILY_KEY).await?;
    csrf::rotate(session).await?;
    Ok(())
}

/// Ends the session here and in the store.
///
/// # Errors
/// Session store errors.
pub async fn sign_out(session: &Session) -> Result<(), AppError> {
    session.flush().await?;
    Ok(())
}
