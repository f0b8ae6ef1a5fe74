//! The embeds of a page body, each drawn from the county's live data at
//! an instant: `{{providers}}`, `{{provider}}`, `{{commissioned}}` and
//! `{{emergency}}`, each from its own escaped template.

use askama::Template;
use domain::page::Embed;
use domain::provider::{OpenState, london};
use domain::{County, Note, Provider, ProviderStatus, Slug};
use persistence::repo::{commissioning, providers};
use time::OffsetDateTime;

use crate::markdown;
use crate::views::PublicChrome;
use crate::views::entry::{EntryView, PhoneView, open_state_until, phones};
use crate::{AppError, AppState};

#[derive(Template)]
#[template(path = "public/embed/providers.html")]
struct ProvidersEmbed<'a> {
    entries: Vec<EntryView<'a>>,
    entries_label: Option<&'static str>,
}

#[derive(Template)]
#[template(path = "public/embed/provider.html")]
struct ProviderEmbed<'a> {
    e: EntryView<'a>,
    description_html: String,
}

/// One current commissioning note, as the public sees it.
struct Commissioned {
    heading: String,
    provider_href: Option<String>,
    statement_html: String,
    phones: Vec<PhoneView>,
    service: String,
    legal_basis: String,
    period: String,
}

#[derive(Template)]
#[template(path = "public/embed/commissioned.html")]
struct CommissionedEmbed {
    items: Vec<Commissioned>,
}

#[derive(Template)]
#[template(path = "public/embed/emergency.html")]
struct EmergencyEmbed {
    non_emergency: String,
    non_emergency_tel: String,
}

/// The data the embeds of one body need, read once.
pub(super) struct EmbedData {
    published: Vec<Provider>,
    notes: Vec<Note>,
}

impl EmbedData {
    /// Reads what `embeds` need of the county `county`, and nothing else.
    pub(super) async fn load(
        state: &AppState,
        county: &County,
        embeds: &[Embed],
    ) -> Result<Self, AppError> {
        let wants_providers = embeds.iter().any(|e| {
            matches!(
                e,
                Embed::Providers { .. } | Embed::Provider(_) | Embed::Commissioned
            )
        });
        let published = if wants_providers {
            providers::published(&state.db, county.id).await?
        } else {
            Vec::new()
        };
        let notes = if embeds.contains(&Embed::Commissioned) {
            commissioning::list(&state.db, county.id).await?
        } else {
            Vec::new()
        };
        Ok(Self { published, notes })
    }

    fn provider(&self, slug: &str) -> Option<&Provider> {
        self.published.iter().find(|p| {
            p.fields.slug.as_str() == slug && p.fields.status == ProviderStatus::Published
        })
    }
}

/// Until when a rendered body reads right: the earliest instant at which
/// any "open now" label or the set of current commissioning notes on it
/// may change. `None`: nothing on it depends on the time.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Holds(pub(super) Option<OffsetDateTime>);

impl Holds {
    fn until(&mut self, at: OffsetDateTime) {
        self.0 = Some(self.0.map_or(at, |v| v.min(at)));
    }
}

/// What every embed is drawn from: the county, its data read once, the
/// instant, and until when what is drawn holds (widened as it is drawn).
pub(super) struct Drawing<'a> {
    pub(super) county: &'a County,
    pub(super) data: &'a EmbedData,
    pub(super) at: OffsetDateTime,
    pub(super) holds: Holds,
}

impl Drawing<'_> {
    /// One embed as HTML.
    pub(super) fn render(&mut self, embed: &Embed) -> Result<String, askama::Error> {
        match embed {
            Embed::Providers { category, age } => self.providers(category.as_ref(), *age),
            // A provider that is not (or no longer) published shows
            // nothing: the page stays whole.
            Embed::Provider(slug) => self.provider(slug.as_str()),
            Embed::Commissioned => self.commissioned(),
            Embed::Emergency => {
                let chrome = PublicChrome::county(self.county, "");
                EmergencyEmbed {
                    non_emergency_tel: chrome.non_emergency_tel(),
                    non_emergency: chrome.non_emergency,
                }
                .render()
            }
        }
    }

    /// A provider's open state now, noting when it may change.
    fn open_state(&mut self, p: &Provider) -> Option<OpenState> {
        let (state, until) = open_state_until(p, self.at)?;
        self.holds.until(until);
        Some(state)
    }

    /// `{{providers}}`: the published providers, of a category and for an
    /// age when given.
    fn providers(
        &mut self,
        category: Option<&Slug>,
        age: Option<u8>,
    ) -> Result<String, askama::Error> {
        let (county, data) = (self.county, self.data);
        let mut entries = Vec::new();
        for p in &data.published {
            let f = &p.fields;
            if f.status == ProviderStatus::Published
                && category.is_none_or(|c| f.categories.contains(c))
                && age.is_none_or(|a| f.serves_age(a))
            {
                let state = self.open_state(p);
                entries.push(EntryView::new(county, p, state.as_ref()));
            }
        }
        ProvidersEmbed {
            entries,
            entries_label: None,
        }
        .render()
    }

    /// `{{provider:slug}}`: one published provider, or nothing.
    fn provider(&mut self, slug: &str) -> Result<String, askama::Error> {
        let Some(p) = self.data.provider(slug) else {
            return Ok(String::new());
        };
        let state = self.open_state(p);
        ProviderEmbed {
            e: EntryView::new(self.county, p, state.as_ref()),
            description_html: markdown::render(&p.fields.description),
        }
        .render()
    }

    /// `{{commissioned}}`: the notes current today (in London), their
    /// public fields only: never `internal_notes`.
    fn commissioned(&mut self) -> Result<String, askama::Error> {
        if let Some(midnight) = next_london_midnight(self.at) {
            self.holds.until(midnight);
        }
        let today = domain::commissioning::london_date(self.at);
        let items = self
            .data
            .notes
            .iter()
            .filter(|n| n.is_current(today))
            .map(|n| self.commissioned_item(n))
            .collect();
        CommissionedEmbed { items }.render()
    }

    /// One current note: under its provider's name and link when that is
    /// published, else under the name it gives.
    fn commissioned_item(&self, n: &Note) -> Commissioned {
        let f = &n.fields;
        let provider = f
            .provider
            .as_ref()
            .and_then(|s| self.data.provider(s.as_str()));
        Commissioned {
            heading: provider.map_or_else(
                || n.provider_name.clone().unwrap_or_else(|| f.service.clone()),
                |p| p.fields.name.clone(),
            ),
            provider_href: provider
                .map(|p| format!("/{}/support/{}", self.county.slug, p.fields.slug)),
            statement_html: markdown::render(&f.public_statement),
            phones: provider.map(phones).unwrap_or_default(),
            service: f.service.clone(),
            legal_basis: f.legal_basis.clone(),
            period: f.period(),
        }
    }
}

/// The next midnight in London after `at`: when "current" commissioning
/// may change.
fn next_london_midnight(at: OffsetDateTime) -> Option<OffsetDateTime> {
    let tomorrow = domain::commissioning::london_date(at).next_day()?;
    london(
        tomorrow.year(),
        u32::from(u8::from(tomorrow.month())),
        u32::from(tomorrow.day()),
        0,
        0,
    )
}
