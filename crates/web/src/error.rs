//! The one error type of the web crates, and the only place where errors
//! become status codes and pages.

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use persistence::RepoError;

/// Everything a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Not signed in: redirect to the sign-in page, then back to `next`.
    #[error("sign-in required")]
    SignInRequired { next: String },
    /// Missing, or of a county the user has no membership in.
    #[error("not found")]
    NotFound,
    /// Missing, on the public site of a county that is served: the 404 page
    /// keeps the county's name, colours and emergency line.
    #[error("not found")]
    NotFoundInCounty(Box<crate::views::PublicChrome>),
    /// In the county, but the role lacks the right.
    #[error("forbidden")]
    Forbidden,
    /// A missing or wrong `csrf_token`, or a cross-site request.
    #[error("csrf check failed")]
    Csrf,
    /// A form body that could not be read at all.
    #[error("unreadable form")]
    UnprocessableForm,
    /// Too many attempts; try again after this many seconds.
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("payload too large")]
    PayloadTooLarge,
    /// The database (or the session store on it) cannot be reached: 503
    /// "temporarily unavailable" with `Retry-After`, never cached. Nothing
    /// was written: a unit of work that met it was never committed.
    #[error("database unavailable")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// Anything else: logged once here with its cause chain, a generic page
    /// for the user.
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// A refusal that the admin site records in the audit log (ASVS 16.3),
/// carried from here to `admin::refusals` as a response extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A missing or wrong `csrf_token`, or a cross-site request.
    Csrf,
    /// In the county, but the role lacks the right.
    Forbidden,
    /// Missing, or of a county the user has no membership in.
    NotFound,
}

impl Refusal {
    /// The audit action.
    #[must_use]
    pub const fn action(self) -> &'static str {
        match self {
            Self::Csrf => "security.csrf_refused",
            Self::Forbidden => "security.forbidden",
            Self::NotFound => "security.not_found",
        }
    }

    /// What the audit log says of it.
    #[must_use]
    pub const fn summary(self) -> &'static str {
        match self {
            Self::Csrf => {
                "refused: the form's csrf_token was missing or wrong, or the request was cross-site"
            }
            Self::Forbidden => "refused: the role lacks the right",
            Self::NotFound => "refused: no such object, or a county the user is not a member of",
        }
    }
}

fn refused(mut res: Response, why: Refusal) -> Response {
    res.extensions_mut().insert(why);
    res
}

impl AppError {
    /// Wraps an unexpected error.
    pub fn internal(err: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Internal(Box::new(err))
    }
}

impl From<RepoError> for AppError {
    fn from(err: RepoError) -> Self {
        match err {
            RepoError::NotFound => Self::NotFound,
            unavailable @ RepoError::Unavailable(_) => Self::Unavailable(Box::new(unavailable)),
            other => Self::internal(other),
        }
    }
}

/// A session store that cannot be reached means "not signed in": the
/// request goes no further than this 503, never on as signed in.
impl From<tower_sessions::session::Error> for AppError {
    fn from(err: tower_sessions::session::Error) -> Self {
        if persistence::session_store::is_unavailable(&err) {
            Self::Unavailable(Box::new(err))
        } else {
            Self::internal(err)
        }
    }
}

/// How many seconds `Retry-After` suggests on a 503.
pub const RETRY_AFTER_SECS: u64 = 30;

/// The generic error page. Shows no error text, stack trace, version or SQL.
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub status: u16,
    pub title: &'static str,
    pub message: &'static str,
    pub chrome: crate::views::PublicChrome,
}

/// Title and message for a status.
#[must_use]
pub fn describe(status: StatusCode) -> (&'static str, &'static str) {
    match status.as_u16() {
        400 => ("Bad request", "The request could not be understood."),
        401 => ("Sign in required", "You need to sign in to see this page."),
        403 => (
            "You do not have permission to do that",
            "Your account cannot do this. If you think it should, ask your county admin. \
             If you were filling in a form, go back, reload the page and try again.",
        ),
        404 => (
            "Page not found",
            "If you typed the web address, check it is correct. If you pasted the web \
             address, check you copied the entire address.",
        ),
        405 => ("Method not allowed", "This page cannot be used that way."),
        408 => (
            "Request timed out",
            "The request took too long. Please try again.",
        ),
        409 => (
            "Someone else changed this",
            "Someone changed this while you were editing it. Nothing was saved.",
        ),
        413 => (
            "What you sent is too large",
            "The form or file you sent is larger than 1 MB. Nothing was saved.",
        ),
        422 => (
            "There is a problem",
            "Some of what you entered could not be used. Nothing was saved.",
        ),
        429 => (
            "Too many attempts",
            "There have been too many attempts. Wait a few minutes, then try again.",
        ),
        503 => (
            "Sorry, the service is temporarily unavailable",
            "Please try again in a few minutes. If you were saving a change, check it and \
             save it again then.",
        ),
        _ => (
            "Sorry, there is a problem with the service",
            "Please try again later. What you were doing may not have been saved.",
        ),
    }
}

