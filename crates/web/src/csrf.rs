//! Cross-site request forgery defences: a synchronizer token bound to the
//! session (hidden field `csrf_token` on every admin form, checked on every
//! POST), plus a check of `Sec-Fetch-Site` / `Origin` on unsafe methods.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use subtle::ConstantTimeEq;
use tower_sessions::Session;

use crate::{AppError, AppState};

const CSRF_KEY: &str = "csrf.token";

fn new_token() -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

/// The session's token, created on first use.
///
/// # Errors
/// When the session store fails.
pub async fn token(session: &Session) -> Result<String, AppError> {
    if let Some(existing) = session.get::<String>(CSRF_KEY).await? {
        return Ok(existing);
    }
    rotate(session).await
}

/// Replaces the session's token (at sign-in).
///
/// # Errors
/// When the session store fails.
pub async fn rotate(session: &Session) -> Result<String, AppError> {
    let fresh = new_token();
    session.insert(CSRF_KEY, &fresh).await?;
    Ok(fresh)
}

#[derive(Deserialize)]
struct TokenField {
    #[serde(default)]
    csrf_token: String,
}

/// The form of a button that sends nothing but its `csrf_token`
/// (delete, disable, accept...): `CsrfForm(EmptyForm {}): CsrfForm<EmptyForm>`.
#[derive(Debug, serde::Deserialize)]
pub struct EmptyForm {}

/// A form whose `csrf_token` matched the session's token. Anything else is
/// refused with 403 before the handler runs, so nothing is changed.
pub struct CsrfForm<T>(pub T);

impl<T, S> FromRequest<S> for CsrfForm<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let session = req
            .extensions()
            .get::<Session>()
            .cloned()
            .ok_or_else(|| AppError::internal(std::io::Error::other("no session layer")))?;
        let body = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                AppError::PayloadTooLarge
            } else {
                AppError::UnprocessableForm
            }
        })?;
        let sent: TokenField = serde_urlencoded::from_bytes(&body).map_err(|_| AppError::Csrf)?;
        check(&session, &sent.csrf_token).await?;
        serde_urlencoded::from_str(&merge_repeated_keys(&body))
            .map(CsrfForm)
            .map_err(|_| AppError::UnprocessableForm)
    }
}

/// The form body with each key once: the values of a key sent more than
/// once (a group of checkboxes, like a provider's `categories`) joined by
/// ", ", in the order sent, so such a field reads like its comma-separated
/// text form.
fn merge_repeated_keys(body: &[u8]) -> String {
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (key, value) in url::form_urlencoded::parse(body) {
        match at.get(key.as_ref()) {
            Some(&i) => {
                let joined = &mut pairs[i].1;
                joined.push_str(", ");
                joined.push_str(&value);
            }
            None => {
                at.insert(key.clone().into_owned(), pairs.len());
                pairs.push((key.into_owned(), value.into_owned()));
            }
        }
    }
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

/// Checks a token sent some other way than a urlencoded form (a multipart
/// upload's `csrf_token` part) against the session's.
///
/// # Errors
/// `Csrf` when it is missing or wrong; session store failures.
pub async fn check(session: &Session, sent: &str) -> Result<(), AppError> {
    let expected = session.get::<String>(CSRF_KEY).await?;
    let matches = match expected {
        Some(expected) if !sent.is_empty() => {
            bool::from(expected.as_bytes().ct_eq(sent.as_bytes()))
        }
        _ => false,
    };
    if matches { Ok(()) } else { Err(AppError::Csrf) }
}

/// Refuses unsafe requests that a browser marks as cross-site. Requests
/// without these headers (scripts, old browsers) still need the token.
pub async fn same_origin_guard(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && !is_same_origin(&state, req.headers()) {
        return AppError::Csrf.into_response();
    }
    next.run(req).await
}

/// Whether a browser would call this request same-origin: by
/// `Sec-Fetch-Site` when sent, else by `Origin` when sent (the base URL's
/// origin or the request's own host), else yes. Also used by the public
/// report form, which has no session and so no token of this module.
#[must_use]
pub fn is_same_origin(state: &AppState, headers: &axum::http::HeaderMap) -> bool {
    // Browsers that send Fetch Metadata are judged by it alone: under our
    // `Referrer-Policy: no-referrer` they send `Origin: null` even for a
    // same-origin form post, so the Origin check below would refuse every
    // sign-in from a real browser.
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    if origin == state.config.origin() {
        return true;
    }
    // Also accept the origin the request itself names, so the same server
    // reached on another configured hostname still works.
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    host.is_some_and(|host| {
        origin == format!("https://{host}") || origin == format!("http://{host}")
    })
}

#[cfg(test)]
mod merge_tests {
    use super::merge_repeated_keys;

    #[test]
    fn repeated_keys_are_joined_in_order_and_others_kept() {
        let merged =
            merge_repeated_keys(b"name=A+%26+B&categories=cse&x=1&categories=lgbt&categories=");
        assert_eq!(merged, "name=A+%26+B&categories=cse%2C+lgbt%2C+&x=1");
    }
}
