//! The admin's buttons: a POST that sends nothing but its CSRF token, about
//! one thing the URL names (delete a category, resolve a report, confirm
//! an import, disable a user; suspend a county, accept an invitation).
//! Their handlers take one [`CountyButton`] or [`Button`] instead of the
//! same four extractors each. What the extractors refuse, and in which
//! order, is unchanged: who is asking (404/403 from the county's guard, or
//! sign-in), the client's address, the URL, then the CSRF check (403)
//! before anything is read or written.

use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use web::{AppError, AppState, ClientAddr, CsrfForm, CurrentUser, EmptyForm};

use crate::CountyAccess;

/// A button on one thing of a county: `POST /admin/{t}/…/{id}/…`.
pub struct CountyButton {
    /// The county, its member and their role (the route's guard has
    /// checked membership and role).
    pub county: CountyAccess,
    /// For the audit event.
    pub client: ClientAddr,
    /// The thing's id as the URL has it; see [`CountyButton::id`].
    pub id: String,
}

impl CountyButton {
    /// The id as a UUID: 404 when it is not one, as for an id of nothing.
    ///
    /// # Errors
    /// `AppError::NotFound` for a malformed id.
    pub fn id<T: std::str::FromStr>(&self) -> Result<T, AppError> {
        self.id.parse().map_err(|_| AppError::NotFound)
    }
}

impl FromRequest<AppState> for CountyButton {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let county = part(&mut parts, state).await?;
        let client = part(&mut parts, state).await?;
        let Path((_, id)): Path<(String, String)> = part(&mut parts, state).await?;
        checked(Request::from_parts(parts, body), state).await?;
        Ok(Self { county, client, id })
    }
}

/// A button of a signed-in user outside a county, on the thing the URL
/// names: `POST /admin/…/{name}/…`.
pub struct Button {
    /// Who pressed it.
    pub current: CurrentUser,
    /// For the audit event.
    pub client: ClientAddr,
    /// What the URL names: a county's slug.
    pub name: String,
}

impl FromRequest<AppState> for Button {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let current = part(&mut parts, state).await?;
        let client = part(&mut parts, state).await?;
        let Path(name) = part(&mut parts, state).await?;
        checked(Request::from_parts(parts, body), state).await?;
        Ok(Self {
            current,
            client,
            name,
        })
    }
}

/// One extractor of the request's head, its refusal as the response.
async fn part<T>(parts: &mut Parts, state: &AppState) -> Result<T, Response>
where
    T: FromRequestParts<AppState>,
{
    T::from_request_parts(parts, state)
        .await
        .map_err(IntoResponse::into_response)
}

/// The CSRF check of a button's body: 403 unless it carries the session's
/// token (`web::csrf`).
async fn checked(req: Request, state: &AppState) -> Result<(), Response> {
    let CsrfForm(EmptyForm {}) = CsrfForm::<EmptyForm>::from_request(req, state)
        .await
        .map_err(IntoResponse::into_response)?;
    Ok(())
}
