//! One body for a pair of routes that do opposite things to one thing:
//! suspend and reactivate a county, accept and decline an invitation,
//! disable and enable a user. Each route's handler is made by [`one_of`]
//! from the same body and the value that says which of the two it is
//! (`one_of(CountyStatus::Suspended, set_status)`), so the two cannot
//! drift apart and the route table still names each route once.

use std::future::Future;

/// The handler that calls `body` with the request's `B` (a `Call`, or a
/// tuple of extractors) and `value`.
pub fn one_of<B, V, F, Fut>(value: V, body: F) -> impl Fn(B) -> Fut + Clone + Send + Sync + 'static
where
    V: Copy + Send + Sync + 'static,
    F: Fn(B, V) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future,
{
    move |call| body(call, value)
}
