//! A provider as an entry of a list: the public directory and the
//! `{{providers}}` and `{{provider}}` embeds of content pages. Kept here,
//! below both web crates, because the editor's preview draws embeds too.

use domain::provider::{Hours, OpenState, Phone};
use domain::{County, Provider};
use time::OffsetDateTime;

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
#[must_use]
pub fn phones(provider: &Provider) -> Vec<PhoneView> {
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

/// Open or closed at `at`, and the first instant at which that may change
/// (see [`Hours::state_until`]); `None` when the provider gives no hours.
#[must_use]
pub fn open_state_until(
    provider: &Provider,
    at: OffsetDateTime,
) -> Option<(OpenState, OffsetDateTime)> {
    let raw = provider.fields.opening_hours.as_deref()?;
    // Stored hours were validated on the way in; should one no longer parse
    // (a newer parser), the provider simply shows no open-now status.
    Hours::parse(raw).ok().map(|hours| hours.state_until(at))
}

impl<'a> EntryView<'a> {
    /// The entry of `provider` of `county`; `state` is its open state now.
    #[must_use]
    pub fn new(county: &'a County, provider: &'a Provider, state: Option<&OpenState>) -> Self {
        let f = &provider.fields;
        Self {
            name: &f.name,
            href: ProviderHref {
                county: &county.slug,
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
