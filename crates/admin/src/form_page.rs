//! The page of a screen that holds one form (categories, users, counties,
//! settings): its GET shows the form empty, and a POST that is refused for
//! what was sent shows the same page again, 422, with the form as sent and
//! what was wrong beside each field. [`FormPage`] is that flow once; each
//! screen says only how its page is built. [`field`] parses one field of
//! such a form, its error put beside it.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use web::views::FormErrors;
use web::{AppError, AppState};

/// A page that shows a form with its errors.
pub trait FormPage: IntoResponse + Sized {
    /// The form, as sent; its default is the empty form of a GET.
    type Form: Default;
    /// Whose page it is: a county (`crate::CountyAccess`) or the signed-in
    /// user outside one (`web::CurrentUser`).
    type Who: Sync;

    /// The page, showing `form` with its `errors`.
    async fn with(
        state: &AppState,
        who: &Self::Who,
        form: Self::Form,
        errors: FormErrors,
    ) -> Result<Self, AppError>;

    /// The page with the empty form (its GET).
    async fn blank(state: &AppState, who: &Self::Who) -> Result<Self, AppError> {
        Self::with(state, who, Self::Form::default(), FormErrors::new()).await
    }

    /// The page again, 422, with the form as sent and what was wrong beside
    /// its fields.
    async fn again(
        state: &AppState,
        who: &Self::Who,
        form: Self::Form,
        errors: FormErrors,
    ) -> Result<Response, AppError> {
        let page = Self::with(state, who, form, errors).await?;
        Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
    }
}

/// What `parsed` holds, or `None` with its error put beside `field`: each
/// field of a form is parsed this way, so that every wrong field is shown
/// at once.
pub fn field<T, E: ToString>(
    errors: &mut FormErrors,
    field: &str,
    parsed: Result<T, E>,
) -> Option<T> {
    parsed.map_err(|e| errors.add(field, e.to_string())).ok()
}
