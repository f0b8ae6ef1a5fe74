//! What a handler is called with. Every admin handler in a county reads the
//! same few things: the application, the county with its user and role,
//! the client's address (for the audit event), often the id the URL names
//! and, for a POST, the form. [`Call`] is all of that in one extractor, so a
//! handler's signature names only what is its own: the kind of id and the
//! form. Outside a county, [`Signed`] is the same for the signed-in user.
//!
//! What the extractors refuse, and in which order, is what the separate
//! extractors refused: who is asking (sign-in, then 404/403 from the
//! county's guard), then the CSRF check of a form (403) before anything is
//! read or written, then an id that names nothing (404).

use std::collections::HashMap;

use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use domain::{CategoryId, NoteId, PageId, ProviderId, UserId};
use serde::de::DeserializeOwned;
use uuid::Uuid;
use web::{AppError, AppState, ClientAddr, CsrfForm, CurrentUser};

use crate::CountyAccess;
use crate::save::InCounty;

/// One call on a county's admin: `Call<Id>` for a page about one thing the
/// URL names, `Call<NoId, Form>` for a form about the county's things,
/// `Call<Id, Form>` for a form about one thing.
pub struct Call<Id = NoId, Form = NoBody> {
    /// The application, for its database and clock.
    pub state: AppState,
    /// The county, its member and their role (the route's guard has
    /// checked membership and role).
    pub county: CountyAccess,
    /// For the audit event.
    pub client: ClientAddr,
    /// The thing the URL names (`{id}`), parsed: 404 when it is not one.
    pub id: Id,
    /// The form as sent, its CSRF token checked (403 otherwise).
    pub form: Form,
}

impl<Id, Form> Call<Id, Form> {
    /// Where a save happens, for the shared save flow.
    #[must_use]
    pub fn at(&self) -> InCounty<'_> {
        InCounty::new(&self.state, &self.county)
    }
}

/// A call outside any county, by the signed-in user: their account, their
/// two-factor settings, the platform admin's counties.
pub struct Signed<Form = NoBody> {
    /// The application, for its database and clock.
    pub state: AppState,
    /// Who is asking, with their session.
    pub current: CurrentUser,
    /// For the audit event and the throttles.
    pub client: ClientAddr,
    /// The form as sent, its CSRF token checked (403 otherwise).
    pub form: Form,
}

/// A route with no `{id}`.
pub struct NoId;

/// A GET, whose body is not read.
pub struct NoBody;

/// How the `{id}` of a route is read: a typed id parses, and anything that
/// does not is a 404, as for an id of nothing.
pub trait UrlId: Sized {
    /// The id from the route's parameters.
    ///
    /// # Errors
    /// `AppError::NotFound` for a missing or malformed id.
    fn from_url(params: &HashMap<String, String>) -> Result<Self, AppError>;
}

impl UrlId for NoId {
    fn from_url(_: &HashMap<String, String>) -> Result<Self, AppError> {
        Ok(Self)
    }
}

/// Ids that parse from their text.
macro_rules! url_ids {
    ($($id:ty),*) => {$(
        impl UrlId for $id {
            fn from_url(params: &HashMap<String, String>) -> Result<Self, AppError> {
                let raw = params.get("id").ok_or(AppError::NotFound)?;
                raw.parse().map_err(|_| AppError::NotFound)
            }
        }
    )*};
}

url_ids!(ProviderId, NoteId, PageId, CategoryId, UserId, Uuid, String);

/// The head's part of a county call: the county, the client, the route's
/// parameters.
async fn head(
    parts: &mut Parts,
    state: &AppState,
) -> Result<(CountyAccess, ClientAddr, HashMap<String, String>), AppError> {
    let county = CountyAccess::from_request_parts(parts, state).await?;
    let client = ClientAddr::from_request_parts(parts, state)
        .await
        .unwrap_or(ClientAddr(None));
    let Path(params) = Path::<HashMap<String, String>>::from_request_parts(parts, state)
        .await
        .map_err(|_| AppError::NotFound)?;
    Ok((county, client, params))
}

impl<Id: UrlId + Send> FromRequestParts<AppState> for Call<Id, NoBody> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let (county, client, params) = head(parts, state).await?;
        Ok(Self {
            state: state.clone(),
            county,
            client,
            id: Id::from_url(&params)?,
            form: NoBody,
        })
    }
}

impl<Id: UrlId + Send, Form: DeserializeOwned + Send> FromRequest<AppState> for Call<Id, Form> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, AppError> {
        let (mut parts, body) = req.into_parts();
        let (county, client, params) = head(&mut parts, state).await?;
        let CsrfForm(form) =
            CsrfForm::from_request(Request::from_parts(parts, body), state).await?;
        Ok(Self {
            state: state.clone(),
            county,
            client,
            id: Id::from_url(&params)?,
            form,
        })
    }
}

impl FromRequestParts<AppState> for Signed<NoBody> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let current = CurrentUser::from_request_parts(parts, state).await?;
        let client = ClientAddr::from_request_parts(parts, state)
            .await
            .unwrap_or(ClientAddr(None));
        Ok(Self {
            state: state.clone(),
            current,
            client,
            form: NoBody,
        })
    }
}

impl<Form: DeserializeOwned + Send> FromRequest<AppState> for Signed<Form> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, AppError> {
        let (mut parts, body) = req.into_parts();
        let Signed {
            state,
            current,
            client,
            ..
        } = Signed::<NoBody>::from_request_parts(&mut parts, state).await?;
        let CsrfForm(form) =
            CsrfForm::from_request(Request::from_parts(parts, body), &state).await?;
        Ok(Self {
            state,
            current,
            client,
            form,
        })
    }
}
