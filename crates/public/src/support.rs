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

use axum::Router;
use axum::routing::get;
use domain::provider::OpenState;
use domain::{Provider, Tenant};
use web::AppState;

pub use self::provider::{DayView, ProviderView};

/// `/{t}/support` and `/{t}/support/{slug}`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{t}/support", get(directory::list_providers))
        .route("/{t}/support/{slug}", get(provider::show_provider))
}

/// A phone number as a link.
#[derive(Clone, Debug)]
pub struct PhoneView {
    /// "Helpline"; may be empty.
    pub label: String,
    /// As written: "01332 362 120".
    pub number: String,
    /// For `tel:`: "01332362120".
    pub tel: String,
}

/// One entry of the directory.
#[derive(Clone, Debug)]
pub struct EntryView {
    pub name: String,
    pub href: String,
    pub summary: String,
    pub phones: Vec<PhoneView>,
    pub ages: String,
    pub area: String,
    /// "Open now, until 14:00"; `None` when the provider gives no hours.
    pub open_label: Option<String>,
    pub is_open: bool,
    pub hours_note: String,
}

/// The provider's phone numbers as links.
pub(crate) fn phones(provider: &Provider) -> Vec<PhoneView> {
    provider
        .fields
        .phones
        .iter()
        .map(|p| PhoneView {
            label: p.label.clone(),
            number: p.number.clone(),
            tel: p.tel(),
        })
        .collect()
}

impl EntryView {
    /// The entry of `provider` of `tenant`; `state` is its open state now.
    pub(crate) fn new(tenant: &Tenant, provider: &Provider, state: Option<&OpenState>) -> Self {
        let f = &provider.fields;
        Self {
            name: f.name.clone(),
            href: format!("/{}/support/{}", tenant.slug, f.slug),
            summary: f.summary.clone(),
            phones: phones(provider),
            ages: f.ages_label(),
            area: f.area.clone(),
            open_label: state.map(OpenState::label),
            is_open: state.is_some_and(OpenState::is_open),
            hours_note: f.hours_note.clone(),
        }
    }
}