/// Renders the generic page for `status`.
#[must_use]
pub fn error_response(status: StatusCode) -> Response {
    error_page(
        status,
        crate::views::PublicChrome::platform(crate::DEFAULT_EXIT_URL),
    )
}

/// Renders the generic page for `status` inside `chrome`.
#[must_use]
pub fn error_page(status: StatusCode, chrome: crate::views::PublicChrome) -> Response {
    let (title, message) = describe(status);
    let page = ErrorPage {
        status: status.as_u16(),
        title,
        message,
        chrome,
    };
    match page.render() {
        Ok(html) => (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            )],
            html,
        )
            .into_response(),
        Err(err) => {
            tracing::error!(error = %err, "rendering the error page failed");
            (status, title).into_response()
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            Self::SignInRequired { next } => {
                let encoded = percent_encoding::utf8_percent_encode(
                    &next,
                    percent_encoding::NON_ALPHANUMERIC,
                );
                Redirect::to(&format!("/admin/login?next={encoded}")).into_response()
            }
            Self::NotFound => refused(error_response(StatusCode::NOT_FOUND), Refusal::NotFound),
            Self::NotFoundInCounty(chrome) => error_page(StatusCode::NOT_FOUND, *chrome),
            Self::Forbidden => refused(error_response(StatusCode::FORBIDDEN), Refusal::Forbidden),
            Self::Csrf => {
                tracing::info!("refused a request that failed the csrf check");
                refused(error_response(StatusCode::FORBIDDEN), Refusal::Csrf)
            }
            Self::UnprocessableForm => error_response(StatusCode::UNPROCESSABLE_ENTITY),
            Self::PayloadTooLarge => error_response(StatusCode::PAYLOAD_TOO_LARGE),
            Self::TooManyRequests { retry_after_secs } => {
                let mut res = error_response(StatusCode::TOO_MANY_REQUESTS);
                res.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
                res
            }
            Self::Unavailable(err) => {
                tracing::warn!(error = %ErrorChain(&*err), "database unavailable");
                unavailable_response()
            }
            Self::Internal(err) => {
                tracing::error!(error = %ErrorChain(&*err), "request failed");
                error_response(StatusCode::INTERNAL_SERVER_ERROR)
            }
        }
    }
}

/// The 503 page: `Retry-After` and `Cache-Control: no-store`, so that no
/// browser or proxy keeps it once the service is back.
#[must_use]
pub fn unavailable_response() -> Response {
    let mut res = error_response(StatusCode::SERVICE_UNAVAILABLE);
    let headers = res.headers_mut();
    headers.insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// Formats an error with its whole `source()` chain on one line.
pub struct ErrorChain<'a>(pub &'a (dyn std::error::Error + 'static));

impl std::fmt::Display for ErrorChain<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(err) = source {
            write!(f, ": {err}")?;
            source = err.source();
        }
        Ok(())
    }
}

impl From<crate::render_cache::Lost> for AppError {
    fn from(lost: crate::render_cache::Lost) -> Self {
        Self::internal(lost)
    }
}

#[cfg(test)]
mod tests {
    use axum::http::{StatusCode, header};
    use axum::response::IntoResponse;
    use persistence::RepoError;
    use sea_orm::{ConnAcquireErr, DbErr};

    use super::AppError;

    #[test]
    fn an_unreachable_database_is_a_503_page_that_is_never_stored() {
        let err = AppError::from(RepoError::from(DbErr::ConnectionAcquire(
            ConnAcquireErr::Timeout,
        )));
        assert!(matches!(err, AppError::Unavailable(_)));
        let res = err.into_response();
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(res.headers()[header::RETRY_AFTER], "30");
        assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
        assert!(
            res.headers()[header::CONTENT_TYPE]
                .to_str()
                .is_ok_and(|v| v.starts_with("text/html"))
        );
    }

    #[test]
    fn other_database_errors_stay_500() {
        let err = AppError::from(RepoError::from(DbErr::Custom("bad".to_owned())));
        assert!(matches!(err, AppError::Internal(_)));
    }
}
