//! What a handler for someone not (yet) signed in is called with: signing
//! in and out, the second sign-in step, a reset link's form. They read the
//! same few things: the application, the session (its CSRF token, its
//! half-finished sign-in), the client's address (for the audit event and
//! the throttles) and, for a POST, the form. [`Visitor`] is all of that in
//! one extractor, as `crate::call::Signed` is for the signed-in user.
//!
//! It is those extractors, in their order, so it refuses what they refused,
//! in that order: no session (a 500: the session layer is missing), then
//! the CSRF check of a form (403) before anything is read or written.

use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::response::Response;
use serde::de::DeserializeOwned;
use tower_sessions::Session;
use web::{AppState, ClientAddr, CsrfForm};

use crate::call::NoBody;

/// A call by whoever holds this session, signed in or not.
pub struct Visitor<Form = NoBody> {
    /// The application, for its database and clock.
    pub state: AppState,
    /// The session, signed in or not.
    pub session: Session,
    /// For the audit event and the throttles.
    pub client: ClientAddr,
    /// The form as sent, its CSRF token checked (403 otherwise).
    pub form: Form,
}

/// The head of the request: what a GET reads.
type Head = (State<AppState>, Session, ClientAddr);

impl<Form> Visitor<Form> {
    fn new((State(state), session, client): Head, form: Form) -> Self {
        Self {
            state,
            session,
            client,
            form,
        }
    }
}

impl FromRequestParts<AppState> for Visitor<NoBody> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        Ok(Self::new(
            Head::from_request_parts(parts, state).await?,
            NoBody,
        ))
    }
}

impl<Form: DeserializeOwned + Send> FromRequest<AppState> for Visitor<Form> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Response> {
        let (head, CsrfForm(form)) = <(Head, CsrfForm<Form>)>::from_request(req, state).await?;
        Ok(Self::new(head, form))
    }
}
