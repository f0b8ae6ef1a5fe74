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
use domain::provider::{OpenState, Phone};
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

/// One entry of the directory (and of the `{{providers}}` and
/// `{{provider}}` embeds), borrowing from the provider: a search draws one
/// per provider it finds, so nothing is copied that the page can read.
#[derive(Clone, Debug)]
pub struct EntryView<'a> {
    pub name: &'a str,
    pub href: ProviderHref<'a>,
    pub summary: &'a str,
    /// Shown as `tel:` links (`Phone::tel`).
    pub phones: &'a [Phone],
    pub ages: String,
    pub area: &'a str,
    /// "Open now, until 14:00"; `None` when the provider gives no hours.
    pub open_label: Option<String>,
    pub is_open: bool,
    pub hours_note: &'a str,
}

/// Where a provider's page is, `/{county}/support/{provider}`, written
/// straight into the page that links to it.
#[derive(Clone, Copy, Debug)]
pub struct ProviderHref<'a> {
    county: &'a str,
    provider: &'a str,
}

impl std::fmt::Display for ProviderHref<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "/{}/support/{}", self.county, self.provider)
    }
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

impl<'a> EntryView<'a> {
    /// The entry of `provider` of `tenant`; `state` is its open state now.
    pub(crate) fn new(
        tenant: &'a Tenant,
        provider: &'a Provider,
        state: Option<&OpenState>,
    ) -> Self {
        let f = &provider.fields;
        Self {
            name: &f.name,
            href: ProviderHref {
                county: &tenant.slug,
                provider: f.slug.as_str(),
            },
            summary: &f.summary,
            phones: &f.phones,
            ages: f.ages_label(),
            area: &f.area,
            open_label: state.map(OpenState::label),
            is_open: state.is_some_and(OpenState::is_open),
            hours_note: &f.hours_note,
        }
    }
}
