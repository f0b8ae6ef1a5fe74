//! The admin site under `/admin`: sign-in, the user's account, counties,
//! providers and their categories, commissioning notes, pages, users,
//! settings, reports and the audit log.
//!
//! Owns: every screen and form of the signed-in staff, and the one
//! versioned-save flow they share (`save`, `write`).
//!
//! Must never:
//! - answer a route but the sign-in and reset pages without a signed-in
//!   user, or a county route without checking membership (404) and role
//!   (403) first (`routes::guard`);
//! - accept a POST without its CSRF token (403);
//! - write without the audit event in the same transaction;
//! - let a response be cached, or depend on the `public` face.

mod access;
mod account;
mod audit;
mod call;
mod categories;
mod conflict;
mod counties;
mod dashboard;
mod delete;
mod export;
mod form_page;
mod invitations;
mod login;
mod notes;
mod overview;
mod pages;
mod pair;
mod provider_csv;
mod providers;
mod records;
mod refusals;
mod reports;
pub mod routes;
mod save;
mod settings;
mod throttling;
mod two_factor;
mod users;
mod view;
mod write;

use axum::Router;
use axum::middleware;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};
use web::AppState;

pub use access::CountyAccess;
pub use account::loggable_path;
pub use account::reset_link::{IssueError, issue_from_cli};
pub use provider_csv::{UPLOAD_BODY_LIMIT, is_upload};

/// The admin router with its session layer, CSRF origin guard, the audit
/// of refused requests and `Cache-Control: no-store`.
pub fn router(state: &AppState) -> Router<AppState> {
    let sessions = SessionManagerLayer::new(state.sessions.clone())
        .with_name(state.config.cookie_name())
        .with_secure(state.config.secure_cookies)
        .with_http_only(true)
        .with_same_site(SameSite::Strict)
        .with_path("/")
        // No Max-Age: the cookie ends with the browser. Idle and absolute
        // limits are enforced server-side (see `web::auth`).
        .with_expiry(Expiry::OnSessionEnd);
    routes()
        .into_router(state)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            web::csrf::same_origin_guard,
        ))
        // Outside the guards and the origin check, so that every refusal
        // they and the handlers answer is seen; inside the session layer,
        // so it knows who was refused.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            refusals::record,
        ))
        // Around the session layer: its own bare 500, when the session
        // cannot be saved because the database is gone, becomes the 503
        // page (`web::session_layer`).
        .layer(middleware::from_fn(web::session_layer::answered))
        .layer(sessions)
        .layer(middleware::from_fn(web::session_layer::store_failures))
    // `Cache-Control: no-store` is set for every `/admin` path by the
    // application's own layer (`web::headers::no_store_under_admin`), which
    // also covers what is answered before this router (413, timeouts).
}

/// Every admin route with the access it needs: the table the router is
/// built from (for the route-table test and for review).
#[must_use]
pub fn route_table() -> Vec<routes::RouteInfo> {
    routes().table()
}

fn routes() -> routes::Routes {
    login::routes()
        .merge(account::routes())
        .merge(dashboard::routes())
        .merge(invitations::routes())
        .merge(overview::routes())
        .merge(counties::routes())
        .merge(providers::routes())
        .merge(provider_csv::routes())
        .merge(categories::routes())
        .merge(notes::routes())
        .merge(pages::routes())
        .merge(reports::routes())
        .merge(users::routes())
        .merge(settings::routes())
        .merge(audit::routes())
        .merge(export::routes())
        .merge(two_factor::routes())
}
