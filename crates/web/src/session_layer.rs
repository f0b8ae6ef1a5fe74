//! What the admin's session layer answers when its store cannot be reached.
//!
//! tower-sessions saves a changed session after the handler has answered,
//! and when that save fails it throws the handler's response away and
//! answers a bare 500 of its own. Our store is the database, so that 500
//! means the database went away: [`store_failures`] turns it into the 503
//! page. [`answered`], just inside the session layer, marks every response
//! that came from the routes, so that only the layer's own 500 is
//! rewritten, never a handler's.
//!
//! A session that cannot be loaded is not signed in: `AppError`'s
//! conversion of the store error answers 503 before any handler runs
//! (`web::auth`), and tower-sessions does not save a session on a 5xx.

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;

/// The mark of a response that the routes produced.
#[derive(Clone, Copy, Debug)]
struct Answered;

/// Middleware inside the session layer: marks the routes' responses.
pub async fn answered(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    res.extensions_mut().insert(Answered);
    res
}

/// Middleware outside the session layer: its own 500 (the session could
/// not be saved) becomes the 503 page.
pub async fn store_failures(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    if res.status() == StatusCode::INTERNAL_SERVER_ERROR
        && res.extensions().get::<Answered>().is_none()
    {
        // tower-sessions has logged the store's error already.
        tracing::warn!("the session could not be saved: answering 503");
        return crate::error::unavailable_response();
    }
    res
}
