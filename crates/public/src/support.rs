//! The provider directory: `/{t}/support` lists a county's published
//! providers with filters that work without JavaScript (a plain GET form),
//! and `/{t}/support/{slug}` shows one of them. Both are drawn from the
//! county's snapshot (`web::county_snapshot`): a page that is not cached,
//! a free-text search above all, touches no database but the county row.
//!
//! Visitors' search terms are only ever in the query string, which the
//! request spans do not record (see `server::app`); nothing here logs them.

mod directory;
pub(crate) mod filters;
mod json_ld;
mod provider;
#[cfg(test)]
mod test_fixtures;

use axum::Router;
use axum::routing::get;
use web::AppState;

pub use self::provider::{DayView, ProviderView};

/// `/{t}/support` and `/{t}/support/{slug}`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{t}/support", get(directory::list_providers))
        .route("/{t}/support/{slug}", get(provider::show_provider))
}
